#include "storage/postgres/postgres_transaction.hpp"

#include <charconv>
#include <cmath>
#include <cstdlib>
#include <cstring>

#include "fmt/format.h"
#include "storage/postgres/placeholders.hpp"

namespace chancery::storage::postgres {
namespace {

// Type OIDs from PostgreSQL's pg_type.h, stable across versions.
constexpr Oid kBoolOid = 16;
constexpr Oid kInt8Oid = 20;
constexpr Oid kInt2Oid = 21;
constexpr Oid kInt4Oid = 23;
constexpr Oid kOidOid = 26;
constexpr Oid kFloat4Oid = 700;
constexpr Oid kFloat8Oid = 701;
constexpr Oid kNumericOid = 1700;

std::string DoubleText(double value) {
  if (std::isnan(value)) return "NaN";
  if (std::isinf(value)) return value > 0 ? "Infinity" : "-Infinity";
  return fmt::format("{}", value);  // shortest text that reads back as the same double
}

Value ColumnValue(const PGresult* result, int row, int column) {
  if (PQgetisnull(result, row, column) != 0) return nullptr;
  const char* text = PQgetvalue(result, row, column);
  std::size_t length = static_cast<std::size_t>(PQgetlength(result, row, column));
  switch (PQftype(result, column)) {
    case kInt2Oid:
    case kInt4Oid:
    case kInt8Oid:
    case kOidOid: {
      std::int64_t value = 0;
      std::from_chars(text, text + length, value);
      return value;
    }
    case kFloat4Oid:
    case kFloat8Oid:
    case kNumericOid:
      // strtod reads "NaN", "Infinity" and "-Infinity" as PostgreSQL writes them.
      return std::strtod(text, nullptr);
    case kBoolOid: return static_cast<std::int64_t>(text[0] == 't' ? 1 : 0);
    default: return std::string(text, length);
  }
}

}  // namespace

Status PostgresTransaction::ErrorStatus(const PGresult* result, std::string_view sql) {
  const char* sqlstate_field = result != nullptr ? PQresultErrorField(result, PG_DIAG_SQLSTATE) : nullptr;
  std::string_view sqlstate = sqlstate_field != nullptr ? sqlstate_field : "";
  std::string error = result != nullptr ? PQresultErrorMessage(result) : PQerrorMessage(connection_);
  while (!error.empty() && (error.back() == '\n' || error.back() == ' ')) error.pop_back();
  std::string message = fmt::format("{} (in: {})", error, sql.substr(0, 200));
  if (PQstatus(connection_) != CONNECTION_OK || sqlstate.starts_with("08") || sqlstate == "57P01" ||
      (sqlstate.empty() && result == nullptr)) {
    connection_lost_ = true;
    return Unavailable(message);
  }
  if (sqlstate == "23505") return AlreadyExists(message);
  if (sqlstate.starts_with("23")) return Conflict(message);
  if (sqlstate == "40001" || sqlstate == "40P01") return std::move(Unavailable(message).WithReason(kTransientReason));
  if (sqlstate == "57014" || sqlstate == "53300" || sqlstate.starts_with("57P")) return Unavailable(message);
  return Internal(message);
}

Result<ResultHandle> PostgresTransaction::Run(std::string_view sql, const std::vector<Value>& params) {
  ConvertedSql converted = ConvertPlaceholders(sql);
  if (converted.parameter_count != static_cast<int>(params.size())) {
    return Internal(fmt::format("statement takes {} parameters, {} given: {}", converted.parameter_count, params.size(),
                                sql.substr(0, 200)));
  }
  std::vector<std::string> texts(params.size());
  std::vector<const char*> values(params.size(), nullptr);
  std::vector<Oid> types(params.size(), 0);  // 0: let the server infer from the context
  for (std::size_t index = 0; index < params.size(); ++index) {
    const Value& param = params[index];
    if (const auto* integer = std::get_if<std::int64_t>(&param)) {
      texts[index] = std::to_string(*integer);
      types[index] = kInt8Oid;
    } else if (const auto* real = std::get_if<double>(&param)) {
      texts[index] = DoubleText(*real);
      types[index] = kFloat8Oid;
    } else if (const auto* text = std::get_if<std::string>(&param)) {
      if (text->find('\0') != std::string::npos) {
        return InvalidArgument("PostgreSQL text cannot hold a NUL character");
      }
      texts[index] = *text;
    } else {
      continue;  // NULL: values[index] stays nullptr
    }
    values[index] = texts[index].c_str();
  }
  ResultHandle result(PQexecParams(connection_, converted.sql.c_str(), static_cast<int>(params.size()), types.data(),
                                   values.data(), nullptr, nullptr, /*resultFormat=*/0));
  ExecStatusType status = result ? PQresultStatus(result.get()) : PGRES_FATAL_ERROR;
  if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) return ErrorStatus(result.get(), sql);
  return result;
}

Result<Rows> PostgresTransaction::Query(std::string_view sql, const std::vector<Value>& params) {
  CHANCERY_ASSIGN_OR_RETURN(ResultHandle result, Run(sql, params));
  int row_count = PQntuples(result.get());
  int column_count = PQnfields(result.get());
  Rows rows;
  rows.reserve(static_cast<std::size_t>(row_count));
  for (int row = 0; row < row_count; ++row) {
    std::vector<Value> values;
    values.reserve(static_cast<std::size_t>(column_count));
    for (int column = 0; column < column_count; ++column) values.push_back(ColumnValue(result.get(), row, column));
    rows.emplace_back(std::move(values));
  }
  return rows;
}

Result<std::int64_t> PostgresTransaction::Execute(std::string_view sql, const std::vector<Value>& params) {
  CHANCERY_ASSIGN_OR_RETURN(ResultHandle result, Run(sql, params));
  const char* affected = PQcmdTuples(result.get());
  std::int64_t count = 0;
  std::from_chars(affected, affected + std::strlen(affected), count);
  return count;
}

Status PostgresTransaction::ExecuteScript(std::string_view sql) {
  // The simple-query protocol runs several `;`-separated statements in one round trip.
  std::string script(sql);
  ResultHandle result(PQexec(connection_, script.c_str()));
  ExecStatusType status = result ? PQresultStatus(result.get()) : PGRES_FATAL_ERROR;
  if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK && status != PGRES_EMPTY_QUERY) {
    return ErrorStatus(result.get(), sql);
  }
  return Status::Ok();
}

}  // namespace chancery::storage::postgres
