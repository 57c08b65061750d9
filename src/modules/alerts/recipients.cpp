#include "modules/alerts/recipients.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>

namespace chancery::alerts {
namespace {

constexpr int kLoadBatch = 5000;

// How late a change to a registration may become visible after the time it carries in updated_at: the longest a
// transaction that writes citizens runs between taking its time (the caller's now_ms) and committing, plus how far
// the nodes' clocks may disagree. A change that commits after a catch-up has read past its updated_at would be
// missed by a watermark taken from the rows read alone (with `updated_at >= watermark` before, it was missed as soon
// as a later millisecond had been read; only changes of that same millisecond were read again). So the watermark is
// never set past now minus this margin: a change not yet committed when a catch-up reads carries a time after that
// (its commit is later, and at most this margin after its time), so the next catch-up reads it. What this costs is
// reading again, at each catch-up, the changes of the last minute; with nothing changed for a minute, nothing.
constexpr std::int64_t kLateCommitMarginMs = 60'000;

// The reach bits in cascade order, each with its channel and its name in previews.
struct Step {
  std::uint8_t bit;
  delivery::Channel channel;
};
constexpr std::array<Step, 5> kCascade = {{
    {citizens::kReachZaloMessage, delivery::Channel::kZaloMessage},
    {citizens::kReachZaloTemplate, delivery::Channel::kZaloTemplate},
    {citizens::kReachSms, delivery::Channel::kSms},
    {citizens::kReachEmail, delivery::Channel::kEmail},
    {citizens::kReachWebPush, delivery::Channel::kWebPush},
}};

RecipientEntry ToEntry(const citizens::RecipientRow& row) {
  RecipientEntry entry;
  entry.citizen_id = row.citizen_id;
  if (row.location) {
    entry.lat = static_cast<float>(row.location->latitude);
    entry.lon = static_cast<float>(row.location->longitude);
  }
  Result<CountryCode> country = CountryCode::Parse(row.residence_country);
  entry.country = country.ok() ? country->index() : 0;
  entry.channels = row.reach;
  entry.language = Recipients::LanguageIndex(row.language);
  return entry;
}

}  // namespace

Recipients::Recipients(storage::Database& database, const citizens::CitizenStore& store, const Clock& clock)
    : database_(database), store_(store), clock_(clock) {}

const Clock& Recipients::SystemTime() {
  static const SystemClock clock;
  return clock;
}

std::uint8_t Recipients::LanguageIndex(std::string_view language) {
  for (std::size_t i = 0; i < citizens::kLanguages.size(); ++i) {
    if (citizens::kLanguages[i] == language) return static_cast<std::uint8_t>(i);
  }
  return 0;
}

std::string Recipients::LanguageName(std::uint8_t index) {
  return index < citizens::kLanguages.size() ? std::string(citizens::kLanguages[index]) : "vi";
}

std::vector<delivery::Channel> Recipients::CascadeOf(std::uint8_t reach) {
  std::vector<delivery::Channel> cascade;
  for (const Step& step : kCascade) {
    if ((reach & step.bit) != 0) cascade.push_back(step.channel);
  }
  return cascade;
}

CountryMask Recipients::MaskOf(const Jurisdiction& jurisdiction) {
  CountryMask mask;
  if (!jurisdiction) {
    mask.set();
    return mask;
  }
  for (const std::string& code : *jurisdiction) {
    if (Result<CountryCode> country = CountryCode::Parse(code); country.ok()) mask.set(country->index());
  }
  return mask;
}

Status Recipients::CatchUp() {
  std::lock_guard lock(catch_up_mutex_);
  const bool first = !watermark_.has_value();
  // Taken before reading: whatever is not committed yet will carry a time after horizon.
  const Watermark horizon{clock_.NowMs() - kLateCommitMarginMs, 0};
  Watermark after = first ? Watermark{std::numeric_limits<std::int64_t>::min(), 0} : *watermark_;
  std::vector<RecipientEntry> loaded;
  for (;;) {
    std::vector<citizens::RecipientRow> batch;
    CHANCERY_TRY(database_.Read("alerts.recipients", [&](storage::Transaction& transaction) -> Status {
      CHANCERY_ASSIGN_OR_RETURN(batch, store_.Recipients(transaction, after.updated_at_ms, after.id, kLoadBatch));
      return Status::Ok();
    }));
    for (const citizens::RecipientRow& row : batch) {
      after = {row.updated_at_ms, row.citizen_id};
      if (first) {
        if (row.active) loaded.push_back(ToEntry(row));
      } else if (row.active) {
        index_.Upsert(ToEntry(row));
      } else {
        index_.Remove(row.citizen_id);
      }
    }
    if (static_cast<int>(batch.size()) < kLoadBatch) break;
  }
  if (first) index_.Replace(std::move(loaded));
  // (horizon, 0) reads again every change from the horizon on: ids are positive.
  watermark_ = std::min(after, horizon);
  return Status::Ok();
}

Result<RecipientPreview> Recipients::Preview(const Area& area, const Jurisdiction& jurisdiction) {
  CHANCERY_TRY(CatchUp());
  const RecipientCounts counts = index_.CountBy(area, MaskOf(jurisdiction));
  RecipientPreview preview;
  preview.total = counts.total;
  for (const Step& step : kCascade) {
    const int bit = std::countr_zero(step.bit);
    preview.by_channel.emplace_back(delivery::ChannelName(step.channel), counts.per_channel_bit[bit]);
  }
  for (std::size_t i = 0; i < citizens::kLanguages.size(); ++i) {
    preview.by_language.emplace_back(std::string(citizens::kLanguages[i]), counts.per_language[i]);
  }
  preview.without_channel = counts.without_channel;
  return preview;
}

Result<std::vector<delivery::PlannedDelivery>> Recipients::Plan(const Area& area, const Jurisdiction& jurisdiction) {
  CHANCERY_TRY(CatchUp());
  const std::vector<RecipientEntry> entries = index_.Entries(area, MaskOf(jurisdiction));
  std::vector<delivery::PlannedDelivery> plan;
  plan.reserve(entries.size());
  for (const RecipientEntry& entry : entries) {
    std::vector<delivery::Channel> cascade = CascadeOf(entry.channels);
    if (cascade.empty()) continue;  // in the area but consented to no channel: counted in the preview, not sent
    plan.push_back({entry.citizen_id, LanguageName(entry.language), std::move(cascade)});
  }
  return plan;
}

Result<std::vector<std::optional<delivery::Recipient>>> RegistryRecipients(
    storage::Database& database, const citizens::CitizenStore& store,
    std::span<const delivery::ClaimedDelivery* const> deliveries) {
  std::vector<std::int64_t> ids;
  ids.reserve(deliveries.size());
  for (const delivery::ClaimedDelivery* delivery : deliveries) ids.push_back(delivery->citizen_id);
  CHANCERY_ASSIGN_OR_RETURN(auto found,
                            storage::ReadValue(database, "alerts.recipients", [&](storage::Transaction& transaction) {
                              return store.AddressesOf(transaction, std::span<const std::int64_t>(ids));
                            }));
  std::vector<std::optional<delivery::Recipient>> recipients;
  recipients.reserve(deliveries.size());
  for (const delivery::ClaimedDelivery* delivery : deliveries) {
    const auto addresses = found.find(delivery->citizen_id);
    if (addresses == found.end()) {
      recipients.emplace_back();
      continue;
    }
    delivery::Recipient& recipient = recipients.emplace_back(delivery::Recipient{}).value();
    recipient.citizen_id = delivery->citizen_id;
    // Copied, not moved: one person may have several deliveries in a round (one per alert).
    recipient.email = addresses->second.email;
    recipient.phone = addresses->second.phone;
    recipient.zalo_user_id = addresses->second.zalo_user_id;
    recipient.zalo_account_id = addresses->second.zalo_account_id;
    recipient.push_subscription_json = addresses->second.push_subscription;
    recipient.usable = Recipients::CascadeOf(addresses->second.reach);  // consented and reachable now
  }
  return recipients;
}

}  // namespace chancery::alerts
