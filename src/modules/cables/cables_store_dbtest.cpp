// CablesStore on every engine: a draft round-trips whole, versions guard against lost updates, release numbers
// count per unit and year, boxes select what they promise, and the database itself refuses to change or delete a
// transmitted cable.
#include "modules/cables/cables_store.hpp"

#include <gtest/gtest.h>

#include "support/db_test.hpp"

namespace chancery::cables {
namespace {

class CablesStoreTest : public testing::DbTest {
 protected:
  Cable Draft(std::int64_t unit_id, std::int64_t drafter, Classification classification = Classification::kRestricted) {
    Cable cable;
    cable.originating_unit_id = unit_id;
    cable.drafter_user_id = drafter;
    cable.subject = "Visit of the delegation";
    cable.body = "Programme attached.";
    cable.tags = {"PREL", "visit"};
    cable.precedence = Precedence::kImmediate;
    cable.classification = classification;
    cable.captions = {Caption::kExdis};
    cable.addressees = {{.role = AddresseeRole::kAction, .kind = AddresseeKind::kUnit, .unit_id = 20, .niact = true},
                        {.role = AddresseeRole::kInfo, .kind = AddresseeKind::kCollective, .collective = "region:asia"},
                        {.role = AddresseeRole::kInfo, .kind = AddresseeKind::kUser, .user_id = 7}};
    cable.created_at_ms = cable.updated_at_ms = clock().NowMs();
    return cable;
  }

  std::int64_t Insert(const Cable& cable) {
    std::int64_t id = 0;
    Status status = db().Write("test.insert", [&](storage::Transaction& transaction) -> Status {
      CHANCERY_ASSIGN_OR_RETURN(id, store_.Insert(transaction, cable));
      return Status::Ok();
    });
    EXPECT_TRUE(status.ok()) << status.ToString();
    return id;
  }

  Cable Find(std::int64_t id) {
    std::optional<Cable> cable;
    Status status = db().Read("test.find", [&](storage::Transaction& transaction) -> Status {
      CHANCERY_ASSIGN_OR_RETURN(cable, store_.Find(transaction, id));
      return Status::Ok();
    });
    EXPECT_TRUE(status.ok()) << status.ToString();
    EXPECT_TRUE(cable.has_value());
    return cable.value_or(Cable{});
  }

  // Clears (state only) and transmits `id` to units 20 (action, with a deadline) and 30 (info).
  void Transmit(std::int64_t id, const std::string& reference) {
    Status status = db().Write("test.transmit", [&](storage::Transaction& transaction) -> Status {
      CHANCERY_ASSIGN_OR_RETURN(std::optional<Cable> cable, store_.Find(transaction, id));
      CHANCERY_TRY(store_.SetState(transaction, id, cable->version, CableState::kCleared, std::nullopt, 1));
      ++cable->version;
      return store_.Transmit(
          transaction, *cable, reference, 99, clock().NowMs(),
          {{.unit_id = 20, .role = AddresseeRole::kAction, .deadline_at_ms = clock().NowMs() + 600000},
           {.unit_id = 30, .role = AddresseeRole::kInfo}},
          {});
    });
    ASSERT_TRUE(status.ok()) << status.ToString();
  }

  std::vector<std::int64_t> Box(const ListQuery& query) {
    std::vector<Cable> cables;
    Status status = db().Read("test.list", [&](storage::Transaction& transaction) -> Status {
      CHANCERY_ASSIGN_OR_RETURN(cables, store_.List(transaction, query));
      return Status::Ok();
    });
    EXPECT_TRUE(status.ok()) << status.ToString();
    std::vector<std::int64_t> ids;
    for (const Cable& cable : cables) ids.push_back(cable.id);
    return ids;
  }

