// SqlIdentityService: role grants, MFA reset and re-encryption of personal data.
#include <boost/json.hpp>

#include "modules/identity/grant_rules.hpp"
#include "modules/identity/identity_service.hpp"
#include "modules/identity/user_validation.hpp"

namespace chancery::identity {
namespace {

constexpr int kReencryptBatchSize = 200;

audit::AuditEvent GrantEvent(const ActionContext& context, const char* action, std::int64_t user_id,
                             const RoleGrant& grant) {
  audit::AuditEvent event = MakeEvent(context, action);
  event.unit_id = grant.unit_id;
  event.target_type = "role_grant";
  event.target_id = std::to_string(grant.id);
  event.detail_json = boost::json::serialize(boost::json::object{{"user_id", user_id},
                                                                 {"role", grant.role},
                                                                 {"unit_id", grant.unit_id},
                                                                 {"include_subtree", grant.include_subtree}});
  return event;
}

}  // namespace

Result<RoleGrant> SqlIdentityService::GrantRole(std::int64_t user_id, const std::string& role, std::int64_t unit_id,
                                                bool include_subtree, const ActionContext& context) {
  CHANCERY_TRY(CheckGrantAllowed(authorizer_, context.actor, role, unit_id, include_subtree));
  RoleGrant granted;
  CHANCERY_TRY(database_.Write("identity.grant_role", [&](storage::Transaction& transaction) -> Status {
    CHANCERY_ASSIGN_OR_RETURN(auto user, users_.FindById(transaction, user_id));
    if (!user) return NotFound("No user with id " + std::to_string(user_id) + ".");
    const std::optional<std::int64_t> granted_by =
        context.actor ? std::optional<std::int64_t>(context.actor->user_id) : std::nullopt;
    CHANCERY_ASSIGN_OR_RETURN(
        granted,
        grants_.Insert(transaction, user_id, RoleGrant{0, role, unit_id, include_subtree}, granted_by, clock_.NowMs()));
    return audit_log_.Append(transaction, GrantEvent(context, "role.granted", user_id, granted));
  }));
  NotifyChanged(user_id);
  return granted;
}

Result<std::vector<RoleGrant>> SqlIdentityService::ListGrants(std::int64_t user_id) {
  return storage::ReadValue(database_, "identity.list_grants", [&](storage::Transaction& transaction) {
    return grants_.ListForUser(transaction, user_id);
  });
}

Result<std::optional<StoredGrant>> SqlIdentityService::FindGrant(std::int64_t grant_id) {
  return storage::ReadValue(database_, "identity.find_grant",
                            [&](storage::Transaction& transaction) { return grants_.Find(transaction, grant_id); });
}

Status SqlIdentityService::RevokeGrant(std::int64_t grant_id, const ActionContext& context) {
  std::int64_t holder_id = 0;
  CHANCERY_TRY(database_.Write("identity.revoke_grant", [&](storage::Transaction& transaction) -> Status {
    CHANCERY_ASSIGN_OR_RETURN(auto stored, grants_.Find(transaction, grant_id));
    if (!stored) return NotFound("No grant with id " + std::to_string(grant_id) + ".");
    CHANCERY_TRY(CheckRevokeAllowed(authorizer_, context.actor, stored->grant));
    CHANCERY_TRY(grants_.Delete(transaction, grant_id));
    holder_id = stored->user_id;
    return audit_log_.Append(transaction, GrantEvent(context, "role.revoked", stored->user_id, stored->grant));
  }));
  NotifyChanged(holder_id);
  return Status::Ok();
}

Status SqlIdentityService::ResetMfa(std::int64_t user_id, const ActionContext& context) {
  CHANCERY_TRY(database_.Write("identity.reset_mfa", [&](storage::Transaction& transaction) -> Status {
    CHANCERY_ASSIGN_OR_RETURN(auto user, users_.FindById(transaction, user_id));
    if (!user) return NotFound("No user with id " + std::to_string(user_id) + ".");
    CHANCERY_TRY(users_.ClearMfa(transaction, user_id, clock_.NowMs()));
    if (hooks_.clear_mfa) CHANCERY_TRY(hooks_.clear_mfa(transaction, user_id));
    // Sessions verified with the lost factor must not outlive it.
    CHANCERY_TRY(EndSessions(transaction, user_id));
    audit::AuditEvent event = MakeEvent(context, "user.mfa_reset");
    event.unit_id = user->unit_id;
    event.target_type = "user";
    event.target_id = std::to_string(user_id);
    return audit_log_.Append(transaction, event);
  }));
  NotifyChanged(user_id);
  return Status::Ok();
}

Result<std::int64_t> SqlIdentityService::ReencryptPersonalData(const ActionContext& context) {
  const std::string active_key = cipher_.ActiveKeyId();
  std::int64_t rewritten = 0;
  std::int64_t after_id = 0;
  // Batches keep each write transaction short (migration rule: no long locks). The body may be retried, so it
  // publishes its progress only through values it recomputes on each run.
  for (bool more = true; more;) {
    std::int64_t batch_last_id = after_id;
    std::int64_t batch_rewritten = 0;
    CHANCERY_TRY(database_.Write("identity.reencrypt_batch", [&](storage::Transaction& transaction) -> Status {
      batch_rewritten = 0;
      CHANCERY_ASSIGN_OR_RETURN(auto batch, users_.ContactsAfter(transaction, after_id, kReencryptBatchSize));
      more = batch.size() == static_cast<std::size_t>(kReencryptBatchSize);
      for (const EncryptedContact& contact : batch) {
        batch_last_id = contact.user_id;
        const std::pair<EncryptedColumn, const std::optional<std::string>*> columns[] = {
            {EncryptedColumn::kEmail, &contact.email_encrypted},
            {EncryptedColumn::kPhone, &contact.phone_encrypted},
            {EncryptedColumn::kMfaSecret, &contact.mfa_secret_encrypted}};
        for (const auto& [column, value] : columns) {
          if (!*value || crypto::FieldCipher::KeyIdOf(**value) == active_key) continue;
          CHANCERY_ASSIGN_OR_RETURN(std::string plaintext, cipher_.Decrypt(**value, AssociatedData(column)));
          CHANCERY_ASSIGN_OR_RETURN(bool replaced,
                                    users_.ReplaceCiphertext(transaction, contact.user_id, column, **value,
                                                             cipher_.Encrypt(plaintext, AssociatedData(column))));
          if (replaced) ++batch_rewritten;
        }
      }
      return Status::Ok();
    }));
    after_id = batch_last_id;
    rewritten += batch_rewritten;
  }
  audit::AuditEvent event = MakeEvent(context, "personal_data.reencrypted");
  event.target_type = "key";
  event.target_id = active_key;
  event.detail_json = boost::json::serialize(boost::json::object{{"values_rewritten", rewritten}});
  CHANCERY_TRY(audit_log_.Append(event));
  return rewritten;
}

}  // namespace chancery::identity
