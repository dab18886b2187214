#include "api/convert/gap_convert.h"

namespace skillpath::services {

void ToProto(const core::PersonGapResult& result, const core::PersonState& person,
             const core::CompetenceTable& competences, v1::PersonGap* out) {
  out->set_person_id(person.id);
  for (const core::GapEntry& e : result.entries) {
    v1::CompetenceGap* g = out->add_gaps();
    g->set_competence_id(competences.ids[e.competence]);
    g->set_area_id(competences.area_ids[e.competence]);
    g->set_current_level(e.current);
    g->set_target_level(e.target);
    g->set_gap(e.gap);
    g->set_priority(static_cast<v1::Priority>(e.priority));
    g->set_weight(e.weight);
    g->set_current_source(static_cast<v1::AssessmentSource>(e.source));
    g->set_self_level(e.self_level);
    g->set_met(e.met);
  }
  out->set_gap_score(result.gap_score);
  out->set_desired_gap_score(result.desired_gap_score);
  out->set_required_total(result.required_total);
  out->set_required_met(result.required_met);
  out->set_required_met_ratio(result.required_met_ratio);
}

void ToProto(const core::TeamRowResult& row, const core::PersonState& person, v1::TeamRow* out) {
  out->set_person_id(person.id);
  out->set_name(person.name);
  for (const core::TeamCellResult& cell : row.cells) {
    v1::TeamCell* c = out->add_cells();
    c->set_current_level(cell.current);
    c->set_target_level(cell.target);
    c->set_gap(cell.gap);
    c->set_priority(static_cast<v1::Priority>(cell.priority));
  }
  out->set_gap_score(row.gap_score);
  out->set_required_met_ratio(row.required_met_ratio);
}

void ToProto(const core::CoverageResult& coverage, const core::CompetenceTable& competences,
             v1::CompetenceCoverage* out) {
  out->set_competence_id(competences.ids[coverage.competence]);
  out->set_required_count(coverage.required_count);
  out->set_met_count(coverage.met_count);
  out->set_holders(coverage.holders);
  out->set_mean_gap(coverage.mean_gap);
  out->set_single_point(coverage.single_point);
}

void ToProto(const core::AggregateCoverage& coverage, const core::CompetenceTable& competences,
             v1::CompetenceCoverage* out) {
  ToProto(coverage.figures, competences, out);
  out->set_required_count_withheld(!coverage.shown.required);
  out->set_met_count_withheld(!coverage.shown.met);
  out->set_holders_withheld(!coverage.shown.holders);
  out->set_mean_gap_withheld(!coverage.shown.mean_gap);
}

namespace {

// The unit's figures; `area_shown` (null: all) says which areas' figures
// may be shown. An area without requirements is left out unless withheld,
// since a withheld area always has some (else it could point at no one).
void FillUnit(const core::UnitTable& units, std::optional<uint32_t> unit, const core::UnitTotals& totals,
              const core::CompetenceTable& competences, const std::vector<bool>* area_shown, v1::UnitSummary* out) {
  out->set_org_unit_id(unit ? units.units[*unit].id : "");
  out->set_name(unit ? units.units[*unit].name : "All units");
  out->set_people(totals.people);
  out->set_required_total(totals.required_total);
  out->set_required_met(totals.required_met);
  out->set_gap_score(totals.gap_score);
  for (size_t a = 0; a < totals.areas.size(); ++a) {
    const core::AreaTotals& area = totals.areas[a];
    const bool shown = area_shown == nullptr || (*area_shown)[a];
    if (shown && area.required_total == 0) continue;
    v1::AreaSummary* m = out->add_areas();
    m->set_area_id(competences.areas[a]);
    m->set_withheld(!shown);
    m->set_required_total(area.required_total);
    m->set_required_met(area.required_met);
    m->set_gap_score(area.gap_score);
  }
}

}  // namespace

void ToProto(const core::UnitTable& units, std::optional<uint32_t> unit, const core::UnitTotals& totals,
             const core::CompetenceTable& competences, v1::UnitSummary* out) {
  FillUnit(units, unit, totals, competences, nullptr, out);
}

void ToProto(const core::UnitTable& units, std::optional<uint32_t> unit, const core::AggregateUnitTotals& row,
             const core::CompetenceTable& competences, v1::UnitSummary* out) {
  FillUnit(units, unit, row.figures, competences, &row.area_shown, out);
  out->set_totals_withheld(!row.totals_shown);
}

void ToProto(const core::TopGapResult& t, const core::CompetenceTable& competences, v1::TopGap* out) {
  out->set_competence_id(competences.ids[t.competence]);
  out->set_people_with_gap(t.people_with_gap);
  out->set_total_weighted_gap(t.total_weighted_gap);
}

}  // namespace skillpath::services
