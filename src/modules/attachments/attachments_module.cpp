#include "modules/attachments/attachments_module.hpp"

#include <spdlog/spdlog.h>

namespace chancery::attachments {

void AttachmentsModule::StartPurge(std::chrono::milliseconds interval) {
  purge_worker_ = std::make_unique<PeriodicTask>("attachments-purge", interval, [this] {
    Result<std::int64_t> purged = service_.PurgePending();
    if (!purged.ok()) {
      spdlog::warn("attachments: purging unclaimed uploads: {}", purged.status().ToString());
    } else if (*purged > 0) {
      spdlog::info("attachments: purged {} uploads nobody attached", *purged);
    }
  });
}

}  // namespace chancery::attachments
