// Logging set-up: spdlog to standard error, one JSON object per line by default, so that log shippers can parse
// it. Secrets (passwords, tokens, cookies, keys) are never passed to the logger by any module.
//
// Thread-safety: call SetUpLogging once at start-up; spdlog's loggers are thread-safe afterwards.
#pragma once

#include <string>

namespace chancery {

// `level`: trace, debug, info, warn, error; `format`: "json" or "text".
void SetUpLogging(const std::string& level, const std::string& format);

// Escapes a value for inclusion in a JSON log line.
std::string JsonEscape(const std::string& text);

}  // namespace chancery
