#include "modules/cables/cables_rules.hpp"

#include <algorithm>
#include <array>
#include <cstdio>
#include <set>
#include <utility>

#include "core/enum_names.hpp"

namespace chancery::cables {
namespace {

constexpr std::array<std::pair<Precedence, const char*>, 4> kPrecedences = {{{Precedence::kFlash, "flash"},
                                                                             {Precedence::kImmediate, "immediate"},
                                                                             {Precedence::kPriority, "priority"},
                                                                             {Precedence::kRoutine, "routine"}}};
constexpr std::array<std::pair<Classification, const char*>, 4> kClassifications = {
    {{Classification::kUnclassified, "unclassified"},
     {Classification::kRestricted, "restricted"},
     {Classification::kConfidential, "confidential"},
     {Classification::kSecret, "secret"}}};
constexpr std::array<std::pair<Caption, const char*>, 2> kCaptions = {
    {{Caption::kNodis, "nodis"}, {Caption::kExdis, "exdis"}}};
constexpr std::array<std::pair<CableState, const char*>, 4> kStates = {{{CableState::kDraft, "draft"},
                                                                        {CableState::kInClearance, "in_clearance"},
                                                                        {CableState::kCleared, "cleared"},
                                                                        {CableState::kTransmitted, "transmitted"}}};
constexpr std::array<std::pair<AddresseeRole, const char*>, 2> kRoles = {
    {{AddresseeRole::kAction, "action"}, {AddresseeRole::kInfo, "info"}}};
constexpr std::array<std::pair<AddresseeKind, const char*>, 4> kKinds = {{{AddresseeKind::kUnit, "unit"},
                                                                          {AddresseeKind::kUser, "user"},
                                                                          {AddresseeKind::kCollective, "collective"},
                                                                          {AddresseeKind::kList, "list"}}};
constexpr std::array<std::pair<ClearanceRule, const char*>, 2> kRules = {
    {{ClearanceRule::kAny, "any"}, {ClearanceRule::kAll, "all"}}};
constexpr std::array<std::pair<ClearanceDecision, const char*>, 3> kDecisions = {
    {{ClearanceDecision::kPending, "pending"},
     {ClearanceDecision::kCleared, "cleared"},
     {ClearanceDecision::kReturned, "returned"}}};

// Regions as directory/regions.hpp names them; kept here as text so that rules stay free of the directory.
constexpr std::array<std::string_view, 7> kRegions = {"asia",    "europe",      "americas",     "africa",
                                                      "oceania", "middle_east", "international"};

bool IsValidCollective(std::string_view collective) {
  if (collective == kAllMissions) return true;
  if (!collective.starts_with(kRegionPrefix)) return false;
  collective.remove_prefix(kRegionPrefix.size());
  return std::find(kRegions.begin(), kRegions.end(), collective) != kRegions.end();
}

bool IsValidTag(const std::string& tag) {
  if (tag.empty() || tag.size() > kMaxTagLength) return false;
  // Tags are short codes (e.g. "PREL", "econ", "consular-affairs"): letters, digits, '-' and '_'.
  return std::all_of(tag.begin(), tag.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
  });
}

bool IsBlank(const std::string& text) { return text.find_first_not_of(" \t\r\n") == std::string::npos; }

}  // namespace

const char* PrecedenceName(Precedence value) { return NameIn(kPrecedences, value); }
std::optional<Precedence> ParsePrecedence(std::string_view name) { return ParseIn(kPrecedences, name); }
const char* ClassificationName(Classification value) { return NameIn(kClassifications, value); }
std::optional<Classification> ParseClassification(std::string_view name) { return ParseIn(kClassifications, name); }
const char* CaptionName(Caption value) { return NameIn(kCaptions, value); }
std::optional<Caption> ParseCaption(std::string_view name) { return ParseIn(kCaptions, name); }
const char* CableStateName(CableState value) { return NameIn(kStates, value); }
std::optional<CableState> ParseCableState(std::string_view name) { return ParseIn(kStates, name); }
const char* AddresseeRoleName(AddresseeRole value) { return NameIn(kRoles, value); }
std::optional<AddresseeRole> ParseAddresseeRole(std::string_view name) { return ParseIn(kRoles, name); }
const char* AddresseeKindName(AddresseeKind value) { return NameIn(kKinds, value); }
std::optional<AddresseeKind> ParseAddresseeKind(std::string_view name) { return ParseIn(kKinds, name); }
const char* ClearanceRuleName(ClearanceRule value) { return NameIn(kRules, value); }
std::optional<ClearanceRule> ParseClearanceRule(std::string_view name) { return ParseIn(kRules, name); }
const char* ClearanceDecisionName(ClearanceDecision value) { return NameIn(kDecisions, value); }
std::optional<ClearanceDecision> ParseClearanceDecision(std::string_view name) { return ParseIn(kDecisions, name); }

std::int64_t AckDeadlines::For(Precedence precedence) const {
  switch (precedence) {
    case Precedence::kFlash: return flash_ms;
    case Precedence::kImmediate: return immediate_ms;
    case Precedence::kPriority: return priority_ms;
    case Precedence::kRoutine: return routine_ms;
  }
  return 0;
}

