// AuditLog on both engines: appending under concurrency, tamper detection by Verify, pruning, search and scoping.
// Tampering is done with direct SQL, as an attacker with database access would.
#include <gtest/gtest.h>

#include <atomic>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "core/crypto.hpp"
#include "modules/audit/audit.hpp"
#include "modules/audit/audit_tailer.hpp"
#include "support/db_test.hpp"

namespace chancery::audit {
namespace {

class AuditLogTest : public testing::DbTest {
 protected:
  void SetUp() override {
    DbTest::SetUp();
    ASSERT_TRUE(crypto::InitCrypto().ok());
  }

  AuditEvent Event(std::string action, std::optional<std::int64_t> unit_id = std::nullopt,
                   std::string actor = "alice") {
    AuditEvent event;
    event.actor_user_id = actor == "alice" ? 1 : 2;
    event.actor = std::move(actor);
    event.action = std::move(action);
    event.unit_id = unit_id;
    event.target_type = "user";
    event.target_id = "9";
    event.detail_json = R"({"z":1,"a":"x"})";
    event.remote_address = "192.0.2.1";
    event.request_id = "r1";
    return event;
  }

  // Appends `count` entries, one millisecond apart.
  void AppendMany(AuditLog& log, int count) {
    for (int i = 0; i < count; ++i) {
      ASSERT_TRUE(log.Append(Event("user.updated", i % 2 == 0 ? std::optional<std::int64_t>(10) : 20)).ok());
      clock().Advance(1);
    }
  }

  void Sql(std::string_view sql, const std::vector<storage::Value>& params = {}) {
    ASSERT_TRUE(db().Write("test.tamper",
                           [&](storage::Transaction& transaction) { return transaction.Execute(sql, params).status(); })
                    .ok());
  }

