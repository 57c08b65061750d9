// The OpenAPI document served at /api/openapi.json must describe exactly the routes the server has: a route
// missing from the document, or documented but absent, fails this test.
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <filesystem>
#include <set>

#include "server/app.hpp"

namespace chancery::server {
namespace {

std::string ToOpenApiPath(const std::string& pattern) {
  std::string path;
  std::size_t i = 0;
  while (i < pattern.size()) {
    if (pattern[i] == ':' && (i == 0 || pattern[i - 1] == '/')) {
      std::size_t end = pattern.find('/', i);
      if (end == std::string::npos) end = pattern.size();
      path += "{" + pattern.substr(i + 1, end - i - 1) + "}";
      i = end;
    } else {
      path += pattern[i++];
    }
  }
  return path;
}

std::string Lower(std::string text) {
  for (char& c : text) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return text;
}

TEST(OpenApiTest, DocumentMatchesTheRouterExactly) {
  auto data_dir = std::filesystem::temp_directory_path() / ("chancery-openapi-" + std::to_string(::getpid()));
  std::filesystem::remove_all(data_dir);
  Config config;
  config.data_dir = data_dir.string();
  auto app = OpenApp(config, SchemaMode::kMigrate);
  ASSERT_TRUE(app.ok()) << app.status().ToString();
  auto router = BuildRouter(**app, std::make_shared<MetricsRegistry>(), "");

  std::set<std::string> routed;
  for (const auto& route : router->Routes()) {
    routed.insert(Lower(net::MethodName(route.method)) + " " + ToOpenApiPath(route.pattern));
  }

  boost::json::value document = boost::json::parse(OpenApiDocument());
  ASSERT_TRUE(document.at("openapi").as_string().starts_with("3.1"));
  std::set<std::string> documented;
  for (const auto& [path, item] : document.at("paths").as_object()) {
    for (const auto& [method, operation] : item.as_object()) {
      if (method == "parameters" || method == "summary" || method == "description") continue;
      documented.insert(std::string(method) + " " + std::string(path));
      EXPECT_TRUE(operation.as_object().contains("responses")) << method << " " << path << " lacks responses";
    }
  }
  for (const auto& route : routed) EXPECT_TRUE(documented.contains(route)) << route << " is not documented";
  for (const auto& operation : documented) EXPECT_TRUE(routed.contains(operation)) << operation << " has no route";
  app->reset();
  std::filesystem::remove_all(data_dir);
}

}  // namespace
}  // namespace chancery::server
