// The spellings of the module's enums, in the API and in the tables.
#include "modules/webhooks/webhooks.hpp"

namespace chancery::webhooks {

const char* CoverageName(Coverage coverage) { return coverage == Coverage::kSubtree ? "subtree" : "unit"; }

std::optional<Coverage> ParseCoverage(std::string_view text) {
  if (text == "unit") return Coverage::kUnit;
  if (text == "subtree") return Coverage::kSubtree;
  return std::nullopt;
}

const char* EndpointStateName(EndpointState state) { return state == EndpointState::kPaused ? "paused" : "active"; }

std::optional<EndpointState> ParseEndpointState(std::string_view text) {
  if (text == "active") return EndpointState::kActive;
  if (text == "paused") return EndpointState::kPaused;
  return std::nullopt;
}

const char* DeliveryStateName(DeliveryState state) {
  switch (state) {
    case DeliveryState::kPending: return "pending";
    case DeliveryState::kDelivered: return "delivered";
    case DeliveryState::kFailed: return "failed";
  }
  return "pending";
}

std::optional<alerts::CapStatus> ParseSubscribableStatus(std::string_view text) {
  for (alerts::CapStatus status :
       {alerts::CapStatus::kActual, alerts::CapStatus::kExercise, alerts::CapStatus::kTest}) {
    if (text == alerts::CapName(status)) return status;
  }
  return std::nullopt;
}

std::optional<alerts::CapScope> ParseScope(std::string_view text) {
  for (alerts::CapScope scope :
       {alerts::CapScope::kPublic, alerts::CapScope::kRestricted, alerts::CapScope::kPrivate}) {
    if (text == alerts::CapName(scope)) return scope;
  }
  return std::nullopt;
}

const char* DeliveryEventName(DeliveryEvent event) { return event == DeliveryEvent::kPing ? "ping" : "alert"; }

}  // namespace chancery::webhooks
