// The live audit feed (GET /api/v1/events): the AuditTailer (audit_tailer.hpp) follows audit_log on one thread per
// node, and each connection's AuditEventsHandler pushes the new entries its principal's audit scope covers, as
// {"type":"audit.entry","entry":{...}}. Other modules add relays: their own message about an entry for a principal
// (the cables module pushes {"type":"cable.changed",...} to whoever may see a cable that changed), so that the
// feed is every module's live channel to the console, and works across nodes because it follows the database. A client
// that reconnects passes `?after=<last seq it saw>` and first receives the entries it missed (up to kMaxReplay, in
// order, in scope), then the live ones, with none twice.
//
// Thread-safety: AuditEventsHandler follows net/websocket.hpp's per-connection contract. The AuditTailer and the
// AuditScope must outlive every handler.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "modules/audit/audit_scope.hpp"
#include "modules/audit/audit_tailer.hpp"
#include "net/websocket.hpp"

namespace chancery::audit {

// Another module's reading of an entry for one principal: the message to push, or nullopt. Runs on the tailer's
// thread for each connection, so it must be quick for the entries it ignores; it may read the database.
using EntryRelay = std::function<std::optional<std::string>(const Principal& principal, const AuditEntry& entry)>;

// One WebSocket connection of the live feed: subscribes its principal's scope to the tailer on open, unsubscribes
// on close. Client messages are ignored.
class AuditEventsHandler final : public net::WebSocketHandler {
 public:
  AuditEventsHandler(AuditTailer& tailer, const AuditScope& scope, const std::vector<EntryRelay>& relays)
      : tailer_(tailer), scope_(scope), relays_(relays) {}
  ~AuditEventsHandler() override;

  void OnOpen(std::shared_ptr<net::WebSocketPeer> peer, const net::Request& request) override;
  void OnMessage(std::string_view text) override {}
  void OnClose() override;

 private:
  static constexpr int kMaxReplay = 1000;

  // Shared with the tailer's listener: what has been sent, so that a replay and live delivery never overlap.
  struct Delivery {
    std::mutex mutex;
    std::int64_t last_sent_seq = 0;
  };

  AuditTailer& tailer_;
  const AuditScope& scope_;
  const std::vector<EntryRelay>& relays_;
  std::optional<std::uint64_t> subscription_;
};

// The factory to register with net::Router::AddWebSocket.
net::WebSocketFactory AuditEventsFactory(AuditTailer& tailer, const AuditScope& scope,
                                         const std::vector<EntryRelay>& relays);

}  // namespace chancery::audit
