#pragma once
// What a caller who may not see people (AGGREGATE: a tillitsvalgt) may see
// of the team and organisation figures (issue #10 item 3). Checking each
// answer's group size alone is not enough: GetTeamGap(it) minus its two
// sub-units is the one person placed directly in `it`. So the decision is
// made for all answers at once (complementary suppression), and the
// guarantee is about everything derivable from any set of answers.
//
// The groups an AGGREGATE caller can ask about form a laminar family (any
// two are nested or disjoint): a unit's subtree T(u) (team view with
// sub-units, organisation summary total and rows), a unit's direct members
// D(u) (team view without sub-units) and, with several roots, everyone. Of
// those groups some are released. The *class* of a released group is the
// people in it who are in no smaller released group; every person is in at
// most one class, and every released figure is a sum over whole classes.
// Because the family is laminar, each class's figures can be derived
// (a group minus its largest released sub-groups), and nothing finer can:
// the attacker's knowledge is exactly the per-class sums.
//
// The plan therefore guarantees, for threshold k (default 5):
//  1. every class has 0 or >= k people (groups are released bottom-up; a
//     group whose class would be 1..k-1 people is withheld, unless a
//     released sub-group can be withheld in its place so that the class
//     grows to >= k: a parent's figures outrank its children's);
//  2. counts are judged per kind (a competence's required_count, its
//     met_count, its holders at one bar) on *atoms*: the groups showing
//     that count form a laminar family of their own, and a group's atom is
//     its people in no smaller group showing it. What differencing can give
//     of that kind is exactly the atoms' sums, so the count and its
//     complement (people without the requirement, the unmet, non-holders)
//     must be 0 or >= k in every atom. A group whose atom would be 1..k-1
//     people withholds a figure below it first (complementary suppression:
//     the cheapest chain of shown sub-groups whose people then join its
//     atom), and only when none helps is its own figure withheld, so that
//     its atom's people join the group above. met_count is shown only where
//     required_count is, so met atoms are unions of required atoms.
//  3. area and total rows are sums over competences and groups. Each
//     (class, competence) cell lies in one *block*: the cells that are in
//     exactly the same shown figures (per-competence counts, area rows,
//     totals). Every figure is a sum over whole blocks and nothing finer
//     can be derived, so a row is shown only if every block it creates or
//     splits has 0 or >= k people with (and without) a requirement, a met
//     and an unmet one. "Area minus the competences shown" is such a block.
// Anything derivable by adding and subtracting answers is a sum over whole
// atoms and blocks, so it rests on 0 or >= k people too (the adversary in
// core/testing/disclosure_attack.h checks this on generated organisations).
//
// Not covered (docs/PRIVACY.md): answers at different as_of moments (or
// before and after a write) can be subtracted; holders of groups with
// different bars are not a count of anyone and are judged per bar;
// mean_gap has atoms of its own (the groups showing it), shown only where
// met_count is and the cells and cells with a gap are 0 or >= k in them.
//
// Pure: a snapshot and a moment in, decisions out. A plan refers to the
// snapshot's people: keep the snapshot alive while the plan is used.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "core/gap/gap.h"
#include "core/index/read_index.h"

namespace skillpath::core {

// A group an AGGREGATE caller can ask about.
struct Group {
  enum class Kind { kSubtree, kDirect, kEveryone };
  Kind kind = Kind::kSubtree;
  uint32_t unit = 0;  // unused for kEveryone

  static Group Subtree(uint32_t u) { return {Kind::kSubtree, u}; }
  static Group Direct(uint32_t u) { return {Kind::kDirect, u}; }
  static Group Everyone() { return {Kind::kEveryone, 0}; }
};

// Which of a competence's coverage figures may be shown for a group.
struct CoverageShown {
  bool required = false;  // required_count
  bool met = false;       // met_count (and so the unmet count, people_with_gap, total_weighted_gap)
  bool holders = false;   // holders and single_point
  bool mean_gap = false;
};

class DisclosurePlan {
 public:
  // The plan for the snapshot's active people as of `as_of`. `min_group`
  // is the threshold k (>= 1; 1 releases everything).
  static DisclosurePlan Make(const IndexSnapshot& index, Time as_of, int min_group);

