// ChannelsStore: the channels module's SQL (one text for SQLite and PostgreSQL). Stores what it is given; the
// rules live in ChannelsService.
//
// Contract: every call runs in the caller's transaction. NextSeq increments the channel's counter with a single
// UPDATE, which holds the channel row until commit (PostgreSQL) or runs under the one writer (SQLite): two posts
// to a channel never get the same seq, and seqs commit in order.
//
// Thread-safety: stateless; safe for concurrent use.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/status.hpp"
#include "modules/channels/channels.hpp"
#include "storage/database.hpp"

namespace chancery::channels {

struct MembershipRow {
  Channel channel;
  Member member;
  std::int64_t member_count = 0;
};

class ChannelsStore {
 public:
  Result<std::int64_t> InsertChannel(storage::Transaction& transaction, const Channel& channel,
                                     const std::optional<std::string>& direct_key);
  Result<std::optional<Channel>> FindChannel(storage::Transaction& transaction, std::int64_t channel_id);
  Result<std::optional<Channel>> FindUnitChannel(storage::Transaction& transaction, std::int64_t unit_id);
  Result<std::optional<Channel>> FindDirect(storage::Transaction& transaction, const std::string& direct_key);

  // True when added (false: already a member).
  Result<bool> AddMember(storage::Transaction& transaction, std::int64_t channel_id, const Member& member);
  Result<bool> RemoveMember(storage::Transaction& transaction, std::int64_t channel_id, std::int64_t user_id);
  Result<std::vector<Member>> Members(storage::Transaction& transaction, std::int64_t channel_id);
  Result<std::optional<Member>> MemberOf(storage::Transaction& transaction, std::int64_t channel_id,
                                         std::int64_t user_id);
  Result<std::vector<MembershipRow>> ChannelsOf(storage::Transaction& transaction, std::int64_t user_id);
  // The user's channels and where each stands (id → last_seq), without counting members: for the live stream.
  Result<std::vector<std::pair<std::int64_t, std::int64_t>>> Positions(storage::Transaction& transaction,
                                                                       std::int64_t user_id);
  Status MarkRead(storage::Transaction& transaction, std::int64_t channel_id, std::int64_t user_id, std::int64_t seq);

  Result<std::int64_t> NextSeq(storage::Transaction& transaction, std::int64_t channel_id);
  Status InsertMessage(storage::Transaction& transaction, const Message& message);
  Result<std::optional<Message>> FindMessage(storage::Transaction& transaction, std::int64_t channel_id,
                                             std::int64_t seq);
  // Messages with after < seq < before (before 0: no bound), ascending by seq, at most `limit`; with `newest`,
  // the last `limit` of that range (still ascending).
  Result<std::vector<Message>> Messages(storage::Transaction& transaction, std::int64_t channel_id, std::int64_t after,
                                        std::int64_t before, int limit, bool newest = false);
  // Keeps the current text as a version, then sets the new one (empty and marked deleted with `deleted`).
  Status ReplaceBody(storage::Transaction& transaction, const Message& current, const std::string& body,
                     std::int64_t by, std::int64_t now_ms, bool deleted);
  Result<std::vector<MessageVersion>> Versions(storage::Transaction& transaction, std::int64_t channel_id,
                                               std::int64_t seq);
  Result<bool> MarkSeen(storage::Transaction& transaction, std::int64_t channel_id, std::int64_t seq,
                        std::int64_t user_id, std::int64_t now_ms);
};

}  // namespace chancery::channels
