#include "modules/monitor/sources.hpp"

#include <boost/json/object.hpp>
#include <boost/json/serialize.hpp>
#include <boost/url/parse.hpp>

#include "modules/monitor/fetcher.hpp"

namespace chancery::monitor {
namespace {

using identity::Permission;
using storage::Row;
using storage::Rows;
using storage::Transaction;

constexpr std::string_view kColumns =
    "id, unit_id, name, title, kind, url, country, language, interval_seconds, replay_rate, enabled, etag, "
    "last_modified, next_poll_at, last_polled_at, last_success_at, last_status, last_error, failures, items_total, "
    "replay_position, created_by, created_at, updated_at, version FROM monitor_sources";

Source FromRow(const Row& row) {
  Source source;
  source.id = row.Int(0);
  source.unit_id = row.Int(1);
  source.name = row.Text(2);
  source.title = row.Text(3);
  source.kind = ParseSourceKind(row.Text(4)).value_or(SourceKind::kFeed);
  source.url = row.Text(5);
  source.country = row.Text(6);
  source.language = row.Text(7);
  source.interval_seconds = row.Int(8);
  source.replay_rate = row.Int(9);
  source.enabled = row.Bool(10);
  source.etag = row.OptionalText(11);
  source.last_modified = row.OptionalText(12);
  source.next_poll_at_ms = row.Int(13);
  source.last_polled_at_ms = row.OptionalInt(14);
  source.last_success_at_ms = row.OptionalInt(15);
  source.last_status = row.OptionalInt(16);
  source.last_error = row.OptionalText(17);
  source.failures = row.Int(18);
  source.items_total = row.Int(19);
  source.replay_position = row.Int(20);
  source.created_by = row.Int(21);
  source.created_at_ms = row.Int(22);
  source.updated_at_ms = row.Int(23);
  source.version = row.Int(24);
  return source;
}

Status NameTaken(const std::string& name) {
  return AlreadyExists("There is already a source called '" + name + "'.").WithField("/name").WithReason("name_taken");
}

Status NoSuchSource(std::int64_t source_id) {
  return NotFound("There is no source " + std::to_string(source_id) + ".");
}

bool IsNameCharacter(char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_'; }

}  // namespace

Result<std::optional<Source>> SourcesStore::Find(Transaction& transaction, std::int64_t source_id) {
  CHANCERY_ASSIGN_OR_RETURN(
      std::optional<Row> row,
      transaction.QueryOptional("SELECT " + std::string(kColumns) + " WHERE id = ? AND archived_at IS NULL",
                                {source_id}));
  if (!row) return std::optional<Source>();
  return std::optional<Source>(FromRow(*row));
}

Result<std::vector<Source>> SourcesStore::All(Transaction& transaction) {
  CHANCERY_ASSIGN_OR_RETURN(
      Rows rows, transaction.Query("SELECT " + std::string(kColumns) + " WHERE archived_at IS NULL ORDER BY name"));
  std::vector<Source> sources;
  for (const Row& row : rows) sources.push_back(FromRow(row));
  return sources;
}

Result<std::int64_t> SourcesStore::Insert(Transaction& transaction, const Source& source) {
  Result<Row> row = transaction.QueryOne(
      "INSERT INTO monitor_sources (unit_id, name, title, kind, url, country, language, interval_seconds, "
      "replay_rate, enabled, next_poll_at, created_by, created_at, updated_at) "
      "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
      {source.unit_id, source.name, source.title, SourceKindName(source.kind), source.url, source.country,
       source.language, source.interval_seconds, source.replay_rate, static_cast<std::int64_t>(source.enabled),
       source.next_poll_at_ms, source.created_by, source.created_at_ms, source.updated_at_ms});
  if (!row.ok()) return row.status().code() == StatusCode::kAlreadyExists ? NameTaken(source.name) : row.status();
  return row->Int(0);
}

Status SourcesStore::Update(Transaction& transaction, const Source& source, std::int64_t now_ms) {
  // A changed URL starts afresh: its validators, health and replay position belong to the old one.
  Result<std::int64_t> changed = transaction.Execute(
      "UPDATE monitor_sources SET "
      "etag = CASE WHEN url = ? THEN etag ELSE NULL END, "
      "last_modified = CASE WHEN url = ? THEN last_modified ELSE NULL END, "
      "failures = CASE WHEN url = ? THEN failures ELSE 0 END, "
      "replay_position = CASE WHEN url = ? THEN replay_position ELSE 0 END, "
      "name = ?, title = ?, url = ?, country = ?, language = ?, interval_seconds = ?, replay_rate = ?, enabled = ?, "
      "next_poll_at = ?, updated_at = ?, version = version + 1 "
      "WHERE id = ? AND version = ? AND archived_at IS NULL",
      {source.url, source.url, source.url, source.url, source.name, source.title, source.url, source.country,
       source.language, source.interval_seconds, source.replay_rate, static_cast<std::int64_t>(source.enabled),
       source.next_poll_at_ms, now_ms, source.id, source.version});
  if (!changed.ok()) {
    return changed.status().code() == StatusCode::kAlreadyExists ? NameTaken(source.name) : changed.status();
  }
  if (*changed == 0) {
    return Conflict("Source " + std::to_string(source.id) +
                    " was changed by someone else in the meantime. Reload it and try again.")
        .WithReason("stale_version");
  }
  return Status::Ok();
}

Status SourcesStore::Archive(Transaction& transaction, std::int64_t source_id, std::int64_t now_ms) {
  CHANCERY_ASSIGN_OR_RETURN(std::int64_t changed,
                            transaction.Execute("UPDATE monitor_sources SET archived_at = ?, version = version + 1 "
                                                "WHERE id = ? AND archived_at IS NULL",
                                                {now_ms, source_id}));
  return changed == 0 ? NoSuchSource(source_id) : Status::Ok();
}

Result<std::vector<Source>> SourcesStore::ClaimDue(Transaction& transaction, SourceKind kind, std::int64_t now_ms,
                                                   std::int64_t lease_ms, int limit) {
  CHANCERY_ASSIGN_OR_RETURN(
      Rows rows, transaction.Query("SELECT " + std::string(kColumns) +
                                       " WHERE archived_at IS NULL AND enabled = 1 AND kind = ? AND next_poll_at <= ? "
                                       "AND lease_until <= ? ORDER BY next_poll_at LIMIT ?",
                                   {SourceKindName(kind), now_ms, now_ms, static_cast<std::int64_t>(limit)}));
  std::vector<Source> claimed;
  for (const Row& row : rows) {
    Source source = FromRow(row);
    // Conditional: another node that claimed it first has moved lease_until.
    CHANCERY_ASSIGN_OR_RETURN(std::int64_t taken,
                              transaction.Execute("UPDATE monitor_sources SET lease_until = ? WHERE id = ? AND "
                                                  "lease_until <= ?",
                                                  {now_ms + lease_ms, source.id, now_ms}));
    if (taken == 1) claimed.push_back(std::move(source));
  }
  return claimed;
}

Status SourcesStore::RecordPoll(Transaction& transaction, const Source& source) {
  return transaction
      .Execute(
          "UPDATE monitor_sources SET etag = ?, last_modified = ?, next_poll_at = ?, lease_until = 0, "
          "last_polled_at = ?, last_success_at = ?, last_status = ?, last_error = ?, failures = ?, "
          "replay_position = ? WHERE id = ?",
          {storage::Nullable(source.etag), storage::Nullable(source.last_modified), source.next_poll_at_ms,
           storage::Nullable(source.last_polled_at_ms), storage::Nullable(source.last_success_at_ms),
           storage::Nullable(source.last_status), storage::Nullable(source.last_error), source.failures,
           source.replay_position, source.id})
      .status();
}

Status SourcesStore::AddItems(Transaction& transaction, std::int64_t source_id, std::int64_t count) {
  if (count == 0) return Status::Ok();
  return transaction
      .Execute("UPDATE monitor_sources SET items_total = items_total + ? WHERE id = ?", {count, source_id})
      .status();
}

Status MayReadMonitor(const identity::Authorizer& authorizer, const identity::ActionContext& context) {
  if (context.actor == nullptr) return PermissionDenied("The monitor is for signed-in users.");
  if (!authorizer.HeldAnywhere(*context.actor, Permission::kMonitorRead)) {
    return PermissionDenied("This needs the permission monitor_read on some unit.");
  }
  return Status::Ok();
}

SourcesService::SourcesService(storage::Database& database, const Clock& clock, audit::AuditLog& audit,
                               const identity::Authorizer& authorizer, std::shared_ptr<const directory::UnitTree> tree,
                               SourcesOptions options)
    : database_(database),
      clock_(clock),
      audit_(audit),
      authorizer_(authorizer),
      tree_(std::move(tree)),
      options_(std::move(options)) {}

Result<std::vector<Source>> SourcesService::List(const identity::ActionContext& context) {
  CHANCERY_TRY(MayReadMonitor(authorizer_, context));
  return storage::ReadValue(database_, "monitor_sources.list",
                            [&](Transaction& transaction) { return store_.All(transaction); });
}

Result<std::vector<Source>> SourcesService::AllForSystem() {
  return storage::ReadValue(database_, "monitor_sources.all",
                            [&](Transaction& transaction) { return store_.All(transaction); });
}

Result<std::optional<Source>> SourcesService::FindForSystem(std::int64_t source_id) {
  return storage::ReadValue(database_, "monitor_sources.find",
                            [&](Transaction& transaction) { return store_.Find(transaction, source_id); });
}

Result<Source> SourcesService::Get(std::int64_t source_id, const identity::ActionContext& context) {
  CHANCERY_TRY(MayReadMonitor(authorizer_, context));
  CHANCERY_ASSIGN_OR_RETURN(std::optional<Source> source,
                            storage::ReadValue(database_, "monitor_sources.get", [&](Transaction& transaction) {
                              return store_.Find(transaction, source_id);
                            }));
  if (!source) return NoSuchSource(source_id);
  return std::move(*source);
}

Status SourcesService::Validate(const SourceDraft& draft) const {
  if (draft.name.size() < 2 || draft.name.size() > 40 ||
      !std::all_of(draft.name.begin(), draft.name.end(), IsNameCharacter)) {
    return InvalidArgument("A source's name is 2 to 40 lower-case letters, digits, '-' or '_' (e.g. vnexpress).")
        .WithField("/name");
  }
  if (draft.title.size() > 800) return InvalidArgument("The title is at most 200 characters.").WithField("/title");
  if (!draft.country.empty() &&
      (draft.country.size() != 2 || !std::isupper(static_cast<unsigned char>(draft.country[0])) ||
       !std::isupper(static_cast<unsigned char>(draft.country[1])))) {
    return InvalidArgument("country is an ISO 3166-1 code in capitals, e.g. VN.").WithField("/country");
  }
  if (!draft.language.empty() &&
      (draft.language.size() < 2 || draft.language.size() > 3 ||
       !std::all_of(draft.language.begin(), draft.language.end(), [](char c) { return c >= 'a' && c <= 'z'; }))) {
    return InvalidArgument("language is an ISO 639 code in lower case, e.g. vi.").WithField("/language");
  }
  switch (draft.kind) {
    case SourceKind::kFeed: {
      auto url = boost::urls::parse_absolute_uri(draft.url);
      if (!url || (url->scheme() != "http" && url->scheme() != "https") || url->host().empty() ||
          draft.url.size() > 2000) {
        return InvalidArgument("A feed needs an http or https URL.").WithField("/url");
      }
      if (draft.interval_seconds < options_.min_interval_seconds || draft.interval_seconds > 86400) {
        return InvalidArgument("The interval is " + std::to_string(options_.min_interval_seconds) +
                               " seconds to a day.")
            .WithField("/interval_seconds");
      }
      Status allowed = CheckHostAllowed(url->host(), options_.allowed_ranges);
      if (!allowed.ok()) return allowed.WithField("/url");
      break;
    }
    case SourceKind::kReplay:
      if (draft.url.empty() || draft.url.size() > 200 || draft.url.find('/') != std::string::npos ||
          draft.url.starts_with(".")) {
        return InvalidArgument("A replay names a file of the replay directory, without a path.").WithField("/url");
      }
      if (draft.replay_rate < 1 || draft.replay_rate > 100000) {
        return InvalidArgument("The replay rate is 1 to 100,000 documents per second.").WithField("/replay_rate");
      }
      break;
    case SourceKind::kPush:
      if (!draft.url.empty()) return InvalidArgument("A push source has no URL.").WithField("/url");
      break;
  }
  return Status::Ok();
}

Result<Source> SourcesService::Create(const SourceDraft& draft, const identity::ActionContext& context) {
  if (context.actor == nullptr) return PermissionDenied("The monitor is for signed-in users.");
  if (!tree_->Exists(draft.unit_id)) {
    return InvalidArgument("There is no unit " + std::to_string(draft.unit_id) + ".").WithField("/unit_id");
  }
  CHANCERY_TRY(authorizer_.Check(*context.actor, Permission::kMonitorSources, draft.unit_id));
  CHANCERY_TRY(Validate(draft));
  const std::int64_t now_ms = clock_.NowMs();
  Source source{.unit_id = draft.unit_id,
                .name = draft.name,
                .title = draft.title,
                .kind = draft.kind,
                .url = draft.url,
                .country = draft.country,
                .language = draft.language,
                .interval_seconds = draft.interval_seconds,
                .replay_rate = draft.replay_rate,
                .enabled = draft.enabled,
                .next_poll_at_ms = now_ms,
                .created_by = context.actor->user_id,
                .created_at_ms = now_ms,
                .updated_at_ms = now_ms};
  CHANCERY_TRY(database_.Write("monitor_sources.create", [&](Transaction& transaction) -> Status {
    CHANCERY_ASSIGN_OR_RETURN(source.id, store_.Insert(transaction, source));
    return audit_.Append(transaction, Event(context, "monitor_source.created", source));
  }));
  return source;
}

Result<Source> SourcesService::Replace(std::int64_t source_id, std::optional<std::int64_t> expected_version,
                                       const SourceDraft& draft, const identity::ActionContext& context) {
  if (context.actor == nullptr) return PermissionDenied("The monitor is for signed-in users.");
  Source source;
  CHANCERY_TRY(database_.Write("monitor_sources.replace", [&](Transaction& transaction) -> Status {
    CHANCERY_ASSIGN_OR_RETURN(std::optional<Source> current, store_.Find(transaction, source_id));
    if (!current) return NoSuchSource(source_id);
    CHANCERY_TRY(authorizer_.Check(*context.actor, Permission::kMonitorSources, current->unit_id));
    if (draft.unit_id != 0 && draft.unit_id != current->unit_id) {
      return InvalidArgument("A source's unit cannot change; create another source.").WithField("/unit_id");
    }
    if (draft.kind != current->kind) {
      return InvalidArgument("A source's kind cannot change; create another source.").WithField("/kind");
    }
    SourceDraft checked = draft;
    checked.unit_id = current->unit_id;
    CHANCERY_TRY(Validate(checked));
    source = std::move(*current);
    if (expected_version) source.version = *expected_version;
    const bool url_changed = source.url != draft.url;
    source.name = draft.name;
    source.title = draft.title;
    source.url = draft.url;
    source.country = draft.country;
    source.language = draft.language;
    source.interval_seconds = draft.interval_seconds;
    source.replay_rate = draft.replay_rate;
    source.enabled = draft.enabled;
    source.updated_at_ms = clock_.NowMs();
    if (url_changed) source.next_poll_at_ms = source.updated_at_ms;
    CHANCERY_TRY(store_.Update(transaction, source, source.updated_at_ms));
    ++source.version;
    CHANCERY_TRY(audit_.Append(transaction, Event(context, "monitor_source.updated", source)));
    CHANCERY_ASSIGN_OR_RETURN(std::optional<Source> stored, store_.Find(transaction, source_id));
    if (stored) source = std::move(*stored);
    return Status::Ok();
  }));
  return source;
}

Status SourcesService::Delete(std::int64_t source_id, const identity::ActionContext& context) {
  if (context.actor == nullptr) return PermissionDenied("The monitor is for signed-in users.");
  return database_.Write("monitor_sources.delete", [&](Transaction& transaction) -> Status {
    CHANCERY_ASSIGN_OR_RETURN(std::optional<Source> current, store_.Find(transaction, source_id));
    if (!current) return NoSuchSource(source_id);
    CHANCERY_TRY(authorizer_.Check(*context.actor, Permission::kMonitorSources, current->unit_id));
    CHANCERY_TRY(store_.Archive(transaction, source_id, clock_.NowMs()));
    return audit_.Append(transaction, Event(context, "monitor_source.deleted", *current));
  });
}

Result<Source> SourcesService::PollNow(std::int64_t source_id, const identity::ActionContext& context) {
  if (context.actor == nullptr) return PermissionDenied("The monitor is for signed-in users.");
  Source source;
  CHANCERY_TRY(database_.Write("monitor_sources.poll_now", [&](Transaction& transaction) -> Status {
    CHANCERY_ASSIGN_OR_RETURN(std::optional<Source> current, store_.Find(transaction, source_id));
    if (!current) return NoSuchSource(source_id);
    CHANCERY_TRY(authorizer_.Check(*context.actor, Permission::kMonitorSources, current->unit_id));
    if (current->kind == SourceKind::kPush) {
      return Conflict("A push source is not polled: documents are pushed to it.").WithReason("push_source");
    }
    CHANCERY_TRY(transaction
                     .Execute("UPDATE monitor_sources SET next_poll_at = ?, replay_position = CASE WHEN kind = "
                              "'replay' THEN 0 ELSE replay_position END WHERE id = ?",
                              {clock_.NowMs(), source_id})
                     .status());
    CHANCERY_ASSIGN_OR_RETURN(std::optional<Source> stored, store_.Find(transaction, source_id));
    if (stored) source = std::move(*stored);
    return Status::Ok();
  }));
  return source;
}

Result<Source> SourcesService::ForPush(std::int64_t source_id, const identity::ActionContext& context) {
  if (context.actor == nullptr) return PermissionDenied("Pushing documents needs an API token or a session.");
  CHANCERY_ASSIGN_OR_RETURN(std::optional<Source> source,
                            storage::ReadValue(database_, "monitor_sources.for_push", [&](Transaction& transaction) {
                              return store_.Find(transaction, source_id);
                            }));
  if (!source) return NoSuchSource(source_id);
  CHANCERY_TRY(authorizer_.Check(*context.actor, Permission::kMonitorSources, source->unit_id));
  if (source->kind != SourceKind::kPush) {
    return Conflict("Source '" + source->name + "' is not a push source.").WithReason("not_a_push_source");
  }
  if (!source->enabled) {
    return Conflict("Source '" + source->name + "' is disabled.").WithReason("source_disabled");
  }
  return std::move(*source);
}

audit::AuditEvent SourcesService::Event(const identity::ActionContext& context, std::string action,
                                        const Source& source) const {
  audit::AuditEvent event = audit::EventBy(context.actor, std::move(action));
  event.unit_id = source.unit_id;
  event.target_type = "monitor_source";
  event.target_id = std::to_string(source.id);
  event.detail_json = boost::json::serialize(
      boost::json::object{{"name", source.name}, {"kind", SourceKindName(source.kind)}, {"url", source.url}});
  event.remote_address = context.remote_address;
  event.request_id = context.request_id;
  return event;
}

}  // namespace chancery::monitor
