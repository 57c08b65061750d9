// A fixed-size pool of libpq connections.
//
// Contract: at most `size` connections exist. Checkout() blocks until a connection is free or the timeout passes
// (then kUnavailable). Connections are opened lazily; a lease whose connection broke (PQstatus not OK, or marked
// broken by the caller) is closed when returned and reopened by the next checkout, so a database restart costs
// one failed transaction per pooled connection at most.
//
// Thread-safety: the pool is safe for concurrent use; a lease belongs to one thread.
#pragma once

#include <libpq-fe.h>

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <string>
#include <vector>

#include "core/status.hpp"

namespace chancery::storage::postgres {

class ConnectionPool;

// Holds one checked-out connection and returns it to the pool on destruction.
class PooledConnection {
 public:
  PooledConnection(ConnectionPool* pool, PGconn* connection) : pool_(pool), connection_(connection) {}
  PooledConnection(PooledConnection&& other) noexcept;
  PooledConnection& operator=(PooledConnection&&) = delete;
  ~PooledConnection();

  PGconn* get() const { return connection_; }
  // Asks the pool to close this connection instead of reusing it (e.g. after a failure of unknown state).
  void MarkBroken() { broken_ = true; }

 private:
  ConnectionPool* pool_;
  PGconn* connection_;
  bool broken_ = false;
};

class ConnectionPool {
 public:
  ConnectionPool(std::string conninfo, int size, int connect_timeout_seconds);
  ~ConnectionPool();
  ConnectionPool(const ConnectionPool&) = delete;
  ConnectionPool& operator=(const ConnectionPool&) = delete;

  Result<PooledConnection> Checkout(std::chrono::milliseconds timeout);

 private:
  friend class PooledConnection;
  void Return(PGconn* connection, bool broken);
  Result<PGconn*> Connect() const;

  const std::string conninfo_;
  const std::string connect_timeout_seconds_;
  std::mutex mutex_;
  std::condition_variable returned_;
  std::vector<PGconn*> idle_;  // open connections ready for use
  int free_slots_;             // connections that may still be opened
};

}  // namespace chancery::storage::postgres
