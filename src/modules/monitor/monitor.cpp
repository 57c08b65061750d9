#include "modules/monitor/monitor.hpp"

#include <array>
#include <utility>

#include "core/enum_names.hpp"

namespace chancery::monitor {
namespace {

constexpr std::array<std::pair<SourceKind, const char*>, 3> kSourceKinds = {
    {{SourceKind::kFeed, "feed"}, {SourceKind::kPush, "push"}, {SourceKind::kReplay, "replay"}}};
constexpr std::array<std::pair<Visibility, const char*>, 2> kVisibilities = {
    {{Visibility::kShared, "shared"}, {Visibility::kPrivate, "private"}}};
constexpr std::array<std::pair<Priority, const char*>, 3> kPriorities = {
    {{Priority::kHigh, "high"}, {Priority::kNormal, "normal"}, {Priority::kLow, "low"}}};
constexpr std::array<std::pair<AlertKind, const char*>, 3> kAlertKinds = {
    {{AlertKind::kMatch, "match"}, {AlertKind::kGeo, "geo"}, {AlertKind::kBurst, "burst"}}};

}  // namespace

const char* SourceKindName(SourceKind kind) { return NameIn(kSourceKinds, kind); }
std::optional<SourceKind> ParseSourceKind(std::string_view name) { return ParseIn(kSourceKinds, name); }
const char* VisibilityName(Visibility visibility) { return NameIn(kVisibilities, visibility); }
std::optional<Visibility> ParseVisibility(std::string_view name) { return ParseIn(kVisibilities, name); }
const char* PriorityName(Priority priority) { return NameIn(kPriorities, priority); }
std::optional<Priority> ParsePriority(std::string_view name) { return ParseIn(kPriorities, name); }
const char* AlertKindName(AlertKind kind) { return NameIn(kAlertKinds, kind); }
std::optional<AlertKind> ParseAlertKind(std::string_view name) { return ParseIn(kAlertKinds, name); }

}  // namespace chancery::monitor
