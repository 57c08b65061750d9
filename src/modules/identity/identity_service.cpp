// SqlIdentityService: accounts and their personal data. Grants, MFA reset and re-encryption are in
// identity_service_grants.cpp.
#include "modules/identity/identity_service.hpp"

#include <boost/json.hpp>
#include <utility>

#include "modules/identity/user_validation.hpp"

namespace chancery::identity {
namespace {

constexpr const char* kEmailData = "users.email";
constexpr const char* kPhoneData = "users.phone";

Status NoSuchUser(std::int64_t user_id) { return NotFound("No user with id " + std::to_string(user_id) + "."); }

}  // namespace

SqlIdentityService::SqlIdentityService(storage::Database& database, const Clock& clock, crypto::FieldCipher& cipher,
                                       audit::AuditLog& audit_log, const Authorizer& authorizer, AccountHooks hooks)
    : database_(database),
      clock_(clock),
      cipher_(cipher),
      audit_log_(audit_log),
      authorizer_(authorizer),
      hooks_(std::move(hooks)) {}

Status SqlIdentityService::EndSessions(storage::Transaction& transaction, std::int64_t user_id) const {
  if (!hooks_.end_sessions) return Status::Ok();
  return hooks_.end_sessions(transaction, user_id);
}

void SqlIdentityService::NotifyChanged(std::int64_t user_id) const {
  if (hooks_.user_changed) hooks_.user_changed(user_id);
}

std::optional<std::string> SqlIdentityService::EncryptOptional(const std::string& plaintext,
                                                               const char* associated_data) const {
  if (plaintext.empty()) return std::nullopt;
  return cipher_.Encrypt(plaintext, associated_data);
}

Result<std::string> SqlIdentityService::DecryptOptional(const std::optional<std::string>& ciphertext,
                                                        const char* associated_data) const {
  if (!ciphertext) return std::string();
  return cipher_.Decrypt(*ciphertext, associated_data);
}

std::string SqlIdentityService::EmailIndex(const std::string& email) const {
  return cipher_.BlindIndex(AsciiLower(email), kEmailData);
}

Result<UserRecord> SqlIdentityService::CreateUser(const NewUser& user, const ActionContext& context) {
  CHANCERY_TRY(ValidateNewUser(user));
  if (!authorizer_.hierarchy().Exists(user.unit_id)) {
    return InvalidArgument("There is no unit with id " + std::to_string(user.unit_id) + ".").WithField("/unit_id");
  }
  UserRow row;
  row.username = user.username;
  row.display_name = user.display_name;
  row.unit_id = user.unit_id;
  row.title = user.title;
  row.locale = user.locale;
  row.email_encrypted = EncryptOptional(user.email, kEmailData);
  if (!user.email.empty()) row.email_index = EmailIndex(user.email);
  row.phone_encrypted = EncryptOptional(user.phone, kPhoneData);
  if (user.password) {
    CHANCERY_ASSIGN_OR_RETURN(row.password_hash, crypto::HashPassword(*user.password));
  }

  std::optional<UserRecord> created;
  CHANCERY_TRY(database_.Write("identity.create_user", [&](storage::Transaction& transaction) -> Status {
    CHANCERY_ASSIGN_OR_RETURN(auto existing, users_.FindByUsername(transaction, row.username));
    if (existing) return AlreadyExists("The username is taken.").WithField("/username");
    if (row.email_index) {
      CHANCERY_ASSIGN_OR_RETURN(auto email_owner, users_.FindIdByEmailIndex(transaction, *row.email_index));
      if (email_owner) return AlreadyExists("Another account has this e-mail address.").WithField("/email");
    }
    CHANCERY_ASSIGN_OR_RETURN(std::int64_t id, users_.Insert(transaction, row, clock_.NowMs()));
    audit::AuditEvent event = MakeEvent(context, "user.created");
    event.unit_id = row.unit_id;
    event.target_type = "user";
    event.target_id = std::to_string(id);
    event.detail_json = boost::json::serialize(boost::json::object{
        {"username", row.username}, {"unit_id", row.unit_id}, {"password_set", row.password_hash.has_value()}});
    CHANCERY_TRY(audit_log_.Append(transaction, event));
    CHANCERY_ASSIGN_OR_RETURN(created, users_.FindById(transaction, id));
    return Status::Ok();
  }));
  if (!created) return Internal("The new account could not be read back.");
  return *created;
}

Result<std::optional<UserRecord>> SqlIdentityService::FindUserByUsername(const std::string& username) {
  return storage::ReadValue(database_, "identity.find_user_by_username", [&](storage::Transaction& transaction) {
    return users_.FindByUsername(transaction, username);
  });
}

Result<std::optional<UserRecord>> SqlIdentityService::FindUser(std::int64_t user_id) {
  return storage::ReadValue(database_, "identity.find_user",
                            [&](storage::Transaction& transaction) { return users_.FindById(transaction, user_id); });
}

Result<std::optional<UserRecord>> SqlIdentityService::FindUserByEmail(const std::string& email) {
  if (email.empty()) return std::optional<UserRecord>();
  const std::string index = EmailIndex(email);
  std::optional<UserRecord> user;
  CHANCERY_TRY(database_.Read("identity.find_user_by_email", [&](storage::Transaction& transaction) -> Status {
    CHANCERY_ASSIGN_OR_RETURN(auto id, users_.FindIdByEmailIndex(transaction, index));
    if (id) {
      CHANCERY_ASSIGN_OR_RETURN(user, users_.FindById(transaction, *id));
    }
    return Status::Ok();
  }));
  return user;
}

Result<std::vector<UserRecord>> SqlIdentityService::ListUnitMembers(std::int64_t unit_id) {
  UserQuery query;
  query.unit_id = unit_id;
  query.limit = 10000;
  CHANCERY_ASSIGN_OR_RETURN(UserPage page, ListUsers(query));
  return std::move(page.items);
}

Result<UserPage> SqlIdentityService::ListUsers(const UserQuery& query) {
  UserPage page;
  CHANCERY_TRY(database_.Read("identity.list_users", [&](storage::Transaction& transaction) -> Status {
    CHANCERY_ASSIGN_OR_RETURN(page, users_.List(transaction, query));
    return Status::Ok();
  }));
  return page;
}

Result<std::vector<std::int64_t>> SqlIdentityService::HomeUnits() {
  std::vector<std::int64_t> units;
  CHANCERY_TRY(database_.Read("identity.home_units", [&](storage::Transaction& transaction) -> Status {
    CHANCERY_ASSIGN_OR_RETURN(units, users_.HomeUnits(transaction));
    return Status::Ok();
  }));
  return units;
}

Result<UserContact> SqlIdentityService::ReadContact(std::int64_t user_id) {
  EncryptedContact encrypted;
  CHANCERY_TRY(database_.Read("identity.read_contact", [&](storage::Transaction& transaction) -> Status {
    CHANCERY_ASSIGN_OR_RETURN(encrypted, users_.ReadContact(transaction, user_id));
    return Status::Ok();
  }));
  UserContact contact;
  CHANCERY_ASSIGN_OR_RETURN(contact.email, DecryptOptional(encrypted.email_encrypted, kEmailData));
  CHANCERY_ASSIGN_OR_RETURN(contact.phone, DecryptOptional(encrypted.phone_encrypted, kPhoneData));
  return contact;
}

Result<UserContact> SqlIdentityService::ReadContactAudited(std::int64_t user_id, const ActionContext& context) {
  UserContact contact;
  CHANCERY_TRY(database_.Write("identity.read_contact_audited", [&](storage::Transaction& transaction) -> Status {
    CHANCERY_ASSIGN_OR_RETURN(auto user, users_.FindById(transaction, user_id));
    if (!user) return NoSuchUser(user_id);
    CHANCERY_ASSIGN_OR_RETURN(EncryptedContact encrypted, users_.ReadContact(transaction, user_id));
    CHANCERY_ASSIGN_OR_RETURN(contact.email, DecryptOptional(encrypted.email_encrypted, kEmailData));
    CHANCERY_ASSIGN_OR_RETURN(contact.phone, DecryptOptional(encrypted.phone_encrypted, kPhoneData));
    audit::AuditEvent event = MakeEvent(context, "personal_data.read");
    event.unit_id = user->unit_id;
    event.target_type = "user";
    event.target_id = std::to_string(user_id);
    event.detail_json = R"({"fields":["email","phone"]})";
    return audit_log_.Append(transaction, event);
  }));
  return contact;
}

Result<UserRecord> SqlIdentityService::UpdateUser(std::int64_t user_id, const UserPatch& patch,
                                                  const ActionContext& context) {
  UserChanges changes;
  boost::json::array fields;
  if (patch.display_name) {
    CHANCERY_TRY(ValidateDisplayName(*patch.display_name));
    changes.display_name = patch.display_name;
    fields.emplace_back("display_name");
  }
  if (patch.title) {
    CHANCERY_TRY(ValidateTitle(*patch.title));
    changes.title = patch.title;
    fields.emplace_back("title");
  }
  if (patch.locale) {
    CHANCERY_TRY(ValidateLocale(*patch.locale));
    changes.locale = patch.locale;
    fields.emplace_back("locale");
  }
  if (patch.unit_id) {
    if (!authorizer_.hierarchy().Exists(*patch.unit_id)) {
      return InvalidArgument("There is no unit with id " + std::to_string(*patch.unit_id) + ".").WithField("/unit_id");
    }
    changes.unit_id = patch.unit_id;
    fields.emplace_back("unit_id");
  }
  if (patch.disabled) {
    changes.disabled = patch.disabled;
    fields.emplace_back("disabled");
  }
  if (patch.email) {
    CHANCERY_TRY(ValidateEmail(*patch.email));
    changes.email_encrypted = EncryptOptional(*patch.email, kEmailData);
    changes.email_index = patch.email->empty() ? std::nullopt : std::optional<std::string>(EmailIndex(*patch.email));
    fields.emplace_back("email");
  }
  if (patch.phone) {
    CHANCERY_TRY(ValidatePhone(*patch.phone));
    changes.phone_encrypted = EncryptOptional(*patch.phone, kPhoneData);
    fields.emplace_back("phone");
  }
  std::optional<UserRecord> updated;
  CHANCERY_TRY(database_.Write("identity.update_user", [&](storage::Transaction& transaction) -> Status {
    CHANCERY_ASSIGN_OR_RETURN(auto before, users_.FindById(transaction, user_id));
    if (!before) return NoSuchUser(user_id);
    if (changes.email_index && *changes.email_index) {
      CHANCERY_ASSIGN_OR_RETURN(auto owner, users_.FindIdByEmailIndex(transaction, **changes.email_index));
      if (owner && *owner != user_id)
        return AlreadyExists("Another account has this e-mail address.").WithField("/email");
    }
    if (changes.Empty()) {
      updated = before;
      return Status::Ok();
    }
    CHANCERY_TRY(users_.Update(transaction, user_id, changes, clock_.NowMs()));
    if (changes.disabled && *changes.disabled) CHANCERY_TRY(EndSessions(transaction, user_id));
    audit::AuditEvent event = MakeEvent(context, "user.updated");
    event.unit_id = before->unit_id;
    event.target_type = "user";
    event.target_id = std::to_string(user_id);
    boost::json::object detail{{"fields", fields}};
    if (patch.unit_id) detail["new_unit_id"] = *patch.unit_id;
    if (patch.disabled) detail["disabled"] = *patch.disabled;
    event.detail_json = boost::json::serialize(detail);
    CHANCERY_TRY(audit_log_.Append(transaction, event));
    CHANCERY_ASSIGN_OR_RETURN(updated, users_.FindById(transaction, user_id));
    return Status::Ok();
  }));
  if (!updated) return NoSuchUser(user_id);
  NotifyChanged(user_id);
  return *updated;
}

Status SqlIdentityService::SetPassword(std::int64_t user_id, const std::string& new_password,
                                       const ActionContext& context) {
  CHANCERY_TRY(ValidatePassword(new_password));
  CHANCERY_ASSIGN_OR_RETURN(std::string hash, crypto::HashPassword(new_password));
  CHANCERY_TRY(database_.Write("identity.set_password", [&](storage::Transaction& transaction) -> Status {
    CHANCERY_ASSIGN_OR_RETURN(auto user, users_.FindById(transaction, user_id));
    if (!user) return NoSuchUser(user_id);
    CHANCERY_TRY(users_.SetPasswordHash(transaction, user_id, hash, clock_.NowMs()));
    // Whoever held the old password may hold a session too.
    CHANCERY_TRY(EndSessions(transaction, user_id));
    audit::AuditEvent event = MakeEvent(context, "user.password_set");
    event.unit_id = user->unit_id;
    event.target_type = "user";
    event.target_id = std::to_string(user_id);
    return audit_log_.Append(transaction, event);
  }));
  NotifyChanged(user_id);
  return Status::Ok();
}

}  // namespace chancery::identity
