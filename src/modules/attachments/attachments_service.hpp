// AttachmentsService: uploads, the claim of uploads by cables and messages, and reading them back decrypted.
//
// Contract:
//   - Upload checks the size (1 byte .. AttachmentOptions::max_bytes), the content type (media_types.hpp) and the
//     uploader's number of pending uploads, then stores the content encrypted with its SHA-256. Audited as
//     "attachment.uploaded" (name, type and size; never the content).
//   - A pending upload is its uploader's alone: ReadPending and DeletePending answer kNotFound to anyone else.
//   - Attach runs in the owner's transaction and sets the owner's attachments to exactly the ids given: new ids
//     must be the acting user's pending uploads (else kInvalidArgument naming the id), ids already on the owner
//     stay, attachments the owner no longer lists are deleted, and List gives them in the order of the ids. The owner
//     module decides whether its owner may still change (a transmitted cable may not; a posted message is never edited
//     this way).
//   - Open returns the content of an attachment of the given owner (kNotFound otherwise), after checking its
//     SHA-256 (kInternal if it does not match: the stored row was damaged). The owner module checks who may read it and
//     audits the read.
//   - PurgePending deletes uploads pending for longer than pending_ttl_ms; Reencrypt rewrites contents still under
//     an older key (`chancery admin rotate-keys`).
//
// Thread-safety: safe for concurrent use; calls block on the database.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.hpp"
#include "core/crypto.hpp"
#include "core/status.hpp"
#include "modules/attachments/attachments.hpp"
#include "modules/audit/audit.hpp"
#include "modules/identity/identity.hpp"
#include "storage/database.hpp"

namespace chancery::attachments {

class AttachmentsService {
 public:
  AttachmentsService(storage::Database& database, const Clock& clock, audit::AuditLog& audit,
                     const crypto::FieldCipher& cipher, AttachmentOptions options);

  Result<Attachment> Upload(std::string_view filename, std::string_view bytes, const identity::ActionContext& context);
  Result<AttachmentContent> ReadPending(std::int64_t attachment_id, const identity::ActionContext& context);
  Status DeletePending(std::int64_t attachment_id, const identity::ActionContext& context);

  // In the owner's write transaction.
  Status Attach(storage::Transaction& transaction, const std::vector<std::int64_t>& attachment_ids,
                std::int64_t user_id, const Owner& owner);
  // The attachments of one owner (for messages: of channel `owner_id` with seq in [min_seq, max_seq]), by id.
  Result<std::vector<Attachment>> List(storage::Transaction& transaction, OwnerKind kind, std::int64_t owner_id,
                                       std::int64_t min_seq = 0, std::int64_t max_seq = INT64_MAX);
  // Owned by `kind`/`owner_id` (any seq for messages; the result says which).
  Result<AttachmentContent> Open(storage::Transaction& transaction, std::int64_t attachment_id, OwnerKind kind,
                                 std::int64_t owner_id);

  Result<std::int64_t> PurgePending();
  Result<std::int64_t> Reencrypt();

  const AttachmentOptions& options() const { return options_; }

 private:
  Result<AttachmentContent> Decrypt(storage::Transaction& transaction, Attachment attachment);

  storage::Database& database_;
  const Clock& clock_;
  audit::AuditLog& audit_;
  const crypto::FieldCipher& cipher_;
  AttachmentOptions options_;
};

}  // namespace chancery::attachments
