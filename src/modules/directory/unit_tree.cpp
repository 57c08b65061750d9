#include "modules/directory/unit_tree.hpp"

#include <algorithm>
#include <mutex>

namespace chancery::directory {

Result<std::vector<UnitTree::Node>> UnitTree::ReadNodes(storage::Database& database) {
  std::vector<Node> nodes;
  Status status = database.Read("directory.load_tree", [&](storage::Transaction& transaction) -> Status {
    CHANCERY_ASSIGN_OR_RETURN(storage::Rows rows,
                              transaction.Query("SELECT id, parent_id, kind, code, region FROM units ORDER BY id"));
    nodes.reserve(rows.size());
    for (const storage::Row& row : rows) {
      std::optional<UnitKind> kind = ParseUnitKind(row.Text(2));
      if (!kind) return Internal("unit " + row.Text(3) + " has an unknown kind '" + row.Text(2) + "'");
      nodes.push_back(Node{row.Int(0), row.OptionalInt(1), *kind, row.Text(3), row.Text(4)});
    }
    return Status::Ok();
  });
  if (!status.ok()) return status;
  return nodes;
}

Result<std::shared_ptr<UnitTree>> UnitTree::Load(storage::Database& database) {
  CHANCERY_ASSIGN_OR_RETURN(std::vector<Node> nodes, ReadNodes(database));
  return std::make_shared<UnitTree>(std::move(nodes));
}

Status UnitTree::Reload(storage::Database& database) {
  CHANCERY_ASSIGN_OR_RETURN(std::vector<Node> nodes, ReadNodes(database));
  Replace(std::move(nodes));
  return Status::Ok();
}

void UnitTree::Replace(std::vector<Node> nodes) {
  std::unordered_map<std::int64_t, Node> by_id;
  std::unordered_map<std::string, std::int64_t> by_code;
  std::optional<std::int64_t> root;
  for (Node& node : nodes) {
    if (node.kind == UnitKind::kMinistry && !node.parent_id) root = node.id;
    by_code.emplace(node.code, node.id);
    const std::int64_t id = node.id;
    by_id.emplace(id, std::move(node));
  }
  std::unique_lock lock(mutex_);
  nodes_.swap(by_id);
  ids_by_code_.swap(by_code);
  root_id_ = root;
}

std::optional<std::int64_t> UnitTree::ParentOf(std::int64_t unit_id) const {
  std::shared_lock lock(mutex_);
  auto found = nodes_.find(unit_id);
  if (found == nodes_.end()) return std::nullopt;
  return found->second.parent_id;
}

bool UnitTree::Exists(std::int64_t unit_id) const {
  std::shared_lock lock(mutex_);
  return nodes_.contains(unit_id);
}

std::optional<std::int64_t> UnitTree::RootId() const {
  std::shared_lock lock(mutex_);
  return root_id_;
}

bool UnitTree::IsHq(std::int64_t unit_id) const {
  std::optional<UnitKind> kind = KindOf(unit_id);
  return kind == UnitKind::kMinistry || kind == UnitKind::kHqDepartment;
}

std::optional<UnitKind> UnitTree::KindOf(std::int64_t unit_id) const {
  std::shared_lock lock(mutex_);
  auto found = nodes_.find(unit_id);
  if (found == nodes_.end()) return std::nullopt;
  return found->second.kind;
}

std::optional<std::int64_t> UnitTree::IdOfCode(const std::string& code) const {
  std::shared_lock lock(mutex_);
  auto found = ids_by_code_.find(code);
  if (found == ids_by_code_.end()) return std::nullopt;
  return found->second;
}

std::vector<std::int64_t> UnitTree::AllIds() const {
  std::shared_lock lock(mutex_);
  std::vector<std::int64_t> ids;
  ids.reserve(nodes_.size());
  for (const auto& [id, node] : nodes_) ids.push_back(id);
  std::sort(ids.begin(), ids.end());
  return ids;
}

std::vector<std::int64_t> UnitTree::ChildrenOf(std::int64_t unit_id) const {
  std::shared_lock lock(mutex_);
  std::vector<std::int64_t> children;
  for (const auto& [id, node] : nodes_) {
    if (node.parent_id == unit_id) children.push_back(id);
  }
  std::sort(children.begin(), children.end());
  return children;
}

std::optional<std::string> UnitTree::CodeOf(std::int64_t unit_id) const {
  std::shared_lock lock(mutex_);
  auto found = nodes_.find(unit_id);
  if (found == nodes_.end()) return std::nullopt;
  return found->second.code;
}

std::vector<std::int64_t> UnitTree::Missions(std::string_view region) const {
  std::shared_lock lock(mutex_);
  std::vector<std::int64_t> ids;
  for (const auto& [id, node] : nodes_) {
    if (IsMission(node.kind) && (region.empty() || node.region == region)) ids.push_back(id);
  }
  std::sort(ids.begin(), ids.end());
  return ids;
}

std::size_t UnitTree::size() const {
  std::shared_lock lock(mutex_);
  return nodes_.size();
}

}  // namespace chancery::directory
