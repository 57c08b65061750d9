// CSV import and export of accounts; see user_csv.hpp.
#include "modules/identity/user_csv.hpp"

#include <array>
#include <boost/json.hpp>
#include <charconv>
#include <map>

#include "core/csv.hpp"
#include "modules/identity/user_validation.hpp"

namespace chancery::identity {
namespace {

constexpr std::array<const char*, 7> kColumns = {"username", "display_name", "unit_id", "title",
                                                 "email",    "phone",        "locale"};
constexpr std::array<const char*, 3> kRequiredColumns = {"username", "display_name", "unit_id"};

std::string Trim(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  return std::string(text);
}

std::optional<std::int64_t> ParseId(const std::string& text) {
  std::int64_t value = 0;
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc() || end != text.data() + text.size() || value <= 0) return std::nullopt;
  return value;
}

// Maps column names to their positions; refuses unknown, repeated or missing required columns.
Result<std::map<std::string, std::size_t>> ReadHeader(const csv::Record& header) {
  std::map<std::string, std::size_t> positions;
  for (std::size_t index = 0; index < header.fields.size(); ++index) {
    const std::string name = AsciiLower(Trim(header.fields[index]));
    if (std::find(kColumns.begin(), kColumns.end(), name) == kColumns.end()) {
      return InvalidArgument("CSV line 1: unknown column \"" + name + "\".");
    }
    if (!positions.emplace(name, index).second) return InvalidArgument("CSV line 1: column \"" + name + "\" repeats.");
  }
  for (const char* required : kRequiredColumns) {
    if (!positions.contains(required)) {
      return InvalidArgument(std::string("CSV line 1: the column \"") + required + "\" is missing.");
    }
  }
  return positions;
}

}  // namespace

Result<ImportReport> UserCsv::Import(std::string_view csv_text, const ActionContext& context) {
  CHANCERY_ASSIGN_OR_RETURN(auto records, csv::ParseCsv(csv_text, {.max_records = kMaxImportLines + 1}));
  if (records.empty()) return InvalidArgument("The CSV file is empty; it needs a header line.");
  CHANCERY_ASSIGN_OR_RETURN(auto columns, ReadHeader(records.front()));
  auto field = [&](const csv::Record& record, const char* name) -> std::string {
    const auto found = columns.find(name);
    return found == columns.end() ? std::string() : Trim(record.fields[found->second]);
  };

  ImportReport report;
  for (std::size_t index = 1; index < records.size(); ++index) {
    const csv::Record& record = records[index];
    auto fail = [&](std::string message) { report.errors.push_back({record.line, std::move(message)}); };
    if (record.fields.size() != records.front().fields.size()) {
      fail("expected " + std::to_string(records.front().fields.size()) + " fields, found " +
           std::to_string(record.fields.size()));
      continue;
    }
    NewUser user;
    user.username = field(record, "username");
    user.display_name = field(record, "display_name");
    user.title = field(record, "title");
    user.email = field(record, "email");
    user.phone = field(record, "phone");
    const std::string locale = field(record, "locale");
    if (!locale.empty()) user.locale = locale;
    const std::optional<std::int64_t> unit_id = ParseId(field(record, "unit_id"));
    if (!unit_id) {
      fail("unit_id is not a unit id");
      continue;
    }
    user.unit_id = *unit_id;
    if (context.actor != nullptr && service_.authorizer().hierarchy().Exists(user.unit_id) &&
        !service_.authorizer().Allowed(*context.actor, Permission::kUsersManage, user.unit_id)) {
      fail("you do not hold users_manage on unit " + std::to_string(user.unit_id));
      continue;
    }
    Result<UserRecord> created = service_.CreateUser(user, context);
    if (created.ok()) {
      ++report.created;
    } else if (created.status().code() == StatusCode::kAlreadyExists && created.status().field() == "/username") {
      ++report.skipped;
    } else if (created.status().code() == StatusCode::kInvalidArgument ||
               created.status().code() == StatusCode::kAlreadyExists) {
      fail(created.status().message());
    } else {
      return created.status();  // the database failed: stop rather than report every later line as an error
    }
  }

  audit::AuditEvent event = MakeEvent(context, "users.imported");
  event.target_type = "user";
  event.detail_json = boost::json::serialize(
      boost::json::object{{"created", report.created}, {"skipped", report.skipped}, {"errors", report.errors.size()}});
  CHANCERY_TRY(service_.audit_log().Append(event));
  return report;
}

Result<std::string> UserCsv::Export(const UserQuery& query, std::optional<std::int64_t> audit_unit_id,
                                    const ActionContext& context) {
  CHANCERY_ASSIGN_OR_RETURN(UserPage page, service_.ListUsers(query));
  csv::CsvWriter writer;
  writer.AddRecord(std::vector<std::string>(kColumns.begin(), kColumns.end()));
  for (const UserRecord& user : page.items) {
    CHANCERY_ASSIGN_OR_RETURN(UserContact contact, service_.ReadContact(user.id));
    writer.AddRecord({user.username, user.display_name, std::to_string(user.unit_id), user.title, contact.email,
                      contact.phone, user.locale});
  }
  // Audited after the read and before the file leaves: an export that fails to be recorded is not handed out.
  audit::AuditEvent event = MakeEvent(context, "users.exported");
  event.unit_id = audit_unit_id;
  event.target_type = "user";
  event.detail_json = boost::json::serialize(boost::json::object{{"count", page.items.size()}});
  CHANCERY_TRY(service_.audit_log().Append(event));
  return writer.Release();
}

}  // namespace chancery::identity
