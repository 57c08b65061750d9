// ZaloReplies: the zalo_replies rows (see zalo.hpp and migration 0002).
#include "core/crypto.hpp"
#include "modules/zalo/zalo.hpp"
#include "storage/database.hpp"

namespace chancery::zalo {

namespace {
constexpr std::int64_t kKeptMs = 24LL * 3600 * 1000;
}  // namespace

std::string ZaloReplies::UserIndex(std::string_view zalo_user_id) const {
  return cipher_.BlindIndex(zalo_user_id, "zalo_replies.user");
}

Result<std::int64_t> ZaloReplies::Begin(std::int64_t account_id, std::string_view zalo_user_id) {
  const std::int64_t now = clock_.NowMs();
  std::int64_t id = 0;
  CHANCERY_TRY(database_.Write("zalo.reply_begin", [&](storage::Transaction& transaction) -> Status {
    CHANCERY_TRY(transaction.Execute("DELETE FROM zalo_replies WHERE sent_at < ?", {now - kKeptMs}).status());
    CHANCERY_ASSIGN_OR_RETURN(storage::Row row,
                              transaction.QueryOne("INSERT INTO zalo_replies (account_id, user_index, sent_at) "
                                                   "VALUES (?, ?, ?) RETURNING id",
                                                   {account_id, UserIndex(zalo_user_id), now}));
    id = row.Int(0);
    return Status::Ok();
  }));
  return id;
}

Status ZaloReplies::Finish(std::int64_t reply, const delivery::SendOutcome& sent) {
  const bool went = sent.result == delivery::SendResult::kAccepted;
  if (went && sent.provider_message_id.empty()) return Status::Ok();
  return database_.Write("zalo.reply_finish", [&](storage::Transaction& transaction) -> Status {
    if (!went) return transaction.Execute("DELETE FROM zalo_replies WHERE id = ?", {reply}).status();
    return transaction.Execute("UPDATE zalo_replies SET message_id = ? WHERE id = ?", {sent.provider_message_id, reply})
        .status();
  });
}

Result<bool> ZaloReplies::MayBeReply(std::string_view zalo_user_id, std::string_view message_id) {
  const std::int64_t now = clock_.NowMs();
  return storage::ReadValue(database_, "zalo.reply_lookup", [&](storage::Transaction& transaction) -> Result<bool> {
    CHANCERY_ASSIGN_OR_RETURN(
        std::optional<storage::Row> row,
        transaction.QueryOptional("SELECT 1 FROM zalo_replies WHERE message_id = ? OR (user_index = ? AND "
                                  "message_id IS NULL AND sent_at >= ?) LIMIT 1",
                                  {std::string(message_id), UserIndex(zalo_user_id), now - kInFlightMs}));
    return row.has_value();
  });
}

}  // namespace chancery::zalo
