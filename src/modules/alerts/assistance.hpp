// Assistance: when a citizen answers an alert's safety check with "I need help", a case opens for the mission
// answering for the citizen's country (the alert's unit when no mission does), assigned at once to an officer, and
// followed to its resolution with notes. The case's trail (the citizen's answers, assignments, notes, resolution,
// reopening) is its record; each change is also audited.
//
// Rules:
//   - One case per alert and citizen. A later "need help" on a resolved case reopens it; any later answer ("safe"
//     too) is added to the trail and told to the assignee. A "safe" answer alone opens nothing.
//   - The officer assigned at opening is the first person on the mission's duty roster now who may act on the
//     citizen's registration (citizens_write there); with nobody on call, the officer who sent the alert (if they
//     still may); else nobody, and the case waits, unassigned, at the top of the mission's list. The assignee is
//     notified in the console and by e-mail, urgently.
//   - Seeing a case needs citizens_read over the citizen's country, acting on it citizens_write: the registry's own
//     jurisdiction rule (404 outside it). Every listing and reading of cases is an audited read of personal data.
//   - The citizen's messages and the officers' notes are encrypted at rest; they are part of the citizen's export
//     and are deleted with the registration (PersonalDataHolder).
//
// Audit actions: assistance.opened, .reopened, .answered, .assigned, .noted, .resolved; personal_data.read.
//
// Thread-safety: safe for concurrent use; calls block on the database.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <boost/json/fwd.hpp>

#include "core/clock.hpp"
#include "core/crypto.hpp"
#include "core/status.hpp"
#include "modules/alerts/alerts.hpp"
#include "modules/audit/audit.hpp"
#include "modules/citizens/citizens_service.hpp"
#include "modules/directory/directory_service.hpp"
#include "modules/identity/identity.hpp"
#include "modules/notifications/notifications_service.hpp"
#include "storage/database.hpp"

namespace chancery::alerts {

enum class CaseState { kOpen, kResolved };
const char* CaseStateName(CaseState state);  // "open", "resolved"

struct CaseEntry {
  std::int64_t id = 0;
  // opened, answered_safe, answered_need_help, reopened, assigned, unassigned, note, resolved
  std::string kind;
  std::optional<std::int64_t> actor_id;  // the officer; none for the citizen's answers and automatic steps
  std::string actor_name;
  std::optional<std::int64_t> assignee_id;  // for assigned
  std::string assignee_name;
  std::string channel;  // for the citizen's answers: link, sms, zalo, web_push
  std::string text;     // the citizen's message or the officer's note
  std::int64_t at_ms = 0;
};

struct AssistanceCase {
  std::int64_t id = 0;
  std::int64_t alert_id = 0;
  std::string alert_headline;
  std::int64_t citizen_id = 0;
  std::int64_t unit_id = 0;
  std::string country;
  CaseState state = CaseState::kOpen;
  std::optional<std::int64_t> assignee_id;
  std::string assignee_name;
  std::int64_t opened_at_ms = 0;
  std::int64_t updated_at_ms = 0;
  std::optional<std::int64_t> resolved_at_ms;
  // The citizen (decrypted for the reader).
  std::string reference;
  std::string full_name;
  std::string phone;
  std::string email;
  std::string city;
  std::optional<citizens::GeoPoint> location;  // the latest answer's, else the registration's map point
  std::string last_message;                    // the citizen's latest message, if any
  std::vector<CaseEntry> trail;                // oldest first (Get only)
};

struct CaseFilter {
  std::optional<CaseState> state;           // none: all
  std::optional<std::int64_t> alert_id;     // one alert's cases
  std::optional<std::int64_t> assignee_id;  // one officer's cases
  bool unassigned = false;                  // only those nobody has
  std::optional<std::int64_t> before_id;
  int limit = 100;
};

// What an answer needs decided before its transaction: the case's unit and who would take a new case.
struct CaseRouting {
  std::string country;
  std::int64_t unit_id = 0;
  std::optional<std::int64_t> officer;
};

class Assistance {
 public:
  Assistance(storage::Database& database, const Clock& clock, const crypto::FieldCipher& cipher, audit::AuditLog& audit,
             const identity::Authorizer& authorizer, identity::IdentityService& identity,
             directory::DirectoryService& directory, citizens::CitizensService& citizens,
             notifications::NotificationsService& notifications);

