#include "modules/zalo/zalo_protocol.hpp"

#include <array>
#include <cctype>
#include <cstdio>

#include "modules/zalo/zalo_json.hpp"

namespace chancery::zalo {
namespace {

using delivery::SendOutcome;
using delivery::SendResult;

// Codes Zalo answers for an access token it no longer accepts: -216 and -201 are seen on the OA API; -124 is how
// the ZNS error table names an invalid access token.
constexpr std::array<std::int64_t, 3> kTokenErrors = {-216, -201, -124};
// "Try again later": -32 (rate limited), -100 (unknown error, "please try again").
constexpr std::array<std::int64_t, 2> kRetryableErrors = {-32, -100};
// The person cannot be reached on this channel now: outside the interaction window, not a follower, blocked, the
// night curfew, or the user restricted this type of message. Another channel should be tried at once.
constexpr std::array<std::int64_t, 7> kUnreachableErrors = {-213, -217, -227, -230, -232, -234, -244};

template <std::size_t N>
bool Contains(const std::array<std::int64_t, N>& codes, std::int64_t code) {
  for (std::int64_t each : codes) {
    if (each == code) return true;
  }
  return false;
}

bool Retryable(long status) { return status == 408 || status == 425 || status == 429 || status >= 500; }

}  // namespace

bool IsTokenError(std::int64_t code) { return Contains(kTokenErrors, code); }

delivery::SendResult ClassifyErrorCode(std::int64_t code) {
  if (IsTokenError(code) || Contains(kRetryableErrors, code)) return SendResult::kTransient;
  if (Contains(kUnreachableErrors, code)) return SendResult::kUnreachable;
  return SendResult::kRejected;
}

std::string ErrorDetail(std::int64_t code, std::string_view message) {
  constexpr std::size_t kMaxMessage = 200;
  if (message.size() > kMaxMessage) {
    std::size_t cut = kMaxMessage;
    // Never cut inside a UTF-8 sequence (continuation bytes are 10xxxxxx).
    while (cut > 0 && (static_cast<unsigned char>(message[cut]) & 0xC0) == 0x80) --cut;
    message = message.substr(0, cut);
  }
  std::string detail = "zalo error " + std::to_string(code);
  if (!message.empty()) detail += ": " + std::string(message);
  return detail;
}

SendAnswer ReadSendAnswer(const delivery::HttpResponse& response) {
  SendAnswer answer;
  if (response.status == 0 || Retryable(response.status)) {
    answer.outcome = delivery::ClassifyHttp(response, "zalo");
    return answer;
  }
  const std::optional<boost::json::object> body = json::ParseObject(response.body);
  const std::optional<std::int64_t> code = body ? json::IntegerAt(*body, "error") : std::nullopt;
  if (!code) {
    // Zalo always names an error code; without one, a 2xx is some proxy's page (worth another try later) and
    // anything else is classified by its HTTP status.
    answer.outcome = response.status >= 200 && response.status < 300
                         ? SendOutcome::Failed(SendResult::kTransient, "zalo answered without an error code")
                         : delivery::ClassifyHttp(response, "zalo");
    return answer;
  }
  if (*code == 0) {
    std::string message_id;
    if (const boost::json::object* data = json::ObjectAt(*body, "data")) {
      message_id = json::TextAt(*data, "message_id").value_or(json::TextAt(*data, "msg_id").value_or(""));
    }
    answer.outcome = SendOutcome::Accepted(std::move(message_id));
    return answer;
  }
  answer.outcome =
      SendOutcome::Failed(ClassifyErrorCode(*code), ErrorDetail(*code, json::TextAt(*body, "message").value_or("")));
  answer.token_rejected = IsTokenError(*code);
  return answer;
}

Result<TokenGrant> ReadTokenAnswer(const delivery::HttpResponse& response) {
  if (response.status == 0) return Unavailable("zalo oauth not reached: " + response.transport_error);
  const std::string http = "zalo oauth answered HTTP " + std::to_string(response.status);
  if (Retryable(response.status)) return Unavailable(http);
  const std::optional<boost::json::object> body = json::ParseObject(response.body);
  if (!body) {
    if (response.status >= 200 && response.status < 300) return Unavailable("zalo oauth answered without JSON");
    return FailedPrecondition(http);
  }
  // One integration reads the pair under "data"; Zalo's SDKs at top level.
  const boost::json::object* grant = &*body;
  if (const boost::json::object* data = json::ObjectAt(*body, "data");
      data != nullptr && data->contains("access_token")) {
    grant = data;
  }
  const std::optional<std::int64_t> code = json::IntegerAt(*body, "error");
  if (code && *code != 0) {
    std::string description;
    for (const char* key : {"error_description", "error_reason", "error_name", "message"}) {
      if (auto text = json::TextAt(*body, key); text && !text->empty()) {
        description = *text;
        break;
      }
    }
    return FailedPrecondition(ErrorDetail(*code, description)).WithReason("zalo_refused_refresh");
  }
  TokenGrant token;
  token.access_token = json::TextAt(*grant, "access_token").value_or("");
  token.refresh_token = json::TextAt(*grant, "refresh_token").value_or("");
  if (token.access_token.empty() || token.refresh_token.empty()) {
    return FailedPrecondition(response.status >= 300 ? http : "zalo oauth answered without a token pair");
  }
  // One source reports 1 h, another 25 h: expires_in is the truth; without it, assume the shorter.
  token.expires_in_seconds = json::IntegerAt(*grant, "expires_in").value_or(3600);
  if (token.expires_in_seconds <= 0) token.expires_in_seconds = 3600;
  return token;
}

std::string FormEncode(const std::vector<std::pair<std::string, std::string>>& fields) {
  const auto escape = [](std::string_view text) {
    std::string out;
    for (unsigned char c : text) {
      if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
        out += static_cast<char>(c);
      } else {
        char buffer[4];
        std::snprintf(buffer, sizeof buffer, "%%%02X", c);
        out += buffer;
      }
    }
    return out;
  };
  std::string body;
  for (const auto& [name, value] : fields) {
    if (!body.empty()) body += '&';
    body += escape(name) + "=" + escape(value);
  }
  return body;
}

}  // namespace chancery::zalo
