#include "modules/alerts/recipients.hpp"

#include <algorithm>
#include <array>
#include <cmath>

namespace chancery::alerts {
namespace {

constexpr int kLoadBatch = 5000;

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

Recipients::Recipients(storage::Database& database, const citizens::CitizenStore& store)
    : database_(database), store_(store) {}

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
  const bool first = watermark_ms_ < 0;
  const std::int64_t since = first ? 0 : watermark_ms_;
  std::int64_t newest = watermark_ms_;
  std::vector<RecipientEntry> loaded;
  std::int64_t after = 0;
  for (;;) {
    std::vector<citizens::RecipientRow> batch;
    CHANCERY_TRY(database_.Read("alerts.recipients", [&](storage::Transaction& transaction) -> Status {
      CHANCERY_ASSIGN_OR_RETURN(batch, store_.Recipients(transaction, since, after, kLoadBatch));
      return Status::Ok();
    }));
    for (const citizens::RecipientRow& row : batch) {
      after = row.citizen_id;
      newest = std::max(newest, row.updated_at_ms);
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
  watermark_ms_ = std::max<std::int64_t>(newest, 0);
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

}  // namespace chancery::alerts
