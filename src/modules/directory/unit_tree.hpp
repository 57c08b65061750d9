// UnitTree: the org-unit tree (ministry → HQ departments and missions) cached in memory, for the authorisation
// checks (it implements UnitHierarchy) and for quick kind lookups.
//
// Contract: Load() reads the units table once at start-up; the directory module calls Reload() after every change
// it commits, so the tree reflects the database as this process last changed it. Changes made by another node
// become visible at that node's next Reload (or at restart).
//
// Thread-safety: safe for concurrent use. Readers take a shared lock; Reload builds the new tree outside the lock
// and swaps it in under an exclusive one.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <shared_mutex>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/status.hpp"
#include "core/unit_hierarchy.hpp"
#include "modules/directory/directory.hpp"
#include "storage/database.hpp"

namespace chancery::directory {

class UnitTree final : public UnitHierarchy {
 public:
  struct Node {
    std::int64_t id = 0;
    std::optional<std::int64_t> parent_id;
    UnitKind kind = UnitKind::kEmbassy;
    std::string code;
    std::string region;  // as in units.region (regions.hpp)
  };

  UnitTree() = default;
  explicit UnitTree(std::vector<Node> nodes) { Replace(std::move(nodes)); }

  static Result<std::shared_ptr<UnitTree>> Load(storage::Database& database);
  // Re-reads the units table and swaps the new tree in.
  Status Reload(storage::Database& database);
  void Replace(std::vector<Node> nodes);

  std::optional<std::int64_t> ParentOf(std::int64_t unit_id) const override;
  bool Exists(std::int64_t unit_id) const override;

  // The ministry's id; nullopt while the directory is empty.
  std::optional<std::int64_t> RootId() const;
  // The ministry itself or one of its HQ departments.
  bool IsHq(std::int64_t unit_id) const;
  std::optional<UnitKind> KindOf(std::int64_t unit_id) const;
  std::optional<std::int64_t> IdOfCode(const std::string& code) const;
  std::vector<std::int64_t> AllIds() const;
  std::vector<std::int64_t> ChildrenOf(std::int64_t unit_id) const;
  std::optional<std::string> CodeOf(std::int64_t unit_id) const;
  // The missions abroad (embassies, consulates, permanent missions), of one region or (empty) all, by id.
  std::vector<std::int64_t> Missions(std::string_view region = {}) const;
  std::size_t size() const;

 private:
  static Result<std::vector<Node>> ReadNodes(storage::Database& database);

  mutable std::shared_mutex mutex_;
  std::unordered_map<std::int64_t, Node> nodes_;
  std::unordered_map<std::string, std::int64_t> ids_by_code_;
  std::optional<std::int64_t> root_id_;
};

}  // namespace chancery::directory
