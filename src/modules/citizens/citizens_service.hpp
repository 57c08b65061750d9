// CitizensService: the registry as mission staff and the other modules use it. Staff see, search, edit, import,
// export and erase only the registrations whose residence country lies in the jurisdiction of a unit where they
// hold the permission (citizens_read, citizens_write, citizens_export); a grant with its subtree on the ministry
// covers every country. Every read of a registration's personal data is audited ("citizen.read"), and so is every
// change, consent, export, import and erasure; audit entries are filed under the mission covering the country.
//
// Other modules that keep data about a citizen (deliveries, safety-check replies, cases) register as holders, so
// that a citizen's export contains what they hold and an erasure removes it in the same transaction.
//
// Thread-safety: safe for concurrent use once built; RegisterHolder only before serving.
#pragma once

#include <boost/json/fwd.hpp>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/clock.hpp"
#include "core/crypto.hpp"
#include "modules/audit/audit.hpp"
#include "modules/citizens/citizen_store.hpp"
#include "modules/citizens/citizens.hpp"
#include "modules/directory/directory_service.hpp"
#include "modules/identity/authz.hpp"
#include "modules/identity/identity.hpp"
#include "storage/database.hpp"

namespace chancery::citizens {

struct ListFilter {
  std::optional<std::string> country;  // one residence country (must be visible)
  std::string query;                   // name, city or reference (accent-insensitive); or an exact e-mail/phone
  std::int64_t after_id = 0;
  int limit = 50;
};

struct CitizenPage {
  std::vector<CitizenSummary> items;
  std::optional<std::int64_t> total;       // without a query: how many registrations the filter covers
  std::optional<std::int64_t> next_after;  // pass as after_id for the next page
};

struct ConsentChoice {
  Channel channel = Channel::kEmail;
  bool granted = false;
};

// How a new registration that looks like an existing one is treated.
enum class DuplicatePolicy { kRefuse, kAllowSameNameAndBirthDate };

struct ImportLineError {
  int line = 0;  // 1-based, the header is line 1
  std::string message;
};

struct ImportReport {
  int created = 0;
  int duplicates = 0;  // lines that matched an existing registration (by e-mail, phone, passport or name and birth)
  std::vector<ImportLineError> errors;
  std::vector<std::string> duplicate_references;  // the existing registrations they matched (visible ones only)
};

// A module that keeps data about citizens: what it holds about one (for the export) and how it forgets it.
struct PersonalDataHolder {
  std::string name;  // the key in the export, e.g. "deliveries"
  std::function<Result<boost::json::value>(storage::Transaction&, std::int64_t citizen_id)> export_data;
  std::function<Status(storage::Transaction&, std::int64_t citizen_id)> erase;
};

class CitizensService {
 public:
  CitizensService(storage::Database& database, const Clock& clock, const crypto::FieldCipher& cipher,
                  audit::AuditLog& audit, const identity::Authorizer& authorizer,
                  directory::DirectoryService& directory);

  void RegisterHolder(PersonalDataHolder holder) { holders_.push_back(std::move(holder)); }

  Result<CitizenPage> List(const Principal& principal, const ListFilter& filter);
  Result<Citizen> Get(std::int64_t id, const identity::ActionContext& context);
  Result<Citizen> Create(Profile profile, const std::vector<ConsentChoice>& consents, DuplicatePolicy duplicates,
                         const identity::ActionContext& context);
  Result<Citizen> Update(std::int64_t id, Profile profile, const identity::ActionContext& context);
  // Staff record a consent the citizen gave or withdrew outside the portal (a paper form, a call).
  Status SetConsent(std::int64_t id, ConsentChoice choice, const identity::ActionContext& context);
  Status Erase(std::int64_t id, const identity::ActionContext& context);

  // CSV with a header line (columns in README.md). Valid lines are registered; a line matching an existing
  // registration is counted as a duplicate and skipped; invalid lines are reported by number.
  Result<ImportReport> ImportCsv(std::string_view csv, const identity::ActionContext& context);
  // The registrations the caller may export (citizens_export), of one country or all visible, as CSV.
  Result<std::string> ExportCsv(const std::optional<std::string>& country, const identity::ActionContext& context);

  // The citizen's own data: everything the registry and the holders keep about them (for the portal's download).
  Result<boost::json::object> ExportOwn(std::int64_t id, const std::string& actor);
  // Erasure requested by the citizen; the actor is the citizen's reference.
  Status EraseOwn(std::int64_t id, const std::string& actor, const std::string& remote_address);

  // The countries whose registrations the principal may handle with `permission` (all when `everywhere`).
  struct CountryScope {
    bool everywhere = false;
    std::vector<std::string> countries;
    bool Covers(const std::string& country) const;
  };
  Result<CountryScope> ScopeOf(const Principal& principal, identity::Permission permission);
  // kAlreadyExists naming the field when the e-mail, phone or passport is registered already (to another id than
  // `self`; reason contact_taken), or, with kRefuse, the same name and date of birth (reason possible_duplicate).
  Status CheckUnique(storage::Transaction& transaction, const Profile& profile, std::optional<std::int64_t> self,
                     DuplicatePolicy duplicates);
  // The mission answering for a country (its primary mission), for filing audit entries and routing.
  std::optional<std::int64_t> MissionOf(const std::string& country);

  const CitizenStore& store() const { return store_; }
  storage::Database& database() { return database_; }
  const Clock& clock() const { return clock_; }
  audit::AuditLog& audit() { return audit_; }

 private:
  using Countries = std::vector<directory::CountryInfo>;
  // The directory's countries and their missions, read once per operation: scoping and filing audit entries of one
  // operation share them.
  Result<Countries> ReadCountries();
  CountryScope ScopeIn(const Principal& principal, identity::Permission permission, const Countries& countries) const;
  static std::optional<std::int64_t> MissionIn(const std::string& country, const Countries& countries);
  // kNotFound (not 403: the registration's existence is not revealed) unless the actor holds `permission` on a
  // unit covering the registration's country; returns that country and the countries it was judged against.
  struct Located {
    std::string country;
    Countries countries;
  };
  Result<Located> Authorise(storage::Transaction& transaction, std::int64_t id, identity::Permission permission,
                            const identity::ActionContext& context);
  Status Audit(storage::Transaction& transaction, const identity::ActionContext& context, std::string action,
               std::int64_t id, std::optional<std::int64_t> mission, std::string detail_json = "{}");
  Result<std::vector<CitizenSummary>> Search(storage::Transaction& transaction, const CountryScope& scope,
                                             const ListFilter& filter, std::optional<std::int64_t>& next_after);

  storage::Database& database_;
  const Clock& clock_;
  CitizenStore store_;
  audit::AuditLog& audit_;
  const identity::Authorizer& authorizer_;
  directory::DirectoryService& directory_;
  std::vector<PersonalDataHolder> holders_;
};

}  // namespace chancery::citizens
