// The monitor's pipeline and burst watch with a controllable clock, on every engine: a steady stream of stories on
// a topic raises no burst alert over a day; a planted surge raises exactly one (counted in stories, not copies), with
// the numbers behind it; after the surge has died down a second one raises a second alert. The same through a replay
// source: a JSON Lines file with a planted surge, streamed at its rate by the poller, raises exactly one burst alert.
// Also: deduplication by key and by content, stories across a batch, and the geographic routing of alerts.
#include <gtest/gtest.h>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <filesystem>
#include <fstream>
#include <random>

#include "bus/bus.hpp"
#include "modules/monitor/alerts.hpp"
#include "modules/monitor/burst_watch.hpp"
#include "modules/monitor/intake.hpp"
#include "modules/monitor/pipeline.hpp"
#include "modules/monitor/poller.hpp"
#include "modules/monitor/queries.hpp"
#include "modules/monitor/sources.hpp"
#include "modules/notifications/notifications_service.hpp"
#include "support/ministry_test.hpp"

namespace chancery::monitor {
namespace {

constexpr std::int64_t kMinute = 60 * 1000;

class MonitorPipelineTest : public testing::MinistryTest {
 protected:
  void SetUp() override {
    MinistryTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    bus_ = bus::MakeInProcessBus();
    queries_ = std::make_unique<QueriesService>(db(), clock(), *audit_, *authorizer_, tree_, [this] {
      Status reloaded = pipeline_->ReloadQueries();
      ASSERT_TRUE(reloaded.ok()) << reloaded.ToString();
    });
    sources_ = std::make_unique<SourcesService>(db(), clock(), *audit_, *authorizer_, tree_, SourcesOptions{});
    pipeline_ = std::make_unique<Pipeline>(db(), clock(), *bus_, PipelineOptions{});
    ASSERT_TRUE(pipeline_->Start().ok());
    auto countries = directory_->ListCountries();
    ASSERT_TRUE(countries.ok());
    pipeline_->SetMissions(MissionsFrom(*countries));
    bursts_ = std::make_unique<BurstWatch>(db(), clock(), *bus_, Missions());
    notifications_ = std::make_unique<notifications::NotificationsService>(db(), clock(), *audit_, *identity_,
                                                                           notifications::MailOptions{});
    alerts_ = std::make_unique<AlertsService>(db(), clock(), *audit_, *authorizer_, *identity_, *directory_, tree_,
                                              *notifications_, "HQ-OPS", AlertsOptions{}, nullptr);

    analyst_.user_id = 7;
    analyst_.username = "analyst.press";
    analyst_.grants = {RoleGrant{.role = "analyst", .unit_id = Unit("HQ-PRESS")}};
    auto topic = queries_->CreateTopic({.unit_id = Unit("HQ-PRESS"), .name = "Thiên tai"}, Context());
    ASSERT_TRUE(topic.ok()) << topic.status().ToString();
    auto query = queries_->Create({.topic_id = topic->id, .name = "Lũ lụt", .text = "flood* OR \"lũ lụt\""}, Context());
    ASSERT_TRUE(query.ok()) << query.status().ToString();
    query_id_ = query->id;
    auto source = sources_->Create({.unit_id = Unit("HQ-PRESS"), .name = "wire", .kind = SourceKind::kPush}, Context());
    ASSERT_TRUE(source.ok()) << source.status().ToString();
    source_ = *source;
  }

  identity::ActionContext Context() { return {.actor = &analyst_}; }
  std::function<std::shared_ptr<const MissionsByCountry>()> Missions() {
    return [this] { return pipeline_->missions(); };
  }

  // A story nobody has written before: random words around the topic's word, so that no two are near-duplicates.
  IncomingDocument Story(bool on_topic) {
    static const std::vector<std::string> kWords = {
        "river",   "city",   "council", "rain",    "bridge",   "school", "market",   "harvest", "minister", "road",
        "police",  "report", "village", "coast",   "north",    "south",  "storm",    "power",   "water",    "army",
        "tourism", "port",   "factory", "railway", "hospital", "island", "mountain", "valley",  "budget",   "trade"};
    std::uniform_int_distribution<std::size_t> pick(0, kWords.size() - 1);
    std::string text;
    for (int i = 0; i < 60; ++i) text += kWords[pick(random_)] + (i == 30 && on_topic ? " flooding " : " ");
    ++serial_;
    return IncomingDocument{.key = "doc-" + std::to_string(serial_),
                            .title = (on_topic ? "Flood report " : "News ") + std::to_string(serial_),
                            .text = text,
                            .language = "en"};
  }

