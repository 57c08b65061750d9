#include "modules/audit/audit_events.hpp"

#include "modules/audit/audit_json.hpp"

namespace chancery::audit {

AuditEventsHandler::~AuditEventsHandler() { OnClose(); }

void AuditEventsHandler::OnOpen(std::shared_ptr<net::WebSocketPeer> peer, const net::Request& request) {
  std::shared_ptr<const Principal> principal = request.principal;
  if (!principal) {
    peer->Close();
    return;
  }
  // The principal is the one authenticated at upgrade time; identity closes the connection (session.ended) when
  // the session ends, and the scope is that of the grants held then.
  const AuditScope& scope = scope_;
  const std::vector<EntryRelay>& relays = relays_;
  auto delivery = std::make_shared<Delivery>();
  auto send_new = [peer, principal, &scope, &relays, delivery](const std::vector<AuditEntry>& entries) {
    for (const AuditEntry& entry : entries) {
      if (entry.seq <= delivery->last_sent_seq) continue;
      delivery->last_sent_seq = entry.seq;
      if (scope.Covers(*principal, entry)) peer->Send(EntryEventMessage(entry));
      for (const EntryRelay& relay : relays) {
        if (std::optional<std::string> message = relay(*principal, entry)) peer->Send(std::move(*message));
      }
    }
  };
  // Hold the delivery lock across subscribing and replaying: live batches wait until the replay is sent, then
  // skip what it covered.
  std::lock_guard lock(delivery->mutex);
  subscription_ = tailer_.Subscribe([send_new, delivery](const std::vector<AuditEntry>& entries) {
    std::lock_guard lock(delivery->mutex);
    send_new(entries);
  });
  std::optional<std::string> after_text = request.Query("after");
  if (!after_text) return;
  std::int64_t after = 0;
  try {
    after = std::stoll(*after_text);
  } catch (const std::exception&) {
    peer->Close();
    return;
  }
  auto missed = tailer_.log().After(after, kMaxReplay);
  if (missed.ok()) send_new(*missed);
}

void AuditEventsHandler::OnClose() {
  if (subscription_) tailer_.Unsubscribe(*subscription_);
  subscription_.reset();
}

net::WebSocketFactory AuditEventsFactory(AuditTailer& tailer, const AuditScope& scope,
                                         const std::vector<EntryRelay>& relays) {
  return [&tailer, &scope, &relays]() -> std::unique_ptr<net::WebSocketHandler> {
    return std::make_unique<AuditEventsHandler>(tailer, scope, relays);
  };
}

}  // namespace chancery::audit
