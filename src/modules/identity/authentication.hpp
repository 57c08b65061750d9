// Authentication: sign-in, sessions, API-token bearers, MFA and the current user's own account — the face that
// IdentityModule (identity_module.cpp) composes and wires into the router.
//
//  - MakeAuthenticator() gives the router's Authenticator: a `chancery_session` cookie or an
//    `Authorization: Bearer chy_...` token becomes a Principal (with the user's role grants); unsafe methods of
//    cookie sessions need a matching `X-CSRF-Token`; sessions that still owe MFA pass only kAuthenticatedPartial
//    routes. A resolved credential is cached for a few seconds (see CredentialCache), so the usual request costs no
//    database round trip and at most one indexed read.
//  - MakeCachedAuthenticator() gives the router's CachedAuthenticator: the same checks, answered from the cache
//    only, for requests served on a network thread. It declines (nullopt) on a cache miss and whenever a database
//    write is due (the once-a-minute last_seen/last_used update, deleting an expired session), so that those still
//    happen, on the worker pool.
//  - RegisterRoutes() adds /api/v1/auth/{login,mfa,logout,logout-all}, GET/PATCH /api/v1/me, /me/password and
//    /me/mfa/enrolment[/confirm] (docs/api.md, "Authentication and the current user"; /me/tokens is identity-B's).
//
// For identity-B:
//  - an administrative MFA reset calls ClearMfa(transaction, user_id) (declared in mfa.hpp) inside its own
//    transaction — it removes the pending enrolment, the recovery codes and the replay state, and clears
//    users.mfa_secret_encrypted / mfa_enabled — then InvalidateUser(user_id) after the commit;
//  - any change to a user's grants, disabled flag or password should be followed by InvalidateUser(user_id), so
//    this node stops using the cached principal at once (other nodes within the cache TTL of 5 seconds);
//  - EndSessionsOfUser(transaction, user_id) ends every session (e.g. when an administrator sets a password).
//
// Secrets (passwords, codes, tokens) are never logged nor written to the audit log.
//
// Thread-safety: safe for concurrent use once built; RegisterRoutes is called once, before serving.
#pragma once

#include <boost/json/object.hpp>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include "core/clock.hpp"
#include "core/crypto.hpp"
#include "modules/audit/audit.hpp"
#include "modules/identity/authz.hpp"
#include "modules/identity/identity.hpp"
#include "modules/identity/login_throttle.hpp"
#include "modules/identity/mfa.hpp"
#include "modules/identity/session_store.hpp"
#include "modules/identity/session_store_cache.hpp"
#include "net/router.hpp"
#include "storage/database.hpp"

namespace chancery::identity {

inline constexpr std::string_view kSessionCookieName = "chancery_session";

class Authentication {
 public:
  Authentication(storage::Database& database, const Clock& clock, crypto::FieldCipher& cipher,
                 audit::AuditLog& audit_log, const Authorizer& authorizer, IdentityOptions options);

  net::Authenticator MakeAuthenticator();
  net::CachedAuthenticator MakeCachedAuthenticator();
  void RegisterRoutes(net::Router& router);

  // Forgets this node's cached credentials of the user.
  void InvalidateUser(std::int64_t user_id) { cache_.EraseUser(user_id); }
  // Ends every session of the user, in the caller's transaction; call InvalidateUser after the commit.
  Status EndSessionsOfUser(storage::Transaction& transaction, std::int64_t user_id);

  // The same checks as the router's Authenticator, for callers outside the router (the WebSocket upgrade).
  Result<std::shared_ptr<const Principal>> Authenticate(const net::Request& request, net::RouteAccess access);
  // The same checks from the cache alone; nullopt when the answer needs the database. Never blocks.
  std::optional<Result<std::shared_ptr<const Principal>>> AuthenticateCached(const net::Request& request,
                                                                             net::RouteAccess access);

