// Attachments: files on cables and channel messages. This header is the module's public face.
//
// A file is uploaded first (POST /api/v1/attachments) and is then pending: only its uploader sees it. A cable
// draft or a message claims it by id in the same transaction as the draft or the post, and from then on the
// owner's rules decide who may read it (the cable's visibility, the channel's membership). Pending uploads are
// purged after a day.
//
// The content is checked by what it is, not by what its name says (libmagic): only common office, image and text
// types are accepted, and a name whose extension contradicts the content is refused. It is stored encrypted
// (crypto::FieldCipher, bound to the attachment's id) with its SHA-256, checked again on every read.
//
// Thread-safety: plain values.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace chancery::attachments {

// What owns an attachment once claimed.
enum class OwnerKind { kCable, kMessage };
const char* OwnerKindName(OwnerKind kind);  // "cable", "message"

// A claimed attachment's owner: a cable (id), or a message (channel id and seq).
struct Owner {
  OwnerKind kind = OwnerKind::kCable;
  std::int64_t id = 0;
  std::int64_t seq = 0;  // messages only
  bool operator==(const Owner&) const = default;
};

struct Attachment {
  std::int64_t id = 0;
  std::int64_t uploaded_by = 0;
  std::string filename;    // as uploaded, made safe (no path, no control characters)
  std::string media_type;  // as detected from the content
  std::int64_t size_bytes = 0;
  std::string sha256;  // hex, of the content
  std::int64_t created_at_ms = 0;
  std::optional<Owner> owner;  // nullopt while pending
};

// An attachment with its decrypted content.
struct AttachmentContent {
  Attachment attachment;
  std::string bytes;
};

struct AttachmentOptions {
  std::int64_t max_bytes = 25LL * 1024 * 1024;       // per file (`attachments.max_bytes`)
  std::int64_t pending_ttl_ms = 24LL * 3600 * 1000;  // unclaimed uploads are purged after this
  int max_pending_per_user = 50;                     // uploads not yet claimed
};

inline constexpr std::size_t kMaxPerOwner = 20;  // attachments on one cable or message
inline constexpr std::size_t kMaxFilenameBytes = 200;

}  // namespace chancery::attachments
