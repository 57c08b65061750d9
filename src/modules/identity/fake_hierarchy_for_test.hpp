// A fixed unit tree for identity tests:
//
//   1 ministry (root, HQ)
//   ├── 2 consular department (HQ)
//   ├── 10 embassy in Paris (mission)
//   │     └── 11 consulate in Marseille (mission)
//   └── 20 embassy in Tokyo (mission)
//
// Thread-safety: immutable; safe for concurrent use.
#pragma once

#include <map>
#include <memory>

#include "core/principal.hpp"
#include "core/unit_hierarchy.hpp"

namespace chancery::identity::testing {

inline constexpr std::int64_t kRoot = 1;
inline constexpr std::int64_t kConsularDepartment = 2;
inline constexpr std::int64_t kParis = 10;
inline constexpr std::int64_t kMarseille = 11;
inline constexpr std::int64_t kTokyo = 20;

class FakeHierarchy final : public UnitHierarchy {
 public:
  std::optional<std::int64_t> ParentOf(std::int64_t unit_id) const override {
    const auto found = parents_.find(unit_id);
    if (found == parents_.end() || found->second == 0) return std::nullopt;
    return found->second;
  }
  bool Exists(std::int64_t unit_id) const override { return parents_.contains(unit_id); }

 private:
  const std::map<std::int64_t, std::int64_t> parents_ = {
      {kRoot, 0}, {kConsularDepartment, kRoot}, {kParis, kRoot}, {kMarseille, kParis}, {kTokyo, kRoot}};
};

inline std::shared_ptr<const UnitHierarchy> MakeFakeHierarchy() { return std::make_shared<FakeHierarchy>(); }

// HQ: the root and the consular department.
inline bool IsFakeHqUnit(std::int64_t unit_id) { return unit_id == kRoot || unit_id == kConsularDepartment; }

inline Principal PrincipalWith(std::int64_t user_id, std::vector<RoleGrant> grants) {
  Principal principal;
  principal.user_id = user_id;
  principal.username = "user" + std::to_string(user_id);
  principal.grants = std::move(grants);
  return principal;
}

}  // namespace chancery::identity::testing
