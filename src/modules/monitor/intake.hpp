// Intake: where documents from every source enter the monitor.
//
// On one node (the in-process bus) a batch goes straight into the pipeline: Submit returns once it is committed.
// With NATS (a durable bus) a batch is published on `monitor.ingest` in the JetStream stream (in messages of at most
// kMaxIngestMessageBytes) and Submit returns once the cluster has stored it; every node that consumes (monitor.enabled)
// is a member of one durable consumer group, so the nodes share the matching, and a message is redelivered until a
// node has committed it (the pipeline drops what it already has, so a redelivery is harmless). Either way nothing
// acknowledged to a source is lost.
//
// Thread-safety: Submit may be called from any thread.
#pragma once

#include <cstdint>
#include <functional>
#include <vector>

#include "bus/bus.hpp"
#include "core/status.hpp"
#include "modules/monitor/monitor.hpp"
#include "modules/monitor/pipeline.hpp"

namespace chancery::monitor {

inline constexpr const char* kIngestSubject = "monitor.ingest";
inline constexpr std::size_t kMaxIngestMessageBytes = 512 * 1024;

class Intake {
 public:
  // `find_source` answers the consumers' question "which source is id N" (nullopt: deleted since).
  Intake(Pipeline& pipeline, bus::Bus& bus,
         std::function<Result<std::optional<Source>>(std::int64_t source_id)> find_source)
      : pipeline_(pipeline), bus_(bus), find_source_(std::move(find_source)) {}

  // The report of the committed batch, or (durable bus) one with `queued` set and only `received` counted.
  Result<IngestReport> Submit(const Source& source, std::vector<IncomingDocument> documents);
  // Joins the consumer group (durable bus only; otherwise nothing to do).
  Status StartConsuming();
  bool queued() const { return bus_.durable(); }

 private:
  bool Consume(const bus::Message& message);

  Pipeline& pipeline_;
  bus::Bus& bus_;
  std::function<Result<std::optional<Source>>(std::int64_t)> find_source_;
  bus::Subscription consumer_;
};

}  // namespace chancery::monitor
