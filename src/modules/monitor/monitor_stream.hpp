// The monitor's live stream (WebSocket /api/v1/monitor/stream): matches of the queries a user may read and alerts
// of the units they watch, the moment the pipeline commits them, on whichever node the client is connected to.
//
// Protocol: after the upgrade the server sends {"type":"ready"}; then one JSON message per event, each with
// "unit_id" and "private_to" (the owner of a private query, or null): {"type":"match", "query":{id,name},
// "article":{...}, "terms", "snippet"}, {"type":"alert", "alert"} and {"type":"alert.changed", "alert"}. `?units=1,2`
// narrows the stream to those units (a mission's live view); without it the user receives everything they may see.
// Nothing is replayed: the inbox and the article list are the record, read over HTTP after a reconnect.
//
// MonitorHub: one bus subscription per node (subject monitor.live), dispatching each event to the streams allowed to
// see it: monitor_read on the event's unit, or the owner of a private query.
//
// Thread-safety: MonitorHub is safe for concurrent use; stream handlers follow net/websocket.hpp.
#pragma once

#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <set>

#include "bus/bus.hpp"
#include "core/principal.hpp"
#include "modules/identity/authz.hpp"
#include "net/websocket.hpp"

namespace chancery::monitor {

class MonitorHub {
 public:
  MonitorHub(const identity::Authorizer& authorizer, bus::Bus& bus) : authorizer_(authorizer), bus_(bus) {}
  Status Start();
  net::WebSocketFactory Factory();

  struct Watcher {
    std::shared_ptr<net::WebSocketPeer> peer;
    std::shared_ptr<const Principal> principal;
    std::optional<std::set<std::int64_t>> units;  // nullopt: every unit the principal may see
  };
  void Register(const std::shared_ptr<Watcher>& watcher);
  void Unregister(const std::shared_ptr<Watcher>& watcher);

 private:
  void Dispatch(const bus::Message& message);

  const identity::Authorizer& authorizer_;
  bus::Bus& bus_;
  std::mutex mutex_;
  std::set<std::shared_ptr<Watcher>> watchers_;
  bus::Subscription subscription_;  // last: stops deliveries before the set goes
};

}  // namespace chancery::monitor
