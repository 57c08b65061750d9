// IdentityDbTest: a CipherDbTest (every engine; key ring, field cipher, audit log) with the fake unit tree and the
// account service, for the identity *_dbtest.cpp files.
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
#include "support/cipher_db_test.hpp"

namespace chancery::identity::testing {

// This namespace hides ::chancery::testing from code in chancery::identity that writes `testing::DbTest`; the alias
// keeps such code working.
using DbTest = ::chancery::testing::DbTest;

class IdentityDbTest : public ::chancery::testing::CipherDbTest {
 protected:
  void SetUp() override {
    CipherDbTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
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
  std::unique_ptr<SqlIdentityService> service_;
};

}  // namespace chancery::identity::testing
