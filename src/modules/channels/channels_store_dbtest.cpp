// ChannelsStore on every engine: concurrent posts to one channel get distinct, gapless seqs; edits and deletions
// keep every earlier text.
#include "modules/channels/channels_store.hpp"

#include <gtest/gtest.h>

#include <thread>

#include "support/db_test.hpp"

namespace chancery::channels {
namespace {

class ChannelsStoreTest : public testing::DbTest {
 protected:
  std::int64_t NewChannel() {
    std::int64_t id = 0;
    EXPECT_TRUE(db().Write("test.channel",
                           [&](storage::Transaction& transaction) -> Status {
                             Channel channel{
                                 .kind = ChannelKind::kTopic, .name = "Ops", .created_by = 1, .created_at_ms = 1};
                             CHANCERY_ASSIGN_OR_RETURN(id, store_.InsertChannel(transaction, channel, std::nullopt));
                             return store_.AddMember(transaction, id, {1, MemberRole::kOwner, 1, 0}).status();
                           })
                    .ok());
    return id;
  }
  Status Post(std::int64_t channel_id, const std::string& body) {
    return db().Write("test.post", [&](storage::Transaction& transaction) -> Status {
      Message message{.channel_id = channel_id, .author_id = 1, .body = body, .created_at_ms = 2};
      CHANCERY_ASSIGN_OR_RETURN(message.seq, store_.NextSeq(transaction, channel_id));
      return store_.InsertMessage(transaction, message);
    });
  }
  std::vector<Message> All(std::int64_t channel_id) {
    std::vector<Message> messages;
    EXPECT_TRUE(db().Read("test.read",
                          [&](storage::Transaction& transaction) -> Status {
                            CHANCERY_ASSIGN_OR_RETURN(messages, store_.Messages(transaction, channel_id, 0, 0, 10000));
                            return Status::Ok();
                          })
                    .ok());
    return messages;
  }
  ChannelsStore store_;
};
CHANCERY_DB_TEST_SUITE(ChannelsStoreTest);

TEST_P(ChannelsStoreTest, ConcurrentPostsGetDistinctGaplessSeqs) {
  const std::int64_t channel = NewChannel();
  constexpr int kThreads = 4;
  constexpr int kEach = 25;
  std::vector<std::thread> posters;
  std::atomic<int> failures = 0;
  for (int t = 0; t < kThreads; ++t) {
    posters.emplace_back([&, t] {
      for (int i = 0; i < kEach; ++i) {
        if (!Post(channel, std::to_string(t) + "/" + std::to_string(i)).ok()) ++failures;
      }
    });
  }
  for (std::thread& poster : posters) poster.join();
  EXPECT_EQ(failures.load(), 0);
  std::vector<Message> messages = All(channel);
  ASSERT_EQ(messages.size(), static_cast<std::size_t>(kThreads * kEach));
  for (std::size_t i = 0; i < messages.size(); ++i) EXPECT_EQ(messages[i].seq, static_cast<std::int64_t>(i + 1));
}

TEST_P(ChannelsStoreTest, EditsAndDeletionsKeepEveryEarlierText) {
  const std::int64_t channel = NewChannel();
  ASSERT_TRUE(Post(channel, "first").ok());
  ASSERT_TRUE(db().Write("test.edit",
                         [&](storage::Transaction& transaction) -> Status {
                           CHANCERY_ASSIGN_OR_RETURN(std::optional<Message> message,
                                                     store_.FindMessage(transaction, channel, 1));
                           CHANCERY_TRY(store_.ReplaceBody(transaction, *message, "second", 1, 3, false));
                           CHANCERY_ASSIGN_OR_RETURN(message, store_.FindMessage(transaction, channel, 1));
                           return store_.ReplaceBody(transaction, *message, "", 1, 4, true);
                         })
                  .ok());
  std::vector<Message> messages = All(channel);
  ASSERT_EQ(messages.size(), 1u);
  EXPECT_EQ(messages[0].body, "");
  EXPECT_EQ(messages[0].deleted_at_ms, 4);
  std::vector<MessageVersion> versions;
  ASSERT_TRUE(db().Read("test.versions",
                        [&](storage::Transaction& transaction) -> Status {
                          CHANCERY_ASSIGN_OR_RETURN(versions, store_.Versions(transaction, channel, 1));
                          return Status::Ok();
                        })
                  .ok());
  ASSERT_EQ(versions.size(), 2u);
  EXPECT_EQ(versions[0].body, "first");
  EXPECT_EQ(versions[1].body, "second");
}

}  // namespace
}  // namespace chancery::channels
