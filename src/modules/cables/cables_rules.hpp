// The cable lifecycle's pure rules: names of the enums, what a valid draft is, when clearance is complete. No
// database, no principal: the service (cables_service.hpp) combines these with authorisation and storage.
//
// Lifecycle, enforced by CablesService:
//   draft ──submit──▶ in_clearance ──(rule met)──▶ cleared ──release──▶ transmitted
//     ▲                   │  return / withdraw
//     └───────────────────┘
// Only drafts are edited; a transmitted cable never changes again.
//
// Thread-safety: pure functions.
#pragma once

#include <string>
#include <vector>

#include "core/status.hpp"
#include "modules/cables/cables.hpp"

namespace chancery::cables {

inline constexpr std::size_t kMaxSubjectLength = 300;  // bytes
inline constexpr std::size_t kMaxBodyLength = 200000;  // bytes
inline constexpr std::size_t kMaxTags = 20;
inline constexpr std::size_t kMaxTagLength = 40;
inline constexpr std::size_t kMaxAddressees = 200;
inline constexpr std::size_t kMaxReferences = 20;
inline constexpr std::size_t kMaxClearers = 10;

// Applies `changes` on top of `cable` (a default Cable for a new draft).
void ApplyDraft(const CableDraft& changes, Cable& cable);
// kInvalidArgument naming the field (a JSON pointer) when the cable's content is not sendable: a subject, a body,
// at least one action addressee, no addressee twice, NIACT only on action addressees, well-formed collectives and
// tags, at most kMaxReferences distinct references (none to itself).
Status ValidateContent(const Cable& cable);
// True when an addressee is a collective: the cable then needs a clearance from HQ.
bool NeedsHqClearance(const Cable& cable);
// Whether the clearers' decisions complete the clearance: by the rule (any/all), and with an HQ clearer among
// those who cleared when the cable needs one.
bool ClearanceComplete(const Cable& cable);
// The reference of the n-th cable a unit released in a year: "EMB-FR-2026-000042".
std::string FormatReference(const std::string& unit_code, int year, std::int64_t sequence);

}  // namespace chancery::cables
