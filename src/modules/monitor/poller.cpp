#include "modules/monitor/poller.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <boost/json/parse.hpp>
#include <boost/json/value.hpp>
#include <filesystem>
#include <fstream>

#include "modules/monitor/feed.hpp"

namespace chancery::monitor {
namespace {

namespace json = boost::json;
using storage::Transaction;

constexpr std::int64_t kFeedLeaseMs = 120 * 1000;
constexpr std::int64_t kReplayLeaseMs = 5 * 1000;
constexpr std::int64_t kMaxBackoffMs = 6LL * 3600 * 1000;
constexpr std::uintmax_t kMaxReplayBytes = 512ULL * 1024 * 1024;
constexpr int kMaxReplayBatch = 500;

Result<std::string> Field(const json::object& object, std::string_view key, std::size_t max_bytes) {
  const json::value* value = object.if_contains(key);
  if (value == nullptr || value->is_null()) return std::string();
  if (!value->is_string()) return InvalidArgument(std::string(key) + " must be a string").WithField(std::string(key));
  const json::string& text = value->as_string();
  if (text.size() > max_bytes) {
    return InvalidArgument(std::string(key) + " is longer than " + std::to_string(max_bytes) + " bytes")
        .WithField(std::string(key));
  }
  return std::string(text.data(), text.size());
}

}  // namespace

Result<IncomingDocument> DocumentFromJson(std::string_view json_text) {
  boost::system::error_code error;
  json::value parsed = json::parse(json_text, error);
  if (error || !parsed.is_object()) return InvalidArgument("not a JSON object");
  const json::object& object = parsed.as_object();
  IncomingDocument document;
  CHANCERY_ASSIGN_OR_RETURN(document.key, Field(object, "id", 2000));
  CHANCERY_ASSIGN_OR_RETURN(document.title, Field(object, "title", 2000));
  CHANCERY_ASSIGN_OR_RETURN(document.link, Field(object, "url", 2000));
  CHANCERY_ASSIGN_OR_RETURN(document.text, Field(object, "text", 1024 * 1024));
  CHANCERY_ASSIGN_OR_RETURN(std::string html, Field(object, "html", 1024 * 1024));
  if (document.text.empty() && !html.empty()) document.text = HtmlToText(html);
  CHANCERY_ASSIGN_OR_RETURN(document.author, Field(object, "author", 400));
  CHANCERY_ASSIGN_OR_RETURN(document.language, Field(object, "language", 20));
  CHANCERY_ASSIGN_OR_RETURN(document.country, Field(object, "country", 2));
  CHANCERY_ASSIGN_OR_RETURN(std::string published, Field(object, "published", 100));
  if (!published.empty()) {
    document.published_ms = ParseFeedDate(published);
    if (!document.published_ms) {
      return InvalidArgument("published is not an RFC 3339 or RFC 822 date").WithField("published");
    }
  }
  if (document.title.empty() && document.text.empty()) return InvalidArgument("a document needs a title or a text");
  return document;
}

Poller::Poller(storage::Database& database, const Clock& clock, Intake& intake, FetchOptions fetch,
               std::string replay_dir)
    : database_(database),
      clock_(clock),
      intake_(intake),
      fetch_(std::move(fetch)),
      replay_dir_(std::move(replay_dir)) {}

Result<int> Poller::PollFeedsOnce() {
  std::vector<Source> due;
  CHANCERY_TRY(database_.Write("monitor.claim_feeds", [&](Transaction& transaction) -> Status {
    CHANCERY_ASSIGN_OR_RETURN(due, store_.ClaimDue(transaction, SourceKind::kFeed, clock_.NowMs(), kFeedLeaseMs, 8));
    return Status::Ok();
  }));
  for (Source& source : due) PollFeed(source);
  return static_cast<int>(due.size());
}

void Poller::PollFeed(Source& source) {
  const std::int64_t started_ms = clock_.NowMs();
  Result<FetchResult> fetched = Fetch(
      FetchRequest{
          .url = source.url, .etag = source.etag.value_or(""), .last_modified = source.last_modified.value_or("")},
      fetch_);
  Status outcome = fetched.status();
  if (fetched.ok()) {
    source.last_status = fetched->status;
    if (fetched->status == 200) {
      Result<Feed> feed = ParseFeed(fetched->body, fetched->content_type, fetched->final_url);
      if (!feed.ok()) {
        outcome = feed.status();
      } else {
        std::vector<IncomingDocument> documents;
        for (FeedItem& item : feed->items) {
          documents.push_back(IncomingDocument{.key = std::move(item.key),
                                               .title = std::move(item.title),
                                               .link = std::move(item.link),
                                               .text = std::move(item.text),
                                               .author = std::move(item.author),
                                               .language = item.language.empty() ? feed->language : item.language,
                                               .published_ms = item.published_ms});
        }
        Result<IngestReport> report = intake_.Submit(source, std::move(documents));
        outcome = report.status();
        if (report.ok() && !report->queued && report->accepted > 0) {
          spdlog::info("monitor: source {} brought {} new articles ({} already known)", source.name, report->accepted,
                       report->duplicates);
        }
        // Validators only once the items are safely stored: otherwise the next poll must fetch them again.
        if (outcome.ok()) {
          source.etag = fetched->etag.empty() ? std::nullopt : std::optional<std::string>(fetched->etag);
          source.last_modified =
              fetched->last_modified.empty() ? std::nullopt : std::optional<std::string>(fetched->last_modified);
        }
      }
    }
  }
  const std::int64_t now_ms = clock_.NowMs();
  source.last_polled_at_ms = started_ms;
  if (outcome.ok()) {
    source.failures = 0;
    source.last_error.reset();
    source.last_success_at_ms = now_ms;
    source.next_poll_at_ms = now_ms + source.interval_seconds * 1000;
  } else {
    ++source.failures;
    source.last_error = outcome.message();
    const std::int64_t backoff = std::min<std::int64_t>(
        kMaxBackoffMs, source.interval_seconds * 1000 * (1LL << std::min<std::int64_t>(source.failures, 12)));
    source.next_poll_at_ms = now_ms + backoff;
    spdlog::warn("monitor: source {} failed ({} in a row): {}", source.name, source.failures, outcome.message());
  }
  Status recorded = database_.Write("monitor.record_poll",
                                    [&](Transaction& transaction) { return store_.RecordPoll(transaction, source); });
  if (!recorded.ok()) spdlog::warn("monitor: recording the poll of {}: {}", source.name, recorded.ToString());
}

Result<std::shared_ptr<const Poller::ReplayFile>> Poller::Load(const std::string& name) {
  if (auto cached = files_.find(name); cached != files_.end()) return cached->second;
  const std::filesystem::path path = std::filesystem::path(replay_dir_) / name;
  std::error_code error;
  const std::uintmax_t size = std::filesystem::file_size(path, error);
  if (error) return NotFound("replay file " + name + " is not in the replay directory");
  if (size > kMaxReplayBytes) return FailedPrecondition("replay file " + name + " is larger than 512 MiB");
  std::ifstream in(path);
  if (!in) return Unavailable("cannot read replay file " + name);
  auto file = std::make_shared<ReplayFile>();
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty()) continue;
    Result<IncomingDocument> document = DocumentFromJson(line);
    if (document.ok()) {
      file->documents.push_back(std::move(*document));
    } else {
      ++file->skipped;
    }
  }
  if (file->skipped > 0) spdlog::warn("monitor: replay {}: {} lines skipped", name, file->skipped);
  files_[name] = file;
  return std::shared_ptr<const ReplayFile>(file);
}

