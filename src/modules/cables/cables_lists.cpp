#include "modules/cables/cables_lists.hpp"

#include <boost/json/object.hpp>
#include <boost/json/serialize.hpp>
#include <set>

#include "modules/directory/text_fold.hpp"

namespace chancery::cables {
namespace {

using identity::Permission;
using storage::Row;
using storage::Rows;
using storage::Transaction;

constexpr std::string_view kColumns =
    "id, owner_unit_id, name, description, created_by, created_at, updated_at, version FROM cable_lists";

DistributionList FromRow(const Row& row) {
  return DistributionList{.id = row.Int(0),
                          .owner_unit_id = row.Int(1),
                          .name = row.Text(2),
                          .description = row.Text(3),
                          .created_by = row.Int(4),
                          .created_at_ms = row.Int(5),
                          .updated_at_ms = row.Int(6),
                          .version = row.Int(7)};
}

Status LoadMembers(Transaction& transaction, DistributionList& list) {
  CHANCERY_ASSIGN_OR_RETURN(
      Rows rows, transaction.Query(
                     "SELECT unit_id, user_id FROM cable_list_members WHERE list_id = ? ORDER BY position", {list.id}));
  for (const Row& row : rows) {
    if (!row.IsNull(0)) list.unit_ids.push_back(row.Int(0));
    if (!row.IsNull(1)) list.user_ids.push_back(row.Int(1));
  }
  return Status::Ok();
}

Status WriteMembers(Transaction& transaction, const DistributionList& list) {
  CHANCERY_TRY(transaction.Execute("DELETE FROM cable_list_members WHERE list_id = ?", {list.id}).status());
  std::int64_t position = 0;
  for (std::int64_t unit_id : list.unit_ids) {
    CHANCERY_TRY(transaction
                     .Execute("INSERT INTO cable_list_members (list_id, position, unit_id) VALUES (?, ?, ?)",
                              {list.id, position++, unit_id})
                     .status());
  }
  for (std::int64_t user_id : list.user_ids) {
    CHANCERY_TRY(transaction
                     .Execute("INSERT INTO cable_list_members (list_id, position, user_id) VALUES (?, ?, ?)",
                              {list.id, position++, user_id})
                     .status());
  }
  return Status::Ok();
}

Status NameTaken(const DistributionList& list) {
  return AlreadyExists("The unit already has a list called '" + list.name + "'.")
      .WithField("/name")
      .WithReason("name_taken");
}

Status NoSuchList(std::int64_t list_id) {
  return NotFound("There is no distribution list " + std::to_string(list_id) + ".");
}

}  // namespace

Result<std::optional<DistributionList>> CableListsStore::Find(Transaction& transaction, std::int64_t list_id) {
  CHANCERY_ASSIGN_OR_RETURN(
      std::optional<Row> row,
      transaction.QueryOptional("SELECT " + std::string(kColumns) + " WHERE id = ? AND archived_at IS NULL",
                                {list_id}));
  if (!row) return std::optional<DistributionList>();
  DistributionList list = FromRow(*row);
  CHANCERY_TRY(LoadMembers(transaction, list));
  return std::optional<DistributionList>(std::move(list));
}

Result<std::string> CableListsStore::NameOf(Transaction& transaction, std::int64_t list_id) {
  CHANCERY_ASSIGN_OR_RETURN(std::optional<Row> row,
                            transaction.QueryOptional("SELECT name FROM cable_lists WHERE id = ?", {list_id}));
  return row ? row->Text(0) : "list " + std::to_string(list_id);
}

Result<std::vector<DistributionList>> CableListsStore::All(Transaction& transaction) {
  CHANCERY_ASSIGN_OR_RETURN(Rows rows, transaction.Query("SELECT " + std::string(kColumns) +
                                                         " WHERE archived_at IS NULL ORDER BY owner_unit_id, name"));
  std::vector<DistributionList> lists;
  for (const Row& row : rows) {
    lists.push_back(FromRow(row));
    CHANCERY_TRY(LoadMembers(transaction, lists.back()));
  }
  return lists;
}

Result<std::int64_t> CableListsStore::Insert(Transaction& transaction, const DistributionList& list) {
  Result<Row> row = transaction.QueryOne(
      "INSERT INTO cable_lists (owner_unit_id, name, name_key, description, created_by, created_at, updated_at) "
      "VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id",
      {list.owner_unit_id, list.name, directory::FoldForSearch(list.name), list.description, list.created_by,
       list.created_at_ms, list.updated_at_ms});
  if (!row.ok()) return row.status().code() == StatusCode::kAlreadyExists ? NameTaken(list) : row.status();
  DistributionList stored = list;
  stored.id = row->Int(0);
  CHANCERY_TRY(WriteMembers(transaction, stored));
  return stored.id;
}

Status CableListsStore::Update(Transaction& transaction, const DistributionList& list, std::int64_t now_ms) {
  Result<std::int64_t> changed = transaction.Execute(
      "UPDATE cable_lists SET name = ?, name_key = ?, description = ?, updated_at = ?, "
      "version = version + 1 WHERE id = ? AND version = ? AND archived_at IS NULL",
      {list.name, directory::FoldForSearch(list.name), list.description, now_ms, list.id, list.version});
  if (!changed.ok()) return changed.status().code() == StatusCode::kAlreadyExists ? NameTaken(list) : changed.status();
  if (*changed == 0) {
    return Conflict("Distribution list " + std::to_string(list.id) +
                    " was changed by someone else in the meantime. Reload it and try again.")
        .WithReason("stale_version");
  }
  return WriteMembers(transaction, list);
}

Status CableListsStore::Archive(Transaction& transaction, std::int64_t list_id, std::int64_t now_ms) {
  CHANCERY_ASSIGN_OR_RETURN(
      std::int64_t changed,
      transaction.Execute("UPDATE cable_lists SET archived_at = ?, version = version + 1 WHERE id = ? AND "
                          "archived_at IS NULL",
                          {now_ms, list_id}));
  return changed == 0 ? NoSuchList(list_id) : Status::Ok();
}

CableListsService::CableListsService(storage::Database& database, const Clock& clock, audit::AuditLog& audit,
                                     const identity::Authorizer& authorizer, identity::IdentityService& identity,
                                     std::shared_ptr<const directory::UnitTree> tree)
    : database_(database),
      clock_(clock),
      audit_(audit),
      authorizer_(authorizer),
      identity_(identity),
      tree_(std::move(tree)) {}

namespace {

// Lists are addresses: whoever handles cables in any way may read them.
Status MayReadLists(const identity::Authorizer& authorizer, const identity::ActionContext& context) {
  if (context.actor == nullptr) return PermissionDenied("Cables are handled by signed-in users only.");
  for (Permission permission :
       {Permission::kCableDraft, Permission::kCableRead, Permission::kCableClear, Permission::kCableRelease}) {
    if (authorizer.HeldAnywhere(*context.actor, permission)) return Status::Ok();
  }
  return PermissionDenied("Distribution lists are for those who handle cables.");
}

}  // namespace

Result<std::vector<DistributionList>> CableListsService::List(const identity::ActionContext& context) {
  CHANCERY_TRY(MayReadLists(authorizer_, context));
  return storage::ReadValue(database_, "cable_lists.list",
                            [&](Transaction& transaction) { return store_.All(transaction); });
}

Result<DistributionList> CableListsService::Get(std::int64_t list_id, const identity::ActionContext& context) {
  CHANCERY_TRY(MayReadLists(authorizer_, context));
  CHANCERY_ASSIGN_OR_RETURN(std::optional<DistributionList> list,
                            storage::ReadValue(database_, "cable_lists.get", [&](Transaction& transaction) {
                              return store_.Find(transaction, list_id);
                            }));
  if (!list) return NoSuchList(list_id);
  return std::move(*list);
}

Status CableListsService::Validate(const ListDraft& draft) {
  std::string name = draft.name;
  while (!name.empty() && name.back() == ' ') name.pop_back();
  if (name.empty() || name.size() > kMaxListNameLength * 4) {
    return InvalidArgument("A list needs a name (at most 100 characters).").WithField("/name");
  }
  if (draft.description.size() > 2000) {
    return InvalidArgument("The description is at most 2,000 bytes.").WithField("/description");
  }
  const std::size_t members = draft.unit_ids.size() + draft.user_ids.size();
  if (members == 0 || members > kMaxListMembers) {
    return InvalidArgument("A list has 1 to 200 members (units and people).").WithField("/members");
  }
  std::set<std::int64_t> units(draft.unit_ids.begin(), draft.unit_ids.end());
  std::set<std::int64_t> users(draft.user_ids.begin(), draft.user_ids.end());
  if (units.size() != draft.unit_ids.size() || users.size() != draft.user_ids.size()) {
    return InvalidArgument("A member is listed twice.").WithField("/members");
  }
  for (std::int64_t unit_id : draft.unit_ids) {
    if (!tree_->Exists(unit_id))
      return InvalidArgument("There is no unit " + std::to_string(unit_id) + ".").WithField("/members");
  }
  for (std::int64_t user_id : draft.user_ids) {
    CHANCERY_ASSIGN_OR_RETURN(std::optional<identity::UserRecord> user, identity_.FindUser(user_id));
    if (!user || user->disabled) {
      return InvalidArgument("There is no active user " + std::to_string(user_id) + ".").WithField("/members");
    }
  }
  return Status::Ok();
}

Result<DistributionList> CableListsService::Create(const ListDraft& draft, const identity::ActionContext& context) {
  if (context.actor == nullptr) return PermissionDenied("Cables are handled by signed-in users only.");
  if (!tree_->Exists(draft.owner_unit_id)) {
    return InvalidArgument("There is no unit " + std::to_string(draft.owner_unit_id) + ".").WithField("/owner_unit_id");
  }
  CHANCERY_TRY(authorizer_.Check(*context.actor, Permission::kCableRelease, draft.owner_unit_id));
  CHANCERY_TRY(Validate(draft));
  const std::int64_t now_ms = clock_.NowMs();
  DistributionList list{.owner_unit_id = draft.owner_unit_id,
                        .name = draft.name,
                        .description = draft.description,
                        .unit_ids = draft.unit_ids,
                        .user_ids = draft.user_ids,
                        .created_by = context.actor->user_id,
                        .created_at_ms = now_ms,
                        .updated_at_ms = now_ms};
  CHANCERY_TRY(database_.Write("cable_lists.create", [&](Transaction& transaction) -> Status {
    CHANCERY_ASSIGN_OR_RETURN(list.id, store_.Insert(transaction, list));
    return audit_.Append(transaction, Event(context, "cable_list.created", list));
  }));
  return list;
}

Result<DistributionList> CableListsService::Replace(std::int64_t list_id, std::optional<std::int64_t> expected_version,
                                                    const ListDraft& draft, const identity::ActionContext& context) {
  if (context.actor == nullptr) return PermissionDenied("Cables are handled by signed-in users only.");
  CHANCERY_TRY(Validate(draft));
  DistributionList list;
  CHANCERY_TRY(database_.Write("cable_lists.replace", [&](Transaction& transaction) -> Status {
    CHANCERY_ASSIGN_OR_RETURN(std::optional<DistributionList> current, store_.Find(transaction, list_id));
    if (!current) return NoSuchList(list_id);
    CHANCERY_TRY(authorizer_.Check(*context.actor, Permission::kCableRelease, current->owner_unit_id));
    list = std::move(*current);
    if (expected_version) list.version = *expected_version;
    list.name = draft.name;
    list.description = draft.description;
    list.unit_ids = draft.unit_ids;
    list.user_ids = draft.user_ids;
    list.updated_at_ms = clock_.NowMs();
    CHANCERY_TRY(store_.Update(transaction, list, list.updated_at_ms));
    ++list.version;
    return audit_.Append(transaction, Event(context, "cable_list.updated", list));
  }));
  return list;
}

Status CableListsService::Delete(std::int64_t list_id, const identity::ActionContext& context) {
  if (context.actor == nullptr) return PermissionDenied("Cables are handled by signed-in users only.");
  return database_.Write("cable_lists.delete", [&](Transaction& transaction) -> Status {
    CHANCERY_ASSIGN_OR_RETURN(std::optional<DistributionList> current, store_.Find(transaction, list_id));
    if (!current) return NoSuchList(list_id);
    CHANCERY_TRY(authorizer_.Check(*context.actor, Permission::kCableRelease, current->owner_unit_id));
    CHANCERY_TRY(store_.Archive(transaction, list_id, clock_.NowMs()));
    return audit_.Append(transaction, Event(context, "cable_list.deleted", *current));
  });
}

audit::AuditEvent CableListsService::Event(const identity::ActionContext& context, std::string action,
                                           const DistributionList& list) const {
  audit::AuditEvent event = audit::EventBy(context.actor, std::move(action));
  event.unit_id = list.owner_unit_id;
  event.target_type = "cable_list";
  event.target_id = std::to_string(list.id);
  event.detail_json =
      boost::json::serialize(boost::json::object{{"name", list.name},
                                                 {"units", static_cast<std::int64_t>(list.unit_ids.size())},
                                                 {"people", static_cast<std::int64_t>(list.user_ids.size())}});
  event.remote_address = context.remote_address;
  event.request_id = context.request_id;
  return event;
}

}  // namespace chancery::cables
