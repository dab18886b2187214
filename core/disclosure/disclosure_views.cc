// The team view and organisation summary an AGGREGATE caller gets: the
// figures of core/index/gap_queries.h with what the disclosure plan withholds
// zeroed and marked.
#include "absl/strings/str_cat.h"
#include "core/disclosure/disclosure.h"
#include "core/index/gap_queries.h"
#include "core/model/errors.h"

namespace skillpath::core {
namespace {

absl::Status Withheld(const std::string& what, int k) {
  return absl::PermissionDeniedError(absl::StrCat(
      what, ": figures withheld: with the other answers this token can get they would rest on fewer than ", k,
      " people, and could point at a person"));
}

AggregateUnitTotals Shown(const DisclosurePlan& plan, const Group& g, const UnitTotals& totals) {
  AggregateUnitTotals out;
  out.figures.areas.assign(totals.areas.size(), AreaTotals{});
  out.area_shown.assign(totals.areas.size(), false);
  out.released = plan.Released(g);
  if (!out.released) return out;
  out.figures.people = totals.people;
  out.totals_shown = plan.TotalsShown(g);
  if (out.totals_shown) {
    out.figures.required_total = totals.required_total;
    out.figures.required_met = totals.required_met;
    out.figures.gap_score = totals.gap_score;
  }
  for (size_t a = 0; a < totals.areas.size(); ++a) {
    out.area_shown[a] = plan.AreaShown(g, static_cast<uint32_t>(a));
    if (out.area_shown[a]) out.figures.areas[a] = totals.areas[a];
  }
  return out;
}

}  // namespace

absl::StatusOr<AggregateTeamView> AggregateTeamGap(const IndexSnapshot& index, const DisclosurePlan& plan,
                                                   const std::string& unit_id, bool include_subunits, Time as_of) {
  ASSIGN_OR_RETURN(TeamGapQuery q, QueryTeamGap(index, unit_id, include_subunits, as_of));
  const uint32_t unit = *index.units->Find(unit_id);
  const Group g = include_subunits ? Group::Subtree(unit) : Group::Direct(unit);
  if (!plan.Released(g)) return Withheld(absl::StrCat("org unit '", unit_id, "'"), plan.min_group());
  AggregateTeamView view;
  view.columns = q.gap.columns;
  for (const CoverageResult& cov : q.gap.coverage) {
    AggregateCoverage c;
    c.figures.competence = cov.competence;
    c.shown = plan.Coverage(g, cov.competence);
    if (c.shown.required) c.figures.required_count = cov.required_count;
    if (c.shown.met) c.figures.met_count = cov.met_count;
    if (c.shown.holders) {
      c.figures.holders = cov.holders;
      c.figures.single_point = cov.single_point;
    }
    if (c.shown.mean_gap) c.figures.mean_gap = cov.mean_gap;
    view.coverage.push_back(c);
  }
  return view;
}

absl::StatusOr<AggregateOrgView> AggregateOrgSummary(const IndexSnapshot& index, const DisclosurePlan& plan,
                                                     const std::string& unit_id, int top_n, Time as_of) {
  // Every competence ranked, so that withheld ones can be left out before the cut.
  ASSIGN_OR_RETURN(OrgSummaryQuery q, QueryOrgSummary(index, unit_id, -1, as_of));
  const Group whole = q.unit ? Group::Subtree(*q.unit) : Group::Everyone();
  if (!plan.Released(whole)) {
    return Withheld(unit_id.empty() ? std::string("the organisation") : absl::StrCat("org unit '", unit_id, "'"),
                    plan.min_group());
  }
  AggregateOrgView view;
  view.unit = q.unit;
  view.groups = q.groups;
  view.total = Shown(plan, whole, q.summary.total);
  for (size_t g = 0; g < q.groups.size(); ++g) {
    view.rows.push_back(Shown(plan, Group::Subtree(q.groups[g]), q.summary.groups[g]));
  }
  for (size_t i = 0; i < q.summary.top_gaps.size(); ++i) {
    const TopGapResult& t = q.summary.top_gaps[i];
    if (!plan.MetShown(whole, t.competence)) {
      if (top_n < 0 || i < static_cast<size_t>(top_n)) view.top_gaps_incomplete = true;
      continue;
    }
    if (top_n < 0 || view.top_gaps.size() < static_cast<size_t>(top_n)) view.top_gaps.push_back(t);
  }
  return view;
}

}  // namespace skillpath::core
