#include "storage/postgres/connection_pool.hpp"

#include "fmt/format.h"

namespace chancery::storage::postgres {
namespace {

// Server notices (e.g. "relation already exists, skipping") are not errors; keep them off stderr.
void IgnoreNotice(void* /*argument*/, const char* /*message*/) {}

}  // namespace

PooledConnection::PooledConnection(PooledConnection&& other) noexcept
    : pool_(other.pool_), connection_(other.connection_), broken_(other.broken_) {
  other.pool_ = nullptr;
  other.connection_ = nullptr;
}

PooledConnection::~PooledConnection() {
  if (pool_ != nullptr) pool_->Return(connection_, broken_);
}

ConnectionPool::ConnectionPool(std::string conninfo, int size, int connect_timeout_seconds)
    : conninfo_(std::move(conninfo)),
      connect_timeout_seconds_(std::to_string(connect_timeout_seconds)),
      free_slots_(size) {}

ConnectionPool::~ConnectionPool() {
  for (PGconn* connection : idle_) PQfinish(connection);
}

Result<PGconn*> ConnectionPool::Connect() const {
  // Our defaults come first: with expand_dbname the conninfo's own settings override them.
  const char* keywords[] = {"connect_timeout", "application_name", "dbname", nullptr};
  const char* values[] = {connect_timeout_seconds_.c_str(), "chancery", conninfo_.c_str(), nullptr};
  PGconn* connection = PQconnectdbParams(keywords, values, /*expand_dbname=*/1);
  if (connection == nullptr) return Unavailable("PostgreSQL: out of memory opening a connection");
  if (PQstatus(connection) != CONNECTION_OK) {
    std::string message = PQerrorMessage(connection);
    PQfinish(connection);
    while (!message.empty() && (message.back() == '\n' || message.back() == ' ')) message.pop_back();
    return Unavailable(fmt::format("cannot connect to PostgreSQL: {}", message));
  }
  PQsetNoticeProcessor(connection, IgnoreNotice, nullptr);
  return connection;
}

Result<PooledConnection> ConnectionPool::Checkout(std::chrono::milliseconds timeout) {
  {
    std::unique_lock lock(mutex_);
    bool available = returned_.wait_for(lock, timeout, [this] { return !idle_.empty() || free_slots_ > 0; });
    if (!available) return Unavailable("PostgreSQL connection pool exhausted: timed out waiting for a connection");
    if (!idle_.empty()) {
      PGconn* connection = idle_.back();
      idle_.pop_back();
      return PooledConnection(this, connection);
    }
    --free_slots_;
  }
  // Connecting takes a network round trip; do it outside the lock, holding the slot taken above.
  Result<PGconn*> connection = Connect();
  if (!connection.ok()) {
    {
      std::lock_guard lock(mutex_);
      ++free_slots_;
    }
    returned_.notify_one();
    return connection.status();
  }
  return PooledConnection(this, *connection);
}

void ConnectionPool::Return(PGconn* connection, bool broken) {
  {
    std::lock_guard lock(mutex_);
    bool reusable = !broken && PQstatus(connection) == CONNECTION_OK && PQtransactionStatus(connection) == PQTRANS_IDLE;
    if (reusable) {
      idle_.push_back(connection);
    } else {
      PQfinish(connection);
      ++free_slots_;
    }
  }
  returned_.notify_one();
}

}  // namespace chancery::storage::postgres