  // Before recording a "need help" of `citizen_id` to `alert` (outside the answer's transaction: it reads the roster).
  // A "safe" answer needs none: it only adds to a case that exists.
  Result<CaseRouting> Route(const Alert& alert, std::int64_t citizen_id);
  // Inside the transaction that records the answer: opens, reopens or adds to the citizen's case.
  Status OnAnswer(storage::Transaction& transaction, const Alert& alert, std::int64_t citizen_id,
                  const CaseRouting& routing, bool need_help, const std::string& channel, const std::string& message);

  Result<std::vector<AssistanceCase>> List(const CaseFilter& filter, const identity::ActionContext& context);
  Result<AssistanceCase> Get(std::int64_t case_id, const identity::ActionContext& context);
  Result<AssistanceCase> Assign(std::int64_t case_id, std::optional<std::int64_t> user_id,
                                const identity::ActionContext& context);
  Result<AssistanceCase> AddNote(std::int64_t case_id, const std::string& text, const identity::ActionContext& context);
  Result<AssistanceCase> Resolve(std::int64_t case_id, const std::string& text, const identity::ActionContext& context);
  Result<AssistanceCase> Reopen(std::int64_t case_id, const std::string& text, const identity::ActionContext& context);
  // The case of each citizen of an alert who has one (for the safety dashboard's list).
  Result<std::vector<std::pair<std::int64_t, std::int64_t>>> CasesOfAlert(storage::Transaction& transaction,
                                                                          std::int64_t alert_id);

  // The citizen's part of their export, and its erasure.
  Result<boost::json::value> ExportOf(storage::Transaction& transaction, std::int64_t citizen_id);
  Status Forget(storage::Transaction& transaction, std::int64_t citizen_id);

 private:
  struct Row;
  Result<Row> Authorise(storage::Transaction& transaction, std::int64_t case_id, identity::Permission permission,
                        const identity::ActionContext& context);
  // An officer change, a note, a resolution or a reopening: one entry, the case's new state, an audit event.
  Result<AssistanceCase> Change(std::int64_t case_id, const std::string& kind, const std::string& text,
                                std::optional<std::int64_t> assignee, const identity::ActionContext& context);
  Result<bool> MayAct(std::int64_t user_id, const std::string& country);
  Status AppendEntry(storage::Transaction& transaction, std::int64_t case_id, const std::string& kind,
                     std::optional<std::int64_t> actor, std::optional<std::int64_t> assignee,
                     const std::string& channel, const std::string& text);
  Status NotifyAssignee(storage::Transaction& transaction, std::int64_t user_id, std::int64_t case_id,
                        const std::string& headline, const std::string& body, bool urgent);
  // Officers' names and alerts' headlines, each read once per operation (a list names the same ones again and again).
  struct Lookups {
    std::map<std::int64_t, std::string> names;
    std::map<std::int64_t, std::string> headlines;
  };
  Result<AssistanceCase> Read(storage::Transaction& transaction, const Row& row, bool with_trail, Lookups& lookups);
  std::string NameOf(std::optional<std::int64_t> user_id, Lookups& lookups);
  Result<std::string> HeadlineOf(storage::Transaction& transaction, std::int64_t alert_id, Lookups& lookups);

  storage::Database& database_;
  const Clock& clock_;
  const crypto::FieldCipher& cipher_;
  audit::AuditLog& audit_;
  const identity::Authorizer& authorizer_;
  identity::IdentityService& identity_;
  directory::DirectoryService& directory_;
  citizens::CitizensService& citizens_;
  notifications::NotificationsService& notifications_;
};

}  // namespace chancery::alerts
