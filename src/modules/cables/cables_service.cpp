#include "modules/cables/cables_service.hpp"

#include <boost/json/object.hpp>
#include <boost/json/serialize.hpp>

#include <algorithm>
#include <chrono>
#include <map>
#include <set>

#include "modules/cables/cables_rules.hpp"
#include "modules/cables/cables_search.hpp"

namespace chancery::cables {
namespace {

using identity::Permission;
using storage::Transaction;

Classification ClassificationCleared(identity::Clearance clearance) {
  return static_cast<Classification>(static_cast<int>(clearance));
}

int YearOf(std::int64_t at_ms) {
  const std::chrono::sys_days day = std::chrono::floor<std::chrono::days>(
      std::chrono::sys_time<std::chrono::milliseconds>(std::chrono::milliseconds(at_ms)));
  return static_cast<int>(std::chrono::year_month_day(day).year());
}

bool HasCaption(const Cable& cable, Caption caption) {
  return std::find(cable.captions.begin(), cable.captions.end(), caption) != cable.captions.end();
}

Status StateConflict(const Cable& cable, const std::string& what) {
  return Conflict("Cable " + std::to_string(cable.id) + " is " + CableStateName(cable.state) + ": " + what)
      .WithReason("invalid_state");
}

}  // namespace

CablesService::CablesService(storage::Database& database, const Clock& clock, audit::AuditLog& audit,
                             const identity::Authorizer& authorizer, identity::IdentityService& identity,
                             attachments::AttachmentsService& attachments,
                             std::shared_ptr<const directory::UnitTree> tree, CablesOptions options)
    : database_(database),
      clock_(clock),
      audit_(audit),
      authorizer_(authorizer),
      identity_(identity),
      attachments_(attachments),
      tree_(std::move(tree)),
      options_(options),
      search_store_(database.capabilities().full_text) {}

// --- Visibility --------------------------------------------------------------------------------------------------

bool CablesService::Involved(const Principal& principal, const Cable& cable) const {
  if (cable.drafter_user_id == principal.user_id || cable.released_by == principal.user_id) return true;
  return std::any_of(cable.clearers.begin(), cable.clearers.end(),
                     [&](const Clearer& clearer) { return clearer.user_id == principal.user_id; });
}

bool CablesService::HoldsOnAny(const Principal& principal, Permission permission, const Cable& cable) const {
  if (authorizer_.Allowed(principal, permission, cable.originating_unit_id)) return true;
  return std::any_of(cable.recipients.begin(), cable.recipients.end(), [&](const Recipient& recipient) {
    return authorizer_.Allowed(principal, permission, recipient.unit_id);
  });
}

bool CablesService::MaySee(const Principal& principal, const Cable& cable) const {
  if (cable.classification > ClassificationCleared(identity::ClearanceOf(principal))) return false;
  if (Involved(principal, cable)) return true;
  const bool named = std::any_of(cable.addressees.begin(), cable.addressees.end(), [&](const Addressee& addressee) {
    return addressee.kind == AddresseeKind::kUser && addressee.user_id == principal.user_id;
  });
  if (cable.state != CableState::kTransmitted) {
    // Before release, the cable belongs to its unit's drafting team and to those who must clear or release it.
    if (authorizer_.Allowed(principal, Permission::kCableRelease, cable.originating_unit_id)) return true;
    if (HasCaption(cable, Caption::kNodis)) return false;
    return authorizer_.Allowed(principal, Permission::kCableDraft, cable.originating_unit_id);
  }
  if (named) return true;
  if (HasCaption(cable, Caption::kNodis)) return false;
  const bool escalated_to_hq = std::any_of(cable.recipients.begin(), cable.recipients.end(),
                                           [](const Recipient& recipient) { return recipient.escalation_level >= 2; });
  if (escalated_to_hq) {
    std::optional<std::int64_t> desk = tree_->IdOfCode(options_.watch_desk_unit);
    if (desk && authorizer_.Allowed(principal, Permission::kCableRead, *desk)) return true;
  }
  if (HasCaption(cable, Caption::kExdis)) return HoldsOnAny(principal, Permission::kCableRelease, cable);
  return HoldsOnAny(principal, Permission::kCableRead, cable);
}

Result<Cable> CablesService::Load(Transaction& transaction, std::int64_t cable_id) {
  CHANCERY_ASSIGN_OR_RETURN(std::optional<Cable> cable, store_.Find(transaction, cable_id));
  if (!cable) return NotFound("There is no cable " + std::to_string(cable_id) + ".");
  CHANCERY_ASSIGN_OR_RETURN(cable->attachments,
                            attachments_.List(transaction, attachments::OwnerKind::kCable, cable_id));
  return std::move(*cable);
}

Result<Cable> CablesService::LoadVisible(Transaction& transaction, std::int64_t cable_id, const Principal& actor) {
  CHANCERY_ASSIGN_OR_RETURN(Cable cable, Load(transaction, cable_id));
  if (!MaySee(actor, cable)) {
    return PermissionDenied("You are not on the distribution of cable " + std::to_string(cable_id) + ".")
        .WithReason("not_on_distribution");
  }
  return cable;
}

// --- Drafting ----------------------------------------------------------------------------------------------------

Status CablesService::CheckDrafting(const Principal& actor, const Cable& cable) const {
  if (!tree_->Exists(cable.originating_unit_id)) {
    return InvalidArgument("There is no unit " + std::to_string(cable.originating_unit_id) + ".")
        .WithField("/originating_unit_id");
  }
  CHANCERY_TRY(authorizer_.Check(actor, Permission::kCableDraft, cable.originating_unit_id));
  if (cable.classification > ClassificationCleared(identity::ClearanceOf(actor))) {
    return PermissionDenied(std::string("Your clearance does not cover ") + ClassificationName(cable.classification) +
                            " cables.")
        .WithReason("classification");
  }
  return Status::Ok();
}

Status CablesService::CheckAddresseesAndReferences(Transaction& transaction, const Principal& actor,
                                                   const Cable& cable) {
  for (std::size_t i = 0; i < cable.addressees.size(); ++i) {
    const Addressee& addressee = cable.addressees[i];
    const std::string field = "/addressees/" + std::to_string(i);
    if (addressee.kind == AddresseeKind::kUnit && !tree_->Exists(addressee.unit_id)) {
      return InvalidArgument("There is no unit " + std::to_string(addressee.unit_id) + ".").WithField(field);
    }
    if (addressee.kind == AddresseeKind::kUnit && addressee.unit_id == cable.originating_unit_id) {
      return InvalidArgument("A unit does not address a cable to itself.").WithField(field);
    }
    if (addressee.kind == AddresseeKind::kList) {
      CHANCERY_ASSIGN_OR_RETURN(std::optional<DistributionList> list,
                                lists_store_.Find(transaction, addressee.list_id));
      if (!list) {
        return InvalidArgument("There is no distribution list " + std::to_string(addressee.list_id) + ".")
            .WithField(field);
      }
    }
    if (addressee.kind == AddresseeKind::kUser) {
      CHANCERY_ASSIGN_OR_RETURN(std::optional<identity::UserRecord> user, identity_.FindUser(addressee.user_id));
      if (!user || user->disabled) {
        return InvalidArgument("There is no active user " + std::to_string(addressee.user_id) + ".").WithField(field);
      }
    }
  }
  for (std::size_t i = 0; i < cable.references.size(); ++i) {
    const std::string field = "/references/" + std::to_string(i);
    CHANCERY_ASSIGN_OR_RETURN(std::optional<Cable> referenced, store_.Find(transaction, cable.references[i]));
    if (!referenced || referenced->state != CableState::kTransmitted || !MaySee(actor, *referenced)) {
      return InvalidArgument("Cable " + std::to_string(cable.references[i]) +
                             " is not a transmitted cable you may read.")
          .WithField(field);
    }
  }
  return Status::Ok();
}

Result<Cable> CablesService::WriteAndReload(std::string_view name, std::int64_t cable_id,
                                            const identity::ActionContext& context,
                                            const std::function<Status(Transaction&, const Principal&)>& body) {
  if (context.actor == nullptr) return PermissionDenied("Cables are handled by signed-in users only.");
  const Principal& actor = *context.actor;
  Cable result;
  CHANCERY_TRY(database_.Write(name, [&](Transaction& transaction) -> Status {
    CHANCERY_TRY(body(transaction, actor));
    CHANCERY_ASSIGN_OR_RETURN(result, Load(transaction, cable_id));
    return Status::Ok();
  }));
  return result;
}

Result<Cable> CablesService::CreateDraft(const CableDraft& draft, const identity::ActionContext& context) {
  if (context.actor == nullptr) return PermissionDenied("Cables are handled by signed-in users only.");
  const Principal& actor = *context.actor;
  if (!draft.originating_unit_id) {
    return InvalidArgument("originating_unit_id is required.").WithField("/originating_unit_id");
  }
  Cable cable;
  ApplyDraft(draft, cable);
  cable.drafter_user_id = actor.user_id;
  cable.created_at_ms = cable.updated_at_ms = clock_.NowMs();
  CHANCERY_TRY(CheckDrafting(actor, cable));
  CHANCERY_TRY(ValidateContent(cable));
  std::int64_t id = 0;
  CHANCERY_TRY(database_.Write("cables.create", [&](Transaction& transaction) -> Status {
    CHANCERY_TRY(CheckAddresseesAndReferences(transaction, actor, cable));
    CHANCERY_ASSIGN_OR_RETURN(id, store_.Insert(transaction, cable));
    cable.id = id;
    if (draft.attachments) {
      CHANCERY_TRY(attachments_.Attach(transaction, *draft.attachments, actor.user_id,
                                       {.kind = attachments::OwnerKind::kCable, .id = id}));
    }
    CHANCERY_TRY(search_store_.Index(transaction, id, FoldedCableText(cable)));
    return audit_.Append(transaction, Event(context, "cable.drafted", cable));
  }));
  return WriteAndReload("cables.create_reload", id, context,
                        [](Transaction&, const Principal&) { return Status::Ok(); });
}

Result<Cable> CablesService::UpdateDraft(std::int64_t cable_id, std::optional<std::int64_t> expected_version,
                                         const CableDraft& changes, const identity::ActionContext& context) {
  return WriteAndReload("cables.update", cable_id, context, [&](Transaction& transaction, const Principal& actor) {
    CHANCERY_ASSIGN_OR_RETURN(Cable cable, LoadVisible(transaction, cable_id, actor));
    CHANCERY_TRY(authorizer_.Check(actor, Permission::kCableDraft, cable.originating_unit_id));
    if (cable.state == CableState::kTransmitted) {
      return StateConflict(cable, "a transmitted cable never changes; send a correction that references it.");
    }
    if (cable.state != CableState::kDraft) {
      return StateConflict(cable, "withdraw it from clearance before editing it.");
    }
    if (expected_version && *expected_version != cable.version) {
      return Conflict("Cable " + std::to_string(cable_id) +
                      " was changed by someone else in the meantime. Reload it and try again.")
          .WithReason("stale_version");
    }
    ApplyDraft(changes, cable);
    CHANCERY_TRY(CheckDrafting(actor, cable));  // a new originating unit or classification must be allowed too
    CHANCERY_TRY(ValidateContent(cable));
    CHANCERY_TRY(CheckAddresseesAndReferences(transaction, actor, cable));
    CHANCERY_TRY(store_.UpdateContent(transaction, cable, clock_.NowMs()));
    if (changes.attachments) {
      CHANCERY_TRY(attachments_.Attach(transaction, *changes.attachments, actor.user_id,
                                       {.kind = attachments::OwnerKind::kCable, .id = cable.id}));
    }
    CHANCERY_TRY(search_store_.Index(transaction, cable.id, FoldedCableText(cable)));
    return audit_.Append(transaction, Event(context, "cable.edited", cable));
  });
}

// --- Clearance ---------------------------------------------------------------------------------------------------

Result<Clearer> CablesService::EligibleClearer(std::int64_t user_id, const Cable& cable, std::int64_t now_ms) {
  CHANCERY_ASSIGN_OR_RETURN(std::optional<identity::UserRecord> user, identity_.FindUser(user_id));
  if (!user || user->disabled) return InvalidArgument("There is no active user " + std::to_string(user_id) + ".");
  CHANCERY_ASSIGN_OR_RETURN(std::vector<RoleGrant> grants, identity_.ListGrants(user_id));
  Principal clearer_principal;
  clearer_principal.user_id = user_id;
  clearer_principal.grants = std::move(grants);
  bool hq = false;
  for (const RoleGrant& grant : clearer_principal.grants) {
    const bool clears_here = authorizer_.Allowed(clearer_principal, Permission::kCableClear, grant.unit_id);
    hq = hq || (clears_here && tree_->IsHq(grant.unit_id));
  }
  const bool on_unit = authorizer_.Allowed(clearer_principal, Permission::kCableClear, cable.originating_unit_id);
  if (!on_unit && !hq) {
    return InvalidArgument(user->username + " may not clear cables of this unit.");
  }
  if (cable.classification > ClassificationCleared(identity::ClearanceOf(clearer_principal))) {
    return InvalidArgument(user->username + " is not cleared for " + ClassificationName(cable.classification) +
                           " cables.");
  }
  return Clearer{.user_id = user_id, .hq = hq, .requested_at_ms = now_ms};
}

Result<Cable> CablesService::Submit(std::int64_t cable_id, const std::vector<std::int64_t>& clearer_ids,
                                    ClearanceRule rule, const identity::ActionContext& context) {
  return WriteAndReload("cables.submit", cable_id, context, [&](Transaction& transaction, const Principal& actor) {
    CHANCERY_ASSIGN_OR_RETURN(Cable cable, LoadVisible(transaction, cable_id, actor));
    CHANCERY_TRY(authorizer_.Check(actor, Permission::kCableDraft, cable.originating_unit_id));
    if (cable.state != CableState::kDraft) return StateConflict(cable, "only a draft is submitted for clearance.");
    if (clearer_ids.empty() || clearer_ids.size() > kMaxClearers) {
      return InvalidArgument("Name one to ten clearers.").WithField("/clearers");
    }
    CHANCERY_TRY(ValidateContent(cable));
    const std::int64_t now_ms = clock_.NowMs();
    std::vector<Clearer> clearers;
    std::set<std::int64_t> seen;
    for (std::size_t i = 0; i < clearer_ids.size(); ++i) {
      const std::string field = "/clearers/" + std::to_string(i);
      if (!seen.insert(clearer_ids[i]).second) return InvalidArgument("A clearer is named twice.").WithField(field);
      if (clearer_ids[i] == cable.drafter_user_id) {
        return PermissionDenied("The drafter cannot clear their own cable.").WithReason("own_draft").WithField(field);
      }
      Result<Clearer> clearer = EligibleClearer(clearer_ids[i], cable, now_ms);
      if (!clearer.ok()) return Status(clearer.status()).WithField(field);
      clearers.push_back(*clearer);
    }
    if (NeedsHqClearance(cable) &&
        std::none_of(clearers.begin(), clearers.end(), [](const Clearer& clearer) { return clearer.hq; })) {
      return InvalidArgument("A cable to a collective needs a clearer at HQ.").WithField("/clearers");
    }
    CHANCERY_TRY(store_.ReplaceClearers(transaction, cable_id, clearers));
    CHANCERY_TRY(store_.SetState(transaction, cable_id, cable.version, CableState::kInClearance, rule, now_ms));
    audit::AuditEvent event = Event(context, "cable.submitted", cable);
    boost::json::array ids;
    for (std::int64_t id : clearer_ids) ids.push_back(id);
    event.detail_json =
        boost::json::serialize(boost::json::object{{"clearers", std::move(ids)}, {"rule", ClearanceRuleName(rule)}});
    return audit_.Append(transaction, event);
  });
}

Result<Cable> CablesService::Withdraw(std::int64_t cable_id, const identity::ActionContext& context) {
  return WriteAndReload("cables.withdraw", cable_id, context, [&](Transaction& transaction, const Principal& actor) {
    CHANCERY_ASSIGN_OR_RETURN(Cable cable, LoadVisible(transaction, cable_id, actor));
    CHANCERY_TRY(authorizer_.Check(actor, Permission::kCableDraft, cable.originating_unit_id));
    if (cable.state != CableState::kInClearance && cable.state != CableState::kCleared) {
      return StateConflict(cable, "only a cable in clearance or awaiting release is withdrawn.");
    }
    CHANCERY_TRY(store_.ReplaceClearers(transaction, cable_id, {}));
    CHANCERY_TRY(
        store_.SetState(transaction, cable_id, cable.version, CableState::kDraft, std::nullopt, clock_.NowMs()));
    return audit_.Append(transaction, Event(context, "cable.withdrawn", cable));
  });
}

Result<Cable> CablesService::Decide(std::int64_t cable_id, ClearanceDecision decision, const std::string& comment,
                                    const identity::ActionContext& context) {
  return WriteAndReload("cables.decide", cable_id, context, [&](Transaction& transaction, const Principal& actor) {
    CHANCERY_ASSIGN_OR_RETURN(Cable cable, LoadVisible(transaction, cable_id, actor));
    if (decision == ClearanceDecision::kPending) {
      return InvalidArgument("The decision is \"cleared\" or \"returned\".").WithField("/decision");
    }
    if (comment.size() > 2000) return InvalidArgument("The comment is longer than 2,000 bytes.").WithField("/comment");
    if (decision == ClearanceDecision::kReturned && comment.find_first_not_of(" \t\r\n") == std::string::npos) {
      return InvalidArgument("Say why the cable is returned, for its drafter.").WithField("/comment");
    }
    if (cable.drafter_user_id == actor.user_id) {
      return PermissionDenied("The drafter cannot clear their own cable.").WithReason("own_draft");
    }
    auto mine = std::find_if(cable.clearers.begin(), cable.clearers.end(),
                             [&](const Clearer& clearer) { return clearer.user_id == actor.user_id; });
    if (mine == cable.clearers.end()) {
      return PermissionDenied("You were not asked to clear cable " + std::to_string(cable_id) + ".")
          .WithReason("not_a_clearer");
    }
    if (cable.state != CableState::kInClearance) return StateConflict(cable, "it is not waiting for clearance.");
    if (mine->decision != ClearanceDecision::kPending) {
      return Conflict("You have already decided on cable " + std::to_string(cable_id) + ".")
          .WithReason("already_decided");
    }
    // The clearer's rights are checked again now: a grant may have been revoked since the cable was submitted.
    const bool still_allowed = authorizer_.Allowed(actor, Permission::kCableClear, cable.originating_unit_id) ||
                               (mine->hq && authorizer_.HeldAnywhere(actor, Permission::kCableClear));
    if (!still_allowed) {
      return PermissionDenied("You no longer hold cable_clear for this unit.").WithReason("missing_permission");
    }
    const std::int64_t now_ms = clock_.NowMs();
    mine->decision = decision;
    mine->comment = comment;
    mine->decided_at_ms = now_ms;
    CHANCERY_TRY(store_.SetDecision(transaction, cable_id, *mine));
    audit::AuditEvent event =
        Event(context, decision == ClearanceDecision::kCleared ? "cable.cleared" : "cable.returned", cable);
    CHANCERY_TRY(audit_.Append(transaction, event));
    if (decision == ClearanceDecision::kReturned) {
      // Returned: back to the drafter, who sees the decisions and the comment until the next submission starts a
      // fresh clearance.
      return store_.SetState(transaction, cable_id, cable.version, CableState::kDraft, std::nullopt, now_ms);
    }
    if (ClearanceComplete(cable)) {
      return store_.SetState(transaction, cable_id, cable.version, CableState::kCleared, std::nullopt, now_ms);
    }
    return Status::Ok();
  });
}

// --- Release and delivery ----------------------------------------------------------------------------------------

std::vector<Recipient> CablesService::ExpandRecipients(const Cable& cable,
                                                       const std::map<std::int64_t, DistributionList>& lists,
                                                       std::int64_t now_ms) const {
  std::map<std::int64_t, Recipient> by_unit;
  const auto add = [&](std::int64_t unit_id, const Addressee& addressee) {
    if (unit_id == cable.originating_unit_id) return;  // "all missions" from a mission does not include itself
    auto [it, inserted] = by_unit.try_emplace(unit_id, Recipient{.unit_id = unit_id, .role = addressee.role});
    Recipient& recipient = it->second;
    if (addressee.role == AddresseeRole::kAction) recipient.role = AddresseeRole::kAction;
    recipient.niact = recipient.niact || addressee.niact;
  };
  for (const Addressee& addressee : cable.addressees) {
    if (addressee.kind == AddresseeKind::kUnit) {
      add(addressee.unit_id, addressee);
    } else if (addressee.kind == AddresseeKind::kCollective) {
      std::string_view region;
      if (addressee.collective != kAllMissions)
        region = std::string_view(addressee.collective).substr(kRegionPrefix.size());
      for (std::int64_t unit_id : tree_->Missions(region)) add(unit_id, addressee);
    } else if (addressee.kind == AddresseeKind::kList) {
      auto list = lists.find(addressee.list_id);
      if (list == lists.end()) continue;
      for (std::int64_t unit_id : list->second.unit_ids) {
        if (tree_->Exists(unit_id)) add(unit_id, addressee);
      }
    }
  }
  const std::int64_t deadline_ms = options_.deadlines.For(cable.precedence);
  std::vector<Recipient> recipients;
  for (auto& [unit_id, recipient] : by_unit) {
    if (recipient.role == AddresseeRole::kAction && deadline_ms > 0) recipient.deadline_at_ms = now_ms + deadline_ms;
    recipients.push_back(recipient);
  }
  return recipients;
}

Result<Cable> CablesService::Release(std::int64_t cable_id, const identity::ActionContext& context) {
  return WriteAndReload("cables.release", cable_id, context, [&](Transaction& transaction, const Principal& actor) {
    CHANCERY_ASSIGN_OR_RETURN(Cable cable, LoadVisible(transaction, cable_id, actor));
    CHANCERY_TRY(authorizer_.Check(actor, Permission::kCableRelease, cable.originating_unit_id));
    if (cable.drafter_user_id == actor.user_id) {
      return PermissionDenied("The drafter cannot release their own cable.").WithReason("own_draft");
    }
    if (cable.state == CableState::kTransmitted) return StateConflict(cable, "it has already been released.");
    if (cable.state != CableState::kCleared || !ClearanceComplete(cable)) {
      return StateConflict(cable, "it must be cleared before it is released.");
    }
    const std::int64_t now_ms = clock_.NowMs();
    if (cable.precedence == Precedence::kFlash) {
      const bool fresh = actor.mfa_verified && now_ms - actor.mfa_verified_at_ms <= options_.step_up_window_ms;
      if (!fresh) {
        return FailedPrecondition(
                   "Releasing a FLASH cable needs a fresh two-factor check: enter a code from your authenticator "
                   "app, then release again.")
            .WithReason("step_up_required");
      }
    }
    // Distribution lists as they stand now: their units become recipients, their people named addressees.
    std::map<std::int64_t, DistributionList> lists;
    std::map<std::int64_t, Addressee> listed_people;  // by user id
    for (const Addressee& addressee : cable.addressees) {
      if (addressee.kind != AddresseeKind::kList || lists.contains(addressee.list_id)) continue;
      CHANCERY_ASSIGN_OR_RETURN(std::optional<DistributionList> list,
                                lists_store_.Find(transaction, addressee.list_id));
      if (!list) {
        return Conflict("Distribution list " + std::to_string(addressee.list_id) +
                        " was deleted after this cable was drafted: withdraw it and change its addressees.")
            .WithReason("list_archived");
      }
      lists.emplace(addressee.list_id, std::move(*list));
    }
    for (const Addressee& addressee : cable.addressees) {
      if (addressee.kind != AddresseeKind::kList) continue;
      for (std::int64_t user_id : lists.at(addressee.list_id).user_ids) {
        const bool named = std::any_of(cable.addressees.begin(), cable.addressees.end(), [&](const Addressee& a) {
          return a.kind == AddresseeKind::kUser && a.user_id == user_id;
        });
        if (named) continue;
        auto [it, inserted] = listed_people.try_emplace(user_id, Addressee{.role = addressee.role,
                                                                           .kind = AddresseeKind::kUser,
                                                                           .user_id = user_id,
                                                                           .niact = addressee.niact,
                                                                           .via_list_id = addressee.list_id});
        if (addressee.role == AddresseeRole::kAction) it->second.role = AddresseeRole::kAction;
        it->second.niact = it->second.niact || addressee.niact;
      }
    }
    std::vector<Addressee> people;
    for (auto& [user_id, person] : listed_people) people.push_back(std::move(person));
    std::vector<Recipient> recipients = ExpandRecipients(cable, lists, now_ms);
    if (recipients.empty())
      return InvalidArgument("The addressees name no unit to deliver to.").WithField("/addressees");
    std::optional<std::string> code = tree_->CodeOf(cable.originating_unit_id);
    if (!code) return Internal("the originating unit of cable " + std::to_string(cable_id) + " is gone");
    CHANCERY_ASSIGN_OR_RETURN(std::int64_t sequence,
                              store_.NextSequence(transaction, cable.originating_unit_id, YearOf(now_ms)));
    const std::string reference = FormatReference(*code, YearOf(now_ms), sequence);
    CHANCERY_TRY(store_.Transmit(transaction, cable, reference, actor.user_id, now_ms, recipients, people));
    cable.reference = reference;
    CHANCERY_TRY(search_store_.Index(transaction, cable.id, FoldedCableText(cable)));
    audit::AuditEvent event = Event(context, "cable.released", cable);
    event.detail_json =
        boost::json::serialize(boost::json::object{{"reference", reference},
                                                   {"precedence", PrecedenceName(cable.precedence)},
                                                   {"recipients", static_cast<std::int64_t>(recipients.size())}});
    return audit_.Append(transaction, event);
  });
}

Result<Cable> CablesService::Read(std::int64_t cable_id, const identity::ActionContext& context) {
  return WriteAndReload("cables.read", cable_id, context, [&](Transaction& transaction, const Principal& actor) {
    CHANCERY_ASSIGN_OR_RETURN(Cable cable, LoadVisible(transaction, cable_id, actor));
    // A receipt is the unit's own: someone granted on the unit itself, not a reader at HQ with a grant over the
    // whole tree.
    const auto reads_for = [&](std::int64_t unit_id) {
      return std::any_of(actor.grants.begin(), actor.grants.end(), [&](const RoleGrant& grant) {
        const identity::RoleDefinition* role = identity::FindRole(grant.role);
        return grant.unit_id == unit_id && role != nullptr &&
               std::find(role->permissions.begin(), role->permissions.end(), Permission::kCableRead) !=
                   role->permissions.end();
      });
    };
    for (const Recipient& recipient : cable.recipients) {
      if (!recipient.received_at_ms && reads_for(recipient.unit_id)) {
        CHANCERY_TRY(
            store_.MarkReceived(transaction, cable_id, recipient.unit_id, actor.user_id, clock_.NowMs()).status());
      }
    }
    return audit_.Append(transaction, Event(context, "cable.read", cable));
  });
}

Result<Cable> CablesService::Track(std::int64_t cable_id, const identity::ActionContext& context) {
  if (context.actor == nullptr) return PermissionDenied("Cables are handled by signed-in users only.");
  Cable cable;
  CHANCERY_TRY(database_.Read("cables.track", [&](Transaction& transaction) -> Status {
    CHANCERY_ASSIGN_OR_RETURN(cable, LoadVisible(transaction, cable_id, *context.actor));
    return Status::Ok();
  }));
  return cable;
}

Result<Cable> CablesService::Acknowledge(std::int64_t cable_id, std::int64_t unit_id,
                                         const identity::ActionContext& context) {
  return WriteAndReload("cables.acknowledge", cable_id, context, [&](Transaction& transaction, const Principal& actor) {
    CHANCERY_ASSIGN_OR_RETURN(Cable cable, LoadVisible(transaction, cable_id, actor));
    if (cable.state != CableState::kTransmitted)
      return StateConflict(cable, "only transmitted cables are acknowledged.");
    const bool addressed = std::any_of(cable.recipients.begin(), cable.recipients.end(),
                                       [&](const Recipient& recipient) { return recipient.unit_id == unit_id; });
    if (!addressed) {
      return InvalidArgument("Unit " + std::to_string(unit_id) + " is not an addressee of this cable.")
          .WithField("/unit_id");
    }
    CHANCERY_TRY(authorizer_.Check(actor, Permission::kCableAcknowledge, unit_id));
    CHANCERY_ASSIGN_OR_RETURN(bool acknowledged,
                              store_.Acknowledge(transaction, cable_id, unit_id, actor.user_id, clock_.NowMs()));
    if (!acknowledged) return Status::Ok();  // already acknowledged for the unit: nothing more to record
    audit::AuditEvent event = Event(context, "cable.acknowledged", cable);
    event.unit_id = unit_id;
    return audit_.Append(transaction, event);
  });
}

Result<std::vector<Cable>> CablesService::List(Box box, std::optional<std::int64_t> before_id, int limit,
                                               const identity::ActionContext& context) {
  if (context.actor == nullptr) return PermissionDenied("Cables are handled by signed-in users only.");
  const Principal& actor = *context.actor;
  ListQuery query;
  query.box = box;
  query.user_id = actor.user_id;
  query.before_id = before_id;
  query.limit = std::clamp(limit, 1, 100);
  const Classification cleared = ClassificationCleared(identity::ClearanceOf(actor));
  for (int level = 0; level <= static_cast<int>(cleared); ++level) {
    query.classifications.push_back(static_cast<Classification>(level));
  }
  std::optional<Permission> permission;
  if (box == Box::kInbox || box == Box::kSent) permission = Permission::kCableRead;
  if (box == Box::kDrafts) permission = Permission::kCableDraft;
  if (box == Box::kRelease) permission = Permission::kCableRelease;
  if (permission) {
    identity::Authorizer::Scope scope = authorizer_.ScopeOf(actor, *permission, tree_->AllIds());
    if (!scope.everywhere) query.unit_ids = std::move(scope.unit_ids);
  }
  std::vector<Cable> visible;
  CHANCERY_TRY(database_.Read("cables.list", [&](Transaction& transaction) -> Status {
    CHANCERY_ASSIGN_OR_RETURN(std::vector<Cable> cables, store_.List(transaction, query));
    for (Cable& cable : cables) {
      if (MaySee(actor, cable)) visible.push_back(std::move(cable));
    }
    return Status::Ok();
  }));
  return visible;
}

audit::AuditEvent CablesService::Event(const identity::ActionContext& context, std::string action,
                                       const Cable& cable) const {
  audit::AuditEvent event = audit::EventBy(context.actor, std::move(action));
  event.unit_id = cable.originating_unit_id;
  event.target_type = "cable";
  event.target_id = std::to_string(cable.id);
  event.remote_address = context.remote_address;
  event.request_id = context.request_id;
  return event;
}

}  // namespace chancery::cables
