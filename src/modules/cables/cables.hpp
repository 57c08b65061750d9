// Cables: the formal messages between HQ and the missions. This header is the module's public face: the values a
// cable is made of and the names they travel under in JSON and SQL.
//
// A cable is drafted for an originating unit, cleared by one or more clearers (any of them, or all), released by
// an authorised releaser of that unit, and transmitted; from then on it is immutable (corrections are new cables
// that reference it) and each addressee unit receives and acknowledges it. cables_rules.hpp holds the lifecycle
// rules; cables_service.hpp applies them.
//
// Thread-safety: plain values.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "modules/attachments/attachments.hpp"

namespace chancery::cables {

// How fast the addressees must act, highest first.
enum class Precedence { kFlash, kImmediate, kPriority, kRoutine };
// Who may read it; each role has a clearance (identity::Clearance, in the same order).
enum class Classification { kUnclassified, kRestricted, kConfidential, kSecret };
// Handling captions narrow distribution beyond the addressee units:
//   NODIS: no distribution beyond the named individual addressees (and the drafter, clearers and releaser);
//   EXDIS: exclusive distribution to the heads of the addressed units (cable_release there) and named individuals.
enum class Caption { kNodis, kExdis };
enum class CableState { kDraft, kInClearance, kCleared, kTransmitted };
enum class AddresseeRole { kAction, kInfo };
enum class AddresseeKind { kUnit, kUser, kCollective, kList };
// Clearance: any one clearer suffices, or all must clear.
enum class ClearanceRule { kAny, kAll };
enum class ClearanceDecision { kPending, kCleared, kReturned };

const char* PrecedenceName(Precedence value);  // "flash", "immediate", "priority", "routine"
std::optional<Precedence> ParsePrecedence(std::string_view name);
const char* ClassificationName(Classification value);  // "unclassified", "restricted", "confidential", "secret"
std::optional<Classification> ParseClassification(std::string_view name);
const char* CaptionName(Caption value);  // "nodis", "exdis"
std::optional<Caption> ParseCaption(std::string_view name);
const char* CableStateName(CableState value);  // "draft", "in_clearance", "cleared", "transmitted"
std::optional<CableState> ParseCableState(std::string_view name);
const char* AddresseeRoleName(AddresseeRole value);  // "action", "info"
std::optional<AddresseeRole> ParseAddresseeRole(std::string_view name);
const char* AddresseeKindName(AddresseeKind value);  // "unit", "user", "collective", "list"
std::optional<AddresseeKind> ParseAddresseeKind(std::string_view name);
const char* ClearanceRuleName(ClearanceRule value);  // "any", "all"
std::optional<ClearanceRule> ParseClearanceRule(std::string_view name);
const char* ClearanceDecisionName(ClearanceDecision value);  // "pending", "cleared", "returned"
std::optional<ClearanceDecision> ParseClearanceDecision(std::string_view name);

// Collectives: "all_missions", or "region:<region>" for the missions of one region (directory/regions.hpp).
inline constexpr std::string_view kAllMissions = "all_missions";
inline constexpr std::string_view kRegionPrefix = "region:";

struct Addressee {
  AddresseeRole role = AddresseeRole::kAction;
  AddresseeKind kind = AddresseeKind::kUnit;
  std::int64_t unit_id = 0;  // kUnit
  std::int64_t user_id = 0;  // kUser
  std::string collective;    // kCollective
  std::int64_t list_id = 0;  // kList: a distribution list, expanded at release
  bool niact = false;        // "night action": wake the on-call officer out of hours (action addressees)
  // kUser rows added at release for the people of a list (the list's id); 0 for addressees as drafted.
  std::int64_t via_list_id = 0;
  bool operator==(const Addressee&) const = default;
};

struct Clearer {
  std::int64_t user_id = 0;
  ClearanceDecision decision = ClearanceDecision::kPending;
  bool hq = false;  // holds cable_clear on an HQ unit: counts as the HQ clearance collectives need
  std::string comment;
  std::int64_t requested_at_ms = 0;
  std::optional<std::int64_t> decided_at_ms;
};

// One addressee unit of a transmitted cable: its delivery and acknowledgement.
struct Recipient {
  std::int64_t unit_id = 0;
  AddresseeRole role = AddresseeRole::kAction;
  bool niact = false;
  std::optional<std::int64_t> received_at_ms;  // first read by a member of the unit
  std::int64_t received_by = 0;
  std::optional<std::int64_t> acknowledged_at_ms;
  std::int64_t acknowledged_by = 0;
  std::optional<std::int64_t> deadline_at_ms;  // action addressees, by precedence
  int escalation_level = 0;                    // 0 none, 1 the unit's duty roster, 2 the HQ watch desk
  std::optional<std::int64_t> escalated_at_ms;
};

struct Cable {
  std::int64_t id = 0;
  std::string reference;  // assigned at release: "<unit code>-<year>-<six-digit sequence>"
  std::int64_t originating_unit_id = 0;
  std::int64_t drafter_user_id = 0;
  std::string subject;
  std::string body;  // Markdown; rendered safely by the console
  std::vector<std::string> tags;
  Precedence precedence = Precedence::kRoutine;
  Classification classification = Classification::kUnclassified;
  std::vector<Caption> captions;
  std::vector<Addressee> addressees;
  std::vector<std::int64_t> references;  // earlier cables
  ClearanceRule clearance_rule = ClearanceRule::kAll;
  std::vector<Clearer> clearers;
  CableState state = CableState::kDraft;
  std::int64_t version = 1;  // bumped by every change, for optimistic concurrency
  std::int64_t created_at_ms = 0;
  std::int64_t updated_at_ms = 0;
  std::optional<std::int64_t> submitted_at_ms;
  std::int64_t released_by = 0;
  std::optional<std::int64_t> released_at_ms;
  std::vector<Recipient> recipients;  // transmitted cables only
  std::vector<attachments::Attachment> attachments;
};

// A distribution list: units and people a unit addresses together ("EU crisis cell"). Kept by holders of
// cable_release on its owner unit; every drafter may address it. Expanded at release: its units become recipients
// and its people named addressees, so later changes never alter who may read a sent cable.
struct DistributionList {
  std::int64_t id = 0;
  std::int64_t owner_unit_id = 0;
  std::string name;
  std::string description;
  std::vector<std::int64_t> unit_ids;
  std::vector<std::int64_t> user_ids;
  std::int64_t created_by = 0;
  std::int64_t created_at_ms = 0;
  std::int64_t updated_at_ms = 0;
  std::int64_t version = 1;
};

inline constexpr std::size_t kMaxListMembers = 200;
inline constexpr std::size_t kMaxListNameLength = 100;

// What a draft or an edit supplies; for an edit, unset fields keep their value.
struct CableDraft {
  std::optional<std::int64_t> originating_unit_id;
  std::optional<std::string> subject;
  std::optional<std::string> body;
  std::optional<std::vector<std::string>> tags;
  std::optional<Precedence> precedence;
  std::optional<Classification> classification;
  std::optional<std::vector<Caption>> captions;
  std::optional<std::vector<Addressee>> addressees;
  std::optional<std::vector<std::int64_t>> references;
  std::optional<std::vector<std::int64_t>> attachments;  // ids: the drafter's uploads, or ones already on the draft
};

// Acknowledgement deadlines by precedence, in milliseconds; 0 means no deadline.
struct AckDeadlines {
  std::int64_t flash_ms = 10LL * 60 * 1000;
  std::int64_t immediate_ms = 60LL * 60 * 1000;
  std::int64_t priority_ms = 24LL * 3600 * 1000;
  std::int64_t routine_ms = 0;
  std::int64_t For(Precedence precedence) const;
};

}  // namespace chancery::cables
