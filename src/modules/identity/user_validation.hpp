// Validation and normalisation of the user fields that the API, the CSV import and the command line accept, and
// the audit-event helper shared by the identity services. Each validator returns kInvalidArgument with the field's
// JSON pointer (e.g. "/username") so that the API can name it.
//
// Thread-safety: pure functions.
#pragma once

#include <string>
#include <string_view>

#include "core/status.hpp"
#include "modules/audit/audit.hpp"
#include "modules/identity/identity.hpp"

namespace chancery::identity {

inline constexpr std::size_t kMinPasswordLength = 12;
inline constexpr std::size_t kMaxPasswordLength = 1024;

Status ValidateUsername(std::string_view username);         // 3–64 of [a-z0-9._-]
Status ValidateDisplayName(std::string_view display_name);  // 1–200 bytes, no control characters
Status ValidateTitle(std::string_view title);               // 0–200 bytes
Status ValidateEmail(std::string_view email);               // empty, or local@domain, at most 254 bytes
Status ValidatePhone(std::string_view phone);               // empty, or E.164: '+' and 8–15 digits
Status ValidatePassword(std::string_view password);         // 12–1024 characters
Status ValidateLocale(std::string_view locale);             // "vi" or "en"
// All of the above for a new account (not the unit, which needs the hierarchy).
Status ValidateNewUser(const NewUser& user);

// ASCII lower-casing, the normalisation of e-mail addresses before their blind index is computed.
std::string AsciiLower(std::string_view text);

// An audit event on behalf of the context's actor, or of "system" when there is none.
audit::AuditEvent MakeEvent(const ActionContext& context, std::string action);

}  // namespace chancery::identity
