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
  subscription_ = tailer_.Subscribe([peer, principal, &scope](const std::vector<AuditEntry>& entries) {
    for (const AuditEntry& entry : entries) {
      if (scope.Covers(*principal, entry)) peer->Send(EntryEventMessage(entry));
    }
  });
}

void AuditEventsHandler::OnClose() {
  if (subscription_) tailer_.Unsubscribe(*subscription_);
  subscription_.reset();
}

net::WebSocketFactory AuditEventsFactory(AuditTailer& tailer, const AuditScope& scope) {
  return [&tailer, &scope]() -> std::unique_ptr<net::WebSocketHandler> {
    return std::make_unique<AuditEventsHandler>(tailer, scope);
  };
}

}  // namespace chancery::audit
