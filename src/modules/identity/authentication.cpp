// Authentication: construction and the request path — turning a cookie or a bearer token into a Principal.
#include "modules/identity/authentication.hpp"

#include <algorithm>
#include <cctype>
#include <stdexcept>

#include "spdlog/spdlog.h"

namespace chancery::identity {
namespace {

bool IsUnsafe(net::Method method) {
  return method == net::Method::kPost || method == net::Method::kPut || method == net::Method::kPatch ||
         method == net::Method::kDelete;
}

// Credentials longer than this are not ours; refusing them early avoids hashing arbitrary input.
constexpr std::size_t kMaxCredentialLength = 256;

Status SessionEnded() {
  return Unauthenticated("Your session has ended. Sign in again.").WithReason("session_expired");
}

}  // namespace

Authentication::Authentication(storage::Database& database, const Clock& clock, crypto::FieldCipher& cipher,
                               audit::AuditLog& audit_log, const Authorizer& authorizer, IdentityOptions options)
    : database_(database),
      clock_(clock),
      cipher_(cipher),
      audit_log_(audit_log),
      authorizer_(authorizer),
      options_(std::move(options)),
      sessions_(clock_, options_),
      throttle_(clock_, options_),
      mfa_(clock_, cipher_, options_),
      cache_(clock_) {
  // A hash of a random password nobody knows, with the same Argon2id parameters as real ones.
  auto hash = crypto::HashPassword(crypto::RandomToken(24));
  if (!hash.ok()) throw std::runtime_error("Could not prepare the sign-in timing guard: " + hash.status().ToString());
  dummy_password_hash_ = std::move(hash).value();
}

// The router's authenticators also leave the resolved credential on the request, so that this module's handlers
// (GET /me) need not derive and look it up again.
net::Authenticator Authentication::MakeAuthenticator() {
  return [this](net::Request& request, net::RouteAccess access) -> Result<std::shared_ptr<const Principal>> {
    CHANCERY_ASSIGN_OR_RETURN(auto credential, Resolve(request));
    CHANCERY_ASSIGN_OR_RETURN(auto principal, CheckAccess(*credential, request, access));
    request.credential = std::move(credential);
    return principal;
  };
}

net::CachedAuthenticator Authentication::MakeCachedAuthenticator() {
  return [this](net::Request& request,
                net::RouteAccess access) -> std::optional<Result<std::shared_ptr<const Principal>>> {
    auto credential = ResolveCached(request);
    if (!credential) return std::nullopt;
    if (!credential->ok()) return credential->status();
    auto principal = CheckAccess(***credential, request, access);
    if (principal.ok()) request.credential = std::move(**credential);
    return principal;
  };
}

std::shared_ptr<const ResolvedCredential> Authentication::CredentialOf(const net::Request& request) {
  return std::static_pointer_cast<const ResolvedCredential>(request.credential);
}

Result<std::shared_ptr<const Principal>> Authentication::Authenticate(const net::Request& request,
                                                                      net::RouteAccess access) {
  CHANCERY_ASSIGN_OR_RETURN(auto credential, Resolve(request));
  return CheckAccess(*credential, request, access);
}

std::optional<Result<std::shared_ptr<const Principal>>> Authentication::AuthenticateCached(const net::Request& request,
                                                                                           net::RouteAccess access) {
  auto credential = ResolveCached(request);
  if (!credential) return std::nullopt;
  if (!credential->ok()) return credential->status();
  return CheckAccess(***credential, request, access);
}

Result<std::shared_ptr<const Principal>> Authentication::CheckAccess(const ResolvedCredential& credential,
                                                                     const net::Request& request,
                                                                     net::RouteAccess access) {
  if (const SessionRecord* session = credential.session ? &*credential.session : nullptr) {
    if (IsUnsafe(request.method)) {
      auto header = request.Header("x-csrf-token");
      if (!header || !crypto::ConstantTimeEquals(*header, session->csrf_token)) {
        return PermissionDenied(
                   "This change needs the X-CSRF-Token header with your session's CSRF token. "
                   "Reload the page and try again.")
            .WithReason("csrf");
      }
    }
    if (access == net::RouteAccess::kAuthenticated && session->state == SessionState::kMfaRequired) {
      return FailedPrecondition("Enter the code from your authenticator app to finish signing in.")
          .WithReason("mfa_required");
    }
    if (access == net::RouteAccess::kAuthenticated && session->state == SessionState::kMfaEnrolmentRequired) {
      return FailedPrecondition("Your role requires two-factor authentication. Set it up to continue.")
          .WithReason("mfa_enrolment_required");
    }
  }
  return credential.principal;
}

Result<Authentication::CredentialKey> Authentication::KeyOf(const net::Request& request) {
  if (auto authorization = request.Header("authorization")) {
    std::string_view value = *authorization;
    constexpr std::string_view kScheme = "bearer ";
    bool bearer = value.size() > kScheme.size() &&
                  std::equal(kScheme.begin(), kScheme.end(), value.begin(),
                             [](char a, char b) { return a == std::tolower(static_cast<unsigned char>(b)); });
    if (!bearer) return Unauthenticated("The Authorization header must be \"Bearer <API token>\".");
    value.remove_prefix(kScheme.size());
    while (!value.empty() && value.front() == ' ') value.remove_prefix(1);
    while (!value.empty() && value.back() == ' ') value.remove_suffix(1);
    if (!value.starts_with("chy_") || value.size() > kMaxCredentialLength) {
      return Unauthenticated("The API token is not valid.").WithReason("invalid_token");
    }
    std::string token_hash = crypto::Sha256Hex(value);
    std::string cache_key = "t:" + token_hash;
    return CredentialKey{CredentialKey::Kind::kApiToken, std::move(token_hash), std::move(cache_key)};
  }
  auto cookie = request.Cookie(kSessionCookieName);
  if (!cookie || cookie->empty()) return Unauthenticated("Sign in to continue.");
  if (cookie->size() > kMaxCredentialLength) return SessionEnded();
  return SessionKey(*cookie);
}

Authentication::CredentialKey Authentication::SessionKey(const std::string& token) {
  std::string token_hash = crypto::Sha256Hex(token);
  std::string cache_key = "s:" + token_hash;
  return CredentialKey{CredentialKey::Kind::kSession, std::move(token_hash), std::move(cache_key)};
}

Result<std::shared_ptr<const ResolvedCredential>> Authentication::Resolve(const net::Request& request) {
  CHANCERY_ASSIGN_OR_RETURN(CredentialKey key, KeyOf(request));
  return ResolveKey(key);
}

Result<std::shared_ptr<const ResolvedCredential>> Authentication::ResolveSession(const std::string& token) {
  return ResolveKey(SessionKey(token));
}

Result<std::shared_ptr<const ResolvedCredential>> Authentication::ResolveKey(const CredentialKey& key) {
  std::shared_ptr<const ResolvedCredential> credential = cache_.Find(key.cache_key);
  if (!credential) {
    CHANCERY_ASSIGN_OR_RETURN(credential, Load(key));
    cache_.Put(key.cache_key, credential);
  }
  const std::int64_t now_ms = clock_.NowMs();
  Verdict verdict = Check(*credential, now_ms);
  KeepUp(*credential, key, verdict.upkeep, now_ms);
  CHANCERY_TRY(verdict.status);
  return credential;
}

std::optional<Result<std::shared_ptr<const ResolvedCredential>>> Authentication::ResolveCached(
    const net::Request& request) {
  auto key = KeyOf(request);
  if (!key.ok()) return key.status();
  std::shared_ptr<const ResolvedCredential> credential = cache_.Find(key->cache_key);
  if (!credential) return std::nullopt;
  Verdict verdict = Check(*credential, clock_.NowMs());
  if (verdict.upkeep != Upkeep::kNone) return std::nullopt;
  if (!verdict.status.ok()) return verdict.status;
  return credential;
}

Result<std::shared_ptr<const ResolvedCredential>> Authentication::Load(const CredentialKey& key) {
  auto resolved = std::make_shared<ResolvedCredential>();
  resolved->token_hash = key.token_hash;
  if (key.kind == CredentialKey::Kind::kSession) {
    std::optional<std::pair<SessionRecord, CredentialUser>> found;
    CHANCERY_TRY(database_.Read("identity.session_lookup", [&](storage::Transaction& transaction) -> Status {
      CHANCERY_ASSIGN_OR_RETURN(found, sessions_.FindSession(transaction, key.token_hash));
      return Status::Ok();
    }));
    if (!found) return SessionEnded();
    resolved->principal = BuildPrincipal(found->second, &found->first, nullptr);
    resolved->session = std::move(found->first);
    resolved->user = std::move(found->second);
    return std::shared_ptr<const ResolvedCredential>(std::move(resolved));
  }
  std::optional<std::pair<ApiTokenRecord, CredentialUser>> found;
  CHANCERY_TRY(database_.Read("identity.api_token_lookup", [&](storage::Transaction& transaction) -> Status {
    CHANCERY_ASSIGN_OR_RETURN(found, sessions_.FindApiToken(transaction, key.token_hash));
    return Status::Ok();
  }));
  if (!found) return Unauthenticated("The API token is not valid.").WithReason("invalid_token");
  resolved->principal = BuildPrincipal(found->second, nullptr, &found->first);
  resolved->api_token = std::move(found->first);
  resolved->user = std::move(found->second);
  return std::shared_ptr<const ResolvedCredential>(std::move(resolved));
}

Authentication::Verdict Authentication::Check(const ResolvedCredential& credential, std::int64_t now_ms) const {
  if (const SessionRecord* session = credential.session ? &*credential.session : nullptr) {
    if (credential.user.disabled) return {SessionEnded()};
    if (!sessions_.IsLive(*session, now_ms)) {
      return {Unauthenticated("Your session has expired. Sign in again.").WithReason("session_expired"),
              Upkeep::kDeleteSession};
    }
    // The idle clock needs last_seen_at only to the minute, which spares a write on almost every request.
    if (now_ms - session->last_seen_at_ms >= kTouchIntervalMs) return {Status::Ok(), Upkeep::kTouch};
    return {Status::Ok()};
  }
  const ApiTokenRecord& api_token = *credential.api_token;
  if (api_token.revoked) return {Unauthenticated("This API token has been revoked.").WithReason("token_revoked")};
  if (now_ms >= api_token.expires_at_ms) {
    return {Unauthenticated("This API token has expired.").WithReason("token_expired")};
  }
  if (credential.user.disabled) return {Unauthenticated("The API token is not valid.").WithReason("invalid_token")};
  if (!api_token.last_used_at_ms || now_ms - *api_token.last_used_at_ms >= kTouchIntervalMs) {
    return {Status::Ok(), Upkeep::kTouch};
  }
  return {Status::Ok()};
}

void Authentication::KeepUp(const ResolvedCredential& credential, const CredentialKey& key, Upkeep upkeep,
                            std::int64_t now_ms) {
  if (upkeep == Upkeep::kDeleteSession) {
    cache_.Erase(key.cache_key);
    Status deleted = database_.Write("identity.session_expire", [&](storage::Transaction& transaction) {
      return sessions_.Delete(transaction, credential.session->id);
    });
    if (!deleted.ok()) spdlog::warn("identity: could not delete an expired session: {}", deleted.ToString());
  } else if (upkeep == Upkeep::kTouch && credential.session) {
    Status touched = database_.Write("identity.session_touch", [&](storage::Transaction& transaction) {
      return sessions_.TouchSession(transaction, credential.session->id, now_ms);
    });
    if (!touched.ok()) spdlog::warn("identity: could not record session activity: {}", touched.ToString());
    // Erased after the write, so that the next request reads the new time rather than caching the old one again.
    cache_.Erase(key.cache_key);
  } else if (upkeep == Upkeep::kTouch) {
    Status touched = database_.Write("identity.api_token_touch", [&](storage::Transaction& transaction) {
      return sessions_.TouchApiToken(transaction, credential.api_token->id, now_ms);
    });
    if (!touched.ok()) spdlog::warn("identity: could not record API token use: {}", touched.ToString());
    cache_.Erase(key.cache_key);
  }
}

std::shared_ptr<const Principal> Authentication::BuildPrincipal(const CredentialUser& user,
                                                                const SessionRecord* session,
                                                                const ApiTokenRecord* token) const {
  auto principal = std::make_shared<Principal>();
  principal->user_id = user.id;
  principal->username = user.username;
  principal->display_name = user.display_name;
  principal->locale = user.locale;
  principal->grants = user.grants;
  if (session) {
    principal->method = AuthMethod::kSession;
    principal->session_id = session->id;
    principal->csrf_token = session->csrf_token;
    principal->mfa_verified = session->mfa_verified_at_ms.has_value();
    principal->mfa_verified_at_ms = session->mfa_verified_at_ms.value_or(0);
    principal->mfa_enrolment_required = session->state == SessionState::kMfaEnrolmentRequired;
  } else if (token) {
    principal->method = AuthMethod::kApiToken;
    principal->token_scopes = token->scopes;
  }
  return principal;
}

SessionState Authentication::InitialState(const CredentialUser& user) const {
  if (user.mfa_enabled) return SessionState::kMfaRequired;
  for (const RoleGrant& grant : user.grants) {
    const auto& roles = options_.mfa_required_roles;
    if (std::find(roles.begin(), roles.end(), grant.role) != roles.end()) return SessionState::kMfaEnrolmentRequired;
  }
  return SessionState::kFull;
}

Status Authentication::EndSessionsOfUser(storage::Transaction& transaction, std::int64_t user_id) {
  return sessions_.DeleteAllOfUser(transaction, user_id).status();
}

audit::AuditEvent Authentication::Event(const net::Request& request, std::string action) const {
  audit::AuditEvent event = audit::EventBy(request.principal.get(), std::move(action));
  event.remote_address = request.remote_address;
  event.request_id = request.request_id;
  return event;
}

}  // namespace chancery::identity
