// HTTP routes of sign-in: /auth/login, /auth/mfa, /auth/logout, /auth/logout-all (docs/api.md). Parse, call the
// stores inside named transactions, audit, serialise; the Status → HTTP mapping is net/'s.
#include <boost/json/serialize.hpp>

#include "modules/identity/auth_api_common.hpp"
#include "modules/identity/authentication.hpp"
#include "net/json.hpp"

namespace chancery::identity {

using net::RouteAccess;

void Authentication::RegisterRoutes(net::Router& router) {
  auto bind = [this](net::Response (Authentication::*handler)(net::Request&)) {
    return [this, handler](net::Request& request) { return (this->*handler)(request); };
  };
  router.Add(net::Method::kPost, "/api/v1/auth/login", RouteAccess::kPublic, bind(&Authentication::HandleLogin));
  router.Add(net::Method::kPost, "/api/v1/auth/mfa", RouteAccess::kAuthenticatedPartial,
             bind(&Authentication::HandleMfa));
  router.Add(net::Method::kPost, "/api/v1/auth/logout", RouteAccess::kAuthenticatedPartial,
             bind(&Authentication::HandleLogout));
  router.Add(net::Method::kPost, "/api/v1/auth/logout-all", RouteAccess::kAuthenticatedPartial,
             bind(&Authentication::HandleLogoutAll));
  // GET /me answers from the credential cache on the network thread when it can (it reads nothing else).
  router.Add(
      net::Method::kGet, "/api/v1/me", RouteAccess::kAuthenticatedPartial,
      [this](net::Request& request) { return TryHandleGetMe(request); }, bind(&Authentication::HandleGetMe));
  router.Add(net::Method::kPatch, "/api/v1/me", RouteAccess::kAuthenticated, bind(&Authentication::HandlePatchMe));
  router.Add(net::Method::kPost, "/api/v1/me/password", RouteAccess::kAuthenticated,
             bind(&Authentication::HandleChangePassword));
  router.Add(net::Method::kPost, "/api/v1/me/mfa/enrolment", RouteAccess::kAuthenticatedPartial,
             bind(&Authentication::HandleBeginEnrolment));
  router.Add(net::Method::kPost, "/api/v1/me/mfa/enrolment/confirm", RouteAccess::kAuthenticatedPartial,
             bind(&Authentication::HandleConfirmEnrolment));
}

net::Response Authentication::HandleLogin(net::Request& request) {
  return api::Respond([&]() -> Result<net::Response> {
    CHANCERY_ASSIGN_OR_RETURN(auto body, net::ParseJsonObject(request));
    CHANCERY_ASSIGN_OR_RETURN(std::string username, net::RequireString(body, "username", 200));
    CHANCERY_ASSIGN_OR_RETURN(std::string password, net::RequireString(body, "password", 1024));
    const std::string normalised = NormaliseUsername(username);

    std::optional<Lockout> lockout;
    std::optional<SessionStore::Account> account;
    CHANCERY_TRY(database_.Read("identity.login_lookup", [&](storage::Transaction& transaction) -> Status {
      CHANCERY_ASSIGN_OR_RETURN(lockout, throttle_.ActiveLockout(transaction, normalised, request.remote_address));
      if (lockout) return Status::Ok();
      CHANCERY_ASSIGN_OR_RETURN(account, sessions_.FindAccountByUsername(transaction, normalised));
      return Status::Ok();
    }));
    auto failure_event = [&](std::string_view reason) {
      audit::AuditEvent event = Event(request, "auth.login_failed");
      event.outcome = "failure";
      event.target_type = "user";
      if (account) {
        event.target_id = std::to_string(account->id);
        event.unit_id = account->unit_id;
      }
      event.detail_json = boost::json::serialize(
          boost::json::object{{"username", username.substr(0, 100)}, {"reason", std::string(reason)}});
      return event;
    };
    if (lockout) {
      CHANCERY_TRY(audit_log_.Append(
          failure_event(lockout->scope == LockoutScope::kAccount ? "account_locked" : "address_throttled")));
      return throttle_.ToStatus(*lockout);
    }

    // Argon2id outside any transaction. An unknown user costs the same time as a wrong password.
    bool valid = false;
    if (account && account->password_hash) {
      valid = crypto::VerifyPassword(*account->password_hash, password);
    } else {
      (void)crypto::VerifyPassword(dummy_password_hash_, password);
    }
    const bool disabled = account && account->disabled;
    if (!valid || disabled) {
      std::optional<Lockout> triggered;
      CHANCERY_TRY(database_.Write("identity.login_failed", [&](storage::Transaction& transaction) -> Status {
        CHANCERY_ASSIGN_OR_RETURN(triggered, throttle_.RecordFailure(transaction, normalised, request.remote_address));
        // A disabled account fails exactly like a wrong password; only the audit log tells them apart.
        return audit_log_.Append(transaction, failure_event(!valid ? "invalid_credentials" : "account_disabled"));
      }));
      if (triggered) return throttle_.ToStatus(*triggered);
      return Unauthenticated("The username or password is incorrect.").WithReason("invalid_credentials");
    }

    IssuedSession issued;
    CHANCERY_TRY(database_.Write("identity.login", [&](storage::Transaction& transaction) -> Status {
      CHANCERY_ASSIGN_OR_RETURN(auto user, sessions_.FindUser(transaction, account->id));
      if (!user) return Unauthenticated("The username or password is incorrect.").WithReason("invalid_credentials");
      CHANCERY_TRY(throttle_.ClearAccount(transaction, normalised));
      // A cookie presented at sign-in is ended: every sign-in gets a fresh token, which defeats session fixation.
      if (auto old_token = request.Cookie(kSessionCookieName); old_token && !old_token->empty()) {
        CHANCERY_TRY(sessions_.DeleteByTokenHash(transaction, crypto::Sha256Hex(*old_token)));
      }
      NewSession session{user->id, InitialState(*user), std::nullopt, request.remote_address,
                         std::string(request.Header("user-agent").value_or(""))};
      CHANCERY_ASSIGN_OR_RETURN(issued, sessions_.Create(transaction, session));
      CHANCERY_TRY(sessions_.RecordLogin(transaction, user->id));
      audit::AuditEvent event = Event(request, "auth.login");
      event.actor_user_id = user->id;
      event.actor = user->username;
      event.target_type = "user";
      event.target_id = std::to_string(user->id);
      event.unit_id = user->unit_id;
      event.detail_json =
          boost::json::serialize(boost::json::object{{"session_status", SessionStatusName(issued.record.state)}});
      return audit_log_.Append(transaction, event);
    }));
    if (auto old_token = request.Cookie(kSessionCookieName)) cache_.Erase("s:" + crypto::Sha256Hex(*old_token));
    CHANCERY_ASSIGN_OR_RETURN(auto response_body, SessionBody(issued.token));
    net::Response response = net::Json(response_body);
    response.SetHeader("Set-Cookie", api::SessionCookie(issued.token, request.secure));
    return response;
  });
}

net::Response Authentication::HandleMfa(net::Request& request) {
  return api::Respond([&]() -> Result<net::Response> {
    CHANCERY_ASSIGN_OR_RETURN(auto credential, Resolve(request));
    if (!credential->session) return api::SessionOnly();
    const SessionRecord& session = *credential->session;
    if (session.state == SessionState::kMfaEnrolmentRequired) {
      return FailedPrecondition("Set up two-factor authentication first.").WithReason("mfa_enrolment_required");
    }
    CHANCERY_ASSIGN_OR_RETURN(auto body, net::ParseJsonObject(request));
    CHANCERY_ASSIGN_OR_RETURN(std::string code, net::RequireString(body, "code", 64));
    const CredentialUser& user = credential->user;

    Status outcome;
    CHANCERY_TRY(database_.Write("identity.mfa_verify", [&](storage::Transaction& transaction) -> Status {
      CHANCERY_ASSIGN_OR_RETURN(auto lockout, throttle_.ActiveLockout(transaction, user.username, ""));
      if (lockout) {
        outcome = throttle_.ToStatus(*lockout);
        return Status::Ok();
      }
      auto method = mfa_.Verify(transaction, user.id, code);
      if (!method.ok() && !MfaService::IsWrongCode(method.status())) return method.status();
      audit::AuditEvent event = Event(request, method.ok() ? "auth.mfa_verified" : "auth.mfa_failed");
      event.target_type = "user";
      event.target_id = std::to_string(user.id);
      event.unit_id = user.unit_id;
      if (!method.ok()) {
        event.outcome = "failure";
        CHANCERY_ASSIGN_OR_RETURN(auto triggered,
                                  throttle_.RecordFailure(transaction, user.username, request.remote_address));
        outcome = triggered ? throttle_.ToStatus(*triggered) : method.status();
        return audit_log_.Append(transaction, event);
      }
      const bool recovery = *method == MfaMethod::kRecoveryCode;
      event.detail_json = boost::json::serialize(boost::json::object{{"method", recovery ? "recovery_code" : "totp"}});
      CHANCERY_TRY(audit_log_.Append(transaction, event));
      if (recovery) {
        audit::AuditEvent used = Event(request, "mfa.recovery_code_used");
        used.target_type = "user";
        used.target_id = std::to_string(user.id);
        used.unit_id = user.unit_id;
        CHANCERY_TRY(audit_log_.Append(transaction, used));
      }
      CHANCERY_TRY(throttle_.ClearAccount(transaction, user.username));
      return sessions_.SetState(transaction, session.id, SessionState::kFull, clock_.NowMs());
    }));
    CHANCERY_TRY(outcome);
    cache_.Erase("s:" + credential->token_hash);
    CHANCERY_ASSIGN_OR_RETURN(auto response_body, SessionBody(*request.Cookie(kSessionCookieName)));
    return net::Json(response_body);
  });
}

net::Response Authentication::HandleLogout(net::Request& request) {
  return api::Respond([&]() -> Result<net::Response> {
    CHANCERY_ASSIGN_OR_RETURN(auto credential, Resolve(request));
    if (!credential->session) return api::SessionOnly();
    CHANCERY_TRY(database_.Write("identity.logout", [&](storage::Transaction& transaction) -> Status {
      CHANCERY_TRY(sessions_.Delete(transaction, credential->session->id));
      audit::AuditEvent event = Event(request, "auth.logout");
      event.target_type = "user";
      event.target_id = std::to_string(credential->user.id);
      event.unit_id = credential->user.unit_id;
      return audit_log_.Append(transaction, event);
    }));
    cache_.Erase("s:" + credential->token_hash);
    net::Response response = net::Response::NoContent();
    response.SetHeader("Set-Cookie", api::ExpiredSessionCookie(request.secure));
    return response;
  });
}

net::Response Authentication::HandleLogoutAll(net::Request& request) {
  return api::Respond([&]() -> Result<net::Response> {
    CHANCERY_ASSIGN_OR_RETURN(auto credential, Resolve(request));
    if (!credential->session) return api::SessionOnly();
    CHANCERY_TRY(database_.Write("identity.logout_all", [&](storage::Transaction& transaction) -> Status {
      CHANCERY_ASSIGN_OR_RETURN(auto ended, sessions_.DeleteAllOfUser(transaction, credential->user.id));
      audit::AuditEvent event = Event(request, "auth.logout_all");
      event.target_type = "user";
      event.target_id = std::to_string(credential->user.id);
      event.unit_id = credential->user.unit_id;
      event.detail_json = boost::json::serialize(boost::json::object{{"sessions_ended", ended}});
      return audit_log_.Append(transaction, event);
    }));
    cache_.EraseUser(credential->user.id);
    net::Response response = net::Response::NoContent();
    response.SetHeader("Set-Cookie", api::ExpiredSessionCookie(request.secure));
    return response;
  });
}

}  // namespace chancery::identity
