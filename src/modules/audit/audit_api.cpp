// HTTP handlers of the audit module (GET /api/v1/audit and /api/v1/audit/verify): parse and validate the query,
// authorise, call AuditLog, serialise. No SQL here.
#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <cstdint>
#include <limits>
#include <optional>
#include <string>

#include "modules/audit/audit_json.hpp"
#include "modules/audit/audit_module.hpp"
#include "modules/audit/canonical.hpp"
#include "net/json.hpp"

namespace chancery::audit {
namespace {

constexpr std::int64_t kDefaultLimit = 100;
constexpr std::size_t kMaxActorLength = 200;

Status BadParameter(std::string_view name, std::string_view requirement) {
  return InvalidArgument("The query parameter '" + std::string(name) + "' " + std::string(requirement))
      .WithReason("invalid_query_parameter");
}

Result<std::optional<std::int64_t>> OptionalQueryInt(const net::Request& request, std::string_view name,
                                                     std::int64_t min_value) {
  if (!request.Query(name)) return std::optional<std::int64_t>();
  CHANCERY_ASSIGN_OR_RETURN(std::int64_t value,
                            net::QueryInt(request, name, 0, min_value, std::numeric_limits<std::int64_t>::max()));
  return std::optional<std::int64_t>(value);
}

Result<std::optional<std::int64_t>> OptionalQueryTime(const net::Request& request, std::string_view name) {
  std::optional<std::string> text = request.Query(name);
  if (!text) return std::optional<std::int64_t>();
  std::optional<std::int64_t> ms = ParseIsoTimeUtc(*text);
  if (!ms) {
    return BadParameter(name, "must be an ISO 8601 UTC date or time, such as 2026-11-28 or 2026-11-28T09:15:00Z.");
  }
  return ms;
}

// Builds the filter from the query string, without the caller's scope.
Result<AuditFilter> ParseFilter(const net::Request& request) {
  AuditFilter filter;
  CHANCERY_ASSIGN_OR_RETURN(std::int64_t limit, net::QueryInt(request, "limit", kDefaultLimit, 1, kMaxSearchLimit));
  filter.limit = static_cast<int>(limit);
  CHANCERY_ASSIGN_OR_RETURN(filter.before_seq, OptionalQueryInt(request, "before", 1));
  CHANCERY_ASSIGN_OR_RETURN(filter.actor_user_id, OptionalQueryInt(request, "actor_user_id", 0));
  CHANCERY_ASSIGN_OR_RETURN(std::optional<std::int64_t> unit_id, OptionalQueryInt(request, "unit_id", 1));
  if (unit_id) filter.unit_ids = std::vector<std::int64_t>{*unit_id};
  CHANCERY_ASSIGN_OR_RETURN(filter.from_ms, OptionalQueryTime(request, "from"));
  CHANCERY_ASSIGN_OR_RETURN(filter.to_ms, OptionalQueryTime(request, "to"));
  if (filter.from_ms && filter.to_ms && *filter.from_ms > *filter.to_ms) {
    return BadParameter("from", "must not be later than 'to'.");
  }
  if (std::optional<std::string> actor = request.Query("actor")) {
    if (actor->empty() || actor->size() > kMaxActorLength) {
      return BadParameter("actor", "must be a username of 1 to 200 characters.");
    }
    filter.actor = std::move(*actor);
  }
  if (std::optional<std::string> action = request.Query("action")) {
    if (!ValidateActionFilter(*action).ok()) {
      return BadParameter("action", "must be an action such as auth.login, or a prefix ending in '.' such as auth.");
    }
    filter.action = std::move(*action);
  }
  return filter;
}

}  // namespace

net::Response AuditModule::HandleSearch(net::Request& request) const {
  const Principal& principal = *request.principal;
  Result<AuditFilter> filter = ParseFilter(request);
  if (!filter.ok()) return net::Problem(filter.status());
  if (Status status = scope_.Restrict(principal, *filter); !status.ok()) return net::Problem(status);

  Result<std::vector<AuditEntry>> entries = log_.Search(*filter);
  if (!entries.ok()) return net::Problem(entries.status());

  boost::json::array items;
  items.reserve(entries->size());
  for (const AuditEntry& entry : *entries) items.push_back(EntryToJson(entry));
  boost::json::object body;
  body["items"] = std::move(items);
  // A full page may have more behind it; the client passes next_before as `before` to read on.
  if (static_cast<int>(entries->size()) == filter->limit) {
    body["next_before"] = entries->back().seq;
  } else {
    body["next_before"] = nullptr;
  }
  return net::Json(body);
}

net::Response AuditModule::HandleVerify(net::Request& request) const {
  if (!scope_.AllowedOnRoot(*request.principal, identity::Permission::kSystemAdmin)) {
    return net::Problem(
        PermissionDenied("You need the system_admin permission on the root unit to verify the audit log.")
            .WithReason("system_admin_required"));
  }
  Result<VerifyReport> report = log_.Verify();
  if (!report.ok()) return net::Problem(report.status());
  boost::json::object body;
  body["intact"] = report->intact;
  body["entries_checked"] = report->entries_checked;
  body["first_bad_seq"] = report->first_bad_seq ? boost::json::value(*report->first_bad_seq) : nullptr;
  body["problem"] = report->intact ? boost::json::value(nullptr) : boost::json::value(report->problem);
  return net::Json(body);
}

}  // namespace chancery::audit
