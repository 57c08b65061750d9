#include "modules/delivery/delivery.hpp"

#include <array>
#include <chrono>
#include <cstdio>

namespace chancery::delivery {
namespace {

constexpr std::array<std::pair<Channel, const char*>, 6> kChannelNames = {{
    {Channel::kZaloMessage, "zalo_message"},
    {Channel::kZaloTemplate, "zalo_template"},
    {Channel::kSms, "sms"},
    {Channel::kEmail, "email"},
    {Channel::kWebPush, "web_push"},
    {Channel::kWebhook, "webhook"},
}};

}  // namespace

const char* ChannelName(Channel channel) {
  for (const auto& [candidate, name] : kChannelNames) {
    if (candidate == channel) return name;
  }
  return "email";
}

std::optional<Channel> ParseChannel(std::string_view name) {
  for (const auto& [channel, candidate] : kChannelNames) {
    if (name == candidate) return channel;
  }
  return std::nullopt;
}

bool AwaitsReceipt(Channel channel) {
  return channel == Channel::kZaloMessage || channel == Channel::kZaloTemplate || channel == Channel::kSms;
}

bool RepeatsSafely(Channel channel) { return channel != Channel::kZaloMessage && channel != Channel::kZaloTemplate; }

const char* DeliveryStateName(DeliveryState state) {
  switch (state) {
    case DeliveryState::kPending: return "pending";
    case DeliveryState::kAwaitingReceipt: return "awaiting_receipt";
    case DeliveryState::kDelivered: return "delivered";
    case DeliveryState::kFailed: return "failed";
    case DeliveryState::kCancelled: return "cancelled";
  }
  return "failed";
}

std::string QuotaDay(std::int64_t now_ms, int offset_minutes) {
  using namespace std::chrono;
  const sys_days day = floor<days>(sys_time<milliseconds>(milliseconds(now_ms) + minutes(offset_minutes)));
  const year_month_day date(day);
  char text[16];
  std::snprintf(text, sizeof text, "%04d-%02u-%02u", static_cast<int>(date.year()), static_cast<unsigned>(date.month()),
                static_cast<unsigned>(date.day()));
  return text;
}

}  // namespace chancery::delivery
