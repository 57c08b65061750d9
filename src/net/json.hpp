// JSON helpers for API handlers, on Boost.JSON: parse request bodies with clear errors (RFC 9457 problems that
// name the field), read typed fields, and build JSON responses.
//
// Thread-safety: free functions without shared state.
#pragma once

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <boost/json/value.hpp>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include "core/status.hpp"
#include "net/http.hpp"

namespace chancery::net {

// The request body as a JSON object; kInvalidArgument with the byte offset when it is not JSON, when it is not an
// object, or when the Content-Type is not application/json.
Result<boost::json::object> ParseJsonObject(const Request& request);

// Typed field readers. The Require* forms fail when the field is missing; every form fails with the field's JSON
// pointer when the type is wrong or a string is empty/too long (lengths in Unicode code points).
Result<std::string> RequireString(const boost::json::object& object, std::string_view key,
                                  std::size_t max_length = 1000);
Result<std::optional<std::string>> OptionalString(const boost::json::object& object, std::string_view key,
                                                  std::size_t max_length = 1000);
Result<std::int64_t> RequireInt(const boost::json::object& object, std::string_view key);
Result<std::optional<std::int64_t>> OptionalInt(const boost::json::object& object, std::string_view key);
Result<std::optional<bool>> OptionalBool(const boost::json::object& object, std::string_view key);
Result<std::vector<std::string>> OptionalStringArray(const boost::json::object& object, std::string_view key,
                                                     std::size_t max_items = 1000, std::size_t max_length = 200);
// An array of row ids (positive integers), e.g. attachments or references; nullopt when absent or null.
Result<std::optional<std::vector<std::int64_t>>> OptionalIdArray(const boost::json::object& object,
                                                                 std::string_view key, std::size_t max_items);

Response Json(int status, const boost::json::value& body);
inline Response Json(const boost::json::value& body) { return Json(200, body); }

// Integer query parameter with bounds, e.g. `limit`; kInvalidArgument naming the parameter when malformed.
Result<std::int64_t> QueryInt(const Request& request, std::string_view name, std::int64_t default_value,
                              std::int64_t min_value, std::int64_t max_value);

// A Status turned into a problem response (shorthand for Response::Problem).
inline Response Problem(const Status& status) { return Response::Problem(status); }

// Runs a handler body written with CHANCERY_TRY / CHANCERY_ASSIGN_OR_RETURN; a failure becomes its problem response.
template <typename Body>
Response Respond(Body&& body) {
  Result<Response> result = std::forward<Body>(body)();
  if (!result.ok()) return Problem(result.status());
  return std::move(result).value();
}

}  // namespace chancery::net
