// Field validators for accounts; see user_validation.hpp.
#include "modules/identity/user_validation.hpp"

#include <algorithm>

namespace chancery::identity {
namespace {

Status FieldError(std::string message, std::string field) {
  return InvalidArgument(std::move(message)).WithField(std::move(field));
}

bool HasControlCharacter(std::string_view text) {
  return std::any_of(text.begin(), text.end(),
                     [](char character) { return static_cast<unsigned char>(character) < 0x20 || character == 0x7f; });
}

}  // namespace

Status ValidateUsername(std::string_view username) {
  if (username.size() < 3 || username.size() > 64) {
    return FieldError("A username has 3 to 64 characters.", "/username");
  }
  for (char character : username) {
    const bool allowed = (character >= 'a' && character <= 'z') || (character >= '0' && character <= '9') ||
                         character == '.' || character == '-' || character == '_';
    if (!allowed) {
      return FieldError("A username holds only lower-case letters, digits, '.', '-' and '_'.", "/username");
    }
  }
  return Status::Ok();
}

Status ValidateDisplayName(std::string_view display_name) {
  if (display_name.empty() || display_name.size() > 200 || HasControlCharacter(display_name)) {
    return FieldError("A display name has 1 to 200 bytes and no control characters.", "/display_name");
  }
  return Status::Ok();
}

Status ValidateTitle(std::string_view title) {
  if (title.size() > 200 || HasControlCharacter(title)) {
    return FieldError("A title has at most 200 bytes and no control characters.", "/title");
  }
  return Status::Ok();
}

Status ValidateEmail(std::string_view email) {
  if (email.empty()) return Status::Ok();
  const std::size_t at = email.find('@');
  const bool well_formed = email.size() <= 254 && at != std::string_view::npos && at > 0 && at == email.rfind('@') &&
                           email.find('.', at) != std::string_view::npos && email.back() != '.' &&
                           !HasControlCharacter(email) && email.find(' ') == std::string_view::npos;
  if (!well_formed) return FieldError("This is not an e-mail address.", "/email");
  return Status::Ok();
}

Status ValidatePhone(std::string_view phone) {
  if (phone.empty()) return Status::Ok();
  const bool well_formed = phone.size() >= 9 && phone.size() <= 16 && phone.front() == '+' && phone[1] != '0' &&
                           std::all_of(phone.begin() + 1, phone.end(), [](char c) { return c >= '0' && c <= '9'; });
  if (!well_formed) return FieldError("A phone number is in E.164 form, e.g. +84241234567.", "/phone");
  return Status::Ok();
}

Status ValidatePassword(std::string_view password) {
  // Counted in code points, so that a Vietnamese passphrase is not penalised for its multi-byte letters.
  const std::size_t code_points = static_cast<std::size_t>(std::count_if(
      password.begin(), password.end(), [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; }));
  if (code_points < kMinPasswordLength || password.size() > kMaxPasswordLength) {
    return FieldError("A password has at least 12 characters.", "/password").WithReason("weak_password");
  }
  return Status::Ok();
}

Status ValidateLocale(std::string_view locale) {
  if (locale != "vi" && locale != "en") return FieldError("The locale is \"vi\" or \"en\".", "/locale");
  return Status::Ok();
}

Status ValidateNewUser(const NewUser& user) {
  CHANCERY_TRY(ValidateUsername(user.username));
  CHANCERY_TRY(ValidateDisplayName(user.display_name));
  CHANCERY_TRY(ValidateTitle(user.title));
  CHANCERY_TRY(ValidateEmail(user.email));
  CHANCERY_TRY(ValidatePhone(user.phone));
  CHANCERY_TRY(ValidateLocale(user.locale));
  if (user.password) CHANCERY_TRY(ValidatePassword(*user.password));
  return Status::Ok();
}

std::string AsciiLower(std::string_view text) {
  std::string lower(text);
  for (char& character : lower) {
    if (character >= 'A' && character <= 'Z') character = static_cast<char>(character - 'A' + 'a');
  }
  return lower;
}

audit::AuditEvent MakeEvent(const ActionContext& context, std::string action) {
  audit::AuditEvent event;
  if (context.actor != nullptr) {
    event.actor_user_id = context.actor->user_id;
    event.actor = context.actor->username;
  } else {
    event.actor = "system";
  }
  event.action = std::move(action);
  event.remote_address = context.remote_address;
  event.request_id = context.request_id;
  return event;
}

}  // namespace chancery::identity
