#include "modules/channels/channels_store.hpp"

#include "storage/sql_text.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <utility>

namespace chancery::channels {
namespace {

using storage::Row;
using storage::Rows;
using storage::Transaction;
using storage::Value;

constexpr const char* kChannelColumns =
    "SELECT id, kind, name, unit_id, created_by, created_at, last_seq FROM channels";
constexpr const char* kMessageColumns =
    "SELECT channel_id, seq, author_id, body, thread_seq, announcement, mentions, created_at, edited_at, deleted_at, "
    "deleted_by FROM channel_messages";

Channel ChannelFromRow(const Row& row, std::size_t at = 0) {
  Channel channel;
  channel.id = row.Int(at);
  channel.kind = ParseChannelKind(row.Text(at + 1)).value_or(ChannelKind::kTopic);
  channel.name = row.Text(at + 2);
  channel.unit_id = row.OptionalInt(at + 3);
  channel.created_by = row.Int(at + 4);
  channel.created_at_ms = row.Int(at + 5);
  channel.last_seq = row.Int(at + 6);
  return channel;
}

Message MessageFromRow(const Row& row) {
  Message message;
  message.channel_id = row.Int(0);
  message.seq = row.Int(1);
  message.author_id = row.Int(2);
  message.body = row.Text(3);
  message.thread_seq = row.OptionalInt(4);
  message.announcement = row.Bool(5);
  message.mentions = storage::SplitIds(row.Text(6));
  message.created_at_ms = row.Int(7);
  message.edited_at_ms = row.OptionalInt(8);
  message.deleted_at_ms = row.OptionalInt(9);
  message.deleted_by = row.Int(10);
  return message;
}

Status LoadSeen(Transaction& transaction, Message& message) {
  if (!message.announcement) return Status::Ok();
  CHANCERY_ASSIGN_OR_RETURN(Rows rows,
                            transaction.Query("SELECT user_id FROM channel_message_seen WHERE channel_id = ? "
                                              "AND seq = ? ORDER BY seen_at, user_id",
                                              {message.channel_id, message.seq}));
  for (const Row& row : rows) message.seen_by.push_back(row.Int(0));
  return Status::Ok();
}

}  // namespace

const char* ChannelKindName(ChannelKind kind) {
  switch (kind) {
    case ChannelKind::kUnit: return "unit";
    case ChannelKind::kTopic: return "topic";
    case ChannelKind::kDirect: return "direct";
  }
  return "topic";
}

std::optional<ChannelKind> ParseChannelKind(std::string_view name) {
  if (name == "unit") return ChannelKind::kUnit;
  if (name == "topic") return ChannelKind::kTopic;
  if (name == "direct") return ChannelKind::kDirect;
  return std::nullopt;
}

const char* MemberRoleName(MemberRole role) { return role == MemberRole::kOwner ? "owner" : "member"; }

std::optional<MemberRole> ParseMemberRole(std::string_view name) {
  if (name == "owner") return MemberRole::kOwner;
  if (name == "member") return MemberRole::kMember;
  return std::nullopt;
}

std::string ChannelSubject(std::int64_t channel_id, std::string_view event) {
  return "channels." + std::to_string(channel_id) + "." + std::string(event);
}

Result<std::int64_t> ChannelsStore::InsertChannel(Transaction& transaction, const Channel& channel,
                                                  const std::optional<std::string>& direct_key) {
  CHANCERY_ASSIGN_OR_RETURN(
      Row row, transaction.QueryOne("INSERT INTO channels (kind, name, unit_id, direct_key, created_by, created_at) "
                                    "VALUES (?, ?, ?, ?, ?, ?) RETURNING id",
                                    {ChannelKindName(channel.kind), channel.name, storage::Nullable(channel.unit_id),
                                     storage::Nullable(direct_key), channel.created_by, channel.created_at_ms}));
  return row.Int(0);
}

Result<std::optional<Channel>> ChannelsStore::FindChannel(Transaction& transaction, std::int64_t channel_id) {
  CHANCERY_ASSIGN_OR_RETURN(std::optional<Row> row,
                            transaction.QueryOptional(std::string(kChannelColumns) + " WHERE id = ?", {channel_id}));
  if (!row) return std::optional<Channel>();
  return std::optional<Channel>(ChannelFromRow(*row));
}

Result<std::optional<Channel>> ChannelsStore::FindUnitChannel(Transaction& transaction, std::int64_t unit_id) {
  CHANCERY_ASSIGN_OR_RETURN(
      std::optional<Row> row,
      transaction.QueryOptional(std::string(kChannelColumns) + " WHERE kind = 'unit' AND unit_id = ?", {unit_id}));
  if (!row) return std::optional<Channel>();
  return std::optional<Channel>(ChannelFromRow(*row));
}

Result<std::optional<Channel>> ChannelsStore::FindDirect(Transaction& transaction, const std::string& direct_key) {
  CHANCERY_ASSIGN_OR_RETURN(
      std::optional<Row> row,
      transaction.QueryOptional(std::string(kChannelColumns) + " WHERE direct_key = ?", {direct_key}));
  if (!row) return std::optional<Channel>();
  return std::optional<Channel>(ChannelFromRow(*row));
}

Result<bool> ChannelsStore::AddMember(Transaction& transaction, std::int64_t channel_id, const Member& member) {
  CHANCERY_ASSIGN_OR_RETURN(
      std::int64_t changed,
      transaction.Execute(
          "INSERT INTO channel_members (channel_id, user_id, role, joined_at, last_read_seq) VALUES "
          "(?, ?, ?, ?, ?) ON CONFLICT (channel_id, user_id) DO NOTHING",
          {channel_id, member.user_id, MemberRoleName(member.role), member.joined_at_ms, member.last_read_seq}));
  return changed > 0;
}

Result<bool> ChannelsStore::RemoveMember(Transaction& transaction, std::int64_t channel_id, std::int64_t user_id) {
  CHANCERY_ASSIGN_OR_RETURN(
      std::int64_t changed,
      transaction.Execute("DELETE FROM channel_members WHERE channel_id = ? AND user_id = ?", {channel_id, user_id}));
  return changed > 0;
}

Result<std::vector<Member>> ChannelsStore::Members(Transaction& transaction, std::int64_t channel_id) {
  CHANCERY_ASSIGN_OR_RETURN(Rows rows,
                            transaction.Query("SELECT user_id, role, joined_at, last_read_seq FROM "
                                              "channel_members WHERE channel_id = ? ORDER BY joined_at, user_id",
                                              {channel_id}));
  std::vector<Member> members;
  for (const Row& row : rows) {
    members.push_back({row.Int(0), ParseMemberRole(row.Text(1)).value_or(MemberRole::kMember), row.Int(2), row.Int(3)});
  }
  return members;
}

Result<std::optional<Member>> ChannelsStore::MemberOf(Transaction& transaction, std::int64_t channel_id,
                                                      std::int64_t user_id) {
  CHANCERY_ASSIGN_OR_RETURN(std::optional<Row> row,
                            transaction.QueryOptional("SELECT user_id, role, joined_at, last_read_seq FROM "
                                                      "channel_members WHERE channel_id = ? AND user_id = ?",
                                                      {channel_id, user_id}));
  if (!row) return std::optional<Member>();
  return std::optional<Member>(
      Member{row->Int(0), ParseMemberRole(row->Text(1)).value_or(MemberRole::kMember), row->Int(2), row->Int(3)});
}

Result<std::vector<MembershipRow>> ChannelsStore::ChannelsOf(Transaction& transaction, std::int64_t user_id) {
  CHANCERY_ASSIGN_OR_RETURN(
      Rows rows,
      transaction.Query("SELECT c.id, c.kind, c.name, c.unit_id, c.created_by, c.created_at, c.last_seq, m.role, "
                        "m.joined_at, m.last_read_seq, (SELECT COUNT(*) FROM channel_members n WHERE n.channel_id = "
                        "c.id) FROM channels c JOIN channel_members m ON m.channel_id = c.id WHERE m.user_id = ? "
                        "ORDER BY c.id",
                        {user_id}));
  std::vector<MembershipRow> memberships;
  for (const Row& row : rows) {
    memberships.push_back(
        {ChannelFromRow(row),
         Member{user_id, ParseMemberRole(row.Text(7)).value_or(MemberRole::kMember), row.Int(8), row.Int(9)},
         row.Int(10)});
  }
  return memberships;
}

Result<std::vector<std::pair<std::int64_t, std::int64_t>>> ChannelsStore::Positions(Transaction& transaction,
                                                                                    std::int64_t user_id) {
  CHANCERY_ASSIGN_OR_RETURN(Rows rows,
                            transaction.Query("SELECT c.id, c.last_seq FROM channels c JOIN channel_members m "
                                              "ON m.channel_id = c.id WHERE m.user_id = ? ORDER BY c.id",
                                              {user_id}));
  std::vector<std::pair<std::int64_t, std::int64_t>> positions;
  for (const Row& row : rows) positions.emplace_back(row.Int(0), row.Int(1));
  return positions;
}

Status ChannelsStore::MarkRead(Transaction& transaction, std::int64_t channel_id, std::int64_t user_id,
                               std::int64_t seq) {
  return transaction
      .Execute(
          "UPDATE channel_members SET last_read_seq = ? WHERE channel_id = ? AND user_id = ? AND last_read_seq < ?",
          {seq, channel_id, user_id, seq})
      .status();
}

Result<std::int64_t> ChannelsStore::NextSeq(Transaction& transaction, std::int64_t channel_id) {
  CHANCERY_ASSIGN_OR_RETURN(Row row, transaction.QueryOne("UPDATE channels SET last_seq = last_seq + 1 WHERE id = ? "
                                                          "RETURNING last_seq",
                                                          {channel_id}));
  return row.Int(0);
}

Status ChannelsStore::InsertMessage(Transaction& transaction, const Message& message) {
  return transaction
      .Execute(
          "INSERT INTO channel_messages (channel_id, seq, author_id, body, thread_seq, announcement, mentions, "
          "created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
          {message.channel_id, message.seq, message.author_id, message.body, storage::Nullable(message.thread_seq),
           static_cast<std::int64_t>(message.announcement), storage::JoinIds(message.mentions), message.created_at_ms})
      .status();
}

Result<std::optional<Message>> ChannelsStore::FindMessage(Transaction& transaction, std::int64_t channel_id,
                                                          std::int64_t seq) {
  CHANCERY_ASSIGN_OR_RETURN(
      std::optional<Row> row,
      transaction.QueryOptional(std::string(kMessageColumns) + " WHERE channel_id = ? AND seq = ?", {channel_id, seq}));
  if (!row) return std::optional<Message>();
  Message message = MessageFromRow(*row);
  CHANCERY_TRY(LoadSeen(transaction, message));
  return std::optional<Message>(std::move(message));
}

Result<std::vector<Message>> ChannelsStore::Messages(Transaction& transaction, std::int64_t channel_id,
                                                     std::int64_t after, std::int64_t before, int limit, bool newest) {
  std::string sql = std::string(kMessageColumns) + " WHERE channel_id = ? AND seq > ?";
  std::vector<Value> params = {channel_id, after};
  if (before > 0) {
    sql += " AND seq < ?";
    params.emplace_back(before);
  }
  sql += newest ? " ORDER BY seq DESC LIMIT ?" : " ORDER BY seq LIMIT ?";
  params.emplace_back(static_cast<std::int64_t>(limit));
  CHANCERY_ASSIGN_OR_RETURN(Rows rows, transaction.Query(sql, params));
  std::vector<Message> messages;
  for (const Row& row : rows) {
    messages.push_back(MessageFromRow(row));
    CHANCERY_TRY(LoadSeen(transaction, messages.back()));
  }
  if (newest) std::reverse(messages.begin(), messages.end());
  return messages;
}

Status ChannelsStore::ReplaceBody(Transaction& transaction, const Message& current, const std::string& body,
                                  std::int64_t by, std::int64_t now_ms, bool deleted) {
  CHANCERY_ASSIGN_OR_RETURN(Row version,
                            transaction.QueryOne("SELECT COALESCE(MAX(version), 0) + 1 FROM "
                                                 "channel_message_versions WHERE channel_id = ? AND seq = ?",
                                                 {current.channel_id, current.seq}));
  CHANCERY_TRY(transaction
                   .Execute("INSERT INTO channel_message_versions (channel_id, seq, version, body, replaced_at, "
                            "replaced_by) VALUES (?, ?, ?, ?, ?, ?)",
                            {current.channel_id, current.seq, version.Int(0), current.body, now_ms, by})
                   .status());
  if (deleted) {
    return transaction
        .Execute(
            "UPDATE channel_messages SET body = '', deleted_at = ?, deleted_by = ? WHERE channel_id = ? AND seq = ?",
            {now_ms, by, current.channel_id, current.seq})
        .status();
  }
  return transaction
      .Execute("UPDATE channel_messages SET body = ?, edited_at = ? WHERE channel_id = ? AND seq = ?",
               {body, now_ms, current.channel_id, current.seq})
      .status();
}

Result<std::vector<MessageVersion>> ChannelsStore::Versions(Transaction& transaction, std::int64_t channel_id,
                                                            std::int64_t seq) {
  CHANCERY_ASSIGN_OR_RETURN(Rows rows, transaction.Query("SELECT version, body, replaced_at, replaced_by FROM "
                                                         "channel_message_versions WHERE channel_id = ? AND seq = ? "
                                                         "ORDER BY version",
                                                         {channel_id, seq}));
  std::vector<MessageVersion> versions;
  for (const Row& row : rows) {
    versions.push_back({static_cast<int>(row.Int(0)), row.Text(1), row.Int(2), row.Int(3)});
  }
  return versions;
}

Result<bool> ChannelsStore::MarkSeen(Transaction& transaction, std::int64_t channel_id, std::int64_t seq,
                                     std::int64_t user_id, std::int64_t now_ms) {
  CHANCERY_ASSIGN_OR_RETURN(std::int64_t changed,
                            transaction.Execute("INSERT INTO channel_message_seen (channel_id, seq, user_id, seen_at) "
                                                "VALUES (?, ?, ?, ?) ON CONFLICT (channel_id, seq, user_id) DO NOTHING",
                                                {channel_id, seq, user_id, now_ms}));
  return changed > 0;
}

}  // namespace chancery::channels
