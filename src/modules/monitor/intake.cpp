#include "modules/monitor/intake.hpp"

#include <spdlog/spdlog.h>

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include "core/clock.hpp"
#include "modules/monitor/poller.hpp"

namespace chancery::monitor {
namespace {

namespace json = boost::json;

json::object DocumentToJson(const IncomingDocument& document) {
  json::object object{{"id", document.key},         {"title", document.title},   {"url", document.link},
                      {"text", document.text},      {"author", document.author}, {"language", document.language},
                      {"country", document.country}};
  if (document.published_ms) object["published"] = FormatIsoTime(*document.published_ms);
  return object;
}

}  // namespace

Result<IngestReport> Intake::Submit(const Source& source, std::vector<IncomingDocument> documents) {
  if (!bus_.durable()) return pipeline_.Ingest(source, std::move(documents));
  IngestReport report{.received = static_cast<int>(documents.size()), .queued = true};
  json::array chunk;
  std::size_t bytes = 0;
  const auto flush = [&]() -> Status {
    if (chunk.empty()) return Status::Ok();
    std::string payload = json::serialize(json::object{{"source_id", source.id}, {"documents", std::move(chunk)}});
    chunk = json::array();
    bytes = 0;
    return bus_.Publish(kIngestSubject, std::move(payload));
  };
  for (const IncomingDocument& document : documents) {
    json::object object = DocumentToJson(document);
    const std::size_t size = json::serialize(object).size();
    if (!chunk.empty() && bytes + size > kMaxIngestMessageBytes) CHANCERY_TRY(flush());
    bytes += size;
    chunk.push_back(std::move(object));
  }
  CHANCERY_TRY(flush());
  return report;
}

Status Intake::StartConsuming() {
  if (!bus_.durable() || consumer_.active()) return Status::Ok();
  CHANCERY_ASSIGN_OR_RETURN(consumer_,
                            bus_.SubscribeShared(kIngestSubject, "monitor-ingest",
                                                 [this](const bus::Message& message) { return Consume(message); }));
  return Status::Ok();
}

bool Intake::Consume(const bus::Message& message) {
  boost::system::error_code error;
  json::value parsed = json::parse(message.payload, error);
  const json::object* object = error ? nullptr : parsed.if_object();
  const json::value* source_id = object ? object->if_contains("source_id") : nullptr;
  const json::value* documents = object ? object->if_contains("documents") : nullptr;
  if (source_id == nullptr || !source_id->is_int64() || documents == nullptr || !documents->is_array()) {
    spdlog::error("monitor: dropping a malformed ingestion message");
    return true;  // redelivering it would not make it better
  }
  Result<std::optional<Source>> source = find_source_(source_id->as_int64());
  if (!source.ok()) return false;  // the database is unwell: later
  if (!*source) return true;       // the source was deleted meanwhile
  std::vector<IncomingDocument> batch;
  for (const json::value& item : documents->as_array()) {
    Result<IncomingDocument> document = DocumentFromJson(json::serialize(item));
    if (document.ok()) batch.push_back(std::move(*document));
  }
  Result<IngestReport> report = pipeline_.Ingest(**source, std::move(batch));
  if (!report.ok()) {
    spdlog::warn("monitor: ingesting from the stream (will be redelivered): {}", report.status().ToString());
    return false;
  }
  return true;
}

}  // namespace chancery::monitor
