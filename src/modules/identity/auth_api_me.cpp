// HTTP routes of the current user: GET/PATCH /me, POST /me/password, POST /me/mfa/enrolment[/confirm], and the
// `me` object they (and sign-in) return.
#include <boost/json/serialize.hpp>

#include <algorithm>
#include <set>

#include "modules/identity/auth_api_common.hpp"
#include "modules/identity/authentication.hpp"
#include "net/json.hpp"

namespace chancery::identity {
namespace {

constexpr std::size_t kMinPasswordLength = 12;

audit::AuditEvent AboutUser(audit::AuditEvent event, const CredentialUser& user) {
  event.target_type = "user";
  event.target_id = std::to_string(user.id);
  event.unit_id = user.unit_id;
  return event;
}

}  // namespace

boost::json::object Authentication::MeJson(const CredentialUser& user, const SessionRecord* session,
                                           const Principal& principal) const {
  boost::json::array grants;
  std::set<std::int64_t> grant_units;
  bool mfa_required = false;
  for (const RoleGrant& grant : user.grants) {
    grants.push_back({{"id", grant.id},
                      {"role", grant.role},
                      {"unit_id", grant.unit_id},
                      {"include_subtree", grant.include_subtree}});
    grant_units.insert(grant.unit_id);
    const auto& roles = options_.mfa_required_roles;
    mfa_required = mfa_required || std::find(roles.begin(), roles.end(), grant.role) != roles.end();
  }
  // Per permission, the units of the grants that carry it ("all" for a subtree grant on the root). Subtrees are
  // not expanded here: the console asks the directory for a unit's descendants when it needs them.
  boost::json::object permissions;
  const std::vector<std::int64_t> units(grant_units.begin(), grant_units.end());
  for (int index = 0; index <= static_cast<int>(Permission::kSystemAdmin); ++index) {
    const auto permission = static_cast<Permission>(index);
    Authorizer::Scope scope = authorizer_.ScopeOf(principal, permission, units);
    if (scope.everywhere) {
      permissions[PermissionName(permission)] = "all";
    } else if (!scope.unit_ids.empty()) {
      boost::json::array ids;
      for (std::int64_t id : scope.unit_ids) ids.push_back(id);
      permissions[PermissionName(permission)] = std::move(ids);
    }
  }
  boost::json::object me{{"id", user.id},
                         {"username", user.username},
                         {"display_name", user.display_name},
                         {"locale", user.locale},
                         {"unit_id", user.unit_id},
                         {"title", user.title},
                         {"mfa_enabled", user.mfa_enabled},
                         {"mfa_required", mfa_required},
                         {"session_status", session ? SessionStatusName(session->state) : "ok"},
                         {"grants", std::move(grants)},
                         {"permissions", std::move(permissions)}};
  if (session) {
    me["csrf_token"] = session->csrf_token;
  } else {
    me["csrf_token"] = nullptr;
  }
  return me;
}

Result<boost::json::object> Authentication::SessionBody(const std::string& token) {
  CHANCERY_ASSIGN_OR_RETURN(auto credential, ResolveSession(token));
  const SessionRecord& session = *credential->session;
  return boost::json::object{{"status", SessionStatusName(session.state)},
                             {"csrf_token", session.csrf_token},
                             {"me", MeJson(credential->user, &session, *credential->principal)}};
}

boost::json::object Authentication::MeJson(const ResolvedCredential& credential) const {
  const SessionRecord* session = credential.session ? &*credential.session : nullptr;
  return MeJson(credential.user, session, *credential.principal);
}

const std::string& Authentication::MeBody(const ResolvedCredential& credential) const {
  std::call_once(credential.me_body_once, [&] { credential.me_body = boost::json::serialize(MeJson(credential)); });
  return credential.me_body;
}

net::Response Authentication::HandleGetMe(net::Request& request) {
  return api::Respond([&]() -> Result<net::Response> {
    auto credential = CredentialOf(request);
    if (!credential) {
      CHANCERY_ASSIGN_OR_RETURN(credential, Resolve(request));
    }
    return net::Response::JsonText(200, MeBody(*credential));
  });
}

std::optional<net::Response> Authentication::TryHandleGetMe(net::Request& request) {
  // The cached authenticator has just found this credential and left it on the request; the body is built from
  // memory, so this never blocks.
  auto credential = CredentialOf(request);
  if (!credential) return std::nullopt;
  return net::Response::JsonText(200, MeBody(*credential));
}

net::Response Authentication::HandlePatchMe(net::Request& request) {
  return api::Respond([&]() -> Result<net::Response> {
    CHANCERY_ASSIGN_OR_RETURN(auto credential, Resolve(request));
    CHANCERY_ASSIGN_OR_RETURN(auto body, net::ParseJsonObject(request));
    CHANCERY_ASSIGN_OR_RETURN(auto locale, net::OptionalString(body, "locale", 8));
    CHANCERY_ASSIGN_OR_RETURN(auto display_name, net::OptionalString(body, "display_name", 200));
    if (locale && *locale != "vi" && *locale != "en") {
      return InvalidArgument("The language must be \"vi\" or \"en\".").WithField("/locale");
    }
    if (display_name) {
      const auto first = display_name->find_first_not_of(" \t");
      if (first == std::string::npos)
        return InvalidArgument("The display name cannot be blank.").WithField("/display_name");
      *display_name = display_name->substr(first, display_name->find_last_not_of(" \t") - first + 1);
    }
    const CredentialUser& user = credential->user;
    CHANCERY_TRY(database_.Write("identity.update_me", [&](storage::Transaction& transaction) -> Status {
      CHANCERY_TRY(sessions_.UpdateProfile(transaction, user.id, locale, display_name));
      boost::json::array fields;
      if (locale) fields.push_back("locale");
      if (display_name) fields.push_back("display_name");
      audit::AuditEvent event = AboutUser(Event(request, "user.self_updated"), user);
      event.detail_json = boost::json::serialize(boost::json::object{{"fields", std::move(fields)}});
      return audit_log_.Append(transaction, event);
    }));
    cache_.EraseUser(user.id);
    CHANCERY_ASSIGN_OR_RETURN(auto refreshed, Resolve(request));
    const SessionRecord* session = refreshed->session ? &*refreshed->session : nullptr;
    return net::Json(MeJson(refreshed->user, session, *refreshed->principal));
  });
}

net::Response Authentication::HandleChangePassword(net::Request& request) {
  return api::Respond([&]() -> Result<net::Response> {
    CHANCERY_ASSIGN_OR_RETURN(auto credential, Resolve(request));
    if (!credential->session) return api::SessionOnly();
    CHANCERY_ASSIGN_OR_RETURN(auto body, net::ParseJsonObject(request));
    CHANCERY_ASSIGN_OR_RETURN(std::string current, net::RequireString(body, "current_password", 1024));
    CHANCERY_ASSIGN_OR_RETURN(std::string next, net::RequireString(body, "new_password", 1024));
    const CredentialUser& user = credential->user;
    if (api::CodePointCount(next) < kMinPasswordLength) {
      return InvalidArgument("The new password must have at least 12 characters.").WithField("/new_password");
    }
    if (NormaliseUsername(next) == NormaliseUsername(user.username)) {
      return InvalidArgument("The new password cannot be your username.").WithField("/new_password");
    }
    if (next == current) {
      return InvalidArgument("The new password must differ from the current one.").WithField("/new_password");
    }

    std::optional<Lockout> lockout;
    std::optional<SessionStore::Account> account;
    CHANCERY_TRY(database_.Read("identity.password_lookup", [&](storage::Transaction& transaction) -> Status {
      CHANCERY_ASSIGN_OR_RETURN(lockout, throttle_.ActiveLockout(transaction, user.username, ""));
      CHANCERY_ASSIGN_OR_RETURN(account, sessions_.FindAccount(transaction, user.id));
      return Status::Ok();
    }));
    if (lockout) return throttle_.ToStatus(*lockout);
    if (!account) return Unauthenticated("Your session has ended. Sign in again.");
    const bool valid = account->password_hash && crypto::VerifyPassword(*account->password_hash, current);
    if (!valid) {
      std::optional<Lockout> triggered;
      CHANCERY_TRY(database_.Write("identity.password_change_failed", [&](storage::Transaction& transaction) -> Status {
        CHANCERY_ASSIGN_OR_RETURN(triggered,
                                  throttle_.RecordFailure(transaction, user.username, request.remote_address));
        audit::AuditEvent event = AboutUser(Event(request, "auth.password_change_failed"), user);
        event.outcome = "failure";
        return audit_log_.Append(transaction, event);
      }));
      if (triggered) return throttle_.ToStatus(*triggered);
      return InvalidArgument("The current password is incorrect.")
          .WithField("/current_password")
          .WithReason("invalid_credentials");
    }
    CHANCERY_ASSIGN_OR_RETURN(std::string hash, crypto::HashPassword(next));
    CHANCERY_TRY(database_.Write("identity.password_change", [&](storage::Transaction& transaction) -> Status {
      CHANCERY_TRY(sessions_.SetPasswordHash(transaction, user.id, hash));
      CHANCERY_ASSIGN_OR_RETURN(auto ended, sessions_.DeleteAllOfUser(transaction, user.id, credential->session->id));
      audit::AuditEvent event = AboutUser(Event(request, "auth.password_changed"), user);
      event.detail_json = boost::json::serialize(boost::json::object{{"other_sessions_ended", ended}});
      return audit_log_.Append(transaction, event);
    }));
    cache_.EraseUser(user.id);
    return net::Response::NoContent();
  });
}

net::Response Authentication::HandleBeginEnrolment(net::Request& request) {
  return api::Respond([&]() -> Result<net::Response> {
    CHANCERY_ASSIGN_OR_RETURN(auto credential, Resolve(request));
    if (!credential->session) return api::SessionOnly();
    const CredentialUser& user = credential->user;
    MfaEnrolment enrolment;
    CHANCERY_TRY(database_.Write("identity.mfa_enrolment_begin", [&](storage::Transaction& transaction) -> Status {
      CHANCERY_ASSIGN_OR_RETURN(enrolment, mfa_.BeginEnrolment(transaction, user.id, user.username));
      return audit_log_.Append(transaction, AboutUser(Event(request, "mfa.enrolment_started"), user));
    }));
    return net::Json(boost::json::object{
        {"secret", enrolment.secret_base32}, {"otpauth_uri", enrolment.otpauth_uri}, {"qr_svg", enrolment.qr_svg}});
  });
}

net::Response Authentication::HandleConfirmEnrolment(net::Request& request) {
  return api::Respond([&]() -> Result<net::Response> {
    CHANCERY_ASSIGN_OR_RETURN(auto credential, Resolve(request));
    if (!credential->session) return api::SessionOnly();
    CHANCERY_ASSIGN_OR_RETURN(auto body, net::ParseJsonObject(request));
    CHANCERY_ASSIGN_OR_RETURN(std::string code, net::RequireString(body, "code", 64));
    const CredentialUser& user = credential->user;
    Status outcome;
    std::vector<std::string> recovery_codes;
    CHANCERY_TRY(database_.Write("identity.mfa_enrolment_confirm", [&](storage::Transaction& transaction) -> Status {
      CHANCERY_ASSIGN_OR_RETURN(auto lockout, throttle_.ActiveLockout(transaction, user.username, ""));
      if (lockout) {
        outcome = throttle_.ToStatus(*lockout);
        return Status::Ok();
      }
      auto confirmed = mfa_.ConfirmEnrolment(transaction, user.id, code);
      if (!confirmed.ok() && !MfaService::IsWrongCode(confirmed.status())) return confirmed.status();
      if (!confirmed.ok()) {
        CHANCERY_ASSIGN_OR_RETURN(auto triggered,
                                  throttle_.RecordFailure(transaction, user.username, request.remote_address));
        outcome = triggered ? throttle_.ToStatus(*triggered) : confirmed.status();
        audit::AuditEvent event = AboutUser(Event(request, "mfa.enrolment_failed"), user);
        event.outcome = "failure";
        return audit_log_.Append(transaction, event);
      }
      recovery_codes = std::move(confirmed).value();
      CHANCERY_TRY(sessions_.SetState(transaction, credential->session->id, SessionState::kFull, clock_.NowMs()));
      return audit_log_.Append(transaction, AboutUser(Event(request, "mfa.enrolled"), user));
    }));
    CHANCERY_TRY(outcome);
    cache_.EraseUser(user.id);
    CHANCERY_ASSIGN_OR_RETURN(auto response_body, SessionBody(*request.Cookie(kSessionCookieName)));
    boost::json::array codes;
    for (const std::string& recovery_code : recovery_codes) codes.push_back(boost::json::string(recovery_code));
    response_body["recovery_codes"] = std::move(codes);
    return net::Json(response_body);
  });
}

}  // namespace chancery::identity
