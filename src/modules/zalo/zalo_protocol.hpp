// What Zalo's answers mean: the classes of error codes, the reading of a send answer into a delivery outcome, the
// reading of an OAuth v4 token answer, and the form body of a token request. Internal to the zalo module (the
// connector uses it; zalo_test.cpp tests it).
//
// Thread-safety: pure functions.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/status.hpp"
#include "modules/delivery/http_client.hpp"
#include "modules/delivery/outcome.hpp"

namespace chancery::zalo {

// The access token was refused (expired, revoked, malformed): refresh it and retry once.
bool IsTokenError(std::int64_t code);
// What an error code (≠ 0) of a send means for the message.
delivery::SendResult ClassifyErrorCode(std::int64_t code);

struct SendAnswer {
  delivery::SendOutcome outcome;
  bool token_rejected = false;  // outcome is kTransient; a refresh and one retry may still deliver
};

// An answer of /v3.0/oa/message/cs or /message/template: error 0 → kAccepted with data.message_id (or
// data.msg_id); HTTP 429/5xx and no answer → kTransient; an error code by ClassifyErrorCode.
SendAnswer ReadSendAnswer(const delivery::HttpResponse& response);

struct TokenGrant {
  std::string access_token;
  std::string refresh_token;
  std::int64_t expires_in_seconds = 0;
};

// An answer of POST /v4/oa/access_token: the pair at top level or under "data", expires_in a number or a string.
// kUnavailable when Zalo was not reached or answered 5xx; kFailedPrecondition when Zalo refused (its error code
// and description in the message, never the tokens).
Result<TokenGrant> ReadTokenAnswer(const delivery::HttpResponse& response);

// application/x-www-form-urlencoded.
std::string FormEncode(const std::vector<std::pair<std::string, std::string>>& fields);

// "zalo error <code>: <message>", the message cut to a sane length at a character boundary.
std::string ErrorDetail(std::int64_t code, std::string_view message);

}  // namespace chancery::zalo
