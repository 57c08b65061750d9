// libFuzzer target: raw bytes → the standing-query parser → (when it parses) the matcher, compiled and run against
// a fixed article.
//
// Invariants: nothing crashes or throws; a query either parses or fails with kInvalidArgument naming a column; a
// parsed query prints (ToString) as text that parses again (to the same tree, outside scripts cut by dictionary);
// and matching it never crashes.
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "modules/monitor/matcher.hpp"
#include "modules/monitor/query.hpp"

namespace {

using chancery::StatusCode;
using namespace chancery::monitor;

const Article& Sample() {
  static const Article article{
      .title = Normalize("Bão số 9 đổ bộ Đà Nẵng"),
      .body = Normalize("Typhoon Molave made landfall in Da Nang; 越南外交部 issued a warning. Người dân sơ tán."),
      .lang = "vi",
      .country = "vn",
      .source = "vnexpress"};
  return article;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  chancery::Result<NodePtr> parsed = ParseQuery(text);
  if (!parsed.ok()) {
    if (parsed.status().code() != StatusCode::kInvalidArgument) std::abort();
    return 0;
  }
  const std::string printed = ToString(**parsed);
  chancery::Result<NodePtr> again = ParseQuery(printed);
  if (!again.ok()) std::abort();
  // Dictionary word breaks (Chinese, Thai...) depend on context: a word printed on its own may be cut again
  // differently, so for those scripts the printed form need only parse.
  if (!UsesDictionaryWordBreaks(printed) && ToString(**again) != printed) std::abort();
  auto set = QuerySet::Compile({{.id = 1, .root = *parsed}});
  if (!set.ok()) std::abort();
  (void)(*set)->Match(Sample());
  return 0;
}
