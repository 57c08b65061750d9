#include "bus/nats_bus.hpp"

#include <nats/nats.h>
#include <spdlog/spdlog.h>

#include <mutex>
#include <thread>

namespace chancery::bus {
namespace {

std::string Describe(natsStatus status, jsErrCode code = static_cast<jsErrCode>(0)) {
  std::string text = natsStatus_GetText(status);
  if (code != 0) text += " (JetStream error " + std::to_string(static_cast<int>(code)) + ")";
  const char* last = nats_GetLastError(nullptr);
  if (last != nullptr && *last != '\0') text += ": " + std::string(last);
  return text;
}

// What a libnats callback needs; freed when the subscription ends. The recursive mutex makes Unsubscribe wait for
// a running callback, yet lets a callback unsubscribe itself.
struct Listener {
  MessageCallback callback;
  std::recursive_mutex mutex;
  bool active = true;
};

void OnMessage(natsConnection*, natsSubscription*, natsMsg* raw, void* closure) {
  auto* listener = static_cast<Listener*>(closure);
  Message message{natsMsg_GetSubject(raw), std::string(natsMsg_GetData(raw), natsMsg_GetDataLength(raw))};
  natsMsg_Destroy(raw);
  std::lock_guard lock(listener->mutex);
  if (!listener->active) return;
  try {
    listener->callback(message);
  } catch (const std::exception& error) {
    spdlog::error("bus subscriber failed on {}: {}", message.subject, error.what());
  }
}

// A shared subscription's callback: the message is acknowledged when done, else negatively (redelivered).
struct WorkListener {
  WorkCallback callback;
  std::recursive_mutex mutex;
  bool active = true;
};

void OnWork(natsConnection*, natsSubscription*, natsMsg* raw, void* closure) {
  auto* listener = static_cast<WorkListener*>(closure);
  Message message{natsMsg_GetSubject(raw), std::string(natsMsg_GetData(raw), natsMsg_GetDataLength(raw))};
  bool done = false;
  {
    std::lock_guard lock(listener->mutex);
    if (listener->active) {
      try {
        done = listener->callback(message);
      } catch (const std::exception& error) {
        spdlog::error("bus worker failed on {}: {}", message.subject, error.what());
      }
    }
  }
  if (done) {
    natsMsg_Ack(raw, nullptr);
  } else {
    natsMsg_Nak(raw, nullptr);
  }
  natsMsg_Destroy(raw);
}

class NatsBus final : public Bus {
 public:
  ~NatsBus() override {
    if (js_ != nullptr) jsCtx_Destroy(js_);
    if (connection_ != nullptr) natsConnection_Destroy(connection_);
  }

  Status Connect(const NatsBusOptions& options) {
    natsOptions* raw = nullptr;
    if (natsOptions_Create(&raw) != NATS_OK) return Internal("cannot create NATS options");
    std::unique_ptr<natsOptions, decltype(&natsOptions_Destroy)> nats_options(raw, &natsOptions_Destroy);
    std::vector<const char*> servers;
    for (const std::string& server : options.servers) servers.push_back(server.c_str());
    natsOptions_SetServers(raw, servers.data(), static_cast<int>(servers.size()));
    natsOptions_SetMaxReconnect(raw, -1);  // forever: the cluster comes back, the node must not give up
    natsOptions_SetReconnectWait(raw, 250);
    natsOptions_SetName(raw, "chancery");
    const auto deadline = std::chrono::steady_clock::now() + options.connect_timeout;
    natsStatus status = NATS_OK;
    do {
      status = natsConnection_Connect(&connection_, raw);
      if (status == NATS_OK) break;
      std::this_thread::sleep_for(std::chrono::milliseconds(250));
    } while (std::chrono::steady_clock::now() < deadline);
    if (status != NATS_OK) return Unavailable("cannot connect to NATS: " + Describe(status));
    if ((status = natsConnection_JetStream(&js_, connection_, nullptr)) != NATS_OK) {
      return Unavailable("cannot open JetStream: " + Describe(status));
    }
    // The stream, created if missing; a new cluster answers only once it has elected a leader.
    std::vector<const char*> subjects;
    for (const std::string& subject : options.subjects) subjects.push_back(subject.c_str());
    jsStreamConfig config;
    jsStreamConfig_Init(&config);
    config.Name = options.stream.c_str();
    config.Subjects = subjects.data();
    config.SubjectsLen = static_cast<int>(subjects.size());
    config.Storage = js_FileStorage;
    config.Replicas = options.replicas;
    config.MaxAge = std::chrono::duration_cast<std::chrono::nanoseconds>(options.max_age).count();
    jsErrCode code = static_cast<jsErrCode>(0);
    do {
      jsStreamInfo* info = nullptr;
      status = js_GetStreamInfo(&info, js_, options.stream.c_str(), nullptr, &code);
      if (status == NATS_OK) {
        // A stream made by an older version may lack subjects added since (e.g. "monitor.>"): widen it.
        bool complete = true;
        for (const std::string& wanted : options.subjects) {
          bool found = false;
          for (int i = 0; i < info->Config->SubjectsLen; ++i) found = found || wanted == info->Config->Subjects[i];
          complete = complete && found;
        }
        jsStreamInfo_Destroy(info);
        if (complete) return Status::Ok();
        jsStreamInfo* updated = nullptr;
        status = js_UpdateStream(&updated, js_, &config, nullptr, &code);
        if (status == NATS_OK) {
          jsStreamInfo_Destroy(updated);
          return Status::Ok();
        }
        return Unavailable("cannot add subjects to the JetStream stream " + options.stream + ": " +
                           Describe(status, code));
      }
      status = js_AddStream(&info, js_, &config, nullptr, &code);
      if (status == NATS_OK) {
        jsStreamInfo_Destroy(info);
        return Status::Ok();
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(250));
    } while (std::chrono::steady_clock::now() < deadline);
    return Unavailable("cannot create the JetStream stream " + options.stream + ": " + Describe(status, code));
  }

