// HTTP routes of the users-and-roles half of identity (docs/api.md, "Users and roles" and /me/tokens). Each
// handler parses, authorises with the Authorizer on the relevant unit (the target user's home unit for user
// routes, the grant's unit for grants), calls the service and serialises; domain rules stay in the services.
//
// Visibility: a user is visible to principals holding users_manage or staff_read on the user's home unit; acting
// on an account (edit, password, MFA reset) needs users_manage there and, so that no one takes over a stronger
// account, every permission the target holds, on the target's grant units.
//
// Thread-safety: handlers are safe to run concurrently; register them once, before serving.
#pragma once

#include <boost/json/object.hpp>

#include "modules/identity/api_token_service.hpp"
#include "modules/identity/identity_service.hpp"
#include "modules/identity/user_csv.hpp"
#include "net/http.hpp"
#include "net/router.hpp"

namespace chancery::identity {

// GET/POST /users, GET/PATCH /users/:id, POST /users/:id/password, POST /users/:id/mfa/reset.
void RegisterUserRoutes(net::Router& router, SqlIdentityService& service);
// GET /roles, GET/POST /users/:id/grants, DELETE /grants/:id, GET /users/export.csv, POST /users/import.
void RegisterGrantAndCsvRoutes(net::Router& router, SqlIdentityService& service, UserCsv& csv);
// GET/POST /me/tokens, DELETE /me/tokens/:id.
void RegisterTokenRoutes(net::Router& router, ApiTokenService& tokens);

// Helpers shared by the route files (users_api_support.cpp).
namespace api {

inline constexpr const char* kPrefix = "/api/v1";

using identity::ContextOf;
// The positive integer path parameter `name`; kNotFound when it is not one.
Result<std::int64_t> PathId(const net::Request& request, std::string_view name);
boost::json::object UserJson(const UserRecord& user);
boost::json::object GrantJson(const RoleGrant& grant);
boost::json::value OptionalTime(const std::optional<std::int64_t>& unix_ms);

// The user, or kNotFound; kPermissionDenied when the principal may not see it (see the header comment).
Result<UserRecord> VisibleUser(SqlIdentityService& service, const Principal& principal, std::int64_t user_id);
// users_manage on the user's home unit, and no weaker than the target (see the header comment).
Status CheckMayManage(SqlIdentityService& service, const Principal& principal, const UserRecord& target);
// The units whose members the principal may list (users_manage or staff_read); nullopt: every unit.
Result<std::optional<std::vector<std::int64_t>>> ListableUnits(SqlIdentityService& service, const Principal& principal);

}  // namespace api
}  // namespace chancery::identity
