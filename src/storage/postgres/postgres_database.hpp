// The PostgreSQL engine over libpq: a fixed-size connection pool, `?` placeholders rewritten to `$n`.
//
// Contract: as storage::Database. Parameters go as text: int64 typed int8, double typed float8 (with Infinity and
// NaN spelled as PostgreSQL reads them), strings and NULL untyped so that the server infers the column's type.
// Result columns become Values by type: int2/int4/int8/oid → int64, float4/float8/numeric → double, bool → 0/1,
// everything else text. Because an int64 is typed bigint, a function that takes `integer` needs
// `CAST(? AS INTEGER)` (portable to SQLite); in return, arithmetic on parameters never overflows 32 bits. Read-only
// transactions run as BEGIN READ ONLY; read-write ones at READ COMMITTED. SQLSTATE 23505 is kAlreadyExists, other 23xxx
// kConflict; 40001/40P01 are retried, then kUnavailable; a lost connection is kUnavailable (retried only when it failed
// before the body ran). A retried body runs again.
//
// Thread-safety: safe for concurrent use from many threads.
#pragma once

#include <memory>

#include "storage/database.hpp"
#include "storage/postgres/connection_pool.hpp"

namespace chancery::storage::postgres {

class PostgresDatabase final : public Database {
 public:
  static Result<std::unique_ptr<PostgresDatabase>> Open(const PostgresOptions& options);

  Status Run(std::string_view name, Access access, const std::function<Status(Transaction&)>& body) override;
  Status Ping() override;
  const Capabilities& capabilities() const override { return capabilities_; }
  Engine engine() const override { return Engine::kPostgres; }

 private:
  explicit PostgresDatabase(const PostgresOptions& options);
  Status RunOnce(Access access, const std::function<Status(Transaction&)>& body);

  Capabilities capabilities_;
  std::chrono::milliseconds checkout_timeout_;
  ConnectionPool pool_;
};

}  // namespace chancery::storage::postgres
