// Unit tests of the role table, the Authorizer and the grant rules.
#include <gtest/gtest.h>

#include <algorithm>

#include "modules/identity/authz.hpp"
#include "modules/identity/fake_hierarchy_for_test.hpp"
#include "modules/identity/grant_rules.hpp"

namespace chancery::identity {
namespace {

using namespace ::chancery::identity::testing;  // NOLINT(google-build-using-namespace): test fixtures

class AuthzTest : public ::testing::Test {
 protected:
  Authorizer authorizer_{MakeFakeHierarchy(), &IsFakeHqUnit};
};

TEST_F(AuthzTest, RoleTableMatchesTheDocumentedRoles) {
  ASSERT_EQ(Roles().size(), 8u);
  EXPECT_EQ(FindRole("system_admin")->permissions.size(), 23u);
  EXPECT_TRUE(FindRole("system_admin")->mfa_required_by_default);
  EXPECT_TRUE(FindRole("head_of_mission")->mfa_required_by_default);
  EXPECT_FALSE(FindRole("analyst")->mfa_required_by_default);
  EXPECT_TRUE(FindRole("hq_leadership")->hq_only);
  EXPECT_TRUE(FindRole("hq_desk_officer")->hq_only);
  EXPECT_FALSE(FindRole("head_of_mission")->hq_only);
  EXPECT_EQ(FindRole("viewer")->permissions, std::vector<Permission>{Permission::kDirectoryRead});
  EXPECT_EQ(FindRole("head_of_mission")->permissions.size(), 22u);
  // Citizens abroad: consular officers keep the registry and send alerts; the head of mission also exports and
  // approves; press officers and analysts see no citizen.
  const auto holds = [](const char* role, Permission permission) {
    const auto& permissions = FindRole(role)->permissions;
    return std::find(permissions.begin(), permissions.end(), permission) != permissions.end();
  };
  EXPECT_TRUE(holds("consular_officer", Permission::kCitizensWrite));
  EXPECT_TRUE(holds("consular_officer", Permission::kAlertsSend));
  EXPECT_FALSE(holds("consular_officer", Permission::kCitizensExport));
  EXPECT_FALSE(holds("consular_officer", Permission::kAlertsApprove));
  EXPECT_TRUE(holds("head_of_mission", Permission::kAlertsApprove));
  EXPECT_FALSE(holds("press_officer", Permission::kCitizensRead));
  EXPECT_FALSE(holds("analyst", Permission::kCitizensRead));
  // The monitor: everyone who handles cables reads it; analysts and heads of mission run their unit's sources.
  for (const char* role : {"consular_officer", "press_officer", "analyst", "hq_desk_officer", "hq_leadership"}) {
    const auto& permissions = FindRole(role)->permissions;
    EXPECT_NE(std::find(permissions.begin(), permissions.end(), Permission::kMonitorRead), permissions.end()) << role;
  }
  const auto& analyst = FindRole("analyst")->permissions;
  EXPECT_NE(std::find(analyst.begin(), analyst.end(), Permission::kMonitorSources), analyst.end());
  const auto& consul = FindRole("consular_officer")->permissions;
  EXPECT_EQ(std::find(consul.begin(), consul.end(), Permission::kMonitorQueries), consul.end());
  // Clearances: a person is cleared by their highest role; administrators do not read SECRET traffic.
  EXPECT_EQ(FindRole("hq_leadership")->clearance, Clearance::kSecret);
  EXPECT_EQ(FindRole("system_admin")->clearance, Clearance::kConfidential);
  EXPECT_EQ(FindRole("consular_officer")->clearance, Clearance::kRestricted);
  EXPECT_EQ(FindRole("viewer")->clearance, Clearance::kUnclassified);
  EXPECT_EQ(ClearanceOf(PrincipalWith(5, {{1, "viewer", kParis, false}, {2, "head_of_mission", kTokyo, false}})),
            Clearance::kSecret);
  EXPECT_EQ(FindRole("nobody"), nullptr);
  for (const char* name : {"directory_read", "roles_grant", "cable_release", "monitor_sources", "system_admin"}) {
    EXPECT_STREQ(PermissionName(*ParsePermission(name)), name);
  }
  EXPECT_FALSE(ParsePermission("root").has_value());
}

TEST_F(AuthzTest, GrantOnAUnitDoesNotReachItsChildren) {
  const Principal principal = PrincipalWith(5, {{1, "head_of_mission", kParis, false}});
  EXPECT_TRUE(authorizer_.Allowed(principal, Permission::kUsersManage, kParis));
  EXPECT_FALSE(authorizer_.Allowed(principal, Permission::kUsersManage, kMarseille));
  EXPECT_FALSE(authorizer_.Allowed(principal, Permission::kUsersManage, kTokyo));
  EXPECT_FALSE(authorizer_.Allowed(principal, Permission::kSystemAdmin, kParis));
}

TEST_F(AuthzTest, SubtreeGrantReachesDescendantsButNotSiblingsOrParents) {
  const Principal principal = PrincipalWith(5, {{1, "head_of_mission", kParis, true}});
  EXPECT_TRUE(authorizer_.Allowed(principal, Permission::kUsersManage, kMarseille));
  EXPECT_TRUE(authorizer_.AllowedOnSubtree(principal, Permission::kUsersManage, kMarseille));
  EXPECT_FALSE(authorizer_.Allowed(principal, Permission::kUsersManage, kRoot));
  EXPECT_FALSE(authorizer_.Allowed(principal, Permission::kUsersManage, kTokyo));
  const Status denied = authorizer_.Check(principal, Permission::kUsersManage, kTokyo);
  EXPECT_EQ(denied.code(), StatusCode::kPermissionDenied);
  EXPECT_NE(denied.message().find("users_manage"), std::string::npos);
}

TEST_F(AuthzTest, ApiTokensAreNarrowedToTheirScopes) {
  Principal principal = PrincipalWith(5, {{1, "head_of_mission", kParis, false}});
  principal.method = AuthMethod::kApiToken;
  principal.token_scopes = {"staff_read"};
  EXPECT_TRUE(authorizer_.Allowed(principal, Permission::kStaffRead, kParis));
  EXPECT_FALSE(authorizer_.Allowed(principal, Permission::kUsersManage, kParis));
  EXPECT_FALSE(authorizer_.HeldAnywhere(principal, Permission::kUsersManage));
  // A scope does not add what the grants lack.
  principal.token_scopes = {"system_admin"};
  EXPECT_FALSE(authorizer_.Allowed(principal, Permission::kSystemAdmin, kParis));
}

TEST_F(AuthzTest, ScopeOfExpandsSubtreesAndSeesRootGrantsAsEverywhere) {
  const std::vector<std::int64_t> all = {kRoot, kConsularDepartment, kParis, kMarseille, kTokyo};
  const Principal mission = PrincipalWith(5, {{1, "consular_officer", kParis, true}});
  const Authorizer::Scope scope = authorizer_.ScopeOf(mission, Permission::kStaffRead, all);
  EXPECT_FALSE(scope.everywhere);
  EXPECT_EQ(scope.unit_ids, (std::vector<std::int64_t>{kParis, kMarseille}));
  const Principal admin = PrincipalWith(6, {{2, "system_admin", kRoot, true}});
  EXPECT_TRUE(authorizer_.ScopeOf(admin, Permission::kAuditRead, all).everywhere);
  const Principal root_only = PrincipalWith(7, {{3, "hq_leadership", kRoot, false}});
  EXPECT_FALSE(authorizer_.ScopeOf(root_only, Permission::kAuditRead, all).everywhere);
}

TEST_F(AuthzTest, HqUnitsComeFromThePredicateOrDefaultToTheRoot) {
  EXPECT_TRUE(authorizer_.IsHqUnit(kConsularDepartment));
  EXPECT_FALSE(authorizer_.IsHqUnit(kParis));
  const Authorizer root_only(MakeFakeHierarchy());
  EXPECT_TRUE(root_only.IsHqUnit(kRoot));
  EXPECT_FALSE(root_only.IsHqUnit(kConsularDepartment));
}

TEST_F(AuthzTest, GrantRulesRefuseEscalation) {
  const Principal head = PrincipalWith(5, {{1, "head_of_mission", kParis, false}});
  EXPECT_TRUE(CheckGrantAllowed(authorizer_, &head, "analyst", kParis, false).ok());
  EXPECT_TRUE(CheckGrantAllowed(authorizer_, &head, "head_of_mission", kParis, false).ok());
  // Another mission.
  EXPECT_EQ(CheckGrantAllowed(authorizer_, &head, "analyst", kTokyo, false).code(), StatusCode::kPermissionDenied);
  // A subtree grant needs the actor's rights over the subtree.
  const Status subtree = CheckGrantAllowed(authorizer_, &head, "analyst", kParis, true);
  EXPECT_EQ(subtree.reason(), "privilege_escalation");
  // system_admin only from a system_admin; hq_only roles only on HQ units.
  const Status admin = CheckGrantAllowed(authorizer_, &head, "system_admin", kParis, false);
  EXPECT_EQ(admin.code(), StatusCode::kInvalidArgument);  // hq_only is checked first: Paris is a mission
  const Principal leader = PrincipalWith(6, {{2, "head_of_mission", kConsularDepartment, false}});
  EXPECT_EQ(CheckGrantAllowed(authorizer_, &leader, "system_admin", kConsularDepartment, false).reason(),
            "system_admin_only");
  EXPECT_TRUE(CheckGrantAllowed(authorizer_, &leader, "hq_leadership", kConsularDepartment, false).ok());
  // A token limited to roles_grant cannot hand out staff_read.
  Principal token = head;
  token.method = AuthMethod::kApiToken;
  token.token_scopes = {"roles_grant"};
  EXPECT_EQ(CheckGrantAllowed(authorizer_, &token, "analyst", kParis, false).reason(), "privilege_escalation");
  EXPECT_EQ(CheckGrantAllowed(authorizer_, nullptr, "hq_desk_officer", kTokyo, false).reason(), "hq_only_role");
  EXPECT_EQ(CheckGrantAllowed(authorizer_, nullptr, "nobody", kTokyo, false).field(), "/role");
  EXPECT_EQ(CheckGrantAllowed(authorizer_, nullptr, "viewer", 999, false).field(), "/unit_id");
}

TEST_F(AuthzTest, OnlyASystemAdminRevokesSystemAdmin) {
  const Principal head = PrincipalWith(5, {{1, "head_of_mission", kRoot, true}});
  EXPECT_EQ(CheckRevokeAllowed(authorizer_, &head, {9, "system_admin", kRoot, true}).reason(), "system_admin_only");
  EXPECT_TRUE(CheckRevokeAllowed(authorizer_, &head, {9, "analyst", kTokyo, false}).ok());
  const Principal admin = PrincipalWith(6, {{2, "system_admin", kRoot, true}});
  EXPECT_TRUE(CheckRevokeAllowed(authorizer_, &admin, {9, "system_admin", kRoot, true}).ok());
}

}  // namespace
}  // namespace chancery::identity
