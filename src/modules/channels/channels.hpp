// Channels: real-time conversations between staff, per unit, per topic, and direct messages. This header is the
// module's public face.
//
// Every message has a per-channel sequence number (1, 2, 3 ... in commit order, without gaps), so a client that
// knows the last seq it holds for each channel can always be brought up to date, and can tell a duplicate from a
// new message. Edits and deletions keep every earlier text (channel_message_versions).
//
// Thread-safety: plain values.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "modules/attachments/attachments.hpp"

namespace chancery::channels {

enum class ChannelKind { kUnit, kTopic, kDirect };
enum class MemberRole { kOwner, kMember };

const char* ChannelKindName(ChannelKind kind);  // "unit", "topic", "direct"
std::optional<ChannelKind> ParseChannelKind(std::string_view name);
const char* MemberRoleName(MemberRole role);  // "owner", "member"
std::optional<MemberRole> ParseMemberRole(std::string_view name);

struct Channel {
  std::int64_t id = 0;
  ChannelKind kind = ChannelKind::kTopic;
  std::string name;
  std::optional<std::int64_t> unit_id;  // unit channels
  std::int64_t created_by = 0;
  std::int64_t created_at_ms = 0;
  std::int64_t last_seq = 0;
};

struct Member {
  std::int64_t user_id = 0;
  MemberRole role = MemberRole::kMember;
  std::int64_t joined_at_ms = 0;
  std::int64_t last_read_seq = 0;
};

struct Message {
  std::int64_t channel_id = 0;
  std::int64_t seq = 0;
  std::int64_t author_id = 0;
  std::string body;                        // empty once deleted
  std::optional<std::int64_t> thread_seq;  // a reply to that message
  bool announcement = false;
  std::vector<std::int64_t> mentions;  // members named as @username
  std::int64_t created_at_ms = 0;
  std::optional<std::int64_t> edited_at_ms;
  std::optional<std::int64_t> deleted_at_ms;
  std::int64_t deleted_by = 0;
  std::vector<std::int64_t> seen_by;                 // announcements only
  std::vector<attachments::Attachment> attachments;  // none once deleted
};

struct MessageVersion {
  int version = 0;
  std::string body;
  std::int64_t replaced_at_ms = 0;
  std::int64_t replaced_by = 0;
};

inline constexpr std::size_t kMaxMessageLength = 20000;  // bytes
inline constexpr int kMaxReplay = 500;                   // messages per channel replayed on a resume

// The bus subject a channel's events travel on: "channels.<id>.<event>" with event "message", "edited",
// "deleted" or "members".
std::string ChannelSubject(std::int64_t channel_id, std::string_view event);

}  // namespace chancery::channels
