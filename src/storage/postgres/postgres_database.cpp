#include "storage/postgres/postgres_database.hpp"

#include "fmt/format.h"
#include "storage/postgres/postgres_transaction.hpp"
#include "storage/transaction_timing.hpp"

namespace chancery::storage {
namespace postgres {
namespace {

// The reason given to a failure before the body ran, which is always safe to retry.
constexpr const char* kBeforeBodyReason = "before_body";

}  // namespace

PostgresDatabase::PostgresDatabase(const PostgresOptions& options)
    // A caller waits for a pooled connection at most as long as for a new one, plus time for the work ahead.
    : checkout_timeout_(std::chrono::seconds(options.connect_timeout_seconds + 10)),
      pool_(options.conninfo, options.pool_size, options.connect_timeout_seconds) {
  capabilities_.supports_returning = true;
  capabilities_.supports_skip_locked = true;
  capabilities_.supports_full_text = true;
  capabilities_.full_text = FullTextDialect::kTsvector;
  capabilities_.supports_advisory_locks = true;
}

Result<std::unique_ptr<PostgresDatabase>> PostgresDatabase::Open(const PostgresOptions& options) {
  if (options.pool_size < 1) return InvalidArgument("PostgreSQL pool_size must be at least 1");
  std::unique_ptr<PostgresDatabase> database(new PostgresDatabase(options));
  // Fail at start-up, with libpq's message, when the server cannot be reached or the credentials are wrong.
  CHANCERY_TRY(database->Ping());
  return database;
}

Status PostgresDatabase::RunOnce(Access access, const std::function<Status(Transaction&)>& body) {
  Result<PooledConnection> lease = pool_.Checkout(checkout_timeout_);
  if (!lease.ok()) return lease.status();
  PostgresTransaction transaction(lease->get());
  Status begun = transaction.Command(access == Access::kReadOnly ? "BEGIN READ ONLY" : "BEGIN");
  if (!begun.ok()) {
    lease->MarkBroken();
    // A pooled connection may have died while idle (server restart); a fresh one may well succeed.
    return transaction.connection_lost() ? std::move(begun.WithReason(kBeforeBodyReason)) : begun;
  }
  Status status = body(transaction);
  if (status.ok()) status = transaction.Command("COMMIT");
  if (!status.ok() && !transaction.connection_lost()) {
    if (!transaction.Command("ROLLBACK").ok()) lease->MarkBroken();
  }
  if (transaction.connection_lost()) lease->MarkBroken();
  return status;
}

Status PostgresDatabase::Run(std::string_view name, Access access, const std::function<Status(Transaction&)>& body) {
  TransactionTimer timer(name);
  Status status;
  int attempt = 1;
  for (;; ++attempt) {
    status = RunOnce(access, body);
    bool retryable = status.reason() == kTransientReason || status.reason() == kBeforeBodyReason;
    if (status.ok() || !retryable || attempt >= kTransactionAttempts) break;
    BackOffBeforeRetry(attempt);
  }
  timer.Finish(status, attempt);
  if (status.reason() == kTransientReason || status.reason() == kBeforeBodyReason) {
    return Unavailable(fmt::format("transaction {} failed after {} attempts: {}", name, attempt, status.message()));
  }
  return status;
}

Status PostgresDatabase::Ping() {
  return Read("ping", [](Transaction& transaction) { return transaction.Query("SELECT 1").status(); });
}

}  // namespace postgres

Result<std::unique_ptr<Database>> OpenPostgres(const PostgresOptions& options) {
  CHANCERY_ASSIGN_OR_RETURN(auto database, postgres::PostgresDatabase::Open(options));
  return std::unique_ptr<Database>(std::move(database));
}

}  // namespace chancery::storage
