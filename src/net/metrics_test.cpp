#include "core/metrics.hpp"

#include <gtest/gtest.h>

#include <thread>

#include "net/http_server.hpp"

namespace chancery {
namespace {

TEST(MetricsTest, RendersCountersGaugesAndHistograms) {
  MetricsRegistry registry;
  registry.DescribeCounter("http_requests_total", "Requests.");
  registry.IncrementCounter("http_requests_total", {{"route", "/a"}, {"method", "GET"}});
  registry.IncrementCounter("http_requests_total", {{"method", "GET"}, {"route", "/a"}}, 2);
  registry.SetGauge("connections", {}, 3);
  registry.DescribeHistogram("latency_seconds", "Latency.", {0.1, 1});
  registry.ObserveHistogram("latency_seconds", {{"route", "/a\"b"}}, 0.05);
  registry.ObserveHistogram("latency_seconds", {{"route", "/a\"b"}}, 5);
  std::string text = registry.Render();
  EXPECT_NE(text.find("# HELP http_requests_total Requests.\n# TYPE http_requests_total counter\n"), std::string::npos);
  EXPECT_NE(text.find("http_requests_total{method=\"GET\",route=\"/a\"} 3\n"), std::string::npos) << text;
  EXPECT_NE(text.find("connections 3\n"), std::string::npos);
  EXPECT_NE(text.find("latency_seconds_bucket{route=\"/a\\\"b\",le=\"0.1\"} 1\n"), std::string::npos) << text;
  EXPECT_NE(text.find("latency_seconds_bucket{route=\"/a\\\"b\",le=\"+Inf\"} 2\n"), std::string::npos);
  EXPECT_NE(text.find("latency_seconds_count{route=\"/a\\\"b\"} 2\n"), std::string::npos);
}

TEST(MetricsTest, ConcurrentIncrementsAreNotLost) {
  MetricsRegistry registry;
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&registry] {
      for (int i = 0; i < 1000; ++i) registry.IncrementCounter("hits_total", {{"k", "v"}});
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_NE(registry.Render().find("hits_total{k=\"v\"} 4000"), std::string::npos);
}

TEST(MetricsTest, MetricsResponseUsesTheExpositionContentType) {
  MetricsRegistry registry;
  auto response = net::MetricsResponse(registry);
  EXPECT_EQ(response.Header("Content-Type"), "text/plain; version=0.0.4; charset=utf-8");
}

}  // namespace
}  // namespace chancery
