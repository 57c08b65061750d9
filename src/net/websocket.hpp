// WebSocket endpoints as module code sees them, free of Beast: a module registers a factory with
// Router::AddWebSocket; for each accepted connection the server builds one WebSocketHandler and gives it a
// WebSocketPeer to talk back through.
//
// Contract: OnOpen comes first, then OnMessage once per text message in arrival order, then OnClose exactly once.
// The three run on the server's worker pool (never on a network thread), serialised per connection, so a handler
// needs no lock of its own for per-connection state and may block briefly on the database.
//
// Thread-safety: WebSocketPeer::Send and Close are safe from any thread, at any time, even after the connection
// has closed (they are then no-ops). Outgoing messages are queued per connection; a client too slow to drain its
// bounded queue is disconnected.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "net/http.hpp"

namespace chancery::net {

class WebSocketPeer {
 public:
  virtual ~WebSocketPeer() = default;
  // Queues a text message. Returns false when the connection is closed or was dropped for overflowing.
  virtual bool Send(std::string text) = 0;
  // The same, sharing the text with other connections (no copy per connection).
  virtual bool SendShared(std::shared_ptr<const std::string> text) = 0;
  // Starts a normal close (1000) after the messages already queued.
  virtual void Close() = 0;
};

class WebSocketHandler {
 public:
  virtual ~WebSocketHandler() = default;
  // `request` is the authenticated upgrade request (principal and path parameters set).
  virtual void OnOpen(std::shared_ptr<WebSocketPeer> peer, const Request& request) = 0;
  virtual void OnMessage(std::string_view text) = 0;
  virtual void OnClose() = 0;
};

using WebSocketFactory = std::function<std::unique_ptr<WebSocketHandler>()>;

// Queues one text for many connections: the connections of each network thread get it through one task on that
// thread, rather than one cross-thread hand-off per connection, which is what makes a message to a channel of
// 10,000 members cheap. Per connection, the order of everything queued from one thread is kept. Safe from any
// thread; closed connections are skipped.
void Broadcast(const std::vector<std::shared_ptr<WebSocketPeer>>& peers,
               const std::shared_ptr<const std::string>& text);

// A list of connections prepared once for many broadcasts (a channel's members): grouped by network thread when
// built, so that each message then costs one task per network thread and no lookup per connection. Immutable, so
// safe to share between threads; when the list changes, build another.
class Audience {
 public:
  explicit Audience(const std::vector<std::shared_ptr<WebSocketPeer>>& peers);
  // As Broadcast, to the connections at [from, to) of the list given to the constructor whose flag in `admitted`
  // (indexed like that list; null: all) is set. Sending a list in slices lets the first connections be written to
  // while the caller is still deciding about the next ones; the flags of a slice must not change once it is sent.
  void Send(const std::shared_ptr<const std::string>& text,
            const std::shared_ptr<const std::vector<char>>& admitted = nullptr, std::size_t from = 0,
            std::size_t to = static_cast<std::size_t>(-1)) const;

 private:
  struct Groups;
  std::shared_ptr<const Groups> groups_;
};

}  // namespace chancery::net
