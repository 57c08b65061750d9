#include "server/demo_seed.hpp"

#include <sys/stat.h>

#include <fstream>

#include "core/crypto.hpp"
#include "modules/monitor/monitor_demo.hpp"

namespace chancery::server {
namespace {

struct DemoUser {
  const char* username;
  const char* display_name;
  const char* unit_code;
  const char* title;
  const char* role;
  bool include_subtree;
};

// Demo staff: one per role, across HQ and missions. Names are invented.
constexpr DemoUser kDemoUsers[] = {
    {"admin", "Quản trị hệ thống", "MOFA", "System administrator", "system_admin", true},
    {"thu.hoang", "Hoàng Minh Thu", "MOFA", "Deputy Minister", "hq_leadership", true},
    {"tuan.pham", "Phạm Anh Tuấn", "HQ-EUROPE", "Desk officer, France", "hq_desk_officer", true},
    {"lan.nguyen", "Nguyễn Thị Lan", "EMB-FR", "Ambassador", "head_of_mission", false},
    {"duc.bui", "Bùi Văn Đức", "EMB-FR", "Political officer", "viewer", false},
    {"minh.tran", "Trần Quang Minh", "CG-US-SFO", "Consul", "consular_officer", false},
    {"hoa.le", "Lê Thu Hoà", "EMB-JP", "Press attaché", "press_officer", false},
    {"mai.vu", "Vũ Ngọc Mai", "HQ-PRESS", "Media analyst", "analyst", false},
};

}  // namespace

bool IsEmpty(const App& app) { return app.unit_tree->size() == 0; }

Result<SeedReport> SeedDemo(App& app) {
  SeedReport report;
  identity::ActionContext system;  // the system acts: no principal
  CHANCERY_ASSIGN_OR_RETURN(auto imported, app.directory->ImportUnitsCsv(directory::DemoUnitsCsv(), system));
  report.units_created = imported.created;
  report.units_updated = imported.updated;

  report.credentials_file = app.config.data_dir + "/demo-credentials.txt";
  std::string lines;
  for (const auto& demo : kDemoUsers) {
    CHANCERY_ASSIGN_OR_RETURN(auto existing, app.identity->service().FindUserByUsername(demo.username));
    if (existing) continue;
    auto unit_id = app.unit_tree->IdOfCode(demo.unit_code);
    if (!unit_id) return Internal(std::string("demo unit ") + demo.unit_code + " is missing from the demo directory");
    std::string password = crypto::RandomToken(12);
    identity::NewUser user;
    user.username = demo.username;
    user.display_name = demo.display_name;
    user.unit_id = *unit_id;
    user.title = demo.title;
    user.email = std::string(demo.username) + "@demo.chancery.invalid";
    user.password = password;
    CHANCERY_ASSIGN_OR_RETURN(auto created, app.identity->service().CreateUser(user, system));
    CHANCERY_TRY(
        app.identity->service().GrantRole(created.id, demo.role, *unit_id, demo.include_subtree, system).status());
    ++report.users_created;
    lines += std::string(demo.username) + "\t" + password + "\t" + demo.role + " at " + demo.unit_code + "\n";
  }
  if (!lines.empty()) {
    std::ofstream output(report.credentials_file, std::ios::app);
    chmod(report.credentials_file.c_str(), 0600);
    output << lines;
    if (!output) return Internal("cannot write " + report.credentials_file);
  }
  return report;
}

Result<SeedReport> SeedMonitorDemo(App& app) {
  SeedReport report;
  CHANCERY_ASSIGN_OR_RETURN(monitor::DemoReport monitor, monitor::SeedDemo(*app.database, app.clock, *app.audit_log,
                                                                           *app.unit_tree, app.monitor->replay_dir()));
  report.monitor_sources = monitor.sources;
  report.monitor_queries = monitor.queries;
  if (monitor.queries > 0) CHANCERY_TRY(app.monitor->pipeline().ReloadQueries());
  return report;
}

}  // namespace chancery::server