  std::vector<std::string> NotificationKinds(const Principal& person) {
    auto listed = notifications_->List(person.user_id, false, 50);
    EXPECT_TRUE(listed.ok());
    std::vector<std::string> kinds;
    for (const auto& notification : *listed) kinds.push_back(notification.kind);
    return kinds;
  }

  int BurstAlerts() {
    int count = 0;
    EXPECT_TRUE(db().Read("count",
                          [&](storage::Transaction& transaction) -> Status {
                            CHANCERY_ASSIGN_OR_RETURN(
                                storage::Row row,
                                transaction.QueryOne("SELECT COUNT(*) FROM monitor_alerts WHERE kind = 'burst'"));
                            count = static_cast<int>(row.Int(0));
                            return Status::Ok();
                          })
                    .ok());
    return count;
  }

  // `stories_per_hour` on-topic stories (and as many off-topic ones) spread over `hours`, the burst watch running
  // every ten minutes.
  void Steady(int hours, int stories_per_hour) {
    for (int minute = 0; minute < hours * 60; minute += 10) {
      const int due = (minute / 10) % (6 / std::max(1, std::min(6, stories_per_hour))) == 0 ? 1 : 0;
      for (int i = 0; i < due * std::max(1, stories_per_hour / 6); ++i) {
        ASSERT_TRUE(pipeline_->Ingest(source_, {Story(true), Story(false)}).ok());
      }
      clock().Advance(10 * kMinute);
      ASSERT_TRUE(bursts_->RunOnce().ok());
    }
  }

