// Checks a fully merged Config: ranges, enumerations, host:port syntax and the pairs of keys that go together.
// Each failure is kInvalidArgument naming the key.
#pragma once

#include <cstdint>
#include <string>

#include "core/config.hpp"
#include "core/status.hpp"

namespace chancery {

Status ValidateConfig(const Config& config);

struct HostPort {
  std::string host;
  std::uint16_t port = 0;
};
// "127.0.0.1:8080", "[::1]:8080", "0.0.0.0:80"; port 0 means "any free port".
Result<HostPort> ParseHostPort(const std::string& text);

}  // namespace chancery
