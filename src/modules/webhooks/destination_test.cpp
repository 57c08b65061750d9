// Where webhooks may go: https, plain http only to listed hosts, no credentials in the URL, and never to an
// internal address unless its range was allowed (the same guard as the monitor's feeds).
#include <gtest/gtest.h>

#include "modules/webhooks/destination.hpp"

namespace chancery::webhooks {
namespace {

TEST(DestinationTest, HttpsIsRequiredUnlessTheHostIsListed) {
  const DestinationPolicy policy{.allowed_ranges = {}, .http_hosts = {"hub.internal"}};
  EXPECT_TRUE(CheckUrlForm("https://alerts.example.org/cap", policy).ok());
  EXPECT_EQ(CheckUrlForm("http://alerts.example.org/cap", policy).reason(), "http_not_allowed");
  EXPECT_TRUE(CheckUrlForm("http://hub.internal:8080/cap", policy).ok());
  EXPECT_EQ(CheckUrlForm("ftp://alerts.example.org/cap", policy).code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(CheckUrlForm("alerts.example.org/cap", policy).code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(CheckUrlForm("https://user:pass@alerts.example.org/cap", policy).code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(CheckUrlForm("https://alerts.example.org/cap", policy).field(), "");
  EXPECT_EQ(CheckUrlForm("http://alerts.example.org/cap", policy).field(), "/url");
}

TEST(DestinationTest, InternalAddressesAreRefusedUnlessTheirRangeIsAllowed) {
  const DestinationPolicy closed{.allowed_ranges = {}, .http_hosts = {}};
  for (const char* url : {"https://127.0.0.1/hook", "https://169.254.169.254/latest/meta-data", "https://10.1.2.3/",
                          "https://[::1]:8443/hook", "https://[::ffff:192.168.1.1]/"}) {
    Result<Destination> destination = ResolveDestination(url, closed);
    ASSERT_FALSE(destination.ok()) << url;
    EXPECT_EQ(destination.status().reason(), "address_not_allowed") << url;
    EXPECT_EQ(destination.status().field(), "/url") << url;
  }
  const DestinationPolicy opened{.allowed_ranges = {"127.0.0.0/8"}, .http_hosts = {"127.0.0.1"}};
  Result<Destination> local = ResolveDestination("http://127.0.0.1:8089/hook", opened);
  ASSERT_TRUE(local.ok()) << local.status().ToString();
  ASSERT_EQ(local->resolve.size(), 1u);
  EXPECT_EQ(local->resolve[0], "127.0.0.1:8089:127.0.0.1") << "pinned to the address checked";
  EXPECT_FALSE(ResolveDestination("https://10.1.2.3/", opened).ok());
}

}  // namespace
}  // namespace chancery::webhooks