  std::unique_ptr<bus::Bus> bus_;
  std::unique_ptr<QueriesService> queries_;
  std::unique_ptr<SourcesService> sources_;
  std::unique_ptr<Pipeline> pipeline_;
  std::unique_ptr<BurstWatch> bursts_;
  std::unique_ptr<notifications::NotificationsService> notifications_;
  std::unique_ptr<AlertsService> alerts_;
  Principal analyst_;
  std::int64_t query_id_ = 0;
  Source source_;
  std::mt19937 random_{20261129};
  int serial_ = 0;
};
CHANCERY_DB_TEST_SUITE(MonitorPipelineTest);

TEST_P(MonitorPipelineTest, SteadyStreamRaisesNoBurstAndASurgeRaisesExactlyOne) {
  Steady(/*hours=*/24, /*stories_per_hour=*/2);
  EXPECT_EQ(BurstAlerts(), 0) << "a steady stream is not breaking news";

  // The surge: 30 new stories in half an hour, each published by three outlets (copies are one story), the watch
  // running every minute throughout.
  for (int minute = 0; minute < 30; ++minute) {
    IncomingDocument story = Story(true);
    IncomingDocument copy = story;
    copy.key += "-copy";
    copy.title += " (AFP)";
    IncomingDocument second = story;
    second.key += "-copy2";
    second.text += " More to follow.";
    Result<IngestReport> report = pipeline_->Ingest(source_, {story, copy, second});
    ASSERT_TRUE(report.ok()) << report.status().ToString();
    EXPECT_EQ(report->accepted, 3);
    clock().Advance(kMinute);
    ASSERT_TRUE(bursts_->RunOnce().ok());
  }
  for (int minute = 0; minute < 30; ++minute) {
    clock().Advance(kMinute);
    ASSERT_TRUE(bursts_->RunOnce().ok());
  }
  ASSERT_EQ(BurstAlerts(), 1) << "one surge, one alert";

  // The alert states its numbers: stories (not the 90 articles) in the last hour against the baseline.
  std::string detail;
  ASSERT_TRUE(db().Read("detail",
                        [&](storage::Transaction& transaction) -> Status {
                          CHANCERY_ASSIGN_OR_RETURN(
                              storage::Row row,
                              transaction.QueryOne(
                                  "SELECT detail, unit_id, query_id FROM monitor_alerts WHERE kind = 'burst'"));
                          detail = row.Text(0);
                          EXPECT_EQ(row.Int(1), Unit("HQ-PRESS"));
                          EXPECT_EQ(row.Int(2), query_id_);
                          return Status::Ok();
                        })
                  .ok());
  const boost::json::object numbers = boost::json::parse(detail).as_object();
  EXPECT_GE(numbers.at("recent_stories").to_number<int>(), 5);
  EXPECT_LE(numbers.at("recent_stories").to_number<int>(), 32) << detail;
  EXPECT_GT(numbers.at("ratio").to_number<double>(), 3.0);
  EXPECT_LT(numbers.at("p_value").to_number<double>(), 1e-3);

  // The surge dies down; the rate returns to its baseline; a new surge later is news again.
  Steady(/*hours=*/14, /*stories_per_hour=*/2);
  EXPECT_EQ(BurstAlerts(), 1);
  for (int minute = 0; minute < 40; ++minute) {
    ASSERT_TRUE(pipeline_->Ingest(source_, {Story(true)}).ok());
    clock().Advance(kMinute);
    ASSERT_TRUE(bursts_->RunOnce().ok());
  }
  EXPECT_EQ(BurstAlerts(), 2);
}

// The replay file: one document a second; a new story on the topic every 30 s among other news, except for three
// minutes where every second brings one (a new story and two copies of it from other outlets, in turn).
std::string ReplayLine(const IncomingDocument& document) {
  return boost::json::serialize(boost::json::object{
             {"id", document.key}, {"title", document.title}, {"text", document.text}, {"language", "en"}}) +
         "\n";
}

TEST_P(MonitorPipelineTest, AReplayWithAPlantedSurgeRaisesExactlyOneBurstAlert) {
  // Windows a twentieth of the defaults (3 minutes against the 36 before), so that the replay is one document a
  // second over an hour rather than over a day; the judgement is the same.
  bursts_ = std::make_unique<BurstWatch>(db(), clock(), *bus_, Missions(),
                                         BurstOptions{.recent_ms = 3 * kMinute, .baseline_ms = 36 * kMinute});
  constexpr int kSteadySeconds = 45 * 60;
  constexpr int kSurgeSeconds = 3 * 60;
  constexpr int kAfterSeconds = 15 * 60;
  const std::filesystem::path directory =
      std::filesystem::temp_directory_path() / ("chancery-replay-" + std::to_string(::getpid()));
  std::filesystem::create_directories(directory);
  {
    std::ofstream file(directory / "surge.jsonl");
    for (int second = 0; second < kSteadySeconds; ++second) file << ReplayLine(Story(second % 30 == 0));
    IncomingDocument story;
    for (int second = 0; second < kSurgeSeconds; ++second) {
      if (second % 3 == 0) {
        story = Story(true);
        file << ReplayLine(story);
      } else {
        IncomingDocument copy = story;
        copy.key += "-" + std::to_string(second);
        copy.title += second % 3 == 1 ? " (AFP)" : " – update";
        file << ReplayLine(copy);
      }
    }
    for (int second = 0; second < kAfterSeconds; ++second) file << ReplayLine(Story(second % 30 == 0));
  }
  Intake intake(*pipeline_, *bus_, [](std::int64_t) { return Result<std::optional<Source>>(std::nullopt); });
  Poller poller(db(), clock(), intake, FetchOptions{}, directory.string());
  auto replay = sources_->Create({.unit_id = Unit("HQ-PRESS"),
                                  .name = "surge",
                                  .kind = SourceKind::kReplay,
                                  .url = "surge.jsonl",
                                  .replay_rate = 1},
                                 Context());
  ASSERT_TRUE(replay.ok()) << replay.status().ToString();

  // The clock moves four seconds at a time (a pause of more than five would be taken for a restart of the replay),
  // the poller streams what the replay owes, the watch runs every minute.
  int replayed = 0;
  int alerts_before_surge = -1;
  for (int second = 4; second <= kSteadySeconds + kSurgeSeconds + kAfterSeconds + 8; second += 4) {
    clock().Advance(4000);
    Result<int> sent = poller.ReplayOnce();
    ASSERT_TRUE(sent.ok()) << sent.status().ToString();
    replayed += *sent;
    if (second % 60 == 0) {
      ASSERT_TRUE(bursts_->RunOnce().ok());
    }
    if (replayed == kSteadySeconds && alerts_before_surge < 0) alerts_before_surge = BurstAlerts();
  }
  std::filesystem::remove_all(directory);
  EXPECT_EQ(replayed, kSteadySeconds + kSurgeSeconds + kAfterSeconds) << "every line, once";
  EXPECT_EQ(alerts_before_surge, 0) << "45 minutes of a steady stream is not breaking news";
  ASSERT_EQ(BurstAlerts(), 1) << "one surge, one alert, though the watch saw it for several minutes";
  std::string detail;
  ASSERT_TRUE(db().Read("detail",
                        [&](storage::Transaction& transaction) -> Status {
                          CHANCERY_ASSIGN_OR_RETURN(
                              storage::Row row,
                              transaction.QueryOne("SELECT detail FROM monitor_alerts WHERE kind = 'burst'"));
                          detail = row.Text(0);
                          return Status::Ok();
                        })
                  .ok());
  // Counted in stories: 60 in the surge (not its 180 articles), against about 6 expected in three minutes.
  const boost::json::object numbers = boost::json::parse(detail).as_object();
  EXPECT_GE(numbers.at("recent_stories").to_number<int>(), 20) << detail;
  EXPECT_LE(numbers.at("recent_stories").to_number<int>(), 66) << detail;
  EXPECT_NEAR(numbers.at("expected").to_number<double>(), 6.0, 1.5) << detail;
  EXPECT_DOUBLE_EQ(numbers.at("recent_hours").to_number<double>(), 0.05) << detail;
}

TEST_P(MonitorPipelineTest, ASurgeOfStoriesNamingACountryAlertsTheMissionCoveringIt) {
  // Stories that match no query, some of them about Japan: one an hour for fourteen hours, then twenty in half an
  // hour. Only the country's count can burst, and its alert goes to the embassy in Japan.
  const auto about_japan = [this] {
    IncomingDocument story = Story(false);
    story.title += " in Japan";
    story.text += " Officials in Tokyo said Japan would respond.";
    return story;
  };
  for (int minute = 0; minute < 14 * 60; minute += 10) {
    ASSERT_TRUE(pipeline_->Ingest(source_, {Story(false), minute % 60 == 0 ? about_japan() : Story(false)}).ok());
    clock().Advance(10 * kMinute);
    ASSERT_TRUE(bursts_->RunOnce().ok());
  }
  EXPECT_EQ(BurstAlerts(), 0) << "Japan in the news once an hour is its usual";
  for (int minute = 0; minute < 30; ++minute) {
    if (minute % 3 != 2) ASSERT_TRUE(pipeline_->Ingest(source_, {about_japan()}).ok());
    clock().Advance(kMinute);
    ASSERT_TRUE(bursts_->RunOnce().ok());
  }
  ASSERT_EQ(BurstAlerts(), 1);
  std::string detail;
  ASSERT_TRUE(db().Read("detail",
                        [&](storage::Transaction& transaction) -> Status {
                          CHANCERY_ASSIGN_OR_RETURN(
                              storage::Row row,
                              transaction.QueryOne("SELECT unit_id, country, title, query_id, detail FROM "
                                                   "monitor_alerts WHERE kind = 'burst'"));
                          EXPECT_EQ(row.Int(0), Unit("EMB-JP"));
                          EXPECT_EQ(row.Text(1), "JP");
                          EXPECT_EQ(row.Text(2), "Japan");
                          EXPECT_TRUE(row.IsNull(3)) << "no query: the country itself";
                          detail = row.Text(4);
                          return Status::Ok();
                        })
                  .ok());
  const boost::json::object numbers = boost::json::parse(detail).as_object();
  EXPECT_EQ(numbers.at("key").as_string(), "country:JP");
  // Raised as soon as the surge was clear, in its first minutes (at least 5 stories against about 1 expected).
  EXPECT_GE(numbers.at("recent_stories").to_number<int>(), 5) << detail;
  EXPECT_LE(numbers.at("recent_stories").to_number<int>(), 12) << detail;
  EXPECT_NEAR(numbers.at("expected").to_number<double>(), 1.0, 0.2) << detail;
}

TEST_P(MonitorPipelineTest, DuplicatesAreDroppedAndCopiesJoinTheirStory) {
  IncomingDocument original = Story(true);
  Result<IngestReport> first = pipeline_->Ingest(source_, {original});
  ASSERT_TRUE(first.ok()) << first.status().ToString();
  EXPECT_EQ(first->accepted, 1);
  EXPECT_EQ(first->matches, 1);
  EXPECT_EQ(first->alerts, 1);

  IncomingDocument same_key = Story(false);
  same_key.key = original.key;
  IncomingDocument same_text = original;
  same_text.key = "elsewhere";
  IncomingDocument edited = original;
  edited.key = "edited";
  edited.text += " Updated at noon.";
  Result<IngestReport> second = pipeline_->Ingest(source_, {same_key, same_text, edited});
  ASSERT_TRUE(second.ok()) << second.status().ToString();
  EXPECT_EQ(second->duplicates, 2) << "same GUID, and same text under another GUID";
  EXPECT_EQ(second->accepted, 1);
  EXPECT_EQ(second->alerts, 0) << "the edited copy is the same story: no second alert";

  // Two near-copies arriving in one batch start one story, not two.
  IncomingDocument fresh = Story(true);
  IncomingDocument fresh_copy = fresh;
  fresh_copy.key += "-b";
  fresh_copy.title += " – update";
  Result<IngestReport> batch = pipeline_->Ingest(source_, {fresh, fresh_copy});
  ASSERT_TRUE(batch.ok());
  EXPECT_EQ(batch->accepted, 2);
  EXPECT_EQ(batch->alerts, 1);
}

TEST_P(MonitorPipelineTest, ALargeBatchIsPreparedOnSeveralThreadsWithTheSameOutcome) {
  // 48 articles on four threads (12 each, taken in turn): every one prepared once and in its place, the on-topic
  // ones matched, the repeated one dropped.
  Pipeline parallel(db(), clock(), *bus_, PipelineOptions{.prepare_threads = 3});
  ASSERT_TRUE(parallel.Start().ok());
  std::vector<IncomingDocument> batch;
  for (int i = 0; i < 47; ++i) batch.push_back(Story(i % 2 == 0));
  batch.push_back(batch[10]);
  Result<IngestReport> report = parallel.Ingest(source_, batch);
  ASSERT_TRUE(report.ok()) << report.status().ToString();
  EXPECT_EQ(report->accepted, 47);
  EXPECT_EQ(report->duplicates, 1);
  EXPECT_EQ(report->matches, 24) << "the 24 on-topic stories, each once";
  int titles_in_order = 0;
  ASSERT_TRUE(db().Read("articles",
                        [&](storage::Transaction& transaction) -> Status {
                          CHANCERY_ASSIGN_OR_RETURN(
                              storage::Rows rows, transaction.Query("SELECT title FROM monitor_articles ORDER BY id"));
                          for (std::size_t i = 0; i < rows.size() && i < 47; ++i) {
                            if (rows[i].Text(0) == batch[i].title) ++titles_in_order;
                          }
                          return Status::Ok();
                        })
                  .ok());
  EXPECT_EQ(titles_in_order, 47) << "stored in the order received";
}

TEST_P(MonitorPipelineTest, AMatchTouchingACountryAlertsTheMissionCoveringIt) {
  IncomingDocument document{.key = "jp-1",
                            .title = "Flooding in Osaka",
                            .text = "Heavy rain caused flooding across western Japan; Osaka and Kyoto were hit.",
                            .language = "en"};
  Result<IngestReport> report = pipeline_->Ingest(source_, {document});
  ASSERT_TRUE(report.ok()) << report.status().ToString();
  EXPECT_EQ(report->alerts, 2) << "the query's unit, and the embassy in Japan";
  std::vector<std::pair<std::string, std::int64_t>> alerts;
  ASSERT_TRUE(db().Read("alerts",
                        [&](storage::Transaction& transaction) -> Status {
                          CHANCERY_ASSIGN_OR_RETURN(
                              storage::Rows rows,
                              transaction.Query("SELECT kind, unit_id, country FROM monitor_alerts ORDER BY id"));
                          for (const storage::Row& row : rows) alerts.emplace_back(row.Text(0), row.Int(1));
                          return Status::Ok();
                        })
                  .ok());
  const std::vector<std::pair<std::string, std::int64_t>> expected = {{"match", Unit("HQ-PRESS")},
                                                                      {"geo", Unit("EMB-JP")}};
  EXPECT_EQ(alerts, expected);
}

}  // namespace
}  // namespace chancery::monitor

