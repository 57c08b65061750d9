// chancery::testing::MinistryTest: a CipherDbTest (key ring, field cipher, audit log) with the ministry set up as
// the services see it: the demo directory (units, jurisdictions) in the unit tree, the authorizer and the identity
// service; helpers name units by code, create staff with a role, and put someone on a unit's duty roster.
//
//   class CablesEscalationTest : public chancery::testing::MinistryTest { ... };
//   CHANCERY_DB_TEST_SUITE(CablesEscalationTest);
//
// A fixture that overrides SetUp calls MinistryTest::SetUp first and returns if IsSkipped() || HasFatalFailure().
#pragma once

#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "modules/directory/directory_module.hpp"
#include "modules/directory/directory_service.hpp"
#include "modules/identity/identity_service.hpp"
#include "support/cipher_db_test.hpp"

namespace chancery::testing {

class MinistryTest : public CipherDbTest {
 protected:
  void SetUp() override {
    CipherDbTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    tree_ = std::make_shared<directory::UnitTree>();
    authorizer_ = std::make_unique<identity::Authorizer>(tree_, [this](std::int64_t id) { return tree_->IsHq(id); });
    identity_ = std::make_unique<identity::SqlIdentityService>(db(), clock(), *cipher_, *audit_, *authorizer_);
    directory_ = std::make_unique<directory::DirectoryService>(db(), clock(), *audit_, *identity_, tree_);
    auto imported = directory_->ImportCsv(directory::DemoUnitsCsv(), directory::ImportMode::kAllOrNothing, {});
    ASSERT_TRUE(imported.ok() && imported->committed) << imported.status().ToString();
  }

  // The id of the demo unit with this code (0 if there is none).
  std::int64_t Unit(const std::string& code) { return tree_->IdOfCode(code).value_or(0); }

  // A real account at `unit` holding `role` there, signed in with MFA just now.
  Principal Person(const std::string& username, const std::string& unit, const std::string& role,
                   const std::string& locale = "en") {
    identity::NewUser user{.username = username,
                           .display_name = username,
                           .unit_id = Unit(unit),
                           .email = username + "@mofa.test",
                           .locale = locale};
    auto created = identity_->CreateUser(user, {});
    EXPECT_TRUE(created.ok()) << created.status().ToString();
    auto grant = identity_->GrantRole(created->id, role, Unit(unit), false, {});
    EXPECT_TRUE(grant.ok()) << grant.status().ToString();
    Principal principal;
    principal.user_id = created->id;
    principal.username = username;
    principal.grants = {*grant};
    principal.mfa_verified = true;
    principal.mfa_verified_at_ms = clock().NowMs();
    return principal;
  }

  // `person` as the unit's primary duty officer from an hour ago for a week.
  void OnCall(const std::string& unit, const Principal& person) {
    directory::RosterEntry entry{.user_id = person.user_id,
                                 .role = directory::RosterRole::kPrimary,
                                 .starts_at_ms = clock().NowMs() - 3600 * 1000,
                                 .ends_at_ms = clock().NowMs() + 7 * 24 * 3600 * 1000};
    auto roster = directory_->ReplaceRoster(Unit(unit), {entry}, {});
    ASSERT_TRUE(roster.ok()) << roster.status().ToString();
  }

  std::shared_ptr<directory::UnitTree> tree_;
  std::unique_ptr<identity::Authorizer> authorizer_;
  std::unique_ptr<identity::SqlIdentityService> identity_;
  std::unique_ptr<directory::DirectoryService> directory_;
};

}  // namespace chancery::testing