  int min_group() const { return k_; }
  // The plan holds for every moment in [as_of, valid_until()): before then
  // no active person's assessment takes effect or expires, so the figures
  // and the decisions are the same (a cache may reuse the plan).
  Time valid_until() const { return valid_until_; }
  bool Covers(Time t) const { return t >= as_of_ && t < valid_until_; }
  // Whether the group's figures are released at all (its people count
  // among them). An unknown unit is never released.
  bool Released(const Group& g) const;
  // For a released group: which coverage figures of `competence` may be
  // shown. Holders are judged at the bar the team view counts them at for
  // this group (the highest required level in it, else the highest desired).
  CoverageShown Coverage(const Group& g, uint32_t competence) const;
  // Coverage(g, competence).met without counting holders.
  bool MetShown(const Group& g, uint32_t competence) const;
  // For a released subtree (or everyone): the area row, and the total's
  // required_total, required_met and gap_score.
  bool AreaShown(const Group& g, uint32_t area) const;
  bool TotalsShown(const Group& g) const;

 private:
  struct Member {
    const PersonState* person = nullptr;
    uint32_t unit = 0;
    PersonGapResult gap;  // entries in competence order
  };
  static constexpr uint8_t kRequiredBit = 1, kMetBit = 2, kMeanBit = 4, kHoldersBit = 8;
  int Node(const Group& g) const;
  bool Safe(int count) const { return count == 0 || count >= k_; }
  void PlanGroups();
  void PlanClasses();
  void PlanCompetences();  // core/disclosure/disclosure_counts.cc
  void PlanRows();         // core/disclosure/disclosure_rows.cc

  int k_ = 5;
  Time as_of_ = 0;
  Time valid_until_ = kNever;
  const UnitTable* units_ = nullptr;
  const CompetenceTable* competences_ = nullptr;
  size_t unit_count_ = 0;
  bool several_roots_ = false;
  std::vector<Member> members_;
  // Nodes: T(u) = u, D(u) = units + u, everyone = 2 * units.
  std::vector<int> size_;
  std::vector<int> order_;  // nodes, every sub-group before the groups holding it
  std::vector<bool> released_;
  std::vector<std::vector<int>> tops_;  // a node's largest released proper sub-groups
  std::vector<std::vector<uint32_t>> class_members_;  // per node: indices into members_
  // Per released node and competence: which coverage figures may be shown
  // (bits: required, met, mean_gap, holders).
  std::vector<std::vector<uint8_t>> level_;
  // Per node (its class) and competence: people with the requirement, and
  // with it met (PlanCompetences fills them, PlanRows reads them).
  std::vector<int> class_required_, class_met_;
  std::vector<std::vector<bool>> area_shown_;  // per node, per area
  std::vector<bool> totals_shown_;
};

// The team view an AGGREGATE caller gets: columns and coverage, each
// coverage with what of it may be shown (figures withheld are zero).
struct AggregateCoverage {
  CoverageResult figures;
  CoverageShown shown;
};
struct AggregateTeamView {
  std::vector<uint32_t> columns;
  std::vector<AggregateCoverage> coverage;
};
// NOT_FOUND for an unknown unit; PERMISSION_DENIED when the group is
// withheld (its people cannot be told apart from a smaller group).
absl::StatusOr<AggregateTeamView> AggregateTeamGap(const IndexSnapshot& index, const DisclosurePlan& plan,
                                                   const std::string& unit_id, bool include_subunits, Time as_of);

struct AggregateUnitTotals {
  bool released = false;        // false: nothing of the row may be shown (figures zero)
  bool totals_shown = false;    // required_total, required_met, gap_score
  std::vector<bool> area_shown;  // by area index
  UnitTotals figures;            // withheld figures are zero
};
struct AggregateOrgView {
  std::optional<uint32_t> unit;
  std::vector<uint32_t> groups;
  AggregateUnitTotals total;
  std::vector<AggregateUnitTotals> rows;  // one per group
  std::vector<TopGapResult> top_gaps;     // only competences whose met figures may be shown
  bool top_gaps_incomplete = false;       // some competence with a gap was left out
};
// NOT_FOUND for an unknown unit; PERMISSION_DENIED when the total is withheld.
absl::StatusOr<AggregateOrgView> AggregateOrgSummary(const IndexSnapshot& index, const DisclosurePlan& plan,
                                                     const std::string& unit_id, int top_n, Time as_of);

}  // namespace skillpath::core
