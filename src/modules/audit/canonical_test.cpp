// Unit tests for the hash chain's canonical form (canonical.hpp); the format is a published contract (README.md).
#include "modules/audit/canonical.hpp"

#include <gtest/gtest.h>

#include "core/crypto.hpp"

namespace chancery::audit {
namespace {

AuditEntry SampleEntry() {
  AuditEntry entry;
  entry.seq = 42;
  entry.at_ms = 1764322500123;
  entry.event.actor_user_id = 7;
  entry.event.actor = "nguyen.van.a";
  entry.event.action = "role.granted";
  entry.event.unit_id = 12;
  entry.event.target_type = "user";
  entry.event.target_id = "19";
  entry.event.outcome = "success";
  entry.event.detail_json = R"({"role":"viewer","unit_id":12})";
  entry.event.remote_address = "203.0.113.9";
  entry.event.request_id = "req-1";
  return entry;
}

TEST(CanonicalJsonTest, SortsKeysRecursivelyAndDropsWhitespace) {
  Result<std::string> a = CanonicalJson(R"({ "b": 1, "a": {"z": [ {"y":2, "x":1} ], "c": null} })");
  ASSERT_TRUE(a.ok()) << a.status().ToString();
  EXPECT_EQ(*a, R"({"a":{"c":null,"z":[{"x":1,"y":2}]},"b":1})");
}

TEST(CanonicalJsonTest, IsStableAcrossKeyOrder) {
  Result<std::string> first = CanonicalDetail(R"({"role":"viewer","unit_id":12,"note":"tết"})");
  Result<std::string> second = CanonicalDetail(R"({"note":"tết", "unit_id":12, "role":"viewer"})");
  ASSERT_TRUE(first.ok() && second.ok());
  EXPECT_EQ(*first, *second);
  // Canonicalising twice changes nothing, which Verify relies on.
  EXPECT_EQ(*CanonicalDetail(*first), *first);
}

TEST(CanonicalJsonTest, EscapesOnlyWhatJsonRequires) {
  EXPECT_EQ(JsonQuote("a\"b\\c\nd\x01 Hà Nội"), "\"a\\\"b\\\\c\\nd\\u0001 Hà Nội\"");
}

TEST(CanonicalJsonTest, RejectsDetailThatIsNotAnObject) {
  EXPECT_EQ(CanonicalDetail("[1,2]").status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(CanonicalDetail("{\"a\":").status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(CanonicalDetail("").status().code(), StatusCode::kInvalidArgument);
}

TEST(CanonicalFormTest, ListsEveryStoredFieldInOrder) {
  EXPECT_EQ(CanonicalForm(SampleEntry()),
            R"([42,1764322500123,7,"nguyen.van.a","role.granted",12,"user","19","success",)"
            R"({"role":"viewer","unit_id":12},"203.0.113.9","req-1"])");
  AuditEntry without_unit = SampleEntry();
  without_unit.event.unit_id.reset();
  EXPECT_NE(CanonicalForm(without_unit).find(R"("role.granted",null,"user")"), std::string::npos);
}

TEST(CanonicalFormTest, HashChainsThePreviousHash) {
  ASSERT_TRUE(crypto::InitCrypto().ok());
  std::string canonical = CanonicalForm(SampleEntry());
  std::string hash = ChainHash(kGenesisHash, canonical);
  EXPECT_EQ(hash, crypto::Sha256Hex(std::string(kGenesisHash) + "\n" + canonical));
  EXPECT_EQ(hash.size(), 64u);
  EXPECT_NE(hash, ChainHash(hash, canonical));
}

TEST(CanonicalFormTest, EveryFieldChangesTheHash) {
  const std::string base = CanonicalForm(SampleEntry());
  auto changed = [&](auto mutate) {
    AuditEntry entry = SampleEntry();
    mutate(entry);
    return CanonicalForm(entry) != base;
  };
  EXPECT_TRUE(changed([](AuditEntry& e) { e.seq = 43; }));
  EXPECT_TRUE(changed([](AuditEntry& e) { e.at_ms += 1; }));
  EXPECT_TRUE(changed([](AuditEntry& e) { e.event.actor_user_id = 8; }));
  EXPECT_TRUE(changed([](AuditEntry& e) { e.event.actor = "x"; }));
  EXPECT_TRUE(changed([](AuditEntry& e) { e.event.action = "role.revoked"; }));
  EXPECT_TRUE(changed([](AuditEntry& e) { e.event.unit_id = 13; }));
  EXPECT_TRUE(changed([](AuditEntry& e) { e.event.target_type = "unit"; }));
  EXPECT_TRUE(changed([](AuditEntry& e) { e.event.target_id = "20"; }));
  EXPECT_TRUE(changed([](AuditEntry& e) { e.event.outcome = "failure"; }));
  EXPECT_TRUE(changed([](AuditEntry& e) { e.event.detail_json = "{}"; }));
  EXPECT_TRUE(changed([](AuditEntry& e) { e.event.remote_address = "::1"; }));
  EXPECT_TRUE(changed([](AuditEntry& e) { e.event.request_id = "req-2"; }));
}

TEST(ActionNameTest, AcceptsLowerCaseDottedNamesOnly) {
  EXPECT_TRUE(ValidateActionName("auth.login").ok());
  EXPECT_TRUE(ValidateActionName("auth.login_failed").ok());
  EXPECT_TRUE(ValidateActionName("personal_data.read").ok());
  EXPECT_FALSE(ValidateActionName("auth").ok());
  EXPECT_FALSE(ValidateActionName("Auth.Login").ok());
  EXPECT_FALSE(ValidateActionName("auth..login").ok());
  EXPECT_FALSE(ValidateActionName("auth.login.").ok());
  EXPECT_FALSE(ValidateActionName(".auth").ok());
  EXPECT_FALSE(ValidateActionName("auth.1login").ok());
  EXPECT_FALSE(ValidateActionName("auth.log in").ok());
  EXPECT_FALSE(ValidateActionName("").ok());
}

TEST(ActionNameTest, FilterAcceptsPrefixes) {
  EXPECT_TRUE(ValidateActionFilter("auth.").ok());
  EXPECT_TRUE(ValidateActionFilter("auth.login").ok());
  EXPECT_FALSE(ValidateActionFilter("auth").ok());
  EXPECT_FALSE(ValidateActionFilter("auth%").ok());
  EXPECT_FALSE(ValidateActionFilter("").ok());
}

TEST(ValidateEventTest, ChecksOutcomeAndReturnsCanonicalDetail) {
  AuditEvent event = SampleEntry().event;
  event.detail_json = R"({"unit_id":12, "role":"viewer"})";
  Result<std::string> detail = ValidateEvent(event);
  ASSERT_TRUE(detail.ok());
  EXPECT_EQ(*detail, R"({"role":"viewer","unit_id":12})");
  event.outcome = "ok";
  EXPECT_EQ(ValidateEvent(event).status().code(), StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace chancery::audit
