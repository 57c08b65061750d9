#include "modules/attachments/attachments_service.hpp"

#include <boost/json/object.hpp>
#include <boost/json/serialize.hpp>

#include "modules/attachments/media_types.hpp"
#include "storage/sql_text.hpp"

namespace chancery::attachments {
namespace {

constexpr std::string_view kColumns =
    "id, uploaded_by, filename, media_type, size_bytes, sha256, created_at, owner_kind, owner_id, owner_seq";

std::optional<OwnerKind> ParseOwnerKind(std::string_view name) {
  if (name == "cable") return OwnerKind::kCable;
  if (name == "message") return OwnerKind::kMessage;
  return std::nullopt;
}

Attachment FromRow(const storage::Row& row) {
  Attachment attachment{.id = row.Int(0),
                        .uploaded_by = row.Int(1),
                        .filename = row.Text(2),
                        .media_type = row.Text(3),
                        .size_bytes = row.Int(4),
                        .sha256 = row.Text(5),
                        .created_at_ms = row.Int(6)};
  if (std::optional<OwnerKind> kind = ParseOwnerKind(row.Text(7))) {
    attachment.owner = Owner{.kind = *kind, .id = row.Int(8), .seq = row.Int(9)};
  }
  return attachment;
}

// Binds a ciphertext to its row: a content copied to another attachment does not decrypt.
std::string AssociatedData(std::int64_t attachment_id) {
  return "attachment_contents.ciphertext:" + std::to_string(attachment_id);
}

Status NoSuchUpload(std::int64_t attachment_id) {
  return NotFound("There is no pending upload " + std::to_string(attachment_id) + " of yours.");
}

}  // namespace

const char* OwnerKindName(OwnerKind kind) { return kind == OwnerKind::kCable ? "cable" : "message"; }

AttachmentsService::AttachmentsService(storage::Database& database, const Clock& clock, audit::AuditLog& audit,
                                       const crypto::FieldCipher& cipher, AttachmentOptions options)
    : database_(database), clock_(clock), audit_(audit), cipher_(cipher), options_(options) {}

Result<Attachment> AttachmentsService::Upload(std::string_view filename, std::string_view bytes,
                                              const identity::ActionContext& context) {
  if (context.actor == nullptr) return PermissionDenied("Uploads are someone's.");
  CHANCERY_ASSIGN_OR_RETURN(std::string name, SafeFilename(filename));
  if (bytes.empty()) return InvalidArgument("The file is empty.").WithField("body");
  if (static_cast<std::int64_t>(bytes.size()) > options_.max_bytes) {
    return InvalidArgument("The file is larger than the limit of " + std::to_string(options_.max_bytes / 1024) +
                           " KiB.")
        .WithReason("payload_too_large");
  }
  CHANCERY_ASSIGN_OR_RETURN(std::string media_type, DetectMediaType(bytes));
  CHANCERY_TRY(CheckAccepted(media_type, name));
  Attachment attachment{.uploaded_by = context.actor->user_id,
                        .filename = std::move(name),
                        .media_type = std::move(media_type),
                        .size_bytes = static_cast<std::int64_t>(bytes.size()),
                        .sha256 = crypto::Sha256Hex(bytes),
                        .created_at_ms = clock_.NowMs()};
  CHANCERY_TRY(database_.Write("attachments.upload", [&](storage::Transaction& transaction) -> Status {
    CHANCERY_ASSIGN_OR_RETURN(
        storage::Row pending,
        transaction.QueryOne("SELECT COUNT(*) FROM attachments WHERE uploaded_by = ? AND owner_kind IS NULL",
                             {attachment.uploaded_by}));
    if (pending.Int(0) >= options_.max_pending_per_user) {
      return ResourceExhausted("You have " + std::to_string(pending.Int(0)) +
                               " uploads not yet attached to anything; attach or delete some first.")
          .WithReason("too_many_pending_uploads");
    }
    CHANCERY_ASSIGN_OR_RETURN(
        storage::Row row,
        transaction.QueryOne("INSERT INTO attachments (uploaded_by, filename, media_type, size_bytes, sha256, "
                             "created_at) VALUES (?, ?, ?, ?, ?, ?) RETURNING id",
                             {attachment.uploaded_by, attachment.filename, attachment.media_type, attachment.size_bytes,
                              attachment.sha256, attachment.created_at_ms}));
    attachment.id = row.Int(0);
    CHANCERY_TRY(transaction
                     .Execute("INSERT INTO attachment_contents (attachment_id, ciphertext) VALUES (?, ?)",
                              {attachment.id, cipher_.Encrypt(bytes, AssociatedData(attachment.id))})
                     .status());
    audit::AuditEvent event = audit::EventBy(context.actor, "attachment.uploaded");
    event.target_type = "attachment";
    event.target_id = std::to_string(attachment.id);
    event.detail_json = boost::json::serialize(boost::json::object{{"filename", attachment.filename},
                                                                   {"media_type", attachment.media_type},
                                                                   {"size_bytes", attachment.size_bytes}});
    event.remote_address = context.remote_address;
    event.request_id = context.request_id;
    return audit_.Append(transaction, event);
  }));
  return attachment;
}

Result<AttachmentContent> AttachmentsService::ReadPending(std::int64_t attachment_id,
                                                          const identity::ActionContext& context) {
  if (context.actor == nullptr) return NoSuchUpload(attachment_id);
  return storage::ReadValue(
      database_, "attachments.read_pending", [&](storage::Transaction& transaction) -> Result<AttachmentContent> {
        CHANCERY_ASSIGN_OR_RETURN(
            std::optional<storage::Row> row,
            transaction.QueryOptional("SELECT " + std::string(kColumns) +
                                          " FROM attachments WHERE id = ? AND uploaded_by = ? AND owner_kind IS NULL",
                                      {attachment_id, context.actor->user_id}));
        if (!row) return NoSuchUpload(attachment_id);
        return Decrypt(transaction, FromRow(*row));
      });
}

Status AttachmentsService::DeletePending(std::int64_t attachment_id, const identity::ActionContext& context) {
  if (context.actor == nullptr) return NoSuchUpload(attachment_id);
  return database_.Write("attachments.delete_pending", [&](storage::Transaction& transaction) -> Status {
    CHANCERY_ASSIGN_OR_RETURN(
        std::int64_t deleted,
        transaction.Execute("DELETE FROM attachments WHERE id = ? AND uploaded_by = ? AND owner_kind IS NULL",
                            {attachment_id, context.actor->user_id}));
    if (deleted == 0) return NoSuchUpload(attachment_id);
    audit::AuditEvent event = audit::EventBy(context.actor, "attachment.deleted");
    event.target_type = "attachment";
    event.target_id = std::to_string(attachment_id);
    event.remote_address = context.remote_address;
    event.request_id = context.request_id;
    return audit_.Append(transaction, event);
  });
}

Status AttachmentsService::Attach(storage::Transaction& transaction, const std::vector<std::int64_t>& attachment_ids,
                                  std::int64_t user_id, const Owner& owner) {
  if (attachment_ids.size() > kMaxPerOwner) {
    return InvalidArgument("At most " + std::to_string(kMaxPerOwner) + " attachments.").WithField("/attachments");
  }
  const std::string kind = OwnerKindName(owner.kind);
  CHANCERY_ASSIGN_OR_RETURN(
      storage::Rows current,
      transaction.Query("SELECT id FROM attachments WHERE owner_kind = ? AND owner_id = ? AND owner_seq = ?",
                        {kind, owner.id, owner.seq}));
  std::vector<std::int64_t> kept;
  for (const storage::Row& row : current) kept.push_back(row.Int(0));
  for (std::size_t i = 0; i < attachment_ids.size(); ++i) {
    const std::int64_t id = attachment_ids[i];
    const auto position = static_cast<std::int64_t>(i);
    if (std::find(kept.begin(), kept.end(), id) != kept.end()) {
      CHANCERY_TRY(transaction.Execute("UPDATE attachments SET position = ? WHERE id = ?", {position, id}).status());
      continue;
    }
    CHANCERY_ASSIGN_OR_RETURN(
        std::int64_t claimed,
        transaction.Execute("UPDATE attachments SET owner_kind = ?, owner_id = ?, owner_seq = ?, claimed_at = ?, "
                            "position = ? WHERE id = ? AND uploaded_by = ? AND owner_kind IS NULL",
                            {kind, owner.id, owner.seq, clock_.NowMs(), position, id, user_id}));
    if (claimed == 0) {
      return InvalidArgument("Attachment " + std::to_string(id) + " is not an upload of yours waiting to be attached.")
          .WithField("/attachments/" + std::to_string(i));
    }
  }
  for (std::int64_t id : kept) {
    if (std::find(attachment_ids.begin(), attachment_ids.end(), id) != attachment_ids.end()) continue;
    CHANCERY_TRY(transaction.Execute("DELETE FROM attachments WHERE id = ?", {id}).status());
  }
  return Status::Ok();
}

Result<std::vector<Attachment>> AttachmentsService::List(storage::Transaction& transaction, OwnerKind kind,
                                                         std::int64_t owner_id, std::int64_t min_seq,
                                                         std::int64_t max_seq) {
  CHANCERY_ASSIGN_OR_RETURN(storage::Rows rows,
                            transaction.Query("SELECT " + std::string(kColumns) +
                                                  " FROM attachments WHERE owner_kind = ? AND owner_id = ? AND "
                                                  "owner_seq BETWEEN ? AND ? ORDER BY owner_seq, position, id",
                                              {std::string(OwnerKindName(kind)), owner_id, min_seq, max_seq}));
  std::vector<Attachment> attachments;
  attachments.reserve(rows.size());
  for (const storage::Row& row : rows) attachments.push_back(FromRow(row));
  return attachments;
}

Result<AttachmentContent> AttachmentsService::Open(storage::Transaction& transaction, std::int64_t attachment_id,
                                                   OwnerKind kind, std::int64_t owner_id) {
  CHANCERY_ASSIGN_OR_RETURN(std::optional<storage::Row> row,
                            transaction.QueryOptional("SELECT " + std::string(kColumns) +
                                                          " FROM attachments WHERE id = ? AND owner_kind = ? AND "
                                                          "owner_id = ?",
                                                      {attachment_id, std::string(OwnerKindName(kind)), owner_id}));
  if (!row) return NotFound("There is no attachment " + std::to_string(attachment_id) + " here.");
  return Decrypt(transaction, FromRow(*row));
}

Result<AttachmentContent> AttachmentsService::Decrypt(storage::Transaction& transaction, Attachment attachment) {
  CHANCERY_ASSIGN_OR_RETURN(
      storage::Row row,
      transaction.QueryOne("SELECT ciphertext FROM attachment_contents WHERE attachment_id = ?", {attachment.id}));
  Result<std::string> bytes = cipher_.Decrypt(row.Text(0), AssociatedData(attachment.id));
  if (!bytes.ok() || crypto::Sha256Hex(*bytes) != attachment.sha256) {
    return Internal("Attachment " + std::to_string(attachment.id) + " is damaged and cannot be read.");
  }
  return AttachmentContent{.attachment = std::move(attachment), .bytes = std::move(*bytes)};
}

Result<std::int64_t> AttachmentsService::PurgePending() {
  std::int64_t purged = 0;
  CHANCERY_TRY(database_.Write("attachments.purge", [&](storage::Transaction& transaction) -> Status {
    CHANCERY_ASSIGN_OR_RETURN(purged,
                              transaction.Execute("DELETE FROM attachments WHERE owner_kind IS NULL AND created_at < ?",
                                                  {clock_.NowMs() - options_.pending_ttl_ms}));
    return Status::Ok();
  }));
  return purged;
}

Result<std::int64_t> AttachmentsService::Reencrypt() {
  // Ciphertexts read "v1.<key id>.<...>" (key ids are letters and digits): those under the active key are skipped
  // in SQL, without reading them.
  const std::string prefix = "v1." + cipher_.ActiveKeyId() + ".";
  std::int64_t rewritten = 0;
  std::int64_t after = 0;
  // One attachment per transaction: contents are large, and an interrupted rotation simply resumes.
  for (;;) {
    std::optional<std::int64_t> next;
    CHANCERY_TRY(database_.Write("attachments.reencrypt", [&](storage::Transaction& transaction) -> Status {
      CHANCERY_ASSIGN_OR_RETURN(std::optional<storage::Row> row,
                                transaction.QueryOptional("SELECT attachment_id, ciphertext FROM attachment_contents "
                                                          "WHERE attachment_id > ? AND ciphertext NOT LIKE ? "
                                                          "ORDER BY attachment_id LIMIT 1",
                                                          {after, prefix + "%"}));
      if (!row) return Status::Ok();
      next = row->Int(0);
      const std::string ciphertext = row->Text(1);
      CHANCERY_ASSIGN_OR_RETURN(std::string bytes, cipher_.Decrypt(ciphertext, AssociatedData(*next)));
      CHANCERY_TRY(transaction
                       .Execute("UPDATE attachment_contents SET ciphertext = ? WHERE attachment_id = ?",
                                {cipher_.Encrypt(bytes, AssociatedData(*next)), *next})
                       .status());
      ++rewritten;
      return Status::Ok();
    }));
    if (!next) break;
    after = *next;
  }
  return rewritten;
}

}  // namespace chancery::attachments
