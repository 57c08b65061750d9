#include "modules/monitor/monitor_stream.hpp"

#include <spdlog/spdlog.h>

#include <boost/json/parse.hpp>
#include <boost/json/value.hpp>
#include <charconv>
#include <vector>

#include "modules/monitor/pipeline.hpp"

namespace chancery::monitor {
namespace {

namespace json = boost::json;

std::optional<std::set<std::int64_t>> ParseUnits(std::optional<std::string> text) {
  if (!text || text->empty()) return std::nullopt;
  std::set<std::int64_t> units;
  std::string_view rest = *text;
  while (!rest.empty() && units.size() < 500) {
    const std::size_t comma = rest.find(',');
    const std::string_view item = rest.substr(0, comma);
    std::int64_t id = 0;
    if (std::from_chars(item.data(), item.data() + item.size(), id).ec == std::errc()) units.insert(id);
    if (comma == std::string_view::npos) break;
    rest.remove_prefix(comma + 1);
  }
  return units;
}

class StreamHandler final : public net::WebSocketHandler {
 public:
  explicit StreamHandler(MonitorHub& hub) : hub_(hub) {}
  ~StreamHandler() override { OnClose(); }

  void OnOpen(std::shared_ptr<net::WebSocketPeer> peer, const net::Request& request) override {
    if (!request.principal) {
      peer->Close();
      return;
    }
    watcher_ = std::make_shared<MonitorHub::Watcher>(
        MonitorHub::Watcher{.peer = peer, .principal = request.principal, .units = ParseUnits(request.Query("units"))});
    hub_.Register(watcher_);
    peer->Send(R"({"type":"ready"})");
  }
  void OnMessage(std::string_view) override {}
  void OnClose() override {
    if (watcher_) hub_.Unregister(watcher_);
    watcher_.reset();
  }

 private:
  MonitorHub& hub_;
  std::shared_ptr<MonitorHub::Watcher> watcher_;
};

}  // namespace

Status MonitorHub::Start() {
  CHANCERY_ASSIGN_OR_RETURN(subscription_,
                            bus_.Subscribe(kLiveSubject, [this](const bus::Message& message) { Dispatch(message); }));
  return Status::Ok();
}

net::WebSocketFactory MonitorHub::Factory() {
  return [this] { return std::make_unique<StreamHandler>(*this); };
}

void MonitorHub::Register(const std::shared_ptr<Watcher>& watcher) {
  std::lock_guard lock(mutex_);
  watchers_.insert(watcher);
}

void MonitorHub::Unregister(const std::shared_ptr<Watcher>& watcher) {
  std::lock_guard lock(mutex_);
  watchers_.erase(watcher);
}

void MonitorHub::Dispatch(const bus::Message& message) {
  boost::system::error_code error;
  json::value event = json::parse(message.payload, error);
  if (error || !event.is_object()) return;
  const json::object& object = event.as_object();
  const json::value* unit = object.if_contains("unit_id");
  const json::value* private_to = object.if_contains("private_to");
  if (unit == nullptr || !unit->is_int64()) return;
  const std::int64_t unit_id = unit->as_int64();
  const std::optional<std::int64_t> owner =
      private_to && private_to->is_int64() ? std::optional<std::int64_t>(private_to->as_int64()) : std::nullopt;
  std::vector<std::shared_ptr<net::WebSocketPeer>> peers;
  {
    std::lock_guard lock(mutex_);
    for (const auto& watcher : watchers_) {
      if (watcher->units && !watcher->units->contains(unit_id)) continue;
      const bool allowed = owner
                               ? *owner == watcher->principal->user_id
                               : authorizer_.Allowed(*watcher->principal, identity::Permission::kMonitorRead, unit_id);
      if (allowed) peers.push_back(watcher->peer);
    }
  }
  if (peers.empty()) return;
  net::Broadcast(peers, std::make_shared<const std::string>(message.payload));
}

}  // namespace chancery::monitor
