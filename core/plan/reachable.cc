// What the catalogue allows and can reach at all (core/plan/plan_search.h):
// the options' filter, and the levels reachable by applying everything
// applicable until nothing changes, a relaxation the planner caps its
// targets with.
#include <unordered_set>

#include "core/plan/plan_search.h"

namespace skillpath::core::planning {

bool Allowed(const LearningResource& r, const PlanOptions& o) {
  if (!o.modes.empty() && std::find(o.modes.begin(), o.modes.end(), r.mode) == o.modes.end()) return false;
  if (!o.language.empty() && !r.language.empty() && r.language != o.language) return false;
  return true;
}

// Levels reachable with the resources `usable` allows, applying everything
// applicable until nothing changes (levels only rise).
std::vector<int> Reachable(const std::vector<Slot>& slots, const std::vector<const LearningResource*>& catalogue,
                           const std::set<std::string>& completed, const std::function<bool(const LearningResource&)>& usable,
                           const std::unordered_map<std::string, int>& slot_of) {
  std::vector<int> level;
  for (const Slot& s : slots) level.push_back(s.goal->start);
  std::unordered_set<std::string> done(completed.begin(), completed.end());
  // A resource counts again on a later pass: the level another one raised
  // may now meet its min_level (a relaxation: no resource is used twice in
  // a plan, but one used late sees the higher level).
  bool changed = true;
  while (changed) {
    changed = false;
    for (const LearningResource* rp : catalogue) {
      const LearningResource& r = *rp;
      // A completed resource's levels are in the start already; it counts
      // only as a prerequisite (done holds it from the beginning).
      if (completed.count(r.id) || !usable(r)) continue;
      bool ready = true;
      for (const std::string& p : r.prerequisite_ids) ready &= done.count(p) > 0;
      if (!ready) continue;
      changed |= done.insert(r.id).second;
      for (const Outcome& o : r.outcomes) {
        auto it = slot_of.find(o.competence_id);
        if (it == slot_of.end()) continue;
        int& l = level[it->second];
        if (l >= o.min_level && o.reaches_level > l) {
          l = o.reaches_level;
          changed = true;
        }
      }
    }
  }
  return level;
}

}  // namespace skillpath::core::planning
