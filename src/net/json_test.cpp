#include "net/json.hpp"

#include <gtest/gtest.h>

namespace chancery::net {
namespace {

Request JsonRequest(std::string body, std::string content_type = "application/json; charset=utf-8") {
  Request request;
  request.method = Method::kPost;
  request.headers.emplace_back("content-type", std::move(content_type));
  request.body = std::move(body);
  return request;
}

TEST(JsonTest, ParsesAnObject) {
  auto object = ParseJsonObject(JsonRequest(R"({"name":"Paris"})"));
  ASSERT_TRUE(object.ok());
  EXPECT_EQ(RequireString(*object, "name").value(), "Paris");
}

TEST(JsonTest, RejectsOtherMediaTypesWith415) {
  auto object = ParseJsonObject(JsonRequest(R"({})", "text/plain"));
  ASSERT_FALSE(object.ok());
  EXPECT_EQ(object.status().reason(), "unsupported_media_type");
  EXPECT_EQ(Response::Problem(object.status()).status, 415);
}

TEST(JsonTest, MalformedJsonNamesTheByteOffset) {
  auto object = ParseJsonObject(JsonRequest(R"({"a": 1,})"));
  ASSERT_FALSE(object.ok());
  EXPECT_NE(object.status().message().find("byte offset 8"), std::string::npos) << object.status().message();
  EXPECT_EQ(Response::Problem(object.status()).status, 400);
}

TEST(JsonTest, NonObjectsAndTrailingDataAreRejected) {
  EXPECT_FALSE(ParseJsonObject(JsonRequest("[1,2]")).ok());
  EXPECT_FALSE(ParseJsonObject(JsonRequest("{} {}")).ok());
  EXPECT_FALSE(ParseJsonObject(JsonRequest("")).ok());
}

TEST(JsonTest, FieldErrorsCarryJsonPointers) {
  auto object = ParseJsonObject(JsonRequest(R"({"count":"x","tags":["a",2],"a/b":"","flag":1})")).value();
  auto missing = RequireString(object, "name");
  EXPECT_EQ(missing.status().field(), "/name");
  EXPECT_EQ(RequireInt(object, "count").status().field(), "/count");
  EXPECT_EQ(OptionalStringArray(object, "tags").status().field(), "/tags/1");
  EXPECT_EQ(OptionalString(object, "a/b").status().field(), "/a~1b");  // empty strings are refused
  EXPECT_EQ(OptionalBool(object, "flag").status().field(), "/flag");
  EXPECT_FALSE(OptionalInt(object, "absent").value().has_value());
}

TEST(JsonTest, LengthsCountCodePoints) {
  boost::json::object object{{"name", "Hà Nội"}};  // 6 code points, 9 bytes
  EXPECT_TRUE(RequireString(object, "name", 6).ok());
  EXPECT_FALSE(RequireString(object, "name", 5).ok());
}

TEST(JsonTest, QueryIntValidatesBounds) {
  Request request;
  request.query_string = "limit=50&bad=x&big=1000";
  EXPECT_EQ(QueryInt(request, "limit", 20, 1, 100).value(), 50);
  EXPECT_EQ(QueryInt(request, "absent", 20, 1, 100).value(), 20);
  EXPECT_FALSE(QueryInt(request, "bad", 20, 1, 100).ok());
  auto big = QueryInt(request, "big", 20, 1, 100);
  ASSERT_FALSE(big.ok());
  EXPECT_NE(big.status().message().find("'big'"), std::string::npos);
}

}  // namespace
}  // namespace chancery::net
