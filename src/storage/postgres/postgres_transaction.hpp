// A Transaction on one libpq connection, and the mapping of PostgreSQL errors to Status.
//
// Contract: see PostgresDatabase. Failures caused by serialization conflicts or deadlocks are flagged
// `transient` (Status reason "transient") so that the engine can retry the whole transaction; a lost connection
// is flagged so that the pool drops it.
//
// Thread-safety: not thread-safe; used by the thread running one transaction.
#pragma once

#include <libpq-fe.h>

#include <memory>

#include "storage/database.hpp"

namespace chancery::storage::postgres {

// The Status reason given to failures that a retry of the whole transaction may cure.
inline constexpr const char* kTransientReason = "transient";

struct ResultDeleter {
  void operator()(PGresult* result) const { PQclear(result); }
};
using ResultHandle = std::unique_ptr<PGresult, ResultDeleter>;

class PostgresTransaction final : public Transaction {
 public:
  explicit PostgresTransaction(PGconn* connection) : connection_(connection) {}

  Result<Rows> Query(std::string_view sql, const std::vector<Value>& params) override;
  Result<std::int64_t> Execute(std::string_view sql, const std::vector<Value>& params) override;
  Status ExecuteScript(std::string_view sql) override;

  // Runs a statement without parameters and without a result (BEGIN, COMMIT, ROLLBACK).
  Status Command(std::string_view sql) { return ExecuteScript(sql); }
  bool connection_lost() const { return connection_lost_; }

 private:
  Result<ResultHandle> Run(std::string_view sql, const std::vector<Value>& params);
  Status ErrorStatus(const PGresult* result, std::string_view sql);

  PGconn* connection_;
  bool connection_lost_ = false;
};

}  // namespace chancery::storage::postgres
