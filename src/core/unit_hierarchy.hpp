// UnitHierarchy: the parent links of the org-unit tree (ministry → HQ departments and missions), as the
// authorisation checks need them. The directory module implements it over its cached tree.
//
// Thread-safety: implementations are safe for concurrent use.
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

namespace chancery {

class UnitHierarchy {
 public:
  virtual ~UnitHierarchy() = default;
  // The parent of `unit_id`; nullopt for the root or an unknown unit.
  virtual std::optional<std::int64_t> ParentOf(std::int64_t unit_id) const = 0;
  virtual bool Exists(std::int64_t unit_id) const = 0;
  // `unit_id` followed by its ancestors up to the root.
  std::vector<std::int64_t> SelfAndAncestors(std::int64_t unit_id) const {
    std::vector<std::int64_t> chain;
    std::optional<std::int64_t> current = unit_id;
    while (current && chain.size() < 64) {
      chain.push_back(*current);
      current = ParentOf(*current);
    }
    return chain;
  }
};

}  // namespace chancery