namespace chancery::monitor {
namespace {

TEST_P(MonitorPipelineTest, AnUnacknowledgedHighPriorityAlertEscalatesLikeAnOverdueCable) {
  const Principal duty = Person("duty.press", "HQ-PRESS", "analyst");
  const Principal desk = Person("desk.ops", "HQ-OPS", "consular_officer");
  OnCall("HQ-PRESS", duty);
  auto topic = queries_->CreateTopic({.unit_id = Unit("HQ-PRESS"), .name = "Khẩn"}, Context());
  ASSERT_TRUE(topic.ok());
  ASSERT_TRUE(queries_
                  ->Create({.topic_id = topic->id, .name = "Sóng thần", .text = "tsunami", .priority = Priority::kHigh},
                           Context())
                  .ok());
  Result<IngestReport> report = pipeline_->Ingest(
      source_,
      {IncomingDocument{.key = "t-1", .title = "Tsunami warning", .text = "A tsunami warning was issued."},
       IncomingDocument{.key = "t-2", .title = "Second tsunami report", .text = "Another tsunami, elsewhere."}});
  ASSERT_TRUE(report.ok()) << report.status().ToString();
  ASSERT_EQ(report->alerts, 2);
  auto open = alerts_->List({.open = true, .query_id = std::nullopt}, {.actor = &duty});
  ASSERT_TRUE(open.ok());
  ASSERT_EQ(open->size(), 2u);
  // One of the two is acknowledged in time: it never escalates.
  ASSERT_TRUE(alerts_->Acknowledge(open->back().id, {.actor = &duty}).ok());

  clock().Advance(20 * kMinute);
  EXPECT_EQ(*alerts_->EscalateOnce(), 0) << "before the 30-minute deadline";
  clock().Advance(11 * kMinute);
  EXPECT_EQ(*alerts_->EscalateOnce(), 1) << "missed: the unit's duty officer, at once though it is night in Hanoi";
  EXPECT_EQ(NotificationKinds(duty), std::vector<std::string>{"monitor.alert_escalated"});
  EXPECT_TRUE(NotificationKinds(desk).empty());
  EXPECT_EQ(*alerts_->EscalateOnce(), 0) << "each step once";
  clock().Advance(31 * kMinute);
  EXPECT_EQ(*alerts_->EscalateOnce(), 1) << "still open a deadline later: the HQ watch desk";
  EXPECT_EQ(NotificationKinds(desk), std::vector<std::string>{"monitor.alert_escalated"});
  clock().Advance(60 * kMinute);
  EXPECT_EQ(*alerts_->EscalateOnce(), 0) << "two levels, then it rests with HQ";
}

TEST_P(MonitorPipelineTest, EachUnitSendsOneDigestADayToItsMembersWhoReadTheMonitor) {
  const Principal reader = Person("reader.press", "HQ-PRESS", "analyst");
  const Principal outsider = Person("viewer.press", "HQ-PRESS", "viewer");
  ASSERT_TRUE(pipeline_->Ingest(source_, {Story(true), Story(true)}).ok());
  EXPECT_EQ(*alerts_->SendDigests(), 0) << "before 07:00 UTC";
  clock().Advance(7 * 3600 * 1000 + 5 * kMinute);
  EXPECT_EQ(*alerts_->SendDigests(), 1);
  EXPECT_EQ(NotificationKinds(reader), std::vector<std::string>{"monitor.digest"});
  EXPECT_TRUE(NotificationKinds(outsider).empty()) << "a viewer does not read the monitor";
  EXPECT_EQ(*alerts_->SendDigests(), 0) << "once a day";
}

}  // namespace
}  // namespace chancery::monitor
