#pragma once
// Gap queries on a read-index snapshot: find the person or unit, pick the
// members, run the gap engine. What GapService serves and what the
// benchmarks time. Pure: the snapshot and the moment are passed in.

#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "core/gap/gap.h"
#include "core/index/read_index.h"
#include "core/model/plan_types.h"

namespace skillpath::core {

// A person's gap report from the snapshot (their merged targets and facts).
void ComputeGapOf(const IndexSnapshot& index, const PersonState& person, Time as_of, PersonGapResult& gap);

// Fills `gap` (reusing its storage) and returns the person; NOT_FOUND for
// an unknown person.
absl::StatusOr<const PersonState*> QueryPersonGap(const IndexSnapshot& index, const std::string& person_id,
                                                  Time as_of, PersonGapResult& gap);

struct TeamGapQuery {
  std::vector<const PersonState*> people;  // in id order; rows refer to them
  TeamGapResult gap;
};
// Active people of the unit (and its sub-units when `include_subunits`).
// NOT_FOUND for an unknown unit.
absl::StatusOr<TeamGapQuery> QueryTeamGap(const IndexSnapshot& index, const std::string& unit_id,
                                          bool include_subunits, Time as_of);

struct OrgSummaryQuery {
  std::optional<uint32_t> unit;  // none: the whole organisation with several roots
  std::vector<uint32_t> groups;  // child units (or the roots), one per summary group
  OrgSummaryResult summary;
};
// Empty `unit_id`: the single root, or every root when there are several.
absl::StatusOr<OrgSummaryQuery> QueryOrgSummary(const IndexSnapshot& index, const std::string& unit_id, int top_n,
                                                Time as_of);

// A competence with a target whose validated level lapsed: the most
// recent MANAGER, EVIDENCE or CERTIFICATION assessment up to the moment
// has expired by then, so it no longer counts until someone rates it again
// (a manager's inbox, issue #15).
struct ExpiredRating {
  uint32_t competence = 0;
  const Fact* fact = nullptr;  // the expired assessment, in the person's facts
};
// For `person` with `gap` (ComputeGapOf at `as_of`), in competence order.
std::vector<ExpiredRating> ExpiredRatingsOf(const PersonState& person, const PersonGapResult& gap, Time as_of);

// What the planner should close for a person: one goal per competence with
// a target, from their gap report, named and with the roles that need it.
std::vector<PlanGoal> PlanGoalsFor(const IndexSnapshot& index, const PersonState& person, const PersonGapResult& gap);

}  // namespace skillpath::core