  VerifyReport MustVerify(AuditLog& log) {
    Result<VerifyReport> report = log.Verify();
    EXPECT_TRUE(report.ok()) << report.status().ToString();
    return report.ok() ? *report : VerifyReport{};
  }
};
CHANCERY_DB_TEST_SUITE(AuditLogTest);

TEST_P(AuditLogTest, EmptyLogVerifies) {
  AuditLog log(db(), clock());
  VerifyReport report = MustVerify(log);
  EXPECT_TRUE(report.intact);
  EXPECT_EQ(report.entries_checked, 0);
}

TEST_P(AuditLogTest, ConcurrentAppendsFormOneContiguousChain) {
  AuditLog log(db(), clock());
  constexpr int kThreads = 4;
  constexpr int kPerThread = 25;
  std::vector<std::thread> threads;
  std::atomic<int> failures = 0;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kPerThread; ++i) {
        AuditEvent event = Event("auth.login", std::nullopt, t % 2 == 0 ? "alice" : "bob");
        event.request_id = "t" + std::to_string(t) + "-" + std::to_string(i);
        if (!log.Append(event).ok()) ++failures;
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  ASSERT_EQ(failures.load(), 0);

  VerifyReport report = MustVerify(log);
  EXPECT_TRUE(report.intact) << report.problem;
  EXPECT_EQ(report.entries_checked, kThreads * kPerThread);
  Result<std::int64_t> head = log.HeadSeq();
  ASSERT_TRUE(head.ok());
  EXPECT_EQ(*head, kThreads * kPerThread);
  Result<std::vector<AuditEntry>> all = log.After(0, 1000);
  ASSERT_TRUE(all.ok());
  std::set<std::string> request_ids;
  for (std::size_t i = 0; i < all->size(); ++i) {
    EXPECT_EQ((*all)[i].seq, static_cast<std::int64_t>(i) + 1);
    request_ids.insert((*all)[i].event.request_id);
  }
  EXPECT_EQ(request_ids.size(), static_cast<std::size_t>(kThreads * kPerThread));
}

TEST_P(AuditLogTest, AppendRollsBackWithTheCallersTransaction) {
  AuditLog log(db(), clock());
  Status failed = db().Write("test.action", [&](storage::Transaction& transaction) -> Status {
    CHANCERY_TRY(log.Append(transaction, Event("unit.updated", 10)));
    return Conflict("the action failed after auditing");
  });
  EXPECT_EQ(failed.code(), StatusCode::kConflict);
  ASSERT_TRUE(log.Append(Event("unit.updated", 10)).ok());
  EXPECT_EQ(*log.HeadSeq(), 1);
  EXPECT_TRUE(MustVerify(log).intact);
}

TEST_P(AuditLogTest, AppendValidatesTheEventAndStoresCanonicalDetail) {
  AuditLog log(db(), clock());
  EXPECT_EQ(log.Append(Event("Login")).code(), StatusCode::kInvalidArgument);
  AuditEvent not_object = Event("auth.login");
  not_object.detail_json = "[1]";
  EXPECT_EQ(log.Append(not_object).code(), StatusCode::kInvalidArgument);
  ASSERT_TRUE(log.Append(Event("auth.login")).ok());
  Result<std::vector<AuditEntry>> entries = log.After(0, 10);
  ASSERT_TRUE(entries.ok());
  ASSERT_EQ(entries->size(), 1u);
  EXPECT_EQ(entries->front().event.detail_json, R"({"a":"x","z":1})");
  EXPECT_EQ(entries->front().at_ms, DbTest::kStartMs);
}

TEST_P(AuditLogTest, VerifyNamesAModifiedEntry) {
  AuditLog log(db(), clock());
  AppendMany(log, 50);
  Sql("UPDATE audit_log SET outcome = 'failure' WHERE seq = 42");
  VerifyReport report = MustVerify(log);
  EXPECT_FALSE(report.intact);
  EXPECT_EQ(report.first_bad_seq, 42);
  EXPECT_EQ(report.problem, "entry 42 was modified (hash mismatch)");
  EXPECT_EQ(report.entries_checked, 41);
}

TEST_P(AuditLogTest, VerifyNamesAModifiedDetailEvenWhenOnlyReformatted) {
  AuditLog log(db(), clock());
  AppendMany(log, 5);
  Sql(R"(UPDATE audit_log SET detail = '{"a": "x","z":1}' WHERE seq = 3)");
  VerifyReport report = MustVerify(log);
  EXPECT_EQ(report.first_bad_seq, 3);
  EXPECT_NE(report.problem.find("entry 3 was modified"), std::string::npos) << report.problem;
}

TEST_P(AuditLogTest, VerifyNamesARecomputedEntryByItsSuccessor) {
  AuditLog log(db(), clock());
  AppendMany(log, 50);
  // An attacker who rewrites entry 43 and its hash still breaks the link from entry 44.
  Sql("UPDATE audit_log SET hash = ? WHERE seq = 43", {std::string(64, 'a')});
  Sql("UPDATE audit_log SET previous_hash = ? WHERE seq = 44", {std::string(64, 'b')});
  VerifyReport report = MustVerify(log);
  EXPECT_EQ(report.first_bad_seq, 43);
  EXPECT_EQ(report.problem, "entry 43 was modified (hash mismatch)");
}

TEST_P(AuditLogTest, VerifyNamesAGapWhereAnEntryWasDeleted) {
  AuditLog log(db(), clock());
  AppendMany(log, 50);
  Sql("DELETE FROM audit_log WHERE seq = 43");
  VerifyReport report = MustVerify(log);
  EXPECT_FALSE(report.intact);
  EXPECT_EQ(report.first_bad_seq, 43);
  EXPECT_EQ(report.problem, "entry 43 is missing (sequence jumps from 42 to 44)");
}

TEST_P(AuditLogTest, VerifyCatchesADeletedTail) {
  AuditLog log(db(), clock());
  AppendMany(log, 42);
  Sql("DELETE FROM audit_log WHERE seq > 40");
  VerifyReport report = MustVerify(log);
  EXPECT_FALSE(report.intact);
  EXPECT_EQ(report.first_bad_seq, 41);
  EXPECT_EQ(report.problem, "the log ends at 40 but the head says 42 (entries were deleted)");
}

TEST_P(AuditLogTest, VerifyCatchesSwappedEntries) {
  AuditLog log(db(), clock());
  AppendMany(log, 10);
  // Swap the contents (everything but seq) of entries 4 and 5.
  Sql("UPDATE audit_log SET seq = -5 WHERE seq = 5");
  Sql("UPDATE audit_log SET seq = 5 WHERE seq = 4");
  Sql("UPDATE audit_log SET seq = 4 WHERE seq = -5");
  VerifyReport report = MustVerify(log);
  EXPECT_FALSE(report.intact);
  EXPECT_EQ(report.first_bad_seq, 4);
  EXPECT_EQ(report.problem, "entry 4 was modified (hash mismatch)");
}

TEST_P(AuditLogTest, VerifyWalksMoreThanOneBatch) {
  AuditLog log(db(), clock());
  ASSERT_TRUE(db().Write("test.bulk",
                         [&](storage::Transaction& transaction) -> Status {
                           for (int i = 0; i < 2100; ++i)
                             CHANCERY_TRY(log.Append(transaction, Event("user.updated", 10)));
                           return Status::Ok();
                         })
                  .ok());
  Sql("UPDATE audit_log SET actor = 'mallory' WHERE seq = 2050");
  VerifyReport report = MustVerify(log);
  EXPECT_EQ(report.first_bad_seq, 2050);
  EXPECT_EQ(report.entries_checked, 2049);
}

TEST_P(AuditLogTest, PruneKeepsTheChainVerifiable) {
  AuditLog log(db(), clock());
  AppendMany(log, 30);  // at = start .. start+29
  Result<std::int64_t> deleted = log.Prune(DbTest::kStartMs + 20);
  ASSERT_TRUE(deleted.ok()) << deleted.status().ToString();
  EXPECT_EQ(*deleted, 20);
  VerifyReport report = MustVerify(log);
  EXPECT_TRUE(report.intact) << report.problem;
  EXPECT_EQ(report.entries_checked, 11);  // 21..30 and the audit.pruned entry
  Result<std::vector<AuditEntry>> newest = log.Search(AuditFilter{.limit = 1});
  ASSERT_TRUE(newest.ok());
  EXPECT_EQ(newest->front().event.action, "audit.pruned");

  // Deleting the new first entry is still a gap, and a pruned entry put back is caught.
  Sql("DELETE FROM audit_log WHERE seq = 21");
  EXPECT_EQ(MustVerify(log).problem, "entry 21 is missing (sequence jumps from 20 to 22)");
}

TEST_P(AuditLogTest, PruneRefusesToHideABrokenChain) {
  AuditLog log(db(), clock());
  AppendMany(log, 10);
  Sql("DELETE FROM audit_log WHERE seq = 3");
  EXPECT_EQ(log.Prune(DbTest::kStartMs + 8).status().code(), StatusCode::kFailedPrecondition);
  EXPECT_EQ(log.PruneByRetention(30).status().code(), StatusCode::kInvalidArgument);
}

TEST_P(AuditLogTest, SearchFiltersAndPagesNewestFirst) {
  AuditLog log(db(), clock());
  ASSERT_TRUE(log.Append(Event("auth.login", std::nullopt, "alice")).ok());  // 1
  clock().Advance(1000);
  ASSERT_TRUE(log.Append(Event("auth.login_failed", std::nullopt, "bob")).ok());  // 2
  clock().Advance(1000);
  ASSERT_TRUE(log.Append(Event("role.granted", 10, "alice")).ok());  // 3
  clock().Advance(1000);
  ASSERT_TRUE(log.Append(Event("unit.updated", 20, "bob")).ok());  // 4
  clock().Advance(1000);
  ASSERT_TRUE(log.Append(Event("authx.thing", 20, "bob")).ok());  // 5

  auto seqs = [&](AuditFilter filter) {
    std::vector<std::int64_t> result;
    Result<std::vector<AuditEntry>> entries = log.Search(filter);
    EXPECT_TRUE(entries.ok()) << entries.status().ToString();
    if (entries.ok())
      for (const AuditEntry& entry : *entries) result.push_back(entry.seq);
    return result;
  };
  using Seqs = std::vector<std::int64_t>;
  EXPECT_EQ(seqs({}), (Seqs{5, 4, 3, 2, 1}));
  EXPECT_EQ(seqs({.actor = "alice"}), (Seqs{3, 1}));
  EXPECT_EQ(seqs({.actor_user_id = 2}), (Seqs{5, 4, 2}));
  EXPECT_EQ(seqs({.action = "auth."}), (Seqs{2, 1}));
  EXPECT_EQ(seqs({.action = "auth.login"}), (Seqs{1}));
  EXPECT_EQ(seqs({.unit_ids = std::vector<std::int64_t>{20}}), (Seqs{5, 4}));
  EXPECT_EQ(seqs({.unit_ids = std::vector<std::int64_t>{10}, .unitless = UnitlessEntries::kInclude}), (Seqs{3, 2, 1}));
  EXPECT_EQ(seqs({.unit_ids = std::vector<std::int64_t>{}}), Seqs{});
  EXPECT_EQ(seqs({.unit_ids = std::vector<std::int64_t>{}, .unitless = UnitlessEntries::kInclude}), (Seqs{2, 1}));
  EXPECT_EQ(seqs({.from_ms = DbTest::kStartMs + 1000, .to_ms = DbTest::kStartMs + 3000}), (Seqs{3, 2}));
  EXPECT_EQ(seqs({.before_seq = 4, .limit = 2}), (Seqs{3, 2}));
  EXPECT_EQ(seqs({.before_seq = 2, .limit = 2}), (Seqs{1}));
  EXPECT_EQ(log.Search({.limit = 0}).status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(log.Search({.action = "auth"}).status().code(), StatusCode::kInvalidArgument);
}

TEST_P(AuditLogTest, TailerDeliversEntriesAppendedOnAnotherNode) {
  Result<std::unique_ptr<storage::Database>> peer = OpenPeer();
  ASSERT_TRUE(peer.ok()) << peer.status().ToString();
  AuditLog this_node(db(), clock());
  AuditLog other_node(**peer, clock());
  ASSERT_TRUE(this_node.Append(Event("auth.login")).ok());  // before the feed follows: not delivered

  AuditTailer tailer(this_node);
  std::vector<std::int64_t> received;
  std::uint64_t subscription = tailer.Subscribe([&](const std::vector<AuditEntry>& entries) {
    for (const AuditEntry& entry : entries) received.push_back(entry.seq);
  });
  // Appended before the tailer's first poll, but after Subscribe returned: delivered, not taken for history.
  ASSERT_TRUE(this_node.Append(Event("auth.login")).ok());
  tailer.PollOnce();
  EXPECT_EQ(received, (std::vector<std::int64_t>{2}));
  ASSERT_TRUE(other_node.Append(Event("unit.updated", 10)).ok());
  ASSERT_TRUE(this_node.Append(Event("unit.updated", 20)).ok());
  tailer.PollOnce();
  EXPECT_EQ(received, (std::vector<std::int64_t>{2, 3, 4}));

  tailer.Unsubscribe(subscription);
  ASSERT_TRUE(other_node.Append(Event("unit.updated", 10)).ok());
  tailer.PollOnce();
  EXPECT_EQ(received.size(), 3u);
}

}  // namespace
}  // namespace chancery::audit
