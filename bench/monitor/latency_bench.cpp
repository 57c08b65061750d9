// bench/monitor ingest-to-alert latency: the real pipeline (SQLite on disk, the in-process bus) fed from the
// corpus at a fixed rate, the way a replay source feeds it (whatever is due every 50 ms, one transaction per batch),
// against generated standing queries. For each article that matches a query it times, from the moment the article
// was due (its scheduled time, so that a pipeline falling behind shows as latency: no coordinated omission) to the
// moment the live event announcing the match arrives on the bus, which is what the console's stream receives.
//
//   monitor_latency_bench CORPUS QUERIES RATE SECONDS      e.g. ../shared/corpus 10000 1000 30
#include <unistd.h>

#include <atomic>
#include <boost/json/parse.hpp>
#include <cstdio>
#include <filesystem>
#include <mutex>
#include <thread>

#include "bench/monitor/bench_corpus.hpp"
#include "bus/bus.hpp"
#include "modules/monitor/feed.hpp"
#include "modules/monitor/pipeline.hpp"
#include "storage/migrator.hpp"

namespace {

using namespace chancery;
using namespace chancery::monitor;
using namespace chancery::monitor::bench;
using Steady = std::chrono::steady_clock;

double Percentile(std::vector<double> values, double fraction) {
  if (values.empty()) return 0;
  std::sort(values.begin(), values.end());
  return values[std::min(values.size() - 1, static_cast<std::size_t>(fraction * static_cast<double>(values.size())))];
}

void Check(const Status& status, const char* what) {
  if (!status.ok()) {
    std::fprintf(stderr, "%s: %s\n", what, status.ToString().c_str());
    std::exit(1);
  }
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 5) {
    std::fprintf(stderr, "usage: monitor_latency_bench CORPUS QUERIES RATE SECONDS\n");
    return 2;
  }
  const std::vector<RawDocument> raw = LoadCorpus(argv[1]);
  const int query_count = std::stoi(argv[2]);
  const int rate = std::stoi(argv[3]);
  const int seconds = std::stoi(argv[4]);
  const std::size_t total = static_cast<std::size_t>(rate) * static_cast<std::size_t>(seconds);

  const std::string directory = "/tmp/chancery-latency-" + std::to_string(getpid());
  std::filesystem::create_directories(directory);
  auto database = storage::OpenSqlite({.path = directory + "/bench.db"});
  Check(database.status(), "open");
  Check(storage::Migrate(**database, storage::EmbeddedMigrations()), "migrate");

  // Queries from the corpus's words, owned by one unit; one source.
  std::vector<Article> articles;
  for (std::size_t i = 0; i < std::min<std::size_t>(raw.size(), 2000); ++i) {
    articles.push_back({.title = Normalize(raw[i].title), .body = Normalize(raw[i].text), .lang = raw[i].lang});
  }
  QueryGenerator generator(articles);
  Source source{.id = 0, .unit_id = 1, .name = "bench", .kind = SourceKind::kReplay};
  Check((*database)->Write("setup",
                           [&](storage::Transaction& transaction) -> Status {
                             CHANCERY_ASSIGN_OR_RETURN(
                                 storage::Row row,
                                 transaction.QueryOne("INSERT INTO monitor_sources (unit_id, name, kind, created_by, "
                                                      "created_at, updated_at) VALUES (1, 'bench', 'replay', 0, 0, 0) "
                                                      "RETURNING id"));
                             source.id = row.Int(0);
                             CHANCERY_TRY(transaction
                                              .Execute("INSERT INTO monitor_topics (unit_id, name, name_key, "
                                                       "created_by, created_at) VALUES (1, 'bench', 'bench', 0, 0)")
                                              .status());
                             for (int i = 0; i < query_count; ++i) {
                               CHANCERY_TRY(transaction
                                                .Execute("INSERT INTO monitor_queries (topic_id, unit_id, owner_id, "
                                                         "name, query_text, visibility, priority, created_at, "
                                                         "updated_at, updated_by) VALUES (1, 1, 0, ?, ?, 'shared', "
                                                         "'normal', 0, 0, 0)",
                                                         {"q" + std::to_string(i), generator.Next()})
                                                .status());
                             }
                             return Status::Ok();
                           }),
        "setup");

