// AttachmentsService on every engine: uploads are checked and stored encrypted; a pending upload is its
// uploader's alone until a draft or message claims it; an owner's set of attachments is replaced exactly; a
// damaged row is refused rather than served; unclaimed uploads are purged; key rotation re-encrypts contents.
#include "modules/attachments/attachments_service.hpp"

#include <gtest/gtest.h>

#include "support/cipher_db_test.hpp"

namespace chancery::attachments {
namespace {

// The value, or `fallback` when the call failed (the comparison then fails showing the fallback).
template <typename T, typename U>
T ValueOr(const Result<T>& result, U fallback) {
  return result.ok() ? *result : T(fallback);
}

const std::string kPdf = "%PDF-1.4\n1 0 obj <</Type /Catalog>> endobj\ntrailer <</Root 1 0 R>>\n%%EOF\n";

class AttachmentsServiceTest : public testing::CipherDbTest {
 protected:
  void SetUp() override {
    CipherDbTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    service_ = std::make_unique<AttachmentsService>(db(), clock(), *audit_, *cipher_,
                                                    AttachmentOptions{.max_bytes = 4096, .max_pending_per_user = 3});
    lan_.user_id = 7;
    lan_.username = "lan";
    minh_.user_id = 8;
    minh_.username = "minh";
  }

  identity::ActionContext As(const Principal& principal) { return {.actor = &principal}; }

  Status Attach(const std::vector<std::int64_t>& ids, const Principal& by, const Owner& owner) {
    return db().Write("test.attach", [&](storage::Transaction& transaction) {
      return service_->Attach(transaction, ids, by.user_id, owner);
    });
  }
  std::vector<Attachment> ListOf(OwnerKind kind, std::int64_t owner_id) {
    std::vector<Attachment> found;
    EXPECT_TRUE(db().Read("test.list",
                          [&](storage::Transaction& transaction) -> Status {
                            CHANCERY_ASSIGN_OR_RETURN(found, service_->List(transaction, kind, owner_id));
                            return Status::Ok();
                          })
                    .ok());
    return found;
  }
  Result<AttachmentContent> Open(std::int64_t id, OwnerKind kind, std::int64_t owner_id) {
    return storage::ReadValue(db(), "test.open", [&](storage::Transaction& transaction) {
      return service_->Open(transaction, id, kind, owner_id);
    });
  }
  std::string StoredCiphertext(std::int64_t id) {
    Result<std::string> stored =
        storage::ReadValue(db(), "test.stored", [&](storage::Transaction& transaction) -> Result<std::string> {
          CHANCERY_ASSIGN_OR_RETURN(
              storage::Row row,
              transaction.QueryOne("SELECT ciphertext FROM attachment_contents WHERE attachment_id = ?", {id}));
          return row.Text(0);
        });
    return ValueOr(stored, "");
  }

