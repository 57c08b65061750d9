// The rules an alert's content must follow before it is stored, and its CAP 1.2 form.
//
// Thread-safety: pure functions.
#pragma once

#include <optional>

#include "core/status.hpp"
#include "modules/alerts/alerts.hpp"
#include "modules/alerts/area.hpp"
#include "modules/alerts/recipients.hpp"

namespace chancery::alerts {

// kInvalidArgument naming the field: texts (at least one, languages supported and distinct, event and headline
// required, lengths), categories (at least one), the area (parsed, not empty, countries within `jurisdiction`),
// references (required for Update and Cancel, absent for Alert), expiry (in the future). `referenced` is the
// alert named by references_id, when there is one.
Status CheckContent(const AlertContent& content, const Jurisdiction& jurisdiction,
                    const std::optional<Alert>& referenced, std::int64_t now_ms);

// The parsed area of stored content (already checked).
Result<Area> AreaOf(const AlertContent& content);

// The CAP document: sent at `sent_at_ms` (UTC), one <info> per language with the area in each.
Result<CapAlert> ToCap(const Alert& alert, const std::optional<Alert>& referenced, const std::string& sender,
                       std::int64_t sent_at_ms);

// The text of an alert for one person: their language, else Vietnamese, else the first.
const AlertText& TextFor(const AlertContent& content, std::string_view language);

}  // namespace chancery::alerts
