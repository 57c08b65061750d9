#include "modules/monitor/monitor.hpp"

#include <array>
#include <utility>

namespace chancery::monitor {
namespace {

template <typename Enum, std::size_t N>
const char* NameOf(const std::array<std::pair<Enum, const char*>, N>& names, Enum value) {
  for (const auto& [candidate, name] : names) {
    if (candidate == value) return name;
  }
  return "unknown";
}

template <typename Enum, std::size_t N>
std::optional<Enum> Parse(const std::array<std::pair<Enum, const char*>, N>& names, std::string_view text) {
  for (const auto& [candidate, name] : names) {
    if (text == name) return candidate;
  }
  return std::nullopt;
}

constexpr std::array<std::pair<SourceKind, const char*>, 3> kSourceKinds = {
    {{SourceKind::kFeed, "feed"}, {SourceKind::kPush, "push"}, {SourceKind::kReplay, "replay"}}};
constexpr std::array<std::pair<Visibility, const char*>, 2> kVisibilities = {
    {{Visibility::kShared, "shared"}, {Visibility::kPrivate, "private"}}};
constexpr std::array<std::pair<Priority, const char*>, 3> kPriorities = {
    {{Priority::kHigh, "high"}, {Priority::kNormal, "normal"}, {Priority::kLow, "low"}}};
constexpr std::array<std::pair<AlertKind, const char*>, 3> kAlertKinds = {
    {{AlertKind::kMatch, "match"}, {AlertKind::kGeo, "geo"}, {AlertKind::kBurst, "burst"}}};

}  // namespace

const char* SourceKindName(SourceKind kind) { return NameOf(kSourceKinds, kind); }
std::optional<SourceKind> ParseSourceKind(std::string_view name) { return Parse(kSourceKinds, name); }
const char* VisibilityName(Visibility visibility) { return NameOf(kVisibilities, visibility); }
std::optional<Visibility> ParseVisibility(std::string_view name) { return Parse(kVisibilities, name); }
const char* PriorityName(Priority priority) { return NameOf(kPriorities, priority); }
std::optional<Priority> ParsePriority(std::string_view name) { return Parse(kPriorities, name); }
const char* AlertKindName(AlertKind kind) { return NameOf(kAlertKinds, kind); }
std::optional<AlertKind> ParseAlertKind(std::string_view name) { return Parse(kAlertKinds, name); }

}  // namespace chancery::monitor