  std::unique_ptr<AttachmentsService> service_;
  Principal lan_;
  Principal minh_;
};
CHANCERY_DB_TEST_SUITE(AttachmentsServiceTest);

TEST_P(AttachmentsServiceTest, StoresTheFileEncryptedAndGivesItBackIntact) {
  const std::string text = "Danh sách công dân tại Hải Phòng\n";
  auto uploaded = service_->Upload("danh-sach.txt", text, As(lan_));
  ASSERT_TRUE(uploaded.ok()) << uploaded.status().ToString();
  EXPECT_EQ(uploaded->media_type, "text/plain");
  EXPECT_EQ(uploaded->size_bytes, static_cast<std::int64_t>(text.size()));
  EXPECT_EQ(uploaded->sha256, crypto::Sha256Hex(text));
  const std::string stored = StoredCiphertext(uploaded->id);
  EXPECT_TRUE(stored.starts_with("v1.")) << stored;
  EXPECT_EQ(stored.find("Hải Phòng"), std::string::npos);
  auto back = service_->ReadPending(uploaded->id, As(lan_));
  ASSERT_TRUE(back.ok()) << back.status().ToString();
  EXPECT_EQ(back->bytes, text);
  // Someone else's pending upload does not exist for them.
  EXPECT_EQ(service_->ReadPending(uploaded->id, As(minh_)).status().code(), StatusCode::kNotFound);
  EXPECT_EQ(service_->DeletePending(uploaded->id, As(minh_)).code(), StatusCode::kNotFound);
}

TEST_P(AttachmentsServiceTest, RefusesEmptyOversizedAndUnacceptedFilesAndTooManyPendingUploads) {
  EXPECT_EQ(service_->Upload("a.txt", "", As(lan_)).status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(service_->Upload("a.txt", std::string(4097, 'a'), As(lan_)).status().reason(), "payload_too_large");
  EXPECT_EQ(service_->Upload("a.html", "<!DOCTYPE html><html><body>x</body></html>", As(lan_)).status().reason(),
            "unsupported_media_type");
  for (int i = 0; i < 3; ++i) ASSERT_TRUE(service_->Upload("r.pdf", kPdf, As(lan_)).ok());
  EXPECT_EQ(service_->Upload("r.pdf", kPdf, As(lan_)).status().code(), StatusCode::kResourceExhausted);
  EXPECT_TRUE(service_->Upload("r.pdf", kPdf, As(minh_)).ok()) << "the limit is per uploader";
}

TEST_P(AttachmentsServiceTest, AnOwnerClaimsOnlyItsActorsUploadsAndItsSetIsReplacedExactly) {
  auto first = service_->Upload("a.pdf", kPdf, As(lan_));
  auto second = service_->Upload("b.pdf", kPdf, As(lan_));
  auto foreign = service_->Upload("c.pdf", kPdf, As(minh_));
  ASSERT_TRUE(first.ok() && second.ok() && foreign.ok());
  const Owner cable{.kind = OwnerKind::kCable, .id = 42};
  Status refused = Attach({first->id, foreign->id}, lan_, cable);
  EXPECT_EQ(refused.code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(refused.field(), "/attachments/1");
  EXPECT_TRUE(ListOf(OwnerKind::kCable, 42).empty()) << "a refused claim leaves nothing half done";
  ASSERT_TRUE(Attach({second->id, first->id}, lan_, cable).ok());
  auto listed = ListOf(OwnerKind::kCable, 42);
  ASSERT_EQ(listed.size(), 2u);
  EXPECT_EQ(listed[0].id, second->id) << "in the order the owner gave";
  EXPECT_EQ(listed[1].id, first->id);
  // Claimed: no longer pending, and not claimable by another owner.
  EXPECT_EQ(service_->ReadPending(first->id, As(lan_)).status().code(), StatusCode::kNotFound);
  EXPECT_FALSE(Attach({first->id}, lan_, {.kind = OwnerKind::kCable, .id = 43}).ok());
  // Keeping one drops the other for good.
  ASSERT_TRUE(Attach({second->id}, lan_, cable).ok());
  auto kept = ListOf(OwnerKind::kCable, 42);
  ASSERT_EQ(kept.size(), 1u);
  EXPECT_EQ(kept[0].id, second->id);
  EXPECT_EQ(Open(first->id, OwnerKind::kCable, 42).status().code(), StatusCode::kNotFound);
  auto opened = Open(second->id, OwnerKind::kCable, 42);
  ASSERT_TRUE(opened.ok()) << opened.status().ToString();
  EXPECT_EQ(opened->bytes, kPdf);
  // Another owner's id, or another kind, finds nothing.
  EXPECT_EQ(Open(second->id, OwnerKind::kCable, 43).status().code(), StatusCode::kNotFound);
  EXPECT_EQ(Open(second->id, OwnerKind::kMessage, 42).status().code(), StatusCode::kNotFound);
  std::vector<std::int64_t> too_many(kMaxPerOwner + 1, second->id);
  EXPECT_EQ(Attach(too_many, lan_, cable).code(), StatusCode::kInvalidArgument);
}

TEST_P(AttachmentsServiceTest, ADamagedOrMovedContentIsRefusedNotServed) {
  auto one = service_->Upload("a.pdf", kPdf, As(lan_));
  auto two = service_->Upload("b.pdf", kPdf + "more", As(lan_));
  ASSERT_TRUE(one.ok() && two.ok());
  // Copy the second file's ciphertext onto the first: it is bound to its own row and does not decrypt there.
  ASSERT_TRUE(db().Write("test.tamper",
                         [&](storage::Transaction& transaction) {
                           return transaction
                               .Execute("UPDATE attachment_contents SET ciphertext = ? WHERE attachment_id = ?",
                                        {StoredCiphertext(two->id), one->id})
                               .status();
                         })
                  .ok());
  EXPECT_EQ(service_->ReadPending(one->id, As(lan_)).status().code(), StatusCode::kInternal);
  EXPECT_TRUE(service_->ReadPending(two->id, As(lan_)).ok());
}

TEST_P(AttachmentsServiceTest, UnclaimedUploadsArePurgedAfterADay) {
  auto old_upload = service_->Upload("a.pdf", kPdf, As(lan_));
  auto claimed = service_->Upload("b.pdf", kPdf, As(lan_));
  ASSERT_TRUE(old_upload.ok() && claimed.ok());
  ASSERT_TRUE(Attach({claimed->id}, lan_, {.kind = OwnerKind::kMessage, .id = 5, .seq = 9}).ok());
  clock().Advance(23LL * 3600 * 1000);
  auto fresh = service_->Upload("c.pdf", kPdf, As(lan_));
  ASSERT_TRUE(fresh.ok());
  EXPECT_EQ(ValueOr(service_->PurgePending(), -1), 0);
  clock().Advance(2LL * 3600 * 1000);
  EXPECT_EQ(ValueOr(service_->PurgePending(), -1), 1);
  EXPECT_EQ(service_->ReadPending(old_upload->id, As(lan_)).status().code(), StatusCode::kNotFound);
  EXPECT_TRUE(service_->ReadPending(fresh->id, As(lan_)).ok());
  EXPECT_EQ(ListOf(OwnerKind::kMessage, 5).size(), 1u);
}

TEST_P(AttachmentsServiceTest, KeyRotationReencryptsEveryContentOnce) {
  auto one = service_->Upload("a.pdf", kPdf, As(lan_));
  auto two = service_->Upload("b.txt", "hello", As(lan_));
  ASSERT_TRUE(one.ok() && two.ok());
  const std::string new_key = crypto::AddKey(ring_);
  cipher_->ReplaceKeyRing(ring_);
  EXPECT_EQ(ValueOr(service_->Reencrypt(), -1), 2);
  EXPECT_EQ(crypto::FieldCipher::KeyIdOf(StoredCiphertext(one->id)), new_key);
  EXPECT_EQ(ValueOr(service_->Reencrypt(), -1), 0);
  EXPECT_EQ(service_->ReadPending(one->id, As(lan_)).value().bytes, kPdf);
  EXPECT_EQ(service_->ReadPending(two->id, As(lan_)).value().bytes, "hello");
}

}  // namespace
}  // namespace chancery::attachments
