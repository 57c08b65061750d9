#include "net/json.hpp"

#include <boost/json/serialize.hpp>
#include <boost/json/stream_parser.hpp>
#include <charconv>

namespace chancery::net {
namespace {

// RFC 6901: '~' becomes "~0" and '/' becomes "~1".
std::string Pointer(std::string_view key) {
  std::string pointer = "/";
  for (char c : key) {
    if (c == '~') {
      pointer += "~0";
    } else if (c == '/') {
      pointer += "~1";
    } else {
      pointer += c;
    }
  }
  return pointer;
}

Status FieldError(std::string_view key, std::string message) {
  Status status = InvalidArgument(std::string(key) + " " + message);
  status.WithField(Pointer(key));
  return status;
}

std::size_t CodePoints(std::string_view text) {
  std::size_t count = 0;
  for (unsigned char c : text) {
    if ((c & 0xC0) != 0x80) ++count;
  }
  return count;
}

Status CheckString(std::string_view key, std::string_view text, std::size_t max_length) {
  if (text.empty()) return FieldError(key, "must not be empty");
  if (CodePoints(text) > max_length)
    return FieldError(key, "must be at most " + std::to_string(max_length) + " characters");
  return Status::Ok();
}

bool IsJsonMediaType(std::string_view content_type) {
  std::string_view media = content_type.substr(0, content_type.find(';'));
  while (!media.empty() && media.back() == ' ') media.remove_suffix(1);
  if (media.size() != 16) return false;
  std::string lower(media);
  for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return lower == "application/json";
}

}  // namespace

Result<boost::json::object> ParseJsonObject(const Request& request) {
  auto content_type = request.Header("content-type");
  if (!content_type || !IsJsonMediaType(*content_type)) {
    return InvalidArgument("The request body must be sent as Content-Type: application/json.")
        .WithReason("unsupported_media_type");
  }
  if (request.body.empty()) return InvalidArgument("The request body is empty; a JSON object is expected.");
  boost::json::stream_parser parser;
  boost::system::error_code error;
  std::size_t consumed = parser.write_some(request.body.data(), request.body.size(), error);
  if (!error && consumed < request.body.size()) {
    error = boost::json::error::extra_data;
  }
  if (!error) parser.finish(error);
  if (error) {
    return InvalidArgument("The request body is not valid JSON (" + error.message() + ") at byte offset " +
                           std::to_string(consumed) + ".")
        .WithReason("malformed_json");
  }
  boost::json::value value = parser.release();
  if (!value.is_object()) return InvalidArgument("The request body must be a JSON object.").WithField("");
  return std::move(value.as_object());
}

Result<std::string> RequireString(const boost::json::object& object, std::string_view key, std::size_t max_length) {
  CHANCERY_ASSIGN_OR_RETURN(auto value, OptionalString(object, key, max_length));
  if (!value) return FieldError(key, "is required");
  return std::move(*value);
}

Result<std::optional<std::string>> OptionalString(const boost::json::object& object, std::string_view key,
                                                  std::size_t max_length) {
  const boost::json::value* value = object.if_contains(key);
  if (value == nullptr || value->is_null()) return std::optional<std::string>();
  if (!value->is_string()) return FieldError(key, "must be a string");
  std::string_view text = value->get_string();
  CHANCERY_TRY(CheckString(key, text, max_length));
  return std::optional<std::string>(std::string(text));
}

Result<std::int64_t> RequireInt(const boost::json::object& object, std::string_view key) {
  CHANCERY_ASSIGN_OR_RETURN(auto value, OptionalInt(object, key));
  if (!value) return FieldError(key, "is required");
  return *value;
}

Result<std::optional<std::int64_t>> OptionalInt(const boost::json::object& object, std::string_view key) {
  const boost::json::value* value = object.if_contains(key);
  if (value == nullptr || value->is_null()) return std::optional<std::int64_t>();
  if (value->is_int64()) return std::optional<std::int64_t>(value->get_int64());
  if (value->is_uint64()) return FieldError(key, "is out of range");
  return FieldError(key, "must be an integer");
}

Result<std::optional<bool>> OptionalBool(const boost::json::object& object, std::string_view key) {
  const boost::json::value* value = object.if_contains(key);
  if (value == nullptr || value->is_null()) return std::optional<bool>();
  if (!value->is_bool()) return FieldError(key, "must be true or false");
  return std::optional<bool>(value->get_bool());
}

Result<std::vector<std::string>> OptionalStringArray(const boost::json::object& object, std::string_view key,
                                                     std::size_t max_items, std::size_t max_length) {
  std::vector<std::string> items;
  const boost::json::value* value = object.if_contains(key);
  if (value == nullptr || value->is_null()) return items;
  if (!value->is_array()) return FieldError(key, "must be an array of strings");
  const boost::json::array& array = value->get_array();
  if (array.size() > max_items) return FieldError(key, "must have at most " + std::to_string(max_items) + " items");
  for (std::size_t i = 0; i < array.size(); ++i) {
    std::string item_key = std::string(key) + "/" + std::to_string(i);
    if (!array[i].is_string()) {
      return InvalidArgument(item_key + " must be a string").WithField(Pointer(key) + "/" + std::to_string(i));
    }
    std::string_view text = array[i].get_string();
    if (Status status = CheckString(key, text, max_length); !status.ok()) {
      return status.WithField(Pointer(key) + "/" + std::to_string(i));
    }
    items.emplace_back(text);
  }
  return items;
}

Result<std::optional<std::vector<std::int64_t>>> OptionalIdArray(const boost::json::object& object,
                                                                 std::string_view key, std::size_t max_items) {
  const boost::json::value* value = object.if_contains(key);
  if (value == nullptr || value->is_null()) return std::optional<std::vector<std::int64_t>>();
  if (!value->is_array()) return FieldError(key, "must be an array of ids");
  const boost::json::array& array = value->get_array();
  if (array.size() > max_items) return FieldError(key, "must have at most " + std::to_string(max_items) + " items");
  std::vector<std::int64_t> ids;
  for (std::size_t i = 0; i < array.size(); ++i) {
    if (!array[i].is_int64() || array[i].get_int64() <= 0) {
      return InvalidArgument(std::string(key) + "/" + std::to_string(i) + " must be an id (a positive integer)")
          .WithField(Pointer(key) + "/" + std::to_string(i));
    }
    ids.push_back(array[i].get_int64());
  }
  return std::optional<std::vector<std::int64_t>>(std::move(ids));
}

Response Json(int status, const boost::json::value& body) {
  return Response::JsonText(status, boost::json::serialize(body));
}

Result<std::int64_t> QueryInt(const Request& request, std::string_view name, std::int64_t default_value,
                              std::int64_t min_value, std::int64_t max_value) {
  auto text = request.Query(name);
  if (!text) return default_value;
  std::int64_t value = 0;
  auto [end, error] = std::from_chars(text->data(), text->data() + text->size(), value);
  if (text->empty() || error != std::errc() || end != text->data() + text->size() || value < min_value ||
      value > max_value) {
    return InvalidArgument("The query parameter '" + std::string(name) + "' must be an integer from " +
                           std::to_string(min_value) + " to " + std::to_string(max_value) + ".")
        .WithReason("invalid_query_parameter");
  }
  return value;
}

}  // namespace chancery::net
