#include "modules/directory/directory_module.hpp"

namespace chancery::directory {

DirectoryModule::DirectoryModule(storage::Database& database, const Clock& clock, audit::AuditLog& audit,
                                 const identity::Authorizer& authorizer, identity::IdentityService& identity,
                                 std::shared_ptr<UnitTree> tree)
    : service_(database, clock, audit, identity, tree), api_(service_, authorizer, tree) {}

void DirectoryModule::RegisterRoutes(net::Router& router) { api_.RegisterRoutes(router); }

Result<ImportReport> DirectoryModule::ImportUnitsCsv(std::string_view csv, const identity::ActionContext& context) {
  CHANCERY_ASSIGN_OR_RETURN(ImportReport report, service_.ImportCsv(csv, ImportMode::kAllOrNothing, context));
  if (report.committed) return report;
  std::string message = "the units CSV was not imported:";
  constexpr std::size_t kShown = 5;
  for (std::size_t index = 0; index < report.errors.size() && index < kShown; ++index) {
    message += " line " + std::to_string(report.errors[index].line) + ": " + report.errors[index].message + ";";
  }
  if (report.errors.size() > kShown) message += " and " + std::to_string(report.errors.size() - kShown) + " more";
  return InvalidArgument(std::move(message));
}

}  // namespace chancery::directory
