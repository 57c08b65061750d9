#include "net/static_files.hpp"

#include <gtest/gtest.h>

#include <fstream>

namespace chancery::net {
namespace {

class StaticFilesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    root_ = std::filesystem::temp_directory_path() / ("chancery_static_" + std::to_string(::getpid()));
    std::filesystem::create_directories(root_ / "assets");
    Write("index.html", "<!doctype html><title>Chancery</title>" + std::string(400, ' '));
    Write("assets/app.1a2b.js", "console.log('" + std::string(1000, 'x') + "');");
    Write("assets/logo.svg", "<svg/>");
    Write("robots.txt", "User-agent: *");
    std::ofstream(root_.parent_path() / "chancery_secret.txt") << "secret";
    files_ = StaticFiles::Load(root_).value();
  }
  void TearDown() override {
    std::filesystem::remove_all(root_);
    std::filesystem::remove(root_.parent_path() / "chancery_secret.txt");
  }
  void Write(const std::string& name, const std::string& contents) { std::ofstream(root_ / name) << contents; }
  Response Get(std::string path, std::vector<std::pair<std::string, std::string>> headers = {}) {
    Request request;
    request.path = std::move(path);
    request.headers = std::move(headers);
    return files_->Serve(request);
  }

  std::filesystem::path root_;
  std::shared_ptr<const StaticFiles> files_;
};

TEST_F(StaticFilesTest, ContentTypesByExtension) {
  EXPECT_EQ(Get("/assets/app.1a2b.js").Header("Content-Type"), "text/javascript; charset=utf-8");
  EXPECT_EQ(Get("/assets/logo.svg").Header("Content-Type"), "image/svg+xml");
  EXPECT_EQ(Get("/robots.txt").Header("Content-Type"), "text/plain; charset=utf-8");
  EXPECT_EQ(StaticFiles::ContentTypeFor("font.WOFF2"), "font/woff2");
  EXPECT_EQ(StaticFiles::ContentTypeFor("blob"), "application/octet-stream");
}

TEST_F(StaticFilesTest, CachingPolicyAndConditionalRequests) {
  Response asset = Get("/assets/app.1a2b.js");
  EXPECT_EQ(asset.Header("Cache-Control"), "public, max-age=31536000, immutable");
  Response index = Get("/");
  EXPECT_EQ(index.Header("Cache-Control"), "no-cache");
  std::string etag(*index.Header("ETag"));
  Response again = Get("/", {{"if-none-match", etag}});
  EXPECT_EQ(again.status, 304);
  EXPECT_TRUE(again.body.empty());
}

TEST_F(StaticFilesTest, GzipWhenAccepted) {
  Response plain = Get("/assets/app.1a2b.js");
  Response compressed = Get("/assets/app.1a2b.js", {{"accept-encoding", "br, gzip"}});
  EXPECT_FALSE(plain.Header("Content-Encoding").has_value());
  EXPECT_EQ(compressed.Header("Content-Encoding"), "gzip");
  EXPECT_LT(compressed.body.size(), plain.body.size());
  EXPECT_NE(compressed.Header("ETag"), plain.Header("ETag"));
  EXPECT_FALSE(Get("/assets/app.1a2b.js", {{"accept-encoding", "gzip;q=0"}}).Header("Content-Encoding"));
}

TEST_F(StaticFilesTest, SpaFallbackButNotForAssetsOrApi) {
  EXPECT_NE(Get("/units/42/staff").body.find("Chancery"), std::string::npos);
  EXPECT_EQ(Get("/assets/missing.js").status, 404);
  EXPECT_EQ(Get("/api/v1/anything").status, 404);
}

TEST_F(StaticFilesTest, TraversalNeverLeavesTheFolder) {
  for (const char* path :
       {"/../chancery_secret.txt", "/assets/../../chancery_secret.txt", "/..%2fchancery_secret.txt"}) {
    Response response = Get(path);
    EXPECT_EQ(response.body.find("secret"), std::string::npos) << path;
  }
}

TEST(StaticFilesLoadTest, MissingIndexIsAnError) {
  EXPECT_EQ(StaticFiles::Load("/nonexistent/console").status().code(), StatusCode::kNotFound);
}

}  // namespace
}  // namespace chancery::net
