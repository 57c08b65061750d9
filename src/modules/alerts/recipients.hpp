// Recipients: who an alert reaches. Holds the recipient index (every registration's map point, country, language
// and reach) and keeps it in step with the registry: CatchUp reads what changed since its last call (all of it the
// first time), in (updated_at, id) order from a watermark, so that every node's index follows changes made on any
// node, also those committed late with an earlier updated_at (see kLateCommitMarginMs in recipients.cpp). Before each
// selection the index catches up; a registration changed after that is still handled right at send time, because the
// dispatcher reads each recipient's consents and addresses afresh.
//
// The delivery plan gives each selected citizen the cascade of channels they can be reached by, in the default
// order: Zalo message (a linked follower) → Zalo template message (by phone) → SMS → e-mail → web push.
//
// Thread-safety: safe for concurrent use; CatchUp calls are serialised.
#pragma once

#include <bitset>
#include <compare>
#include <mutex>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "core/clock.hpp"
#include "modules/alerts/alerts.hpp"
#include "modules/alerts/area.hpp"
#include "modules/alerts/recipient_index.hpp"
#include "modules/citizens/citizen_store.hpp"
#include "modules/delivery/delivery.hpp"
#include "modules/delivery/delivery_store.hpp"
#include "storage/database.hpp"

namespace chancery::alerts {

// The countries a unit may alert (its jurisdiction); nullopt: every country (HQ).
using Jurisdiction = std::optional<std::vector<std::string>>;

// The recipients of `deliveries`, in order, with their addresses and consents as the registry holds them now, read
// in one transaction; nullopt for an erased registration.
Result<std::vector<std::optional<delivery::Recipient>>> RegistryRecipients(
    storage::Database& database, const citizens::CitizenStore& store,
    std::span<const delivery::ClaimedDelivery* const> deliveries);

class Recipients {
 public:
  // `clock` gives the time that bounds late commits (see CatchUp); it is the system clock unless a test sets one.
  Recipients(storage::Database& database, const citizens::CitizenStore& store, const Clock& clock = SystemTime());

  Status CatchUp();
  Result<RecipientPreview> Preview(const Area& area, const Jurisdiction& jurisdiction);
  Result<std::vector<delivery::PlannedDelivery>> Plan(const Area& area, const Jurisdiction& jurisdiction);

  static std::vector<delivery::Channel> CascadeOf(std::uint8_t reach);
  static std::uint8_t LanguageIndex(std::string_view language);
  static std::string LanguageName(std::uint8_t index);
  const RecipientIndex& index() const { return index_; }

 private:
  // Where catch-up resumes: after this (updated_at, id), in that order.
  struct Watermark {
    std::int64_t updated_at_ms = 0;
    std::int64_t id = 0;
    auto operator<=>(const Watermark&) const = default;
  };
  static CountryMask MaskOf(const Jurisdiction& jurisdiction);
  static const Clock& SystemTime();

  storage::Database& database_;
  const citizens::CitizenStore& store_;
  const Clock& clock_;
  RecipientIndex index_;
  std::mutex catch_up_mutex_;
  std::optional<Watermark> watermark_;  // nullopt: never loaded
};

}  // namespace chancery::alerts
