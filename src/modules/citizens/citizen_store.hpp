// CitizenStore: the registry's rows, encrypted on the way in and decrypted on the way out. Every personal field is
// sealed with the FieldCipher, bound to its column ("citizens.full_name", ...); e-mail, phone, passport, Zalo user
// and name-with-birth-date also get keyed blind indexes for exact lookups and duplicate detection.
//
// Contract: every call runs inside the caller's transaction; reads see active registrations only (an erased one
// is a tombstone that keeps its id and reference). Decryption failures are kInternal (a key is missing).
//
// Thread-safety: safe for concurrent use (it holds only references to thread-safe objects).
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "core/crypto.hpp"
#include "core/status.hpp"
#include "modules/citizens/citizens.hpp"
#include "storage/database.hpp"

namespace chancery::citizens {

// What a lookup by blind index may search.
enum class IndexedField { kEmail, kPhone, kPassport, kIdentity, kZaloUser };

// What the alerts module needs of each registration to select and reach recipients.
struct RecipientRow {
  std::int64_t citizen_id = 0;
  std::string residence_country;
  std::string language;
  std::optional<GeoPoint> location;
  std::uint8_t reach = 0;  // ReachBits
  bool active = true;      // false: erased (remove it from any index)
  std::int64_t updated_at_ms = 0;
};

class CitizenStore {
 public:
  explicit CitizenStore(const crypto::FieldCipher& cipher) : cipher_(cipher) {}

  // The blind index of a normalised value (see profile_rules.hpp for the normal forms).
  std::string Index(IndexedField field, std::string_view normalised_value) const;
  // The value behind IndexedField::kIdentity: the name folded for comparison and the date of birth, which two
  // registrations of the same person share; empty without a date of birth (no lookup then).
  static std::string IdentityValue(const Profile& profile);

  Result<std::int64_t> Insert(storage::Transaction& transaction, const Profile& profile, Origin origin,
                              const std::string& reference, std::int64_t now_ms) const;
  // kNotFound when there is no active registration with that id.
  Status Update(storage::Transaction& transaction, std::int64_t id, const Profile& profile, std::int64_t now_ms) const;
  Result<std::optional<Citizen>> Find(storage::Transaction& transaction, std::int64_t id) const;
  Result<std::optional<std::int64_t>> FindIdBy(storage::Transaction& transaction, IndexedField field,
                                               std::string_view normalised_value) const;
  // The residence country of an active registration (for authorisation before any decryption).
  Result<std::optional<std::string>> CountryOf(storage::Transaction& transaction, std::int64_t id) const;
  // Reference and residence country of an active registration, without decrypting anything.
  struct Key {
    std::string reference;
    std::string country;
  };
  Result<std::optional<Key>> KeyOf(storage::Transaction& transaction, std::int64_t id) const;
  Status SetConsent(storage::Transaction& transaction, std::int64_t id, Channel channel, bool granted,
                    std::int64_t now_ms) const;
  // The registrations of the given countries (all when `countries` is empty and `all_countries`), by id, after
  // `after_id`, decrypted enough for a list line.
  Result<std::vector<CitizenSummary>> List(storage::Transaction& transaction, const std::vector<std::string>& countries,
                                           bool all_countries, std::int64_t after_id, int limit) const;
  Result<std::int64_t> Count(storage::Transaction& transaction, const std::vector<std::string>& countries,
                             bool all_countries) const;
  // Removes every personal field, consent, session and link code; keeps the tombstone.
  Status Erase(storage::Transaction& transaction, std::int64_t id, std::int64_t now_ms) const;

  Status LinkZalo(storage::Transaction& transaction, std::int64_t id, std::string_view zalo_user_id,
                  std::int64_t zalo_account_id, std::int64_t now_ms) const;
  Status SetPushSubscription(storage::Transaction& transaction, std::int64_t id,
                             const std::optional<std::string>& subscription_json, std::int64_t now_ms) const;
  // Decrypted channel addresses for delivery: Zalo user id (and its account), push subscription JSON.
  struct Addresses {
    std::string email;
    std::string phone;
    std::string zalo_user_id;
    std::optional<std::int64_t> zalo_account_id;
    std::string push_subscription;
    std::uint8_t reach = 0;  // ReachBits, as of now
  };
  Result<std::optional<Addresses>> AddressesOf(storage::Transaction& transaction, std::int64_t id) const;
  // The same for many registrations in one statement (a dispatcher round): the active ones among `ids`, by id.
  Result<std::map<std::int64_t, Addresses>> AddressesOf(storage::Transaction& transaction,
                                                        std::span<const std::int64_t> ids) const;

  // The registrations changed after (`after_updated_ms`, `after_id`) in (updated_at, id) order, erased ones
  // included, as a recipient index needs them, `batch` at a time (the citizens_changes index gives them in order).
  Result<std::vector<RecipientRow>> Recipients(storage::Transaction& transaction, std::int64_t after_updated_ms,
                                               std::int64_t after_id, int batch) const;

 private:
  std::optional<std::string> Seal(const std::string& plaintext, const char* column) const;
  Result<std::string> Open(const std::optional<std::string>& ciphertext, const char* column) const;
  std::vector<storage::Value> ProfileColumns(const Profile& profile) const;

  const crypto::FieldCipher& cipher_;
};

}  // namespace chancery::citizens
