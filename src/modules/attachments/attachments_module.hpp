// AttachmentsModule: wires attachments (service, upload routes) and owns the worker that purges uploads nobody
// attached, which the server starts with StartPurge() and which stops with the module.
//
// Thread-safety: build once at start-up; RegisterRoutes before serving; service() is safe for concurrent use.
#pragma once

#include <chrono>
#include <memory>

#include "core/clock.hpp"
#include "core/crypto.hpp"
#include "core/periodic_task.hpp"
#include "modules/attachments/attachments_api.hpp"
#include "modules/attachments/attachments_service.hpp"
#include "modules/audit/audit.hpp"
#include "net/router.hpp"
#include "storage/database.hpp"

namespace chancery::attachments {

class AttachmentsModule {
 public:
  AttachmentsModule(storage::Database& database, const Clock& clock, audit::AuditLog& audit,
                    const crypto::FieldCipher& cipher, AttachmentOptions options)
      : service_(database, clock, audit, cipher, options), api_(service_) {}
  ~AttachmentsModule() { purge_worker_.reset(); }

  void RegisterRoutes(net::Router& router) { api_.RegisterRoutes(router); }
  AttachmentsService& service() { return service_; }
  void StartPurge(std::chrono::milliseconds interval = std::chrono::minutes(10));

 private:
  AttachmentsService service_;
  AttachmentsApi api_;
  std::unique_ptr<PeriodicTask> purge_worker_;
};

}  // namespace chancery::attachments
