// MonitorApi: the monitor's HTTP routes under /api/v1/monitor (docs/api.md, "Monitor") and its live stream. Parses
// requests, calls the services (which decide who may do what) and serialises the results; nothing else.
//
// Thread-safety: handlers are safe to run concurrently; RegisterRoutes is called once, before serving.
#pragma once

#include "modules/monitor/alerts.hpp"
#include "modules/monitor/articles.hpp"
#include "modules/monitor/intake.hpp"
#include "modules/monitor/monitor_stream.hpp"
#include "modules/monitor/pipeline.hpp"
#include "modules/monitor/queries.hpp"
#include "modules/monitor/sources.hpp"
#include "net/router.hpp"

namespace chancery::monitor {

inline constexpr std::size_t kMaxPushDocuments = 500;
inline constexpr std::size_t kMaxPushBodyBytes = 16 * 1024 * 1024;

class MonitorApi {
 public:
  MonitorApi(SourcesService& sources, QueriesService& queries, ArticlesService& articles, AlertsService& alerts,
             Pipeline& pipeline, Intake& intake, MonitorHub& hub)
      : sources_(sources),
        queries_(queries),
        articles_(articles),
        alerts_(alerts),
        pipeline_(pipeline),
        intake_(intake),
        hub_(hub) {}

  void RegisterRoutes(net::Router& router);

 private:
  net::Response ListSources(const net::Request& request);
  net::Response CreateSource(const net::Request& request);
  net::Response GetSource(const net::Request& request);
  net::Response ReplaceSource(const net::Request& request);
  net::Response DeleteSource(const net::Request& request);
  net::Response PollSource(const net::Request& request);
  net::Response PushDocuments(const net::Request& request);
  net::Response ListTopics(const net::Request& request);
  net::Response CreateTopic(const net::Request& request);
  net::Response UpdateTopic(const net::Request& request);
  net::Response DeleteTopic(const net::Request& request);
  net::Response ListQueries(const net::Request& request);
  net::Response CreateQuery(const net::Request& request);
  net::Response GetQuery(const net::Request& request);
  net::Response ReplaceQuery(const net::Request& request);
  net::Response DeleteQuery(const net::Request& request);
  net::Response QueryVersions(const net::Request& request);
  net::Response RestoreQuery(const net::Request& request);
  net::Response TestQuery(const net::Request& request);
  net::Response ListArticles(const net::Request& request);
  net::Response GetArticle(const net::Request& request);
  net::Response Activity(const net::Request& request);
  net::Response ListAlerts(const net::Request& request);
  net::Response GetAlert(const net::Request& request);
  net::Response AcknowledgeAlert(const net::Request& request);
  net::Response AssignAlert(const net::Request& request);
  net::Response CommentAlert(const net::Request& request);

  SourcesService& sources_;
  QueriesService& queries_;
  ArticlesService& articles_;
  AlertsService& alerts_;
  Pipeline& pipeline_;
  Intake& intake_;
  MonitorHub& hub_;
};

}  // namespace chancery::monitor
