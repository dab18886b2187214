#include "api/gap_service.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "api/call/call.h"
#include "api/convert/convert.h"
#include "core/disclosure/disclosure.h"
#include "core/gap/gap.h"
#include "core/index/gap_queries.h"
#include "core/index/read_index.h"
#include "core/model/errors.h"
#include "core/rules/validation.h"

namespace skillpath::services {
namespace {

core::Time AsOf(const ServiceContext& services, bool has, const google::protobuf::Timestamp& t) {
  return has ? FromProto(t) : services.now();
}

void FillUnit(const core::UnitTotals& totals, const core::CompetenceTable& competences, v1::UnitSummary* out) {
  out->set_people(totals.people);
  out->set_required_total(totals.required_total);
  out->set_required_met(totals.required_met);
  out->set_gap_score(totals.gap_score);
  for (size_t a = 0; a < totals.areas.size(); ++a) {
    const core::AreaTotals& area = totals.areas[a];
    if (area.required_total == 0) continue;
    v1::AreaSummary* m = out->add_areas();
    m->set_area_id(competences.areas[a]);
    m->set_required_total(area.required_total);
    m->set_required_met(area.required_met);
    m->set_gap_score(area.gap_score);
  }
}

// A released row as a token that sees figures only gets it: withheld
// figures are sent as 0 and marked.
void FillAggregateUnit(const core::AggregateUnitTotals& row, const core::CompetenceTable& competences,
                       v1::UnitSummary* out) {
  out->set_people(row.figures.people);
  out->set_totals_withheld(!row.totals_shown);
  out->set_required_total(row.figures.required_total);
  out->set_required_met(row.figures.required_met);
  out->set_gap_score(row.figures.gap_score);
  for (size_t a = 0; a < row.figures.areas.size(); ++a) {
    const core::AreaTotals& area = row.figures.areas[a];
    // A withheld area always has requirements (else nothing could point at anyone).
    if (row.area_shown[a] && area.required_total == 0) continue;
    v1::AreaSummary* m = out->add_areas();
    m->set_area_id(competences.areas[a]);
    m->set_withheld(!row.area_shown[a]);
    m->set_required_total(area.required_total);
    m->set_required_met(area.required_met);
    m->set_gap_score(area.gap_score);
  }
}

}  // namespace

grpc::ServerUnaryReactor* GapServiceImpl::GetPersonGap(grpc::CallbackServerContext* ctx,
                                                       const v1::GetPersonGapRequest* req, v1::PersonGap* resp) {
  auto call = Call::Start(services_, ctx, "skillpath.v1.GapService/GetPersonGap", About::Person(req->person_id()));
  if (!call.ok()) return FinishWith(ctx, call.status());
  absl::Status s = [&]() -> absl::Status {
    RETURN_IF_ERROR(core::CheckId("person_id", req->person_id()));
    RETURN_IF_ERROR(CheckTimestamp("as_of", req->has_as_of(), req->as_of()));
    const auto& snapshot = (*call)->snapshot();
    // Reused per thread: no allocation for the report once warmed up.
    thread_local core::PersonGapResult result;
    ASSIGN_OR_RETURN(const core::PersonState* found,
                     core::QueryPersonGap(*snapshot, req->person_id(), AsOf(services_, req->has_as_of(), req->as_of()),
                                          result));
    const core::PersonState& person = *found;
    const core::CompetenceTable& competences = *snapshot->competences;
    resp->set_person_id(person.id);
    for (const core::GapEntry& e : result.entries) {
      v1::CompetenceGap* g = resp->add_gaps();
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
    resp->set_gap_score(result.gap_score);
    resp->set_desired_gap_score(result.desired_gap_score);
    resp->set_required_total(result.required_total);
    resp->set_required_met(result.required_met);
    resp->set_required_met_ratio(result.required_met_ratio);
    return absl::OkStatus();
  }();
  return (*call)->Finish(s);
}

grpc::ServerUnaryReactor* GapServiceImpl::GetTeamGap(grpc::CallbackServerContext* ctx,
                                                     const v1::GetTeamGapRequest* req, v1::TeamGap* resp) {
  auto call = Call::Start(services_, ctx, "skillpath.v1.GapService/GetTeamGap", About::Unit(req->org_unit_id()));
  if (!call.ok()) return FinishWith(ctx, call.status());
  const bool with_rows = (*call)->sees_people();
  std::vector<std::string> shown;
  absl::Status s = [&]() -> absl::Status {
    RETURN_IF_ERROR(core::CheckId("org_unit_id", req->org_unit_id()));
    RETURN_IF_ERROR(CheckTimestamp("as_of", req->has_as_of(), req->as_of()));
    const auto& snapshot = (*call)->snapshot();
    const bool subunits = req->has_include_subunits() ? req->include_subunits() : true;
    const core::Time as_of = AsOf(services_, req->has_as_of(), req->as_of());
    if (!with_rows) {
      // Figures only: what this token may see, judged against every other
      // answer it can get (core/disclosure/disclosure.h).
      const auto plan = plans_.Get(snapshot, as_of);
      ASSIGN_OR_RETURN(core::AggregateTeamView view,
                       core::AggregateTeamGap(*snapshot, *plan, req->org_unit_id(), subunits, as_of));
      const core::CompetenceTable& competences = *snapshot->competences;
      resp->set_org_unit_id(req->org_unit_id());
      resp->set_min_group_size(min_group_size_);
      for (uint32_t c : view.columns) resp->add_competence_ids(competences.ids[c]);
      for (const core::AggregateCoverage& cov : view.coverage) {
        v1::CompetenceCoverage* c = resp->add_coverage();
        c->set_competence_id(competences.ids[cov.figures.competence]);
        c->set_required_count(cov.figures.required_count);
        c->set_met_count(cov.figures.met_count);
        c->set_holders(cov.figures.holders);
        c->set_mean_gap(cov.figures.mean_gap);
        c->set_single_point(cov.figures.single_point);
        c->set_required_count_withheld(!cov.shown.required);
        c->set_met_count_withheld(!cov.shown.met);
        c->set_holders_withheld(!cov.shown.holders);
        c->set_mean_gap_withheld(!cov.shown.mean_gap);
      }
      return absl::OkStatus();
    }
    ASSIGN_OR_RETURN(core::TeamGapQuery q, core::QueryTeamGap(*snapshot, req->org_unit_id(), subunits, as_of));
    const std::vector<const core::PersonState*>& people = q.people;
    const core::TeamGapResult& team = q.gap;
    const core::CompetenceTable& competences = *snapshot->competences;
    resp->set_org_unit_id(req->org_unit_id());
    for (uint32_t c : team.columns) resp->add_competence_ids(competences.ids[c]);
    // Only a token that sees people gets here: rows with ids and names.
    for (const core::TeamRowResult& row : team.rows) {
      shown.push_back(people[row.member]->id);
      v1::TeamRow* r = resp->add_rows();
      r->set_person_id(people[row.member]->id);
      r->set_name(people[row.member]->name);
      for (const core::TeamCellResult& cell : row.cells) {
        v1::TeamCell* c = r->add_cells();
        c->set_current_level(cell.current);
        c->set_target_level(cell.target);
        c->set_gap(cell.gap);
      }
      r->set_gap_score(row.gap_score);
      r->set_required_met_ratio(row.required_met_ratio);
    }
    for (const core::CoverageResult& cov : team.coverage) {
      v1::CompetenceCoverage* c = resp->add_coverage();
      c->set_competence_id(competences.ids[cov.competence]);
      c->set_required_count(cov.required_count);
      c->set_met_count(cov.met_count);
      c->set_holders(cov.holders);
      c->set_mean_gap(cov.mean_gap);
      c->set_single_point(cov.single_point);
    }
    return absl::OkStatus();
  }();
  (*call)->AuditReads(shown, s);
  return (*call)->Finish(s);
}

grpc::ServerUnaryReactor* GapServiceImpl::GetOrgSummary(grpc::CallbackServerContext* ctx,
                                                        const v1::GetOrgSummaryRequest* req, v1::OrgSummary* resp) {
  auto call = Call::Start(services_, ctx, "skillpath.v1.GapService/GetOrgSummary", About::Unit(req->org_unit_id()));
  if (!call.ok()) return FinishWith(ctx, call.status());
  absl::Status s = [&]() -> absl::Status {
    RETURN_IF_ERROR(core::CheckOptionalId("org_unit_id", req->org_unit_id()));
    RETURN_IF_ERROR(CheckTimestamp("as_of", req->has_as_of(), req->as_of()));
    if (req->top_n() < 0 || req->top_n() > kMaxTopN) {
      return core::InvalidField("top_n", absl::StrCat("must be between 0 and ", kMaxTopN, " (0: the default ",
                                                      kDefaultTopN, ")"));
    }
    const int top_n = req->top_n() == 0 ? kDefaultTopN : req->top_n();
    const auto& snapshot = (*call)->snapshot();
    const core::Time as_of = AsOf(services_, req->has_as_of(), req->as_of());
    const core::UnitTable& units = *snapshot->units;
    const core::CompetenceTable& competences = *snapshot->competences;
    if (!(*call)->sees_people()) {
      // Figures only (core/disclosure/disclosure.h): withheld rows and figures are sent marked.
      const auto plan = plans_.Get(snapshot, as_of);
      ASSIGN_OR_RETURN(core::AggregateOrgView view,
                       core::AggregateOrgSummary(*snapshot, *plan, req->org_unit_id(), top_n, as_of));
      resp->set_min_group_size(min_group_size_);
      v1::UnitSummary* total = resp->mutable_total();
      total->set_org_unit_id(view.unit ? units.units[*view.unit].id : "");
      total->set_name(view.unit ? units.units[*view.unit].name : "All units");
      FillAggregateUnit(view.total, competences, total);
      for (size_t g = 0; g < view.groups.size(); ++g) {
        if (!view.rows[g].released) continue;  // left out, as rows too small always were
        v1::UnitSummary* u = resp->add_units();
        u->set_org_unit_id(units.units[view.groups[g]].id);
        u->set_name(units.units[view.groups[g]].name);
        FillAggregateUnit(view.rows[g], competences, u);
      }
      for (const core::TopGapResult& t : view.top_gaps) {
        v1::TopGap* m = resp->add_top_gaps();
        m->set_competence_id(competences.ids[t.competence]);
        m->set_people_with_gap(t.people_with_gap);
        m->set_total_weighted_gap(t.total_weighted_gap);
      }
      resp->set_top_gaps_incomplete(view.top_gaps_incomplete);
      return absl::OkStatus();
    }
    ASSIGN_OR_RETURN(core::OrgSummaryQuery q, core::QueryOrgSummary(*snapshot, req->org_unit_id(), top_n, as_of));
    const std::optional<uint32_t>& unit = q.unit;
    const std::vector<uint32_t>& groups = q.groups;
    const core::OrgSummaryResult& summary = q.summary;
    v1::UnitSummary* total = resp->mutable_total();
    total->set_org_unit_id(unit ? units.units[*unit].id : "");
    total->set_name(unit ? units.units[*unit].name : "All units");
    FillUnit(summary.total, competences, total);
    for (size_t g = 0; g < groups.size(); ++g) {
      v1::UnitSummary* u = resp->add_units();
      u->set_org_unit_id(units.units[groups[g]].id);
      u->set_name(units.units[groups[g]].name);
      FillUnit(summary.groups[g], competences, u);
    }
    for (const core::TopGapResult& t : summary.top_gaps) {
      v1::TopGap* m = resp->add_top_gaps();
      m->set_competence_id(competences.ids[t.competence]);
      m->set_people_with_gap(t.people_with_gap);
      m->set_total_weighted_gap(t.total_weighted_gap);
    }
    return absl::OkStatus();
  }();
  return (*call)->Finish(s);
}

}  // namespace skillpath::services
