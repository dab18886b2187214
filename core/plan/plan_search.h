#pragma once
// Internal to core/plan/ (planner.cc, plan_search.cc): the competences a plan works on (slots),
// the resources it may use (candidates), and the exact search for the
// cheapest set of candidates in an order that works (one chain of raising
// steps per slot, chosen by branch and bound; see core/plan/planner.h).
// core/plan/planner.h is the interface.
#include <functional>
#include <set>
#include <string>
#include <tuple>
#include <unordered_map>
#include <vector>

#include "core/plan/planner.h"

namespace skillpath::core::planning {

inline constexpr double kEps = 1e-9;

// Whether the options allow the resource (mode, language).
bool Allowed(const LearningResource& r, const PlanOptions& o);

// A competence the plan works on, by slot.
struct Slot {
  const PlanGoal* goal;
  int target;  // max(required, desired if asked)
  int capped;  // the target, or what the catalogue can reach if less
  std::string cap_reason;
};

struct Candidate {
  const LearningResource* resource;
  std::vector<std::tuple<int, int, int>> outcomes;  // (slot, min_level, reaches_level)
  std::vector<int> prereqs;                         // candidate indices not completed before
  double primary = 0, secondary = 0;
};

// Levels reachable with the resources `usable` allows, applying everything
// applicable until nothing changes (levels only rise).
std::vector<int> Reachable(const std::vector<Slot>& slots, const std::vector<const LearningResource*>& catalogue,
                           const std::set<std::string>& completed, const std::function<bool(const LearningResource&)>& usable,
                           const std::unordered_map<std::string, int>& slot_of);

struct SearchResult {
  std::vector<int> best;  // candidate indices, in order
  bool optimal = true;     // false: the node budget ran out first, or not every chain was listed
  bool listed_all = true;  // false: a slot had more chains than the search lists
  long nodes = 0;
};
// The sequence of `candidates` that closes the most weighted gap (up to each
// slot's capped target), then costs the least by the options' objective,
// then by the other figure, within the options' limits and `in.node_budget`
// (search nodes counted after the first plan is found).
SearchResult FindCheapestSequence(const PlannerInput& in, std::vector<Slot> slots, std::vector<Candidate> candidates);

}  // namespace skillpath::core::planning