 private:
  // Which credential a request carries.
  struct CredentialKey {
    enum class Kind { kSession, kApiToken } kind = Kind::kSession;
    std::string token_hash;  // SHA-256 hex of the credential
    std::string cache_key;   // "s:" or "t:" followed by token_hash
  };
  // The database write a credential's state asks for, beside the answer.
  enum class Upkeep { kNone, kTouch, kDeleteSession };
  struct Verdict {
    Status status;
    Upkeep upkeep = Upkeep::kNone;
  };

  // Credential resolution (authentication.cpp). Resolve* may read and write the database; ResolveCached never
  // does, and declines (nullopt) on a cache miss or when an Upkeep write is due.
  Result<std::shared_ptr<const ResolvedCredential>> Resolve(const net::Request& request);
  Result<std::shared_ptr<const ResolvedCredential>> ResolveSession(const std::string& token);
  Result<std::shared_ptr<const ResolvedCredential>> ResolveKey(const CredentialKey& key);
  std::optional<Result<std::shared_ptr<const ResolvedCredential>>> ResolveCached(const net::Request& request);
  // The credential the router's authenticator left on the request; null on public routes.
  static std::shared_ptr<const ResolvedCredential> CredentialOf(const net::Request& request);
  static Result<CredentialKey> KeyOf(const net::Request& request);
  static CredentialKey SessionKey(const std::string& token);
  Result<std::shared_ptr<const ResolvedCredential>> Load(const CredentialKey& key);
  // The checks both paths share: the credential's own state (disabled user, session expiry, token revocation and
  // expiry, whether activity is due to be recorded), then the request against it (CSRF, MFA state vs access).
  Verdict Check(const ResolvedCredential& credential, std::int64_t now_ms) const;
  static Result<std::shared_ptr<const Principal>> CheckAccess(const ResolvedCredential& credential,
                                                              const net::Request& request, net::RouteAccess access);
  void KeepUp(const ResolvedCredential& credential, const CredentialKey& key, Upkeep upkeep, std::int64_t now_ms);
  std::shared_ptr<const Principal> BuildPrincipal(const CredentialUser& user, const SessionRecord* session,
                                                  const ApiTokenRecord* token) const;
  SessionState InitialState(const CredentialUser& user) const;

  // Sign-in routes (auth_api.cpp).
  net::Response HandleLogin(net::Request& request);
  net::Response HandleMfa(net::Request& request);
  net::Response HandleLogout(net::Request& request);
  net::Response HandleLogoutAll(net::Request& request);
  // The current user's routes (auth_api_me.cpp).
  net::Response HandleGetMe(net::Request& request);
  // GET /me on a network thread: from the cache only, declining when the entry is gone.
  std::optional<net::Response> TryHandleGetMe(net::Request& request);
  net::Response HandlePatchMe(net::Request& request);
  net::Response HandleChangePassword(net::Request& request);
  net::Response HandleBeginEnrolment(net::Request& request);
  net::Response HandleConfirmEnrolment(net::Request& request);

  // The `me` object for a user, its session (null for API tokens) and the principal.
  boost::json::object MeJson(const CredentialUser& user, const SessionRecord* session,
                             const Principal& principal) const;
  boost::json::object MeJson(const ResolvedCredential& credential) const;
  // MeJson(credential) serialised, built once per cached credential.
  const std::string& MeBody(const ResolvedCredential& credential) const;
  // Re-reads the session of this cookie token (after a change) and builds the {status, csrf_token, me} body.
  Result<boost::json::object> SessionBody(const std::string& token);
  audit::AuditEvent Event(const net::Request& request, std::string action) const;

  storage::Database& database_;
  const Clock& clock_;
  crypto::FieldCipher& cipher_;
  audit::AuditLog& audit_log_;
  const Authorizer& authorizer_;
  const IdentityOptions options_;
  SessionStore sessions_;
  LoginThrottle throttle_;
  MfaService mfa_;
  CredentialCache cache_;
  // Verified against when the username is unknown, so that a miss costs as much time as a wrong password.
  std::string dummy_password_hash_;
};

}  // namespace chancery::identity
