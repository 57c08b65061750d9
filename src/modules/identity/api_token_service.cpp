// Personal API tokens; see api_token_service.hpp.
#include "modules/identity/api_token_service.hpp"

#include <algorithm>
#include <boost/json.hpp>

#include "core/crypto.hpp"
#include "modules/identity/user_store.hpp"
#include "modules/identity/user_validation.hpp"

namespace chancery::identity {
namespace {

constexpr std::int64_t kDayMs = 24LL * 3600 * 1000;

Status ValidateRequest(const Authorizer& authorizer, const Principal& owner, NewApiToken& request) {
  if (request.name.empty() || request.name.size() > 100) {
    return InvalidArgument("A token name has 1 to 100 bytes.").WithField("/name");
  }
  if (request.expires_in_days < 1 || request.expires_in_days > 365) {
    return InvalidArgument("A token expires after 1 to 365 days.").WithField("/expires_in_days");
  }
  if (request.scopes.empty()) return InvalidArgument("A token needs at least one scope.").WithField("/scopes");
  std::sort(request.scopes.begin(), request.scopes.end());
  request.scopes.erase(std::unique(request.scopes.begin(), request.scopes.end()), request.scopes.end());
  for (const std::string& scope : request.scopes) {
    const std::optional<Permission> permission = ParsePermission(scope);
    if (!permission) {
      return InvalidArgument("There is no permission named \"" + scope + "\".").WithField("/scopes");
    }
    if (!authorizer.HeldAnywhere(owner, *permission)) {
      return PermissionDenied("A token cannot carry " + scope + ", which you do not hold.")
          .WithField("/scopes")
          .WithReason("scope_not_held");
    }
  }
  return Status::Ok();
}

audit::AuditEvent TokenEvent(const ActionContext& context, const char* action, std::optional<std::int64_t> unit_id,
                             const StoredApiToken& token) {
  audit::AuditEvent event = MakeEvent(context, action);
  event.unit_id = unit_id;
  event.target_type = "api_token";
  event.target_id = std::to_string(token.id);
  boost::json::array scopes;
  for (const std::string& scope : token.scopes) scopes.emplace_back(scope);
  event.detail_json = boost::json::serialize(boost::json::object{
      {"user_id", token.user_id}, {"name", token.name}, {"scopes", scopes}, {"expires_at", token.expires_at_ms}});
  return event;
}

}  // namespace

Result<IssuedApiToken> ApiTokenService::Create(const Principal& owner, const NewApiToken& request,
                                               const ActionContext& context) {
  NewApiToken checked = request;
  CHANCERY_TRY(ValidateRequest(authorizer_, owner, checked));
  IssuedApiToken issued;
  issued.token = std::string(kApiTokenPrefix) + crypto::RandomToken(32);
  const std::string token_hash = crypto::Sha256Hex(issued.token);
  const std::int64_t now_ms = clock_.NowMs();
  issued.record.user_id = owner.user_id;
  issued.record.name = checked.name;
  issued.record.scopes = checked.scopes;
  issued.record.created_at_ms = now_ms;
  issued.record.expires_at_ms = now_ms + checked.expires_in_days * kDayMs;
  CHANCERY_TRY(database_.Write("identity.create_api_token", [&](storage::Transaction& transaction) -> Status {
    CHANCERY_ASSIGN_OR_RETURN(auto user, UserStore().FindById(transaction, owner.user_id));
    if (!user) return NotFound("No user with id " + std::to_string(owner.user_id) + ".");
    CHANCERY_ASSIGN_OR_RETURN(auto existing, tokens_.ListForUser(transaction, owner.user_id));
    const auto live = std::count_if(existing.begin(), existing.end(), [&](const StoredApiToken& token) {
      return !token.revoked_at_ms && token.expires_at_ms > now_ms;
    });
    if (live >= kMaxActiveTokens) {
      return ResourceExhausted("You hold the most live tokens allowed; revoke one first.")
          .WithReason("too_many_tokens");
    }
    CHANCERY_ASSIGN_OR_RETURN(issued.record.id, tokens_.Insert(transaction, issued.record, token_hash));
    return audit_log_.Append(transaction, TokenEvent(context, "api_token.created", user->unit_id, issued.record));
  }));
  return issued;
}

Result<std::vector<StoredApiToken>> ApiTokenService::List(std::int64_t user_id) {
  std::vector<StoredApiToken> tokens;
  CHANCERY_TRY(database_.Read("identity.list_api_tokens", [&](storage::Transaction& transaction) -> Status {
    CHANCERY_ASSIGN_OR_RETURN(tokens, tokens_.ListForUser(transaction, user_id));
    return Status::Ok();
  }));
  return tokens;
}

Status ApiTokenService::Revoke(const Principal& owner, std::int64_t token_id, const ActionContext& context) {
  CHANCERY_TRY(database_.Write("identity.revoke_api_token", [&](storage::Transaction& transaction) -> Status {
    CHANCERY_ASSIGN_OR_RETURN(auto tokens, tokens_.ListForUser(transaction, owner.user_id));
    const auto found =
        std::find_if(tokens.begin(), tokens.end(), [&](const StoredApiToken& token) { return token.id == token_id; });
    if (found == tokens.end()) return NotFound("No active token with id " + std::to_string(token_id) + ".");
    CHANCERY_TRY(tokens_.Revoke(transaction, owner.user_id, token_id, clock_.NowMs()));
    CHANCERY_ASSIGN_OR_RETURN(auto user, UserStore().FindById(transaction, owner.user_id));
    return audit_log_.Append(transaction,
                             TokenEvent(context, "api_token.revoked",
                                        user ? std::optional<std::int64_t>(user->unit_id) : std::nullopt, *found));
  }));
  if (token_revoked_) token_revoked_(owner.user_id);
  return Status::Ok();
}

}  // namespace chancery::identity
