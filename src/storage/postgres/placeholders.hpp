// Rewrites the portable `?` placeholders of our SQL into PostgreSQL's `$1, $2, ...`.
//
// Contract: a `?` is a placeholder unless it sits inside a single-quoted string (including E'...' strings with
// backslash escapes), a double-quoted identifier, a dollar-quoted string ($$...$$ or $tag$...$tag$), a `--` line
// comment or a `/* */` block comment (nested, as PostgreSQL allows). Everything else is copied unchanged. The
// jsonb `?` operators cannot be written through this layer; no store uses them.
//
// Thread-safety: a pure function.
#pragma once

#include <string>
#include <string_view>

namespace chancery::storage::postgres {

struct ConvertedSql {
  std::string sql;
  int parameter_count = 0;
};

ConvertedSql ConvertPlaceholders(std::string_view sql);

}  // namespace chancery::storage::postgres