  SystemClock clock;
  auto bus = bus::MakeInProcessBus();
  Pipeline pipeline(**database, clock, *bus, PipelineOptions{});
  const auto compile_start = Steady::now();
  Check(pipeline.Start(), "start");
  const double compile_seconds = Seconds(Steady::now() - compile_start);

  // The due time of document i, and when its first match event arrived.
  const auto start = Steady::now() + std::chrono::milliseconds(100);
  const auto due = [&](std::size_t i) {
    return start + std::chrono::microseconds(static_cast<std::int64_t>(i) * 1000000 / rate);
  };
  std::mutex mutex;
  std::vector<double> latencies_ms;
  std::vector<bool> seen(total, false);
  std::atomic<std::size_t> events{0};
  auto subscription = bus->Subscribe(kLiveSubject, [&](const bus::Message& message) {
    const auto arrived = Steady::now();
    ++events;
    boost::json::value event = boost::json::parse(message.payload);
    if (event.at("type") != "match") return;
    const std::string link(event.at("article").at("link").as_string());
    const std::size_t index = std::stoul(link.substr(link.rfind('/') + 1));
    std::lock_guard lock(mutex);
    if (index >= total || seen[index]) return;
    seen[index] = true;
    latencies_ms.push_back(std::chrono::duration<double, std::milli>(arrived - due(index)).count());
  });
  Check(subscription.status(), "subscribe");

  // The replay's loop: every 50 ms, everything due (at most 500).
  std::size_t next = 0;
  std::size_t accepted = 0;
  std::size_t matches = 0;
  std::size_t alerts = 0;
  while (next < total) {
    std::this_thread::sleep_until(std::max(Steady::now(), due(next)) + std::chrono::milliseconds(50));
    std::vector<IncomingDocument> batch;
    while (next < total && due(next) <= Steady::now() && batch.size() < 500) {
      const RawDocument& document = raw[next % raw.size()];
      // Each pass over the corpus is new text (a serial in the title), so nothing is dropped as a duplicate.
      batch.push_back(IncomingDocument{.key = "bench-" + std::to_string(next),
                                       .title = document.title + " #" + std::to_string(next / raw.size()),
                                       .link = "https://bench.invalid/" + std::to_string(next),
                                       .text = document.text,
                                       .language = document.lang});
      ++next;
    }
    auto report = pipeline.Ingest(source, std::move(batch));
    Check(report.status(), "ingest");
    accepted += static_cast<std::size_t>(report->accepted);
    matches += static_cast<std::size_t>(report->matches);
    alerts += static_cast<std::size_t>(report->alerts);
  }
  std::this_thread::sleep_for(std::chrono::seconds(1));  // the last events
  const double elapsed = Seconds(Steady::now() - start);
  subscription->Unsubscribe();
  std::lock_guard lock(mutex);
  std::printf(
      "latency: %d queries (compiled in %.1f s), %d documents/s for %d s: %zu accepted (%.0f documents/s "
      "sustained), %zu matches, %zu alerts\n",
      query_count, compile_seconds, rate, seconds, accepted, static_cast<double>(accepted) / elapsed, matches, alerts);
  std::printf("ingest-to-event latency over %zu matching articles: p50 %.0f ms, p99 %.0f ms, max %.0f ms\n",
              latencies_ms.size(), Percentile(latencies_ms, 0.5), Percentile(latencies_ms, 0.99),
              Percentile(latencies_ms, 1.0));
  std::filesystem::remove_all(directory);
  return 0;
}
