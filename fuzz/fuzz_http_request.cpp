// libFuzzer target: raw bytes → Beast request parser (the server's limits) → net::Request → Router::Dispatch
// through routes that use path parameters, query parsing, cookies, the authenticator and the JSON helpers.
//
// Invariants: nothing throws out of Dispatch, every status is in [200, 600), and every problem body is a JSON object
// whose "status" equals the HTTP status.
#include <spdlog/spdlog.h>
#include <boost/beast/core/buffers_to_string.hpp>
#include <boost/beast/http.hpp>
#include <boost/json/parse.hpp>
#include <cstdint>
#include <cstdlib>

#include "net/json.hpp"
#include "net/router.hpp"

namespace {
namespace beast = boost::beast;
namespace http = beast::http;
using chancery::net::Method;
using chancery::net::Request;
using chancery::net::Response;
using chancery::net::RouteAccess;

constexpr std::size_t kHeaderLimit = 16 * 1024;  // HttpServerOptions defaults
constexpr std::size_t kBodyLimit = 1024 * 1024;

Response CreateUnit(Request& request) {
  auto object = chancery::net::ParseJsonObject(request);
  if (!object.ok()) return Response::Problem(object.status());
  auto name = chancery::net::RequireString(*object, "name", 200);
  if (!name.ok()) return Response::Problem(name.status());
  auto parent = chancery::net::OptionalInt(*object, "parent_id");
  if (!parent.ok()) return Response::Problem(parent.status());
  auto tags = chancery::net::OptionalStringArray(*object, "tags", 10, 50);
  if (!tags.ok()) return Response::Problem(tags.status());
  auto active = chancery::net::OptionalBool(*object, "active");
  if (!active.ok()) return Response::Problem(active.status());
  auto level = chancery::net::RequireInt(*object, "level");
  if (!level.ok()) return Response::Problem(level.status());
  return chancery::net::Json(201, boost::json::object{{"name", *name}, {"tags", tags->size()}});
}

const chancery::net::Router& FuzzRouter() {
  static const chancery::net::Router* router = [] {
    auto* r = new chancery::net::Router();
    r->Add(Method::kGet, "/api/v1/units/:id", RouteAccess::kPublic, [](Request& request) {
      auto limit = chancery::net::QueryInt(request, "limit", 20, 1, 100);
      if (!limit.ok()) return Response::Problem(limit.status());
      return chancery::net::Json(boost::json::object{{"id", request.PathParam("id")}, {"limit", *limit}});
    });
    r->Add(Method::kGet, "/api/v1/units/tree", RouteAccess::kPublic,
           [](Request& request) { return Response::Text(200, request.Query("q").value_or("")); });
    r->Add(Method::kPost, "/api/v1/units", RouteAccess::kAuthenticated, CreateUnit);
    r->Add(Method::kPut, "/api/v1/units/:id/staff/:staff_id", RouteAccess::kPublic, CreateUnit);
    r->Add(Method::kDelete, "/api/v1/boom", RouteAccess::kPublic, [](Request&) -> Response { throw 42; });
    r->SetAuthenticator(
        [](const Request& request, RouteAccess) -> chancery::Result<std::shared_ptr<const chancery::Principal>> {
          if (request.Cookie("chancery_session") == "s" || request.Header("authorization") == "Bearer t") {
            return std::shared_ptr<const chancery::Principal>(std::make_shared<chancery::Principal>());
          }
          return chancery::Unauthenticated("no credentials");
        });
    r->SetFallback([](Request& request) { return Response::Text(200, request.path); });
    return r;
  }();
  return *router;
}

}  // namespace

// The 500 route logs on every run; logging would dominate the time per input.
extern "C" int LLVMFuzzerInitialize(int*, char***) {
  spdlog::set_level(spdlog::level::off);
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  http::request_parser<http::string_body> parser;
  parser.header_limit(kHeaderLimit);
  parser.body_limit(kBodyLimit);
  parser.eager(true);
  beast::error_code error;
  std::size_t offset = 0;
  while (offset < size && !parser.is_done()) {
    std::size_t used = parser.put(boost::asio::buffer(data + offset, size - offset), error);
    if (error == http::error::need_more) break;
    if (error) return 0;
    if (used == 0) break;
    offset += used;
  }
  if (!parser.is_done()) return 0;
  const auto& message = parser.get();

  Request request;
  request.method = chancery::net::ParseMethod(message.method_string());
  request.target = std::string(message.target());
  for (const auto& field : message) {
    std::string name(field.name_string());
    for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    request.headers.emplace_back(std::move(name), std::string(field.value()));
  }
  if (request.target.empty() || request.target.front() != '/') return 0;
  std::string_view target = request.target;
  std::size_t question = target.find('?');
  if (question != std::string_view::npos) request.query_string = std::string(target.substr(question + 1));
  auto path = chancery::net::PercentDecode(target.substr(0, question), false);
  if (!path) return 0;
  request.path = std::move(*path);
  request.body = message.body();

  Response response = FuzzRouter().Dispatch(request);
  if (response.status < 200 || response.status >= 600) std::abort();
  if (response.Header("content-type") == "application/problem+json") {
    boost::json::value body = boost::json::parse(response.body);  // throws (and so crashes) if not JSON
    if (body.as_object().at("status").as_int64() != response.status) std::abort();
  }
  return 0;
}
