// CablesService: the cable lifecycle, enforced. Every call takes the acting principal and decides itself whether
// the action is allowed, because the answer depends on the cable as much as on the role: who drafted it, who was
// asked to clear it, its state, its classification and captions.
//
// Rules (see README.md for the full table):
//   - Drafting needs cable_draft on the originating unit and a clearance at or above the cable's classification.
//   - Only drafts are edited. Submitting names one or more clearers (any-of or all-of); a clearer holds
//     cable_clear on the originating unit, or on an HQ unit; never the drafter. Cables to a collective need one
//     cleared HQ clearer.
//   - Releasing needs cable_release on the originating unit, a complete clearance, and not being the drafter; a
//     FLASH cable also needs an MFA check within the step-up window.
//   - Release transmits: a reference number, one recipient row per addressee unit (collectives expanded), and an
//     acknowledgement deadline for action addressees by precedence. The cable never changes again.
//   - Reading is allowed to those involved (drafter, clearers, releaser), named individual addressees, and holders
//     of cable_read on the originating or a recipient unit, subject to classification; NODIS narrows to those
//     involved and named individuals, EXDIS to holders of cable_release there. Once an acknowledgement was
//     escalated to the HQ watch desk, holders of cable_read there may read it too (unless NODIS). Every read is
//     audited; the first read by someone holding cable_read through a grant on a recipient unit itself (not only
//     through a subtree above it) records that unit's receipt.
//
// Errors: kNotFound (no such cable), kPermissionDenied (not allowed, including one's own draft), kConflict (the
// state does not allow it, or a stale version), kFailedPrecondition reason "step_up_required", kInvalidArgument
// with a field.
//
// Thread-safety: safe for concurrent use; state lives in the database. Calls block: run them on a worker thread.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/clock.hpp"
#include "core/principal.hpp"
#include "core/status.hpp"
#include "modules/attachments/attachments_service.hpp"
#include "modules/audit/audit.hpp"
#include "modules/cables/cables.hpp"
#include "modules/cables/cables_export.hpp"
#include "modules/cables/cables_lists.hpp"
#include "modules/cables/cables_search_store.hpp"
#include "modules/cables/cables_store.hpp"
#include "modules/directory/unit_tree.hpp"
#include "modules/identity/authz.hpp"
#include "modules/identity/identity.hpp"
#include "storage/database.hpp"

namespace chancery::cables {

struct CablesOptions {
  AckDeadlines deadlines;
  std::int64_t step_up_window_ms = 5LL * 60 * 1000;  // how recent the MFA check must be to release FLASH
  // The HQ watch desk (unit code): once a cable's acknowledgement is escalated to it, holders of cable_read there
  // may read the cable (unless NODIS), since they were alerted to act on it.
  std::string watch_desk_unit = "HQ-OPS";
};

class CablesService {
 public:
  CablesService(storage::Database& database, const Clock& clock, audit::AuditLog& audit,
                const identity::Authorizer& authorizer, identity::IdentityService& identity,
                attachments::AttachmentsService& attachments, std::shared_ptr<const directory::UnitTree> tree,
                CablesOptions options);

  // `context.actor` must be set for every call: cables are always someone's.
  Result<Cable> CreateDraft(const CableDraft& draft, const identity::ActionContext& context);
  // `expected_version`: the version the editor started from; nullopt takes the current one.
  Result<Cable> UpdateDraft(std::int64_t cable_id, std::optional<std::int64_t> expected_version,
                            const CableDraft& changes, const identity::ActionContext& context);
  Result<Cable> Submit(std::int64_t cable_id, const std::vector<std::int64_t>& clearer_ids, ClearanceRule rule,
                       const identity::ActionContext& context);
  // Back to draft from clearance (or cleared, before release), by whoever may draft for the unit.
  Result<Cable> Withdraw(std::int64_t cable_id, const identity::ActionContext& context);
  // A clearer's decision: kCleared or kReturned (which sends the cable back to draft).
  Result<Cable> Decide(std::int64_t cable_id, ClearanceDecision decision, const std::string& comment,
                       const identity::ActionContext& context);
  Result<Cable> Release(std::int64_t cable_id, const identity::ActionContext& context);
  // The cable, if the actor may see it; audited as "cable.read".
  Result<Cable> Read(std::int64_t cable_id, const identity::ActionContext& context);
  // The cable as plain text (cables_export.hpp), for whoever may see it; audited as "cable.exported".
  Result<CableExport> Export(std::int64_t cable_id, const identity::ActionContext& context);
  // The cable's lifecycle and acknowledgement matrix, for those who may see it, without counting as a read of its
  // text (the console polls it); callers drop the subject and body.
  Result<Cable> Track(std::int64_t cable_id, const identity::ActionContext& context);
  // One attachment of the cable, decrypted, for whoever may see the cable; audited as "cable.attachment_read".
  Result<attachments::AttachmentContent> ReadAttachment(std::int64_t cable_id, std::int64_t attachment_id,
                                                        const identity::ActionContext& context);
  Result<Cable> Acknowledge(std::int64_t cable_id, std::int64_t unit_id, const identity::ActionContext& context);
  // A box of the actor's, newest first, only cables the actor may see.
  Result<std::vector<Cable>> List(Box box, std::optional<std::int64_t> before_id, int limit,
                                  const identity::ActionContext& context);

  // Whether `principal` may see `cable` (the rule above).
  bool MaySee(const Principal& principal, const Cable& cable) const;

 private:
  Result<Cable> Load(storage::Transaction& transaction, std::int64_t cable_id);
  // Load, then MaySee, else kPermissionDenied.
  Result<Cable> LoadVisible(storage::Transaction& transaction, std::int64_t cable_id, const Principal& actor);
  Status CheckDrafting(const Principal& actor, const Cable& cable) const;
  // Units and users named as addressees exist; referenced cables exist, are transmitted and visible.
  Status CheckAddresseesAndReferences(storage::Transaction& transaction, const Principal& actor, const Cable& cable);
  Result<Clearer> EligibleClearer(std::int64_t user_id, const Cable& cable, std::int64_t now_ms);
  // The addressee units (collectives and lists expanded), with their deadlines; `lists` holds the cable's lists.
  std::vector<Recipient> ExpandRecipients(const Cable& cable, const std::map<std::int64_t, DistributionList>& lists,
                                          std::int64_t now_ms) const;
  bool Involved(const Principal& principal, const Cable& cable) const;
  bool HoldsOnAny(const Principal& principal, identity::Permission permission, const Cable& cable) const;
  audit::AuditEvent Event(const identity::ActionContext& context, std::string action, const Cable& cable) const;
  // Runs a write transaction, then returns the cable as it now stands.
  Result<Cable> WriteAndReload(std::string_view name, std::int64_t cable_id, const identity::ActionContext& context,
                               const std::function<Status(storage::Transaction&, const Principal&)>& body);

  storage::Database& database_;
  const Clock& clock_;
  audit::AuditLog& audit_;
  const identity::Authorizer& authorizer_;
  identity::IdentityService& identity_;
  attachments::AttachmentsService& attachments_;
  std::shared_ptr<const directory::UnitTree> tree_;
  CablesOptions options_;
  CablesStore store_;
  CableListsStore lists_store_;
  CablesSearchStore search_store_;  // kept current in the same transactions as the cables
};

}  // namespace chancery::cables
