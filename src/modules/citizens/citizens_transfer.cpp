// The registry's files: CSV import (lists from associations) with duplicate detection, CSV export, and the
// citizen's own export and erasure. See citizens_service.hpp for the contract.
#include <boost/json.hpp>
#include <map>

#include "core/csv.hpp"
#include "modules/citizens/citizens_json.hpp"
#include "modules/citizens/citizens_service.hpp"
#include "modules/citizens/profile_rules.hpp"
#include "modules/identity/user_validation.hpp"

namespace chancery::citizens {
namespace {

namespace json = boost::json;
using identity::ActionContext;
using identity::Permission;
using storage::Transaction;

// The columns of the import and export files, in order; import needs the header but not every column.
constexpr std::array<std::string_view, 12> kCsvColumns = {
    "reference",         "full_name", "date_of_birth", "passport_number", "email",     "phone",
    "residence_country", "city",      "address",       "latitude",        "longitude", "language"};
constexpr std::string_view kConsentsColumn = "consents";  // channels separated by spaces: "zalo sms email"

Result<std::optional<GeoPoint>> ParseCsvPoint(const std::string& latitude, const std::string& longitude) {
  if (latitude.empty() && longitude.empty()) return std::optional<GeoPoint>();
  try {
    std::size_t used_latitude = 0;
    std::size_t used_longitude = 0;
    const double lat = std::stod(latitude, &used_latitude);
    const double lon = std::stod(longitude, &used_longitude);
    if (used_latitude == latitude.size() && used_longitude == longitude.size()) {
      return std::optional<GeoPoint>(GeoPoint{lat, lon});
    }
  } catch (const std::exception&) {
  }
  return InvalidArgument("latitude and longitude are decimal degrees, both or neither.");
}

Result<std::vector<ConsentChoice>> ParseConsents(const std::string& text) {
  std::vector<ConsentChoice> consents;
  std::size_t start = 0;
  while (start < text.size()) {
    std::size_t end = text.find_first_of(" ,;", start);
    if (end == std::string::npos) end = text.size();
    const std::string name = text.substr(start, end - start);
    if (!name.empty()) {
      std::optional<Channel> channel = ParseChannel(name);
      if (!channel)
        return InvalidArgument("consents lists channels among zalo, sms, email, web_push; not " + name + ".");
      consents.push_back({*channel, true});
    }
    start = end + 1;
  }
  return consents;
}

}  // namespace

Result<ImportReport> CitizensService::ImportCsv(std::string_view text, const ActionContext& context) {
  if (context.actor == nullptr) return PermissionDenied("Importing citizens needs a member of staff.");
  CHANCERY_ASSIGN_OR_RETURN(std::vector<csv::Record> records, csv::ParseCsv(text));
  if (records.empty()) return InvalidArgument("The file is empty: it needs a header line and one line per person.");
  std::map<std::string, std::size_t> columns;
  for (std::size_t i = 0; i < records.front().fields.size(); ++i) columns[records.front().fields[i]] = i;
  for (std::string_view required : {"full_name", "residence_country"}) {
    if (!columns.count(std::string(required))) {
      return InvalidArgument("The header line needs a column " + std::string(required) + ".");
    }
  }
  CHANCERY_ASSIGN_OR_RETURN(Countries countries, ReadCountries());
  const CountryScope scope = ScopeIn(*context.actor, Permission::kCitizensWrite, countries);
  const CountryScope readable = ScopeIn(*context.actor, Permission::kCitizensRead, countries);
  ImportReport report;
  CHANCERY_TRY(database_.Write("citizens.import", [&](Transaction& transaction) -> Status {
    report = ImportReport{};
    const std::int64_t now = clock_.NowMs();
    for (std::size_t r = 1; r < records.size(); ++r) {
      const csv::Record& record = records[r];
      const auto field = [&](std::string_view name) -> std::string {
        auto it = columns.find(std::string(name));
        return it != columns.end() && it->second < record.fields.size() ? record.fields[it->second] : std::string();
      };
      const auto fail = [&](const std::string& message) {
        report.errors.push_back({static_cast<int>(record.line), message});
      };
      Profile profile;
      profile.full_name = field("full_name");
      profile.date_of_birth = field("date_of_birth");
      profile.passport_number = field("passport_number");
      profile.email = field("email");
      profile.phone = field("phone");
      profile.residence_country = field("residence_country");
      profile.city = field("city");
      profile.address = field("address");
      profile.language = field("language").empty() ? "vi" : field("language");
      Result<std::optional<GeoPoint>> point = ParseCsvPoint(field("latitude"), field("longitude"));
      if (!point.ok()) {
        fail(point.status().message());
        continue;
      }
      profile.location = *point;
      Result<std::vector<ConsentChoice>> consents = ParseConsents(field(kConsentsColumn));
      if (!consents.ok()) {
        fail(consents.status().message());
        continue;
      }
      if (Status valid = NormaliseAndValidate(profile); !valid.ok()) {
        fail(valid.message());
        continue;
      }
      if (!scope.Covers(profile.residence_country)) {
        fail("You may not register citizens living in " + profile.residence_country + ".");
        continue;
      }
      // The same person already registered (by any of their identifiers): counted, not registered twice.
      std::optional<std::int64_t> existing;
      for (const auto& [index, value] : std::initializer_list<std::pair<IndexedField, std::string>>{
               {IndexedField::kPassport, profile.passport_number},
               {IndexedField::kEmail, profile.email},
               {IndexedField::kPhone, profile.phone},
               {IndexedField::kIdentity, CitizenStore::IdentityValue(profile)}}) {
        if (existing || value.empty()) continue;
        CHANCERY_ASSIGN_OR_RETURN(existing, store_.FindIdBy(transaction, index, value));
      }
      if (existing) {
        ++report.duplicates;
        CHANCERY_ASSIGN_OR_RETURN(std::optional<std::string> country, store_.CountryOf(transaction, *existing));
        if (country && readable.Covers(*country)) {
          CHANCERY_ASSIGN_OR_RETURN(std::optional<Citizen> other, store_.Find(transaction, *existing));
          if (other) report.duplicate_references.push_back(other->reference);
        }
        continue;
      }
      CHANCERY_ASSIGN_OR_RETURN(std::int64_t id,
                                store_.Insert(transaction, profile, Origin::kImport, NewReference(), now));
      for (const ConsentChoice& consent : *consents) {
        CHANCERY_TRY(store_.SetConsent(transaction, id, consent.channel, true, now));
      }
      ++report.created;
    }
    audit::AuditEvent event = identity::MakeEvent(context, "citizen.imported");
    event.target_type = "citizen";
    event.detail_json = json::serialize(json::object{{"created", report.created},
                                                     {"duplicates", report.duplicates},
                                                     {"errors", static_cast<std::int64_t>(report.errors.size())}});
    return audit_.Append(transaction, event);
  }));
  return report;
}

Result<std::string> CitizensService::ExportCsv(const std::optional<std::string>& country,
                                               const ActionContext& context) {
  if (context.actor == nullptr) return PermissionDenied("Exporting citizens needs a member of staff.");
  CHANCERY_ASSIGN_OR_RETURN(Countries countries, ReadCountries());
  CountryScope scope = ScopeIn(*context.actor, Permission::kCitizensExport, countries);
  if (country) {
    if (!scope.Covers(*country)) return PermissionDenied("You may not export the registrations of " + *country + ".");
    scope = CountryScope{false, {*country}};
  }
  if (!scope.everywhere && scope.countries.empty()) {
    return PermissionDenied("Exporting the registry needs the permission citizens_export on a mission.");
  }
  csv::CsvWriter writer;
  std::vector<std::string> header(kCsvColumns.begin(), kCsvColumns.end());
  header.emplace_back(kConsentsColumn);
  writer.AddRecord(header);
  std::int64_t exported = 0;
  CHANCERY_TRY(database_.Write("citizens.export", [&](Transaction& transaction) -> Status {
    std::int64_t after = 0;
    for (;;) {
      CHANCERY_ASSIGN_OR_RETURN(std::vector<CitizenSummary> batch,
                                store_.List(transaction, scope.countries, scope.everywhere, after, 500));
      if (batch.empty()) break;
      for (const CitizenSummary& summary : batch) {
        after = summary.id;
        CHANCERY_ASSIGN_OR_RETURN(std::optional<Citizen> citizen, store_.Find(transaction, summary.id));
        if (!citizen) continue;
        const Profile& p = citizen->profile;
        std::string consents;
        for (Channel channel : kChannels) {
          if (citizen->Consented(channel))
            consents += (consents.empty() ? "" : " ") + std::string(ChannelName(channel));
        }
        writer.AddRecord({citizen->reference, p.full_name, p.date_of_birth, p.passport_number, p.email, p.phone,
                          p.residence_country, p.city, p.address,
                          p.location ? std::to_string(p.location->latitude) : "",
                          p.location ? std::to_string(p.location->longitude) : "", p.language, consents});
        ++exported;
      }
    }
    audit::AuditEvent event = identity::MakeEvent(context, "citizen.exported");
    event.target_type = "citizen";
    event.detail_json = json::serialize(json::object{{"rows", exported}, {"country", country ? *country : "*"}});
    if (country) event.unit_id = MissionIn(*country, countries);
    return audit_.Append(transaction, event);
  }));
  return writer.Release();
}

Result<json::object> CitizensService::ExportOwn(std::int64_t id, const std::string& actor) {
  json::object out;
  CHANCERY_TRY(database_.Write("citizens.export_own", [&](Transaction& transaction) -> Status {
    CHANCERY_ASSIGN_OR_RETURN(std::optional<Citizen> citizen, store_.Find(transaction, id));
    if (!citizen) return NotFound("There is no registration to export.");
    out = json::object{{"registration", CitizenToJson(*citizen)}};
    for (const PersonalDataHolder& holder : holders_) {
      CHANCERY_ASSIGN_OR_RETURN(out[holder.name], holder.export_data(transaction, id));
    }
    audit::AuditEvent event;
    event.actor = actor;
    event.action = "citizen.exported_own";
    event.unit_id = MissionOf(citizen->profile.residence_country);
    event.target_type = "citizen";
    event.target_id = std::to_string(id);
    return audit_.Append(transaction, event);
  }));
  return out;
}

Status CitizensService::EraseOwn(std::int64_t id, const std::string& actor, const std::string& remote_address) {
  return database_.Write("citizens.erase_own", [&](Transaction& transaction) -> Status {
    CHANCERY_ASSIGN_OR_RETURN(std::optional<std::string> country, store_.CountryOf(transaction, id));
    if (!country) return NotFound("There is no registration to erase.");
    for (const PersonalDataHolder& holder : holders_) CHANCERY_TRY(holder.erase(transaction, id));
    CHANCERY_TRY(store_.Erase(transaction, id, clock_.NowMs()));
    audit::AuditEvent event;
    event.actor = actor;
    event.action = "citizen.erased";
    event.unit_id = MissionOf(*country);
    event.target_type = "citizen";
    event.target_id = std::to_string(id);
    event.remote_address = remote_address;
    event.detail_json = R"({"requested_by":"citizen"})";
    return audit_.Append(transaction, event);
  });
}

}  // namespace chancery::citizens
