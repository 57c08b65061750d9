#include "modules/citizens/citizens_service.hpp"

#include <algorithm>
#include <boost/json.hpp>

#include "modules/citizens/profile_rules.hpp"
#include "modules/directory/text_fold.hpp"
#include "modules/identity/user_validation.hpp"

namespace chancery::citizens {
namespace {

namespace json = boost::json;
using identity::ActionContext;
using identity::Permission;
using storage::Transaction;

constexpr int kSearchBatch = 500;
constexpr int kSearchScanLimit = 20000;  // rows decrypted per search page, at most

std::string Missing(std::int64_t id) { return "There is no registration " + std::to_string(id) + " for you."; }

}  // namespace

CitizensService::CitizensService(storage::Database& database, const Clock& clock, const crypto::FieldCipher& cipher,
                                 audit::AuditLog& audit, const identity::Authorizer& authorizer,
                                 directory::DirectoryService& directory)
    : database_(database),
      clock_(clock),
      store_(cipher),
      audit_(audit),
      authorizer_(authorizer),
      directory_(directory) {}

bool CitizensService::CountryScope::Covers(const std::string& country) const {
  return everywhere || std::find(countries.begin(), countries.end(), country) != countries.end();
}

Result<CitizensService::Countries> CitizensService::ReadCountries() { return directory_.ListCountries(); }

CitizensService::CountryScope CitizensService::ScopeIn(const Principal& principal, Permission permission,
                                                       const Countries& countries) const {
  CountryScope scope;
  scope.everywhere = authorizer_.ScopeOf(principal, permission, {}).everywhere;
  if (scope.everywhere) return scope;
  for (const directory::CountryInfo& country : countries) {
    for (std::int64_t mission : country.missions) {
      if (authorizer_.Allowed(principal, permission, mission)) {
        scope.countries.push_back(country.code);
        break;
      }
    }
  }
  return scope;
}

Result<CitizensService::CountryScope> CitizensService::ScopeOf(const Principal& principal, Permission permission) {
  if (authorizer_.ScopeOf(principal, permission, {}).everywhere) return CountryScope{true, {}};
  CHANCERY_ASSIGN_OR_RETURN(Countries countries, ReadCountries());
  return ScopeIn(principal, permission, countries);
}

std::optional<std::int64_t> CitizensService::MissionIn(const std::string& country, const Countries& countries) {
  for (const directory::CountryInfo& info : countries) {
    if (info.code != country) continue;
    if (info.primary_mission_id) return info.primary_mission_id;
    if (!info.missions.empty()) return info.missions.front();
  }
  return std::nullopt;
}

std::optional<std::int64_t> CitizensService::MissionOf(const std::string& country) {
  Result<Countries> countries = ReadCountries();
  if (!countries.ok()) return std::nullopt;
  return MissionIn(country, *countries);
}

Result<CitizensService::Located> CitizensService::Authorise(Transaction& transaction, std::int64_t id,
                                                            Permission permission, const ActionContext& context) {
  CHANCERY_ASSIGN_OR_RETURN(std::optional<std::string> country, store_.CountryOf(transaction, id));
  if (!country || context.actor == nullptr) return NotFound(Missing(id));
  CHANCERY_ASSIGN_OR_RETURN(Countries countries, ReadCountries());
  if (!ScopeIn(*context.actor, permission, countries).Covers(*country)) {
    // Someone who may read it but not change it learns why; anyone else learns nothing.
    if (permission != Permission::kCitizensRead &&
        ScopeIn(*context.actor, Permission::kCitizensRead, countries).Covers(*country)) {
      return PermissionDenied(std::string("Changing this registration needs the permission ") +
                              identity::PermissionName(permission) + " on a mission covering " + *country + ".");
    }
    return NotFound(Missing(id));
  }
  return Located{*country, std::move(countries)};
}

Status CitizensService::Audit(Transaction& transaction, const ActionContext& context, std::string action,
                              std::int64_t id, std::optional<std::int64_t> mission, std::string detail_json) {
  audit::AuditEvent event = identity::MakeEvent(context, std::move(action));
  event.unit_id = mission;
  event.target_type = "citizen";
  event.target_id = std::to_string(id);
  event.detail_json = std::move(detail_json);
  return audit_.Append(transaction, event);
}

Status CitizensService::CheckUnique(Transaction& transaction, const Profile& profile, std::optional<std::int64_t> self,
                                    DuplicatePolicy duplicates) {
  const auto check = [&](IndexedField field, const std::string& value, const char* pointer,
                         const char* what) -> Status {
    if (value.empty()) return Status::Ok();
    CHANCERY_ASSIGN_OR_RETURN(std::optional<std::int64_t> other, store_.FindIdBy(transaction, field, value));
    if (other && other != self) {
      return AlreadyExists(std::string("Another registration already has this ") + what + ".")
          .WithField(pointer)
          .WithReason("contact_taken");
    }
    return Status::Ok();
  };
  CHANCERY_TRY(check(IndexedField::kEmail, profile.email, "/email", "e-mail address"));
  CHANCERY_TRY(check(IndexedField::kPhone, profile.phone, "/phone", "phone number"));
  CHANCERY_TRY(check(IndexedField::kPassport, profile.passport_number, "/passport_number", "passport number"));
  if (duplicates == DuplicatePolicy::kRefuse && !profile.date_of_birth.empty()) {
    CHANCERY_ASSIGN_OR_RETURN(std::optional<std::int64_t> other, store_.FindIdBy(transaction, IndexedField::kIdentity,
                                                                                 CitizenStore::IdentityValue(profile)));
    if (other && other != self) {
      return AlreadyExists(
                 "A registration with this name and date of birth exists already; confirm that this is another "
                 "person to register it.")
          .WithField("/full_name")
          .WithReason("possible_duplicate");
    }
  }
  return Status::Ok();
}

Result<CitizenPage> CitizensService::List(const Principal& principal, const ListFilter& filter) {
  CHANCERY_ASSIGN_OR_RETURN(CountryScope scope, ScopeOf(principal, Permission::kCitizensRead));
  if (filter.country) {
    if (!scope.Covers(*filter.country)) {
      return PermissionDenied("You may not see the registrations of " + *filter.country + ".").WithField("country");
    }
    scope = CountryScope{false, {*filter.country}};
  }
  CitizenPage page;
  CHANCERY_TRY(database_.Read("citizens.list", [&](Transaction& transaction) -> Status {
    if (!filter.query.empty()) {
      CHANCERY_ASSIGN_OR_RETURN(page.items, Search(transaction, scope, filter, page.next_after));
      return Status::Ok();
    }
    CHANCERY_ASSIGN_OR_RETURN(
        page.items, store_.List(transaction, scope.countries, scope.everywhere, filter.after_id, filter.limit + 1));
    if (static_cast<int>(page.items.size()) > filter.limit) {
      page.items.resize(static_cast<std::size_t>(filter.limit));
      page.next_after = page.items.back().id;
    }
    CHANCERY_ASSIGN_OR_RETURN(page.total, store_.Count(transaction, scope.countries, scope.everywhere));
    return Status::Ok();
  }));
  return page;
}

Result<std::vector<CitizenSummary>> CitizensService::Search(Transaction& transaction, const CountryScope& scope,
                                                            const ListFilter& filter,
                                                            std::optional<std::int64_t>& next_after) {
  std::vector<CitizenSummary> found;
  // An exact contact or passport is found by its blind index.
  std::optional<std::int64_t> exact;
  if (Result<std::string> email = NormaliseEmail(filter.query); email.ok()) {
    CHANCERY_ASSIGN_OR_RETURN(exact, store_.FindIdBy(transaction, IndexedField::kEmail, *email));
  } else if (Result<std::string> phone = NormalisePhone(filter.query); phone.ok()) {
    CHANCERY_ASSIGN_OR_RETURN(exact, store_.FindIdBy(transaction, IndexedField::kPhone, *phone));
  } else {
    CHANCERY_ASSIGN_OR_RETURN(exact,
                              store_.FindIdBy(transaction, IndexedField::kPassport, NormalisePassport(filter.query)));
  }
  if (exact) {
    CHANCERY_ASSIGN_OR_RETURN(std::vector<CitizenSummary> one,
                              store_.List(transaction, scope.countries, scope.everywhere, *exact - 1, 1));
    if (!one.empty() && one.front().id == *exact && *exact > filter.after_id) found.push_back(std::move(one.front()));
    return found;
  }
  // Otherwise names, cities and references are decrypted in id order and compared folded.
  const std::string needle = directory::FoldForSearch(filter.query);
  std::int64_t after = filter.after_id;
  int scanned = 0;
  while (static_cast<int>(found.size()) < filter.limit && scanned < kSearchScanLimit) {
    CHANCERY_ASSIGN_OR_RETURN(std::vector<CitizenSummary> batch,
                              store_.List(transaction, scope.countries, scope.everywhere, after, kSearchBatch));
    if (batch.empty()) return found;
    for (CitizenSummary& summary : batch) {
      after = summary.id;
      ++scanned;
      const std::string haystack =
          directory::FoldForSearch(summary.full_name + " " + summary.city + " " + summary.reference);
      if (haystack.find(needle) != std::string::npos) {
        found.push_back(std::move(summary));
        if (static_cast<int>(found.size()) == filter.limit) break;
      }
    }
    if (static_cast<int>(batch.size()) < kSearchBatch && static_cast<int>(found.size()) < filter.limit) return found;
  }
  next_after = after;
  return found;
}

Result<Citizen> CitizensService::Get(std::int64_t id, const ActionContext& context) {
  std::optional<Citizen> citizen;
  CHANCERY_TRY(database_.Write("citizens.read", [&](Transaction& transaction) -> Status {
    CHANCERY_ASSIGN_OR_RETURN(Located located, Authorise(transaction, id, Permission::kCitizensRead, context));
    CHANCERY_ASSIGN_OR_RETURN(citizen, store_.Find(transaction, id));
    if (!citizen) return NotFound(Missing(id));
    return Audit(transaction, context, "citizen.read", id, MissionIn(located.country, located.countries));
  }));
  return std::move(*citizen);
}

Result<Citizen> CitizensService::Create(Profile profile, const std::vector<ConsentChoice>& consents,
                                        DuplicatePolicy duplicates, const ActionContext& context) {
  CHANCERY_TRY(NormaliseAndValidate(profile));
  if (context.actor == nullptr) return PermissionDenied("Registering a citizen needs a member of staff.");
  CHANCERY_ASSIGN_OR_RETURN(Countries countries, ReadCountries());
  if (!ScopeIn(*context.actor, Permission::kCitizensWrite, countries).Covers(profile.residence_country)) {
    return PermissionDenied("You may not register citizens living in " + profile.residence_country + ".")
        .WithField("/residence_country");
  }
  std::int64_t id = 0;
  CHANCERY_TRY(database_.Write("citizens.create", [&](Transaction& transaction) -> Status {
    CHANCERY_TRY(CheckUnique(transaction, profile, std::nullopt, duplicates));
    const std::int64_t now = clock_.NowMs();
    CHANCERY_ASSIGN_OR_RETURN(id, store_.Insert(transaction, profile, Origin::kStaff, NewReference(), now));
    json::array channels;
    for (const ConsentChoice& consent : consents) {
      CHANCERY_TRY(store_.SetConsent(transaction, id, consent.channel, consent.granted, now));
      if (consent.granted) channels.push_back(json::string(ChannelName(consent.channel)));
    }
    return Audit(transaction, context, "citizen.created", id, MissionIn(profile.residence_country, countries),
                 json::serialize(json::object{{"origin", "staff"}, {"consents", channels}}));
  }));
  return Get(id, context);
}

Result<Citizen> CitizensService::Update(std::int64_t id, Profile profile, const ActionContext& context) {
  CHANCERY_TRY(database_.Write("citizens.update", [&](Transaction& transaction) -> Status {
    // Authorised before the body is judged: a caller who may not touch it learns nothing from validation.
    CHANCERY_ASSIGN_OR_RETURN(Located located, Authorise(transaction, id, Permission::kCitizensWrite, context));
    CHANCERY_TRY(NormaliseAndValidate(profile));
    if (profile.residence_country != located.country) {
      // Moving a registration to another country must stay within what the editor covers.
      if (!ScopeIn(*context.actor, Permission::kCitizensWrite, located.countries).Covers(profile.residence_country)) {
        return PermissionDenied("You may not move a registration to " + profile.residence_country + ".")
            .WithField("/residence_country");
      }
    }
    CHANCERY_TRY(CheckUnique(transaction, profile, id, DuplicatePolicy::kAllowSameNameAndBirthDate));
    CHANCERY_TRY(store_.Update(transaction, id, profile, clock_.NowMs()));
    return Audit(transaction, context, "citizen.updated", id, MissionIn(profile.residence_country, located.countries));
  }));
  return Get(id, context);
}

Status CitizensService::SetConsent(std::int64_t id, ConsentChoice choice, const ActionContext& context) {
  return database_.Write("citizens.consent", [&](Transaction& transaction) -> Status {
    CHANCERY_ASSIGN_OR_RETURN(Located located, Authorise(transaction, id, Permission::kCitizensWrite, context));
    CHANCERY_TRY(store_.SetConsent(transaction, id, choice.channel, choice.granted, clock_.NowMs()));
    return Audit(transaction, context, choice.granted ? "citizen.consent_granted" : "citizen.consent_withdrawn", id,
                 MissionIn(located.country, located.countries),
                 json::serialize(json::object{{"channel", ChannelName(choice.channel)}, {"recorded_by", "staff"}}));
  });
}

Status CitizensService::Erase(std::int64_t id, const ActionContext& context) {
  return database_.Write("citizens.erase", [&](Transaction& transaction) -> Status {
    CHANCERY_ASSIGN_OR_RETURN(Located located, Authorise(transaction, id, Permission::kCitizensWrite, context));
    for (const PersonalDataHolder& holder : holders_) CHANCERY_TRY(holder.erase(transaction, id));
    CHANCERY_TRY(store_.Erase(transaction, id, clock_.NowMs()));
    return Audit(transaction, context, "citizen.erased", id, MissionIn(located.country, located.countries),
                 json::serialize(json::object{{"requested_by", "staff"}}));
  });
}

}  // namespace chancery::citizens
