// Beast-free pieces of the HTTP server, kept apart so that they are unit-testable and the Beast file stays short:
// request ids, security headers, access-log lines and request metrics.
//
// Thread-safety: free functions without shared state (NewRequestId uses a thread-local generator).
#pragma once

#include <chrono>
#include <string>
#include <string_view>

#include "core/metrics.hpp"
#include "net/http.hpp"

namespace chancery::net {

// A client-sent X-Request-Id is kept when it is 1–128 characters of [A-Za-z0-9._:-]; otherwise we make one.
bool IsValidRequestId(std::string_view request_id);
std::string NewRequestId();

// Adds the security headers (CSP, nosniff, Referrer-Policy, X-Frame-Options; HSTS when `secure`) unless the
// handler set them, and echoes the request id.
void AddStandardHeaders(Response& response, std::string_view request_id, bool secure);

// One JSON line: method, path (no query string), route, status, duration, request id, client address. Never
// headers, so never cookies or Authorization.
std::string AccessLogLine(const Request& request, int status, std::chrono::steady_clock::duration duration);

// Declares the HTTP families on `registry`, then records one request.
void DescribeHttpMetrics(MetricsRegistry& registry);
void RecordHttpMetrics(MetricsRegistry& registry, const Request& request, int status,
                       std::chrono::steady_clock::duration duration);

}  // namespace chancery::net
