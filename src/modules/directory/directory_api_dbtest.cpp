// The directory's HTTP routes through a real Router: authorisation per route and the JSON shapes.
#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "core/crypto.hpp"
#include "modules/directory/directory_module.hpp"
#include "modules/identity/identity_service.hpp"
#include "support/db_test.hpp"

namespace chancery::directory {
namespace {

class DirectoryApiTest : public testing::DbTest {
 protected:
  void SetUp() override {
    DbTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    ASSERT_TRUE(crypto::InitCrypto().ok());
    tree_ = std::make_shared<UnitTree>();
    audit_ = std::make_unique<audit::AuditLog>(db(), clock());
    authorizer_ = std::make_unique<identity::Authorizer>(tree_);
    cipher_ = std::make_unique<crypto::FieldCipher>(
        crypto::KeyRing{"k1", {{"k1", std::string(32, 'k')}}, std::string(32, 'b')});
    identity_ = std::make_unique<identity::SqlIdentityService>(db(), clock(), *cipher_, *audit_, *authorizer_);
    module_ = std::make_unique<DirectoryModule>(db(), clock(), *audit_, *authorizer_, *identity_, tree_);
    ASSERT_TRUE(module_->ImportUnitsCsv(DemoUnitsCsv(), {}).ok());
    module_->RegisterRoutes(router_);
    router_.SetAuthenticator([this](const net::Request&, net::RouteAccess) -> Result<std::shared_ptr<const Principal>> {
      if (!principal_) return Unauthenticated("no session");
      return principal_;
    });
  }
  void ActAs(const std::string& role, const std::string& unit_code, bool include_subtree) {
    auto principal = std::make_shared<Principal>();
    principal->user_id = 42;
    principal->username = "tester";
    principal->method = AuthMethod::kApiToken;
    principal->grants = {{1, role, tree_->IdOfCode(unit_code).value_or(0), include_subtree}};
    for (const auto& definition : identity::Roles()) {
      if (definition.name != role) continue;
      for (auto permission : definition.permissions) {
        principal->token_scopes.push_back(identity::PermissionName(permission));
      }
    }
    principal_ = principal;
  }
  net::Response Call(net::Method method, const std::string& target, std::string body = {},
                     std::string content_type = "application/json") {
    net::Request request;
    request.method = method;
    request.target = target;
    request.path = target.substr(0, target.find('?'));
    request.query_string = target.find('?') == std::string::npos ? "" : target.substr(target.find('?') + 1);
    request.body = std::move(body);
    if (!request.body.empty()) request.headers.emplace_back("content-type", content_type);
    return router_.Dispatch(request);
  }
  std::string UnitPath(const std::string& code, const std::string& suffix = "") {
    return "/api/v1/units/" + std::to_string(tree_->IdOfCode(code).value_or(0)) + suffix;
  }

  std::shared_ptr<UnitTree> tree_;
  std::unique_ptr<audit::AuditLog> audit_;
  std::unique_ptr<identity::Authorizer> authorizer_;
  std::unique_ptr<crypto::FieldCipher> cipher_;
  std::unique_ptr<identity::SqlIdentityService> identity_;
  std::unique_ptr<DirectoryModule> module_;
  net::Router router_;
  std::shared_ptr<const Principal> principal_;
};
CHANCERY_DB_TEST_SUITE(DirectoryApiTest);

TEST_P(DirectoryApiTest, PublicFactsForAllContactsForTheUnitOnly) {
  EXPECT_EQ(Call(net::Method::kGet, "/api/v1/units").status, 401);
  ActAs("viewer", "EMB-FR", false);
  net::Response list = Call(net::Method::kGet, "/api/v1/units?q=dai%20su%20quan%20viet%20nam%20tai%20phap");
  ASSERT_EQ(list.status, 200) << list.body;
  EXPECT_GE(boost::json::parse(list.body).at("items").as_array().size(), 1u);
  EXPECT_EQ(Call(net::Method::kGet, "/api/v1/units?kind=palace").status, 400);
  net::Response own = Call(net::Method::kGet, UnitPath("EMB-FR"));
  ASSERT_EQ(own.status, 200) << own.body;
  EXPECT_TRUE(boost::json::parse(own.body).as_object().contains("contacts"));
  EXPECT_EQ(Call(net::Method::kGet, UnitPath("EMB-DE")).status, 403);
  EXPECT_EQ(Call(net::Method::kGet, "/api/v1/units/999999").status, 404);
  net::Response countries = Call(net::Method::kGet, "/api/v1/countries");
  ASSERT_EQ(countries.status, 200);
  EXPECT_GT(boost::json::parse(countries.body).at("items").as_array().size(), 240u);
}

TEST_P(DirectoryApiTest, WritesNeedDirectoryWriteAndConflictsAre409) {
  ActAs("head_of_mission", "EMB-DE", false);
  EXPECT_EQ(Call(net::Method::kPatch, UnitPath("EMB-FR"), R"({"city":"Lyon"})").status, 403);
  net::Response edited = Call(net::Method::kPatch, UnitPath("EMB-DE"), R"({"city":"Berlin-Mitte"})");
  ASSERT_EQ(edited.status, 200) << edited.body;
  net::Response taken =
      Call(net::Method::kPatch, UnitPath("EMB-DE"), R"({"jurisdiction":[{"country":"FR","primary":true}]})");
  EXPECT_EQ(taken.status, 409) << taken.body;
  EXPECT_NE(taken.body.find("EMB-FR"), std::string::npos);
  EXPECT_EQ(Call(net::Method::kGet, "/api/v1/units/export.csv").status, 403);
  EXPECT_EQ(Call(net::Method::kPost, "/api/v1/units/import", "code\n", "text/csv").status, 403);
}

TEST_P(DirectoryApiTest, AdministratorCreatesExportsAndImports) {
  ActAs("system_admin", "MOFA", true);
  const std::string body = R"({"code":"EMB-IS","parent_id":)" + std::to_string(*tree_->RootId()) +
                           R"(,"kind":"embassy","name_en":"Embassy in Iceland",)"
                           R"("name_vi":"Đại sứ quán tại Iceland",)"
                           R"("city":"Reykjavik","country":"IS","time_zone":"Atlantic/Reykjavik","languages":["is"],)"
                           R"("jurisdiction":[{"country":"IS","primary":false}]})";
  net::Response created = Call(net::Method::kPost, "/api/v1/units", body);
  ASSERT_EQ(created.status, 201) << created.body;
  net::Response csv = Call(net::Method::kGet, "/api/v1/units/export.csv");
  ASSERT_EQ(csv.status, 200);
  EXPECT_NE(csv.body.find("EMB-IS"), std::string::npos);
  net::Response imported = Call(net::Method::kPost, "/api/v1/units/import", csv.body, "text/csv");
  ASSERT_EQ(imported.status, 200) << imported.body;
  EXPECT_EQ(boost::json::parse(imported.body).at("created").as_int64(), 0);
  net::Response wrong_type = Call(net::Method::kPost, "/api/v1/units/import", csv.body, "application/json");
  EXPECT_EQ(wrong_type.status, 415);
  net::Response bad = Call(net::Method::kPost, "/api/v1/units/import",
                           csv.body + "EMB-XX,MOFA,embassy,x,x,x,FR,Nowhere/City,fr,,,,,,,,\r\n", "text/csv");
  ASSERT_EQ(bad.status, 400) << bad.body;
  EXPECT_EQ(boost::json::parse(bad.body).at("errors").as_array().size(), 1u);
}

}  // namespace
}  // namespace chancery::directory
