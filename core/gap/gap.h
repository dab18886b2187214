#pragma once
// The gap engine: the one place the rules of DESIGN.md ("Rules") for targets,
// effective levels, gaps, team coverage and the organisation summary are
// written. Pure and deterministic: plain structs in, plain structs out, the
// moment "as of" always passed in.
//
// Competences and areas are referred to by dense indices (uint32_t) into a
// table the caller provides (see read_index.h), so the inner loops compare
// integers, not strings.

#include <cstdint>
#include <functional>
#include <limits>
#include <optional>
#include <string>
#include <vector>

#include "core/model/types.h"

namespace skillpath::core {

inline constexpr Time kNever = std::numeric_limits<Time>::max();

// One assessment as the rules need it. A person's facts are kept sorted by
// (competence, assessed_at) and, for equal times, in the order recorded.
struct Fact {
  Time assessed_at = 0;
  Time expires_at = kNever;
  uint32_t competence = 0;
  int16_t level = 0;
  Source source = Source::kUnspecified;
};

// An assessment as a fact about the competence at dense index `competence`.
Fact FactOf(const Assessment& a, uint32_t competence);

// What the engine needs to know of a competence.
struct CompetenceMeta {
  int top = 1;             // top level of its scale (> 0)
  uint32_t area = 0;       // dense area index
  int32_t column = 0;      // position in team columns: area, then competence
  int32_t id_rank = 0;     // rank of the competence id in string order (tie-breaks)
};

struct Effective {
  int level = 0;
  Source source = Source::kUnspecified;
  int self_level = -1;  // the latest SELF level, -1 if none
};

// The effective level of one competence as of `as_of` from its facts in
// [begin, end) (one competence, in (assessed_at, recorded) order): the most
// recent valid validated assessment (MANAGER, EVIDENCE, CERTIFICATION) wins,
// else the most recent valid SELF one, else level 0. Valid: assessed_at <=
// as_of and not expired (expires_at > as_of).
Effective EffectiveAt(const Fact* begin, const Fact* end, Time as_of);

// A competence's merged targets over all of a person's roles (inherited
// roles included): the highest REQUIRED level and the highest weight among
// REQUIRED targets; the same for DESIRED. Weight 0 counts as 1.
struct MergedTarget {
  uint32_t competence = 0;
  int required = 0;
  double required_weight = 0;
  int desired = 0;
  double desired_weight = 0;
};

// A role as the merge needs it: competence ids already mapped to indices.
struct RoleTargets {
  std::vector<std::string> inherits;
  std::vector<std::pair<uint32_t, Target>> targets;  // (competence index, target)
};

// Merges the targets of `role_ids` and every role they inherit (each role
// counted once, unknown ids ignored). Result sorted by competence index.
std::vector<MergedTarget> MergeTargets(const std::vector<std::string>& role_ids,
                                       const std::function<const RoleTargets*(const std::string&)>& find_role);

// One line of a person's gap report.
struct GapEntry {
  uint32_t competence = 0;
  Priority priority = Priority::kRequired;
  int current = 0;
  int target = 0;
  int gap = 0;
  double weight = 1;
  double weighted_gap = 0;  // weight * gap / top
  Source source = Source::kUnspecified;
  int self_level = -1;
  bool met = false;
};

struct PersonGapResult {
  std::vector<GapEntry> entries;  // sorted: REQUIRED first, weighted gap desc, competence id
  double gap_score = 0;           // sum of weighted gaps of REQUIRED entries
  double desired_gap_score = 0;   // the same over DESIRED entries
  int required_total = 0;
  int required_met = 0;
  double required_met_ratio = 1;  // 1 when there is nothing required
};

// A person's gap report as of `as_of`. `targets` sorted by competence;
// `facts` sorted by (competence, assessed_at, recorded order). `result` is
// cleared and filled (reusing its storage). With `sort` false the entries
// stay in competence order (aggregates do not need the report order).
void ComputePersonGap(const std::vector<MergedTarget>& targets, const std::vector<Fact>& facts,
                      const std::vector<CompetenceMeta>& meta, Time as_of, PersonGapResult& result,
                      bool sort = true);

// ---------------------------------------------------------------------------
// Team view.

struct TeamMemberInput {
  const std::vector<MergedTarget>* targets;
  const std::vector<Fact>* facts;
  int32_t order = 0;  // tie-break for equal gap_score (e.g. rank of the person id)
};

struct TeamCellResult {
  int current = 0;
  int target = 0;  // 0: the member has no target for this competence
  int gap = 0;
  // The target's priority: REQUIRED when the member has one (it is the cell
  // even when met), else DESIRED; kUnspecified without a target.
  Priority priority = Priority::kUnspecified;
};

struct TeamRowResult {
  size_t member = 0;  // index into the input
  std::vector<TeamCellResult> cells;
  double gap_score = 0;
  double required_met_ratio = 1;
};

struct CoverageResult {
  uint32_t competence = 0;
  int required_count = 0;
  int met_count = 0;
  int holders = 0;
  double mean_gap = 0;
  bool single_point = false;
};

struct TeamGapResult {
  std::vector<uint32_t> columns;  // competences someone in the team has a target for
  std::vector<TeamRowResult> rows;  // by gap_score desc, then member order
  std::vector<CoverageResult> coverage;  // one per column
};

TeamGapResult ComputeTeamGap(const std::vector<TeamMemberInput>& members, const std::vector<CompetenceMeta>& meta,
                             Time as_of);

// ---------------------------------------------------------------------------
// Organisation summary.

struct AreaTotals {
  int required_total = 0;
  int required_met = 0;
  double gap_score = 0;
};

struct UnitTotals {
  int people = 0;
  int required_total = 0;
  int required_met = 0;
  double gap_score = 0;
  std::vector<AreaTotals> areas;  // indexed by area
};

struct TopGapResult {
  uint32_t competence = 0;
  int people_with_gap = 0;
  double total_weighted_gap = 0;
};

struct OrgSummaryResult {
  UnitTotals total;
  std::vector<UnitTotals> groups;  // one per group (child unit)
  std::vector<TopGapResult> top_gaps;  // largest total weighted gap first, at most top_n
};

struct OrgMemberInput {
  const std::vector<MergedTarget>* targets;
  const std::vector<Fact>* facts;
  int32_t group = -1;  // which child unit's subtree; -1: the unit itself (counts in total only)
};

OrgSummaryResult ComputeOrgSummary(const std::vector<OrgMemberInput>& members, size_t groups, size_t areas,
                                   const std::vector<CompetenceMeta>& meta, Time as_of, int top_n);

}  // namespace skillpath::core