void ApplyDraft(const CableDraft& changes, Cable& cable) {
  if (changes.originating_unit_id) cable.originating_unit_id = *changes.originating_unit_id;
  if (changes.subject) cable.subject = *changes.subject;
  if (changes.body) cable.body = *changes.body;
  if (changes.tags) cable.tags = *changes.tags;
  if (changes.precedence) cable.precedence = *changes.precedence;
  if (changes.classification) cable.classification = *changes.classification;
  if (changes.captions) cable.captions = *changes.captions;
  if (changes.addressees) cable.addressees = *changes.addressees;
  if (changes.references) cable.references = *changes.references;
}

Status ValidateContent(const Cable& cable) {
  if (IsBlank(cable.subject)) return InvalidArgument("The subject cannot be blank.").WithField("/subject");
  if (cable.subject.size() > kMaxSubjectLength) {
    return InvalidArgument("The subject is longer than 300 bytes.").WithField("/subject");
  }
  if (cable.subject.find_first_of("\r\n") != std::string::npos) {
    return InvalidArgument("The subject must fit on one line.").WithField("/subject");
  }
  if (IsBlank(cable.body)) return InvalidArgument("The body cannot be blank.").WithField("/body");
  if (cable.body.size() > kMaxBodyLength) {
    return InvalidArgument("The body is longer than 200,000 bytes.").WithField("/body");
  }
  if (cable.tags.size() > kMaxTags) return InvalidArgument("A cable has at most 20 tags.").WithField("/tags");
  for (std::size_t i = 0; i < cable.tags.size(); ++i) {
    if (!IsValidTag(cable.tags[i])) {
      return InvalidArgument("Tags are 1 to 40 letters, digits, '-' or '_'.").WithField("/tags/" + std::to_string(i));
    }
  }
  if (std::set<Caption>(cable.captions.begin(), cable.captions.end()).size() != cable.captions.size()) {
    return InvalidArgument("A caption is given twice.").WithField("/captions");
  }
  if (cable.addressees.size() > kMaxAddressees) {
    return InvalidArgument("A cable has at most 200 addressees; use a collective.").WithField("/addressees");
  }
  bool has_action = false;
  for (std::size_t i = 0; i < cable.addressees.size(); ++i) {
    const Addressee& addressee = cable.addressees[i];
    const std::string field = "/addressees/" + std::to_string(i);
    has_action = has_action || addressee.role == AddresseeRole::kAction;
    if (addressee.niact && addressee.role != AddresseeRole::kAction) {
      return InvalidArgument("NIACT applies to action addressees only.").WithField(field + "/niact");
    }
    if (addressee.kind == AddresseeKind::kCollective && !IsValidCollective(addressee.collective)) {
      return InvalidArgument("'" + addressee.collective +
                             "' is not a collective: use all_missions or region:<region> (asia, europe, americas, "
                             "africa, oceania, middle_east, international).")
          .WithField(field + "/collective");
    }
    for (std::size_t j = 0; j < i; ++j) {
      const Addressee& earlier = cable.addressees[j];
      const bool same = earlier.kind == addressee.kind && earlier.unit_id == addressee.unit_id &&
                        earlier.user_id == addressee.user_id && earlier.collective == addressee.collective &&
                        earlier.list_id == addressee.list_id;
      if (same) return InvalidArgument("This addressee is listed twice.").WithField(field);
    }
  }
  if (!has_action) {
    return InvalidArgument("A cable needs at least one action addressee.").WithField("/addressees");
  }
  if (cable.references.size() > kMaxReferences) {
    return InvalidArgument("A cable references at most 20 earlier cables.").WithField("/references");
  }
  std::set<std::int64_t> seen;
  for (std::size_t i = 0; i < cable.references.size(); ++i) {
    const std::int64_t reference = cable.references[i];
    if (reference <= 0 || reference == cable.id || !seen.insert(reference).second) {
      return InvalidArgument("References must be distinct earlier cables.")
          .WithField("/references/" + std::to_string(i));
    }
  }
  return Status::Ok();
}

bool NeedsHqClearance(const Cable& cable) {
  return std::any_of(cable.addressees.begin(), cable.addressees.end(),
                     [](const Addressee& addressee) { return addressee.kind == AddresseeKind::kCollective; });
}

bool ClearanceComplete(const Cable& cable) {
  if (cable.clearers.empty()) return false;
  std::size_t cleared = 0;
  bool hq_cleared = false;
  for (const Clearer& clearer : cable.clearers) {
    if (clearer.decision != ClearanceDecision::kCleared) continue;
    ++cleared;
    hq_cleared = hq_cleared || clearer.hq;
  }
  const bool rule_met = cable.clearance_rule == ClearanceRule::kAny ? cleared > 0 : cleared == cable.clearers.size();
  return rule_met && (hq_cleared || !NeedsHqClearance(cable));
}

std::string FormatReference(const std::string& unit_code, int year, std::int64_t sequence) {
  char digits[32];
  std::snprintf(digits, sizeof digits, "%04d-%06lld", year, static_cast<long long>(sequence));
  return unit_code + "-" + digits;
}

}  // namespace chancery::cables