Result<int> Poller::ReplayOnce() {
  const std::int64_t now_ms = clock_.NowMs();
  std::vector<Source> running;
  CHANCERY_TRY(database_.Write("monitor.claim_replays", [&](Transaction& transaction) -> Status {
    CHANCERY_ASSIGN_OR_RETURN(running, store_.ClaimDue(transaction, SourceKind::kReplay, now_ms, kReplayLeaseMs, 16));
    return Status::Ok();
  }));
  int ingested = 0;
  for (Source& source : running) {
    Result<std::shared_ptr<const ReplayFile>> file = Load(source.url);
    if (!file.ok()) {
      source.last_error = file.status().message();
      ++source.failures;
      source.next_poll_at_ms = now_ms + 60 * 1000;
    } else {
      const auto total = static_cast<std::int64_t>((*file)->documents.size());
      // The replay's own clock: last_polled_at advances by exactly the documents sent, so that slow and fast rates
      // keep their pace whatever the tick; a run starting, or resuming after a pause, begins from now.
      std::int64_t cursor_ms = source.last_polled_at_ms.value_or(0);
      if (cursor_ms <= 0 || now_ms - cursor_ms > 5000) cursor_ms = now_ms - 50;  // starting, or after a pause
      std::int64_t owed = (now_ms - cursor_ms) * source.replay_rate / 1000;
      owed = std::min<std::int64_t>({owed, total - source.replay_position, kMaxReplayBatch});
      std::vector<IncomingDocument> batch;
      for (std::int64_t i = 0; i < owed; ++i) {
        IncomingDocument document = (*file)->documents[static_cast<std::size_t>(source.replay_position + i)];
        document.published_ms = now_ms;
        batch.push_back(std::move(document));
      }
      Status outcome = Status::Ok();
      if (!batch.empty()) {
        Result<IngestReport> report = intake_.Submit(source, std::move(batch));
        outcome = report.status();
        if (report.ok()) ingested += report->queued ? report->received : report->accepted;
      }
      if (outcome.ok()) {
        source.replay_position += owed;
        source.last_polled_at_ms = owed > 0 ? cursor_ms + owed * 1000 / source.replay_rate : cursor_ms;
        source.last_success_at_ms = now_ms;
        source.failures = 0;
        source.last_error.reset();
        source.next_poll_at_ms = source.replay_position >= total ? kNeverMs : now_ms;
      } else {
        ++source.failures;
        source.last_error = outcome.message();
        source.next_poll_at_ms = now_ms + 1000;
      }
    }
    Status recorded = database_.Write("monitor.record_replay",
                                      [&](Transaction& transaction) { return store_.RecordPoll(transaction, source); });
    if (!recorded.ok()) spdlog::warn("monitor: recording the replay of {}: {}", source.name, recorded.ToString());
  }
  return ingested;
}

}  // namespace chancery::monitor
