#include "modules/citizens/citizen_store.hpp"

#include <cstdio>

#include "modules/citizens/citizens_json.hpp"
#include "modules/citizens/profile_rules.hpp"
#include "modules/directory/text_fold.hpp"

namespace chancery::citizens {
namespace {

using storage::Row;
using storage::Rows;
using storage::Transaction;
using storage::Value;

const char* IndexColumn(IndexedField field) {
  switch (field) {
    case IndexedField::kEmail: return "email_index";
    case IndexedField::kPhone: return "phone_index";
    case IndexedField::kPassport: return "passport_index";
    case IndexedField::kIdentity: return "identity_index";
    case IndexedField::kZaloUser: return "zalo_user_index";
  }
  return "email_index";
}

const char* IndexPurpose(IndexedField field) {
  switch (field) {
    case IndexedField::kEmail: return "citizens.email";
    case IndexedField::kPhone: return "citizens.phone";
    case IndexedField::kPassport: return "citizens.passport";
    case IndexedField::kIdentity: return "citizens.identity";
    case IndexedField::kZaloUser: return "citizens.zalo_user";
  }
  return "citizens.email";
}

// The SQL "IN (?, ?, ...)" list and its values.
std::string Placeholders(std::size_t count) {
  std::string text = "(";
  for (std::size_t i = 0; i < count; ++i) text += i == 0 ? "?" : ", ?";
  return text + ")";
}

// One column: the channels whose consent is granted, bit 1 << Channel (kChannels order). A correlated aggregate, so
// that each citizen's consents are read by the primary key: PostgreSQL ran the four EXISTS this replaced as hashed
// subplans, each reading the whole consents table for every batch of a catch-up (222 ms for 5,000 of 100,000
// citizens, 29 ms now; the first load of 1,000,000 took 47 s).
constexpr const char* kConsentColumns =
    "(SELECT COALESCE(SUM(CASE k.channel WHEN 'zalo' THEN 1 WHEN 'sms' THEN 2 WHEN 'email' THEN 4 "
    "WHEN 'web_push' THEN 8 ELSE 0 END), 0) FROM citizen_consents k WHERE k.citizen_id = c.id AND k.granted = 1)";

bool Consented(std::int64_t mask, Channel channel) { return (mask >> static_cast<int>(channel)) & 1; }

// The reach columns: zalo linked, phone, e-mail, push subscription present, then kConsentColumns.
constexpr const char* kReachColumns =
    "c.zalo_user_index IS NOT NULL, c.phone_index IS NOT NULL, c.email_index IS NOT NULL, "
    "c.push_subscription_encrypted IS NOT NULL, ";

// ReachBits from the reach columns starting at `first`.
std::uint8_t Reach(const Row& row, std::size_t first) {
  const bool zalo_linked = row.Bool(first);
  const bool phone = row.Bool(first + 1);
  const bool email = row.Bool(first + 2);
  const bool push = row.Bool(first + 3);
  const std::int64_t mask = row.Int(first + 4);
  const auto consented = [&](Channel channel) { return Consented(mask, channel); };
  std::uint8_t reach = 0;
  if (consented(Channel::kZalo) && zalo_linked) reach |= kReachZaloMessage;
  if (consented(Channel::kZalo) && phone) reach |= kReachZaloTemplate;
  if (consented(Channel::kSms) && phone) reach |= kReachSms;
  if (consented(Channel::kEmail) && email) reach |= kReachEmail;
  if (consented(Channel::kWebPush) && push) reach |= kReachWebPush;
  return reach;
}

constexpr const char* kProfileColumns =
    "residence_country, language, full_name_encrypted, date_of_birth_encrypted, identity_index, passport_encrypted, "
    "passport_index, email_encrypted, email_index, phone_encrypted, phone_index, city_encrypted, address_encrypted, "
    "location_encrypted, details_encrypted";

}  // namespace

std::string FormatPoint(const GeoPoint& point) {
  char buffer[64];
  std::snprintf(buffer, sizeof(buffer), "%.7f,%.7f", point.latitude, point.longitude);
  return buffer;
}

std::optional<GeoPoint> ParsePoint(const std::string& text) {
  double latitude = 0;
  double longitude = 0;
  if (std::sscanf(text.c_str(), "%lf,%lf", &latitude, &longitude) != 2) return std::nullopt;
  return GeoPoint{latitude, longitude};
}

std::string CitizenStore::Index(IndexedField field, std::string_view normalised_value) const {
  return cipher_.BlindIndex(normalised_value, IndexPurpose(field));
}

std::string CitizenStore::IdentityValue(const Profile& profile) {
  if (profile.date_of_birth.empty()) return {};
  return directory::FoldForSearch(profile.full_name) + "|" + profile.date_of_birth;
}

std::optional<std::string> CitizenStore::Seal(const std::string& plaintext, const char* column) const {
  if (plaintext.empty()) return std::nullopt;
  return cipher_.Encrypt(plaintext, std::string("citizens.") + column);
}

Result<std::string> CitizenStore::Open(const std::optional<std::string>& ciphertext, const char* column) const {
  if (!ciphertext || ciphertext->empty()) return std::string();
  return cipher_.Decrypt(*ciphertext, std::string("citizens.") + column);
}

std::vector<Value> CitizenStore::ProfileColumns(const Profile& profile) const {
  const auto index_of = [&](IndexedField field, const std::string& value) -> Value {
    if (value.empty()) return nullptr;
    return Index(field, value);
  };
  return {
      profile.residence_country,
      profile.language,
      storage::Nullable(Seal(profile.full_name, "full_name")),
      storage::Nullable(Seal(profile.date_of_birth, "date_of_birth")),
      index_of(IndexedField::kIdentity, IdentityValue(profile)),
      storage::Nullable(Seal(profile.passport_number, "passport")),
      index_of(IndexedField::kPassport, profile.passport_number),
      storage::Nullable(Seal(profile.email, "email")),
      index_of(IndexedField::kEmail, profile.email),
      storage::Nullable(Seal(profile.phone, "phone")),
      index_of(IndexedField::kPhone, profile.phone),
      storage::Nullable(Seal(profile.city, "city")),
      storage::Nullable(Seal(profile.address, "address")),
      profile.location ? Value(cipher_.Encrypt(FormatPoint(*profile.location), "citizens.location")) : Value(nullptr),
      cipher_.Encrypt(DetailsToJson(profile), "citizens.details")};
}

Result<std::int64_t> CitizenStore::Insert(Transaction& transaction, const Profile& profile, Origin origin,
                                          const std::string& reference, std::int64_t now_ms) const {
  std::vector<Value> params = {reference, std::string(OriginName(origin))};
  for (Value& value : ProfileColumns(profile)) params.push_back(std::move(value));
  params.push_back(now_ms);
  params.push_back(now_ms);
  CHANCERY_ASSIGN_OR_RETURN(
      Row row, transaction.QueryOne(std::string("INSERT INTO citizens (reference, origin, ") + kProfileColumns +
                                        ", created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
                                        "?, ?, ?, ?, ?) RETURNING id",
                                    params));
  return row.Int(0);
}

Status CitizenStore::Update(Transaction& transaction, std::int64_t id, const Profile& profile,
                            std::int64_t now_ms) const {
  std::vector<Value> params = ProfileColumns(profile);
  params.push_back(now_ms);
  params.push_back(id);
  CHANCERY_ASSIGN_OR_RETURN(
      std::int64_t changed,
      transaction.Execute(
          "UPDATE citizens SET residence_country = ?, language = ?, full_name_encrypted = ?, "
          "date_of_birth_encrypted = ?, identity_index = ?, passport_encrypted = ?, passport_index = ?, "
          "email_encrypted = ?, email_index = ?, phone_encrypted = ?, phone_index = ?, city_encrypted = ?, "
          "address_encrypted = ?, location_encrypted = ?, details_encrypted = ?, updated_at = ? "
          "WHERE id = ? AND state = 'active'",
          params));
  if (changed == 0) return NotFound("There is no registration " + std::to_string(id) + ".");
  return Status::Ok();
}

Result<std::optional<Citizen>> CitizenStore::Find(Transaction& transaction, std::int64_t id) const {
  CHANCERY_ASSIGN_OR_RETURN(
      std::optional<Row> row,
      transaction.QueryOptional(
          std::string("SELECT id, reference, origin, ") + kProfileColumns +
              ", zalo_user_index IS NOT NULL, push_subscription_encrypted IS NOT NULL, created_at, updated_at "
              "FROM citizens WHERE id = ? AND state = 'active'",
          {id}));
  if (!row) return std::optional<Citizen>();
  Citizen citizen;
  citizen.id = row->Int(0);
  citizen.reference = row->Text(1);
  const std::string origin = row->Text(2);
  citizen.origin = origin == "staff" ? Origin::kStaff : origin == "import" ? Origin::kImport : Origin::kPortal;
  Profile& profile = citizen.profile;
  profile.residence_country = row->Text(3);
  profile.language = row->Text(4);
  CHANCERY_ASSIGN_OR_RETURN(profile.full_name, Open(row->OptionalText(5), "full_name"));
  CHANCERY_ASSIGN_OR_RETURN(profile.date_of_birth, Open(row->OptionalText(6), "date_of_birth"));
  CHANCERY_ASSIGN_OR_RETURN(profile.passport_number, Open(row->OptionalText(8), "passport"));
  CHANCERY_ASSIGN_OR_RETURN(profile.email, Open(row->OptionalText(10), "email"));
  CHANCERY_ASSIGN_OR_RETURN(profile.phone, Open(row->OptionalText(12), "phone"));
  CHANCERY_ASSIGN_OR_RETURN(profile.city, Open(row->OptionalText(14), "city"));
  CHANCERY_ASSIGN_OR_RETURN(profile.address, Open(row->OptionalText(15), "address"));
  CHANCERY_ASSIGN_OR_RETURN(std::string location, Open(row->OptionalText(16), "location"));
  if (!location.empty()) profile.location = ParsePoint(location);
  CHANCERY_ASSIGN_OR_RETURN(std::string details, Open(row->OptionalText(17), "details"));
  if (!details.empty()) CHANCERY_TRY(DetailsFromJson(details, profile));
  citizen.zalo_linked = row->Bool(18);
  citizen.web_push_subscribed = row->Bool(19);
  citizen.created_at_ms = row->Int(20);
  citizen.updated_at_ms = row->Int(21);
  CHANCERY_ASSIGN_OR_RETURN(
      Rows consents,
      transaction.Query("SELECT channel, granted, changed_at FROM citizen_consents WHERE citizen_id = ?", {id}));
  for (const Row& consent : consents) {
    if (std::optional<Channel> channel = ParseChannel(consent.Text(0))) {
      citizen.consents.push_back({*channel, consent.Bool(1), consent.Int(2)});
    }
  }
  return std::optional<Citizen>(std::move(citizen));
}

Result<std::optional<std::int64_t>> CitizenStore::FindIdBy(Transaction& transaction, IndexedField field,
                                                           std::string_view normalised_value) const {
  CHANCERY_ASSIGN_OR_RETURN(
      std::optional<Row> row,
      transaction.QueryOptional(std::string("SELECT id FROM citizens WHERE ") + IndexColumn(field) +
                                    " = ? AND state = 'active' ORDER BY id LIMIT 1",
                                {Index(field, normalised_value)}));
  if (!row) return std::optional<std::int64_t>();
  return std::optional<std::int64_t>(row->Int(0));
}

Result<std::optional<std::string>> CitizenStore::CountryOf(Transaction& transaction, std::int64_t id) const {
  CHANCERY_ASSIGN_OR_RETURN(
      std::optional<Row> row,
      transaction.QueryOptional("SELECT residence_country FROM citizens WHERE id = ? AND state = 'active'", {id}));
  if (!row) return std::optional<std::string>();
  return std::optional<std::string>(row->Text(0));
}

Result<std::optional<CitizenStore::Key>> CitizenStore::KeyOf(Transaction& transaction, std::int64_t id) const {
  CHANCERY_ASSIGN_OR_RETURN(
      std::optional<Row> row,
      transaction.QueryOptional("SELECT reference, residence_country FROM citizens WHERE id = ? AND state = 'active'",
                                {id}));
  if (!row) return std::optional<Key>();
  return std::optional<Key>(Key{row->Text(0), row->Text(1)});
}

Status CitizenStore::SetConsent(Transaction& transaction, std::int64_t id, Channel channel, bool granted,
                                std::int64_t now_ms) const {
  CHANCERY_TRY(transaction.Execute(
      "INSERT INTO citizen_consents (citizen_id, channel, granted, changed_at) VALUES (?, ?, ?, ?) "
      "ON CONFLICT (citizen_id, channel) DO UPDATE SET granted = excluded.granted, changed_at = excluded.changed_at",
      {id, std::string(ChannelName(channel)), std::int64_t{granted ? 1 : 0}, now_ms}));
  return transaction.Execute("UPDATE citizens SET updated_at = ? WHERE id = ?", {now_ms, id}).status();
}

Result<std::vector<CitizenSummary>> CitizenStore::List(Transaction& transaction,
                                                       const std::vector<std::string>& countries, bool all_countries,
                                                       std::int64_t after_id, int limit) const {
  std::vector<CitizenSummary> items;
  if (!all_countries && countries.empty()) return items;
  std::vector<Value> params = {after_id};
  std::string sql =
      "SELECT c.id, c.reference, c.full_name_encrypted, c.residence_country, c.city_encrypted, c.language, "
      "c.updated_at, " +
      std::string(kConsentColumns) + " FROM citizens c WHERE c.state = 'active' AND c.id > ?";
  if (!all_countries) {
    sql += " AND c.residence_country IN " + Placeholders(countries.size());
    for (const std::string& country : countries) params.push_back(country);
  }
  sql += " ORDER BY c.id LIMIT ?";
  params.push_back(std::int64_t{limit});
  CHANCERY_ASSIGN_OR_RETURN(Rows rows, transaction.Query(sql, params));
  for (const Row& row : rows) {
    CitizenSummary summary;
    summary.id = row.Int(0);
    summary.reference = row.Text(1);
    CHANCERY_ASSIGN_OR_RETURN(summary.full_name, Open(row.OptionalText(2), "full_name"));
    summary.residence_country = row.Text(3);
    CHANCERY_ASSIGN_OR_RETURN(summary.city, Open(row.OptionalText(4), "city"));
    summary.language = row.Text(5);
    summary.updated_at_ms = row.Int(6);
    for (Channel channel : kChannels) {
      if (Consented(row.Int(7), channel)) summary.channels.push_back(channel);
    }
    items.push_back(std::move(summary));
  }
  return items;
}

Result<std::int64_t> CitizenStore::Count(Transaction& transaction, const std::vector<std::string>& countries,
                                         bool all_countries) const {
  if (!all_countries && countries.empty()) return std::int64_t{0};
  std::vector<Value> params;
  std::string sql = "SELECT COUNT(*) FROM citizens WHERE state = 'active'";
  if (!all_countries) {
    sql += " AND residence_country IN " + Placeholders(countries.size());
    for (const std::string& country : countries) params.push_back(country);
  }
  CHANCERY_ASSIGN_OR_RETURN(Row row, transaction.QueryOne(sql, params));
  return row.Int(0);
}

Status CitizenStore::Erase(Transaction& transaction, std::int64_t id, std::int64_t now_ms) const {
  CHANCERY_TRY(transaction.Execute("DELETE FROM citizen_consents WHERE citizen_id = ?", {id}));
  // Codes and sessions are kept by contact: those of the registration's e-mail and phone go too.
  for (const char* table : {"citizen_codes", "citizen_sessions"}) {
    CHANCERY_TRY(transaction.Execute(
        std::string("DELETE FROM ") + table +
            " WHERE contact_index IN (SELECT email_index FROM citizens WHERE id = ? AND email_index IS NOT NULL "
            "UNION SELECT phone_index FROM citizens WHERE id = ? AND phone_index IS NOT NULL)",
        {id, id}));
  }
  CHANCERY_TRY(transaction.Execute("DELETE FROM citizen_sessions WHERE citizen_id = ?", {id}));
  CHANCERY_TRY(transaction.Execute("DELETE FROM citizen_link_codes WHERE citizen_id = ?", {id}));
  CHANCERY_ASSIGN_OR_RETURN(
      std::int64_t changed,
      transaction.Execute(
          "UPDATE citizens SET state = 'erased', residence_country = '', language = '', full_name_encrypted = NULL, "
          "date_of_birth_encrypted = NULL, identity_index = NULL, passport_encrypted = NULL, passport_index = NULL, "
          "email_encrypted = NULL, email_index = NULL, phone_encrypted = NULL, phone_index = NULL, "
          "city_encrypted = NULL, address_encrypted = NULL, location_encrypted = NULL, details_encrypted = NULL, "
          "zalo_user_encrypted = NULL, zalo_user_index = NULL, zalo_account_id = NULL, "
          "push_subscription_encrypted = NULL, updated_at = ?, erased_at = ? WHERE id = ? AND state = 'active'",
          {now_ms, now_ms, id}));
  if (changed == 0) return NotFound("There is no registration " + std::to_string(id) + ".");
  return Status::Ok();
}

Status CitizenStore::LinkZalo(Transaction& transaction, std::int64_t id, std::string_view zalo_user_id,
                              std::int64_t zalo_account_id, std::int64_t now_ms) const {
  // A Zalo user belongs to one registration: linking it here unlinks it from any other.
  const std::string index = Index(IndexedField::kZaloUser, zalo_user_id);
  CHANCERY_TRY(transaction.Execute(
      "UPDATE citizens SET zalo_user_encrypted = NULL, zalo_user_index = NULL, zalo_account_id = NULL "
      "WHERE zalo_user_index = ? AND id <> ?",
      {index, id}));
  CHANCERY_ASSIGN_OR_RETURN(
      std::int64_t changed,
      transaction.Execute("UPDATE citizens SET zalo_user_encrypted = ?, zalo_user_index = ?, zalo_account_id = ?, "
                          "updated_at = ? WHERE id = ? AND state = 'active'",
                          {cipher_.Encrypt(zalo_user_id, "citizens.zalo_user"), index, zalo_account_id, now_ms, id}));
  if (changed == 0) return NotFound("There is no registration " + std::to_string(id) + ".");
  return Status::Ok();
}

Status CitizenStore::SetPushSubscription(Transaction& transaction, std::int64_t id,
                                         const std::optional<std::string>& subscription_json,
                                         std::int64_t now_ms) const {
  Value sealed =
      subscription_json ? Value(cipher_.Encrypt(*subscription_json, "citizens.push_subscription")) : Value(nullptr);
  CHANCERY_ASSIGN_OR_RETURN(std::int64_t changed,
                            transaction.Execute("UPDATE citizens SET push_subscription_encrypted = ?, updated_at = ? "
                                                "WHERE id = ? AND state = 'active'",
                                                {sealed, now_ms, id}));
  if (changed == 0) return NotFound("There is no registration " + std::to_string(id) + ".");
  return Status::Ok();
}

Result<std::optional<CitizenStore::Addresses>> CitizenStore::AddressesOf(Transaction& transaction,
                                                                         std::int64_t id) const {
  CHANCERY_ASSIGN_OR_RETURN(auto found, AddressesOf(transaction, std::span<const std::int64_t>(&id, 1)));
  if (found.empty()) return std::optional<Addresses>();
  return std::optional<Addresses>(std::move(found.begin()->second));
}

Result<std::map<std::int64_t, CitizenStore::Addresses>> CitizenStore::AddressesOf(
    Transaction& transaction, std::span<const std::int64_t> ids) const {
  std::map<std::int64_t, Addresses> found;
  // Within the engines' limits on bound values (SQLite's is 32,766), a round at a time.
  constexpr std::size_t kChunk = 1000;
  for (std::size_t begin = 0; begin < ids.size(); begin += kChunk) {
    const std::size_t end = std::min(ids.size(), begin + kChunk);
    std::vector<Value> params(ids.begin() + static_cast<std::ptrdiff_t>(begin),
                              ids.begin() + static_cast<std::ptrdiff_t>(end));
    CHANCERY_ASSIGN_OR_RETURN(
        Rows rows, transaction.Query(std::string("SELECT c.id, c.email_encrypted, c.phone_encrypted, "
                                                 "c.zalo_user_encrypted, c.zalo_account_id, "
                                                 "c.push_subscription_encrypted, ") +
                                         kReachColumns + kConsentColumns + " FROM citizens c WHERE c.id IN " +
                                         Placeholders(params.size()) + " AND c.state = 'active'",
                                     params));
    for (const Row& row : rows) {
      Addresses addresses;
      CHANCERY_ASSIGN_OR_RETURN(addresses.email, Open(row.OptionalText(1), "email"));
      CHANCERY_ASSIGN_OR_RETURN(addresses.phone, Open(row.OptionalText(2), "phone"));
      CHANCERY_ASSIGN_OR_RETURN(addresses.zalo_user_id, Open(row.OptionalText(3), "zalo_user"));
      addresses.zalo_account_id = row.OptionalInt(4);
      CHANCERY_ASSIGN_OR_RETURN(addresses.push_subscription, Open(row.OptionalText(5), "push_subscription"));
      addresses.reach = Reach(row, 6);
      found.emplace(row.Int(0), std::move(addresses));
    }
  }
  return found;
}

Result<std::vector<RecipientRow>> CitizenStore::Recipients(Transaction& transaction, std::int64_t after_updated_ms,
                                                           std::int64_t after_id, int batch) const {
  CHANCERY_ASSIGN_OR_RETURN(
      Rows rows, transaction.Query(std::string("SELECT c.id, c.residence_country, c.language, c.location_encrypted, ") +
                                       kReachColumns + kConsentColumns +
                                       ", c.state = 'active', c.updated_at FROM citizens c "
                                       "WHERE (c.updated_at, c.id) > (?, ?) ORDER BY c.updated_at, c.id LIMIT ?",
                                   {after_updated_ms, after_id, std::int64_t{batch}}));
  std::vector<RecipientRow> recipients;
  recipients.reserve(rows.size());
  for (const Row& row : rows) {
    RecipientRow recipient;
    recipient.citizen_id = row.Int(0);
    recipient.residence_country = row.Text(1);
    recipient.language = row.Text(2);
    CHANCERY_ASSIGN_OR_RETURN(std::string location, Open(row.OptionalText(3), "location"));
    if (!location.empty()) recipient.location = ParsePoint(location);
    recipient.reach = Reach(row, 4);
    recipient.active = row.Bool(9);
    recipient.updated_at_ms = row.Int(10);
    recipients.push_back(std::move(recipient));
  }
  return recipients;
}

}  // namespace chancery::citizens
