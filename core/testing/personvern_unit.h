#pragma once
// The smallest organisation core's plan tests start from: framework "fw"
// with one competence "c1" (Personvern) on a scale of two levels, unit "u",
// role "r" that needs c1 at 2 (REQUIRED), and the given people in u with r.
// A test adds its catalogue and builds the snapshot.
#include <string>
#include <vector>

#include "core/index/read_index.h"

namespace skillpath::core::testing {

inline void AddPersonvernUnit(IndexBuilder& b, const std::vector<std::string>& people) {
  Framework f;
  f.id = "fw";
  f.name = "FW";
  f.scale.levels = {{1, "1", ""}, {2, "2", ""}};
  f.areas = {{"a", "A", "", {{"c1", "", "Personvern", "", {}}}}};
  b.SetFrameworks({f});
  b.SetUnits({{"u", "", "U"}});
  b.SetRoles({Role{"r", "R", "", {}, {{"c1", 2, Priority::kRequired, 1}}}});
  for (const std::string& id : people) b.UpsertPerson({id, id, "", "u", {"r"}, {}, true});
}

}  // namespace skillpath::core::testing
