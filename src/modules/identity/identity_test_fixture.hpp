// IdentityDbTest: a DbTest (every engine) with a field cipher, an audit log, the fake unit tree and the account
// service, for the identity *_dbtest.cpp files.
//
// Thread-safety: as any gtest fixture, used from the test's thread.
#pragma once

#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "core/crypto.hpp"
#include "modules/audit/audit.hpp"
#include "modules/identity/fake_hierarchy_for_test.hpp"
#include "modules/identity/identity_service.hpp"
#include "support/db_test.hpp"

namespace chancery::identity::testing {

// This namespace hides ::chancery::testing from code in chancery::identity that writes `testing::DbTest`; the alias
// keeps such code working.
using DbTest = ::chancery::testing::DbTest;

class IdentityDbTest : public ::chancery::testing::DbTest {
 protected:
  void SetUp() override {
    DbTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    ASSERT_TRUE(crypto::InitCrypto().ok());
    ring_.blind_index_key = crypto::RandomBytes(32);
    crypto::AddKey(ring_);
    cipher_ = std::make_unique<crypto::FieldCipher>(ring_);
    audit_ = std::make_unique<audit::AuditLog>(db(), clock());
    service_ = std::make_unique<SqlIdentityService>(db(), clock(), *cipher_, *audit_, authorizer_);
  }

  // Creates an account as the system; fails the test if it cannot.
  UserRecord MakeUser(const std::string& username, std::int64_t unit_id, const std::string& email = "") {
    NewUser user;
    user.username = username;
    user.display_name = "User " + username;
    user.unit_id = unit_id;
    user.email = email;
    Result<UserRecord> created = service_->CreateUser(user, {});
    EXPECT_TRUE(created.ok()) << created.status().ToString();
    return created.ok() ? *created : UserRecord{};
  }

  // How many audit entries carry this action.
  std::size_t CountAudit(const std::string& action) {
    audit::AuditFilter filter;
    filter.action = action;
    filter.limit = 500;
    Result<std::vector<audit::AuditEntry>> entries = audit_->Search(filter);
    EXPECT_TRUE(entries.ok()) << entries.status().ToString();
    return entries.ok() ? entries->size() : 0;
  }

  Authorizer authorizer_{MakeFakeHierarchy(), &IsFakeHqUnit};
  crypto::KeyRing ring_;
  std::unique_ptr<crypto::FieldCipher> cipher_;
  std::unique_ptr<audit::AuditLog> audit_;
  std::unique_ptr<SqlIdentityService> service_;
};

}  // namespace chancery::identity::testing
