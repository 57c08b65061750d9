// The one database API that every store uses, over SQLite (embedded default) and PostgreSQL.
//
// SQL is written once with `?` placeholders; each engine adapts it (PostgreSQL turns `?` into `$n`). Stores ask
// for capabilities (`capabilities()`), never for the engine's name. Every transaction has a name that appears in
// logs and metrics.
//
// Portable SQL conventions used by all migrations and stores:
//   - integers are BIGINT/INTEGER, text is TEXT, booleans are INTEGER 0/1, times are BIGINT Unix milliseconds;
//   - `INSERT ... RETURNING id` works on both engines (SQLite >= 3.35);
//   - auto-increment ids are declared per engine in `*.sqlite.sql` / `*.postgres.sql` migration variants.
//
// Thread-safety: a Database is safe for concurrent use from many threads. A Transaction belongs to the thread
// that runs the callback and must not escape it. All calls block: never call them on a network thread.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <variant>
#include <vector>

#include "core/status.hpp"

namespace chancery::storage {

// A parameter or column value. Blobs are not used: binary data is stored as base64 text.
using Value = std::variant<std::nullptr_t, std::int64_t, double, std::string>;

class Row {
 public:
  explicit Row(std::vector<Value> values) : values_(std::move(values)) {}
  std::size_t size() const { return values_.size(); }
  bool IsNull(std::size_t index) const { return std::holds_alternative<std::nullptr_t>(values_.at(index)); }
  // Converting getters: an integer column read as text gives its decimal form, NULL gives 0 / "" / nullopt.
  std::int64_t Int(std::size_t index) const;
  double Double(std::size_t index) const;
  std::string Text(std::size_t index) const;
  bool Bool(std::size_t index) const { return Int(index) != 0; }
  std::optional<std::int64_t> OptionalInt(std::size_t index) const;
  std::optional<std::string> OptionalText(std::size_t index) const;
  const Value& at(std::size_t index) const { return values_.at(index); }

 private:
  std::vector<Value> values_;
};

using Rows = std::vector<Row>;

// Wraps an optional into a Value: nullopt becomes NULL.
template <typename T>
Value Nullable(const std::optional<T>& value) {
  if (!value) return nullptr;
  return Value(*value);
}

// How full-text search is spelled: stores keep one query per dialect for their search index, and nothing else
// differs between engines.
enum class FullTextDialect {
  kNone,
  kFts5,      // SQLite FTS5: a virtual table, `MATCH '"token" "prefix"*'`
  kTsvector,  // PostgreSQL: a tsvector column with a GIN index, `@@ to_tsquery('simple', 'token & prefix:*')`
};

struct Capabilities {
  bool supports_returning = true;
  bool supports_skip_locked = false;  // SELECT ... FOR UPDATE SKIP LOCKED (PostgreSQL)
  bool supports_full_text = false;    // FTS5 or tsvector
  FullTextDialect full_text = FullTextDialect::kNone;
  // pg_advisory_xact_lock(key): serialises work across nodes sharing the database (PostgreSQL). Without it, the
  // engine has a single writer per database file and write transactions are already serialised.
  bool supports_advisory_locks = false;
};

// Runs statements inside one transaction. Errors come back as Status: a unique-key violation is kAlreadyExists,
// a foreign-key or check violation is kConflict, a lost connection is kUnavailable.
class Transaction {
 public:
  virtual ~Transaction() = default;
  virtual Result<Rows> Query(std::string_view sql, const std::vector<Value>& params = {}) = 0;
  // Runs a statement and returns how many rows it changed.
  virtual Result<std::int64_t> Execute(std::string_view sql, const std::vector<Value>& params = {}) = 0;
  // Runs several statements separated by `;` without parameters (used by migrations).
  virtual Status ExecuteScript(std::string_view sql) = 0;

  // Convenience: the first row, or kNotFound.
  Result<Row> QueryOne(std::string_view sql, const std::vector<Value>& params = {});
  // Convenience: the first row if any.
  Result<std::optional<Row>> QueryOptional(std::string_view sql, const std::vector<Value>& params = {});
};

enum class Engine { kSqlite, kPostgres };

enum class Access { kReadOnly, kReadWrite };

class Database {
 public:
  virtual ~Database() = default;

  // Runs `body` in a transaction; commits if it returns OK, rolls back otherwise. Read-only transactions may run
  // concurrently; read-write ones are serialised by the engine (SQLite: one writer). Transient conflicts
  // (SQLITE_BUSY, PostgreSQL serialization failures) are retried a few times before failing with kUnavailable.
  virtual Status Run(std::string_view name, Access access, const std::function<Status(Transaction&)>& body) = 0;

  Status Read(std::string_view name, const std::function<Status(Transaction&)>& body) {
    return Run(name, Access::kReadOnly, body);
  }
  Status Write(std::string_view name, const std::function<Status(Transaction&)>& body) {
    return Run(name, Access::kReadWrite, body);
  }

  // A cheap round trip, for /readyz.
  virtual Status Ping() = 0;

  virtual const Capabilities& capabilities() const = 0;
  // For migration-variant selection only ("sqlite" / "postgres"); stores use capabilities().
  virtual Engine engine() const = 0;
};

// Runs `body` (Transaction& → Result<T>) in a read-only transaction named `name` and returns its value: the
// shape of most single lookups in the stores' services.
template <typename Body>
auto ReadValue(Database& database, std::string_view name, Body&& body)
    -> Result<typename std::invoke_result_t<Body&, Transaction&>::value_type> {
  using Value = typename std::invoke_result_t<Body&, Transaction&>::value_type;
  std::optional<Value> value;
  CHANCERY_TRY(database.Read(name, [&](Transaction& transaction) -> Status {
    auto result = body(transaction);
    if (!result.ok()) return result.status();
    value = std::move(result).value();
    return Status::Ok();
  }));
  return std::move(*value);
}

struct SqliteOptions {
  std::string path;  // database file; ":memory:" is not supported (readers need a shared file)
  int reader_connections = 4;
  int busy_timeout_ms = 5000;
};

struct PostgresOptions {
  std::string conninfo;  // libpq connection string or URI
  int pool_size = 8;
  int connect_timeout_seconds = 5;
};

Result<std::unique_ptr<Database>> OpenSqlite(const SqliteOptions& options);
Result<std::unique_ptr<Database>> OpenPostgres(const PostgresOptions& options);

}  // namespace chancery::storage