  Status Publish(std::string subject, std::string payload) override {
    if (!IsValidSubject(subject)) return InvalidArgument("malformed subject '" + subject + "'");
    jsErrCode code = static_cast<jsErrCode>(0);
    natsStatus status =
        js_Publish(nullptr, js_, subject.c_str(), payload.data(), static_cast<int>(payload.size()), nullptr, &code);
    if (status != NATS_OK) return Unavailable("NATS publish failed: " + Describe(status, code));
    return Status::Ok();
  }

  Result<Subscription> Subscribe(std::string pattern, MessageCallback callback) override {
    if (!IsValidPattern(pattern)) return InvalidArgument("malformed pattern '" + pattern + "'");
    // Owned by libnats from here: freed by the subscription's completion callback, after its last delivery.
    auto* listener = new Listener();
    listener->callback = std::move(callback);
    jsSubOptions options;
    jsSubOptions_Init(&options);
    options.Config.DeliverPolicy = js_DeliverNew;
    options.Config.AckPolicy = js_AckNone;
    natsSubscription* subscription = nullptr;
    jsErrCode code = static_cast<jsErrCode>(0);
    natsStatus status =
        js_Subscribe(&subscription, js_, pattern.c_str(), &OnMessage, listener, nullptr, &options, &code);
    if (status != NATS_OK) {
      delete listener;
      return Unavailable("NATS subscribe failed: " + Describe(status, code));
    }
    natsSubscription_SetOnCompleteCB(
        subscription, [](void* closure) { delete static_cast<Listener*>(closure); }, listener);
    return Subscription([subscription, listener] {
      {
        std::lock_guard lock(listener->mutex);
        listener->active = false;
      }
      natsSubscription_Unsubscribe(subscription);
      natsSubscription_Destroy(subscription);
    });
  }

  Result<Subscription> SubscribeShared(std::string pattern, std::string group, WorkCallback callback) override {
    if (!IsValidPattern(pattern)) return InvalidArgument("malformed pattern '" + pattern + "'");
    if (group.empty() || group.find_first_of(". *>") != std::string::npos) {
      return InvalidArgument("a shared subscription's group is letters, digits, '-' and '_'");
    }
    auto* listener = new WorkListener();
    listener->callback = std::move(callback);
    jsSubOptions options;
    jsSubOptions_Init(&options);
    options.Queue = group.c_str();
    options.ManualAck = true;
    options.Config.Durable = group.c_str();
    options.Config.DeliverPolicy = js_DeliverNew;  // when the group is first created; then from where it stands
    options.Config.AckPolicy = js_AckExplicit;
    options.Config.AckWait = std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::minutes(2)).count();
    options.Config.MaxAckPending = 2000;
    natsSubscription* subscription = nullptr;
    jsErrCode code = static_cast<jsErrCode>(0);
    natsStatus status = js_Subscribe(&subscription, js_, pattern.c_str(), &OnWork, listener, nullptr, &options, &code);
    if (status != NATS_OK) {
      delete listener;
      return Unavailable("NATS subscribe failed: " + Describe(status, code));
    }
    natsSubscription_SetOnCompleteCB(
        subscription, [](void* closure) { delete static_cast<WorkListener*>(closure); }, listener);
    return Subscription([subscription, listener] {
      {
        std::lock_guard lock(listener->mutex);
        listener->active = false;
      }
      // Destroy, not Unsubscribe: the durable consumer stays for the other members and for this node's restart.
      natsSubscription_Destroy(subscription);
    });
  }

  bool durable() const override { return true; }

 private:
  natsConnection* connection_ = nullptr;
  jsCtx* js_ = nullptr;
};

}  // namespace

Result<std::unique_ptr<Bus>> MakeNatsBus(const NatsBusOptions& options) {
  if (options.servers.empty()) return InvalidArgument("bus.nats_servers: name at least one NATS server");
  auto bus = std::make_unique<NatsBus>();
  CHANCERY_TRY(bus->Connect(options));
  return std::unique_ptr<Bus>(std::move(bus));
}

}  // namespace chancery::bus
