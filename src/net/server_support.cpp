#include "net/server_support.hpp"

#include <boost/json/object.hpp>
#include <boost/json/serialize.hpp>
#include <random>

#include "net/http_server.hpp"

namespace chancery::net {

bool IsValidRequestId(std::string_view request_id) {
  if (request_id.empty() || request_id.size() > 128) return false;
  for (char c : request_id) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '_' ||
              c == ':' || c == '-';
    if (!ok) return false;
  }
  return true;
}

std::string NewRequestId() {
  thread_local std::mt19937_64 generator{std::random_device{}()};
  static constexpr char kHex[] = "0123456789abcdef";
  std::string id;
  for (int part = 0; part < 2; ++part) {
    std::uint64_t bits = generator();
    for (int i = 0; i < 16; ++i, bits >>= 4) id += kHex[bits & 0xf];
  }
  return id;
}

void AddStandardHeaders(Response& response, std::string_view request_id, bool secure) {
  auto set_default = [&response](const char* name, const char* value) {
    if (!response.Header(name)) response.SetHeader(name, value);
  };
  set_default("Content-Security-Policy",
              "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; connect-src 'self'; "
              "frame-ancestors 'none'; base-uri 'none'; form-action 'self'");
  set_default("X-Content-Type-Options", "nosniff");
  set_default("Referrer-Policy", "no-referrer");
  set_default("X-Frame-Options", "DENY");
  if (secure) set_default("Strict-Transport-Security", "max-age=31536000; includeSubDomains");
  response.SetHeader("X-Request-Id", std::string(request_id));
}

std::string AccessLogLine(const Request& request, int status, std::chrono::steady_clock::duration duration) {
  boost::json::object line;
  line["event"] = "http_request";
  line["method"] = MethodName(request.method);
  line["path"] = request.path;
  line["route"] = request.route_pattern;
  line["status"] = status;
  line["duration_ms"] = std::chrono::duration<double, std::milli>(duration).count();
  line["request_id"] = request.request_id;
  line["remote_address"] = request.remote_address;
  return boost::json::serialize(line);
}

void DescribeHttpMetrics(MetricsRegistry& registry) {
  registry.DescribeCounter("http_requests_total", "HTTP requests by method, route pattern and status.");
  registry.DescribeHistogram("http_request_duration_seconds", "HTTP request duration by route pattern.",
                             DefaultDurationBuckets());
}

void RecordHttpMetrics(MetricsRegistry& registry, const Request& request, int status,
                       std::chrono::steady_clock::duration duration) {
  const std::string route = request.route_pattern.empty() ? "(none)" : request.route_pattern;
  registry.IncrementCounter(
      "http_requests_total",
      {{"method", MethodName(request.method)}, {"route", route}, {"status", std::to_string(status)}});
  registry.ObserveHistogram("http_request_duration_seconds", {{"route", route}},
                            std::chrono::duration<double>(duration).count());
}

Response MetricsResponse(const MetricsRegistry& registry) {
  return Response::Text(200, registry.Render(), "text/plain; version=0.0.4; charset=utf-8");
}

}  // namespace chancery::net