  CablesStore store_;
};
CHANCERY_DB_TEST_SUITE(CablesStoreTest);

TEST_P(CablesStoreTest, ADraftRoundTripsWhole) {
  Cable draft = Draft(10, 5);
  const std::int64_t earlier = Insert(Draft(10, 5));
  draft.references = {earlier};
  const std::int64_t id = Insert(draft);
  Cable found = Find(id);
  EXPECT_EQ(found.state, CableState::kDraft);
  EXPECT_EQ(found.subject, draft.subject);
  EXPECT_EQ(found.tags, draft.tags);
  EXPECT_EQ(found.precedence, Precedence::kImmediate);
  EXPECT_EQ(found.classification, Classification::kRestricted);
  EXPECT_EQ(found.captions, draft.captions);
  EXPECT_EQ(found.addressees, draft.addressees);
  EXPECT_EQ(found.references, std::vector<std::int64_t>{earlier});
  EXPECT_EQ(found.version, 1);
  EXPECT_TRUE(found.reference.empty());
}

TEST_P(CablesStoreTest, AStaleVersionIsAConflictNotALostUpdate) {
  Cable cable = Find(Insert(Draft(10, 5)));
  cable.subject = "First edit";
  ASSERT_TRUE(db().Write("test.edit",
                         [&](storage::Transaction& transaction) { return store_.UpdateContent(transaction, cable, 2); })
                  .ok());
  cable.subject = "Edit from a stale copy";
  Status stale = db().Write(
      "test.edit", [&](storage::Transaction& transaction) { return store_.UpdateContent(transaction, cable, 3); });
  EXPECT_EQ(stale.code(), StatusCode::kConflict);
  EXPECT_EQ(Find(cable.id).subject, "First edit");
  EXPECT_EQ(Find(cable.id).version, 2);
}

TEST_P(CablesStoreTest, ReleaseNumbersCountPerUnitAndYear) {
  std::vector<std::int64_t> numbers;
  ASSERT_TRUE(
      db().Write("test.sequence",
                 [&](storage::Transaction& transaction) -> Status {
                   for (auto [unit, year] : {std::pair{10, 2026}, {10, 2026}, {11, 2026}, {10, 2027}, {10, 2026}}) {
                     CHANCERY_ASSIGN_OR_RETURN(std::int64_t number, store_.NextSequence(transaction, unit, year));
                     numbers.push_back(number);
                   }
                   return Status::Ok();
                 })
          .ok());
  EXPECT_EQ(numbers, (std::vector<std::int64_t>{1, 2, 1, 1, 3}));
}

TEST_P(CablesStoreTest, TheDatabaseRefusesToChangeOrDeleteATransmittedCable) {
  const std::int64_t id = Insert(Draft(10, 5));
  Transmit(id, "EMB-FR-2026-000001");
  Cable cable = Find(id);
  EXPECT_EQ(cable.state, CableState::kTransmitted);
  EXPECT_EQ(cable.reference, "EMB-FR-2026-000001");
  ASSERT_EQ(cable.recipients.size(), 2u);
  EXPECT_EQ(cable.recipients[0].unit_id, 20);
  EXPECT_TRUE(cable.recipients[0].deadline_at_ms.has_value());
  EXPECT_FALSE(cable.recipients[1].deadline_at_ms.has_value());

  Status edit = db().Write("test.tamper", [&](storage::Transaction& transaction) {
    return transaction.Execute("UPDATE cables SET subject = 'Rewritten' WHERE id = ?", {id}).status();
  });
  EXPECT_FALSE(edit.ok());
  Status erase = db().Write("test.tamper", [&](storage::Transaction& transaction) {
    return transaction.Execute("DELETE FROM cables WHERE id = ?", {id}).status();
  });
  EXPECT_FALSE(erase.ok());
  EXPECT_EQ(Find(id).subject, "Visit of the delegation");
  // Delivery state lives beside it and still moves: receipt, then acknowledgement, each recorded once.
  Result<bool> first = false;
  Result<bool> again = false;
  ASSERT_TRUE(db().Write("test.ack",
                         [&](storage::Transaction& transaction) -> Status {
                           first = store_.Acknowledge(transaction, id, 20, 42, clock().NowMs());
                           again = store_.Acknowledge(transaction, id, 20, 43, clock().NowMs());
                           return Status::Ok();
                         })
                  .ok());
  EXPECT_TRUE(first.ok() && *first);
  EXPECT_TRUE(again.ok() && !*again);
  EXPECT_EQ(Find(id).recipients[0].acknowledged_by, 42);
  EXPECT_EQ(Find(id).recipients[0].received_by, 42);
}

TEST_P(CablesStoreTest, BoxesSelectByUnitClearerAndClassification) {
  const std::int64_t restricted = Insert(Draft(10, 5));
  const std::int64_t secret = Insert(Draft(10, 5, Classification::kSecret));
  const std::int64_t other_unit = Insert(Draft(11, 6));
  Transmit(restricted, "A-2026-000001");
  Transmit(secret, "A-2026-000002");
  ASSERT_TRUE(db().Write("test.clearers",
                         [&](storage::Transaction& transaction) {
                           return store_.ReplaceClearers(
                               transaction, other_unit,
                               {{.user_id = 8, .requested_at_ms = 1}, {.user_id = 9, .requested_at_ms = 1}});
                         })
                  .ok());
  ASSERT_TRUE(db().Write("test.submit",
                         [&](storage::Transaction& transaction) {
                           return store_.SetState(transaction, other_unit, 1, CableState::kInClearance,
                                                  ClearanceRule::kAny, 2);
                         })
                  .ok());
  const std::vector<Classification> all = {Classification::kUnclassified, Classification::kRestricted,
                                           Classification::kConfidential, Classification::kSecret};
  const std::vector<Classification> restricted_only = {Classification::kUnclassified, Classification::kRestricted};

  EXPECT_EQ(Box({.box = Box::kInbox, .user_id = 1, .unit_ids = std::vector<std::int64_t>{20}, .classifications = all}),
            (std::vector<std::int64_t>{secret, restricted}));
  EXPECT_EQ(Box({.box = Box::kInbox,
                 .user_id = 1,
                 .unit_ids = std::vector<std::int64_t>{30},
                 .classifications = restricted_only}),
            std::vector<std::int64_t>{restricted});
  EXPECT_TRUE(Box({.box = Box::kInbox, .user_id = 1, .unit_ids = std::vector<std::int64_t>{40}, .classifications = all})
                  .empty());
  // Named individual addressees (user 7) see it in their inbox whatever their unit.
  EXPECT_EQ(Box({.box = Box::kInbox, .user_id = 7, .unit_ids = std::vector<std::int64_t>{}, .classifications = all}),
            (std::vector<std::int64_t>{secret, restricted}));
  EXPECT_EQ(Box({.box = Box::kSent, .user_id = 1, .unit_ids = std::nullopt, .classifications = all}),
            (std::vector<std::int64_t>{secret, restricted}));
  EXPECT_EQ(Box({.box = Box::kClearance, .user_id = 9, .classifications = all}), std::vector<std::int64_t>{other_unit});
  EXPECT_TRUE(Box({.box = Box::kClearance, .user_id = 5, .classifications = all}).empty());
  EXPECT_EQ(Box({.box = Box::kDrafts, .user_id = 6, .unit_ids = std::vector<std::int64_t>{}, .classifications = all}),
            std::vector<std::int64_t>{other_unit});
  EXPECT_EQ(
      Box({.box = Box::kSent, .user_id = 1, .unit_ids = std::nullopt, .classifications = all, .before_id = secret}),
      std::vector<std::int64_t>{restricted});
}

}  // namespace
}  // namespace chancery::cables
