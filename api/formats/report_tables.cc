// The reports' sheets, laid out from the API's answers (api/formats/report.h).
// Every number is a field of the answer as it came; counts of list entries
// (cohort sizes, steps funded) are the only ones taken by counting.

#include <string>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "api/formats/report.h"

namespace skillpath::formats {
namespace {

using Cell = ReportCell;
using Kind = NumberKind;

// The same words in bokmål and English.
const char* W(ReportLanguage lang, const char* nb, const char* en) { return lang == ReportLanguage::kNb ? nb : en; }

std::string NameOr(const std::map<std::string, std::string>& names, const std::string& id) {
  auto it = names.find(id);
  return it == names.end() || it->second.empty() ? id : it->second;
}

std::string Title(ReportLanguage lang, const char* nb, const char* en, const ReportHeading& heading) {
  const std::string unit = heading.unit.empty() ? W(lang, "hele organisasjonen", "the whole organisation") : heading.unit;
  return absl::StrCat(W(lang, nb, en), " \xE2\x80\x94 ", unit, " \xE2\x80\x94 ", heading.date);
}

Cell Int(int64_t v) { return Cell::Number(static_cast<double>(v), Kind::kInteger); }
Cell Num(double v, Kind k) { return Cell::Number(v, k); }
Cell YesNo(ReportLanguage lang, bool v) { return Cell::Text(v ? W(lang, "ja", "yes") : W(lang, "nei", "no")); }

Cell Withheld(ReportLanguage lang) {
  Cell c;
  c.type = Cell::Type::kWithheld;
  c.text = W(lang, "skjult", "hidden");
  return c;
}

// `cell` unless the answer marks it withheld.
Cell Unless(bool withheld, ReportLanguage lang, Cell cell) { return withheld ? Withheld(lang) : std::move(cell); }

std::string WithheldNote(ReportLanguage lang, int min_group_size) {
  return lang == ReportLanguage::kNb
             ? absl::StrCat("«skjult»: tallet, alene eller sammen med andre svar denne tilgangen kan få, ville bygge "
                            "på færre enn ",
                            min_group_size, " personer, og vises ikke.")
             : absl::StrCat("\"hidden\": the figure, alone or with the other answers this access can get, would rest "
                            "on fewer than ",
                            min_group_size, " people, and is not shown.");
}

// «skal»/«bør» as the web client says it; empty without a target.
std::string PriorityWord(v1::Priority priority, ReportLanguage lang) {
  if (priority == v1::REQUIRED) return W(lang, "skal", "required");
  if (priority == v1::DESIRED) return W(lang, "bør", "desired");
  return "";
}

// The colour of a heatmap cell with a target (team.js's cellClass).
Shade ShadeOf(const v1::TeamCell& cell) {
  if (cell.target_level() <= 0) return Shade::kNone;
  if (cell.gap() <= 0) return Shade::kMet;
  // A «bør» gap in blues, never the red of a «skal» gap.
  const bool desired = cell.priority() == v1::DESIRED;
  if (cell.gap() == 1) return desired ? Shade::kWant1 : Shade::kGap1;
  if (cell.gap() == 2) return desired ? Shade::kWant2 : Shade::kGap2;
  return desired ? Shade::kWant3 : Shade::kGap3;
}

ReportSheet Heatmap(const v1::TeamGap& team, const ReportNames& names, const std::string& title,
                    ReportLanguage lang) {
  ReportSheet s;
  s.name = W(lang, "Varmekart", "Heatmap");
  s.title = title;
  s.frozen_columns = 2;  // who, whatever competence is in view
  s.columns = {{W(lang, "Ansattnr", "Employee no."), 0},
               {W(lang, "Navn", "Name"), 0},
               {W(lang, "Gap-poeng", "Gap score"), 11},
               {W(lang, "Skal-mål oppfylt", "Required met"), 12}};
  for (const std::string& id : team.competence_ids()) s.columns.push_back({NameOr(names.competences, id), 5, true});
  for (const v1::TeamRow& row : team.rows()) {
    std::vector<Cell> cells = {Cell::Text(row.person_id()), Cell::Text(row.name()), Num(row.gap_score(), Kind::kScore),
                               Num(row.required_met_ratio(), Kind::kShare)};
    for (int c = 0; c < team.competence_ids_size(); ++c) {
      const v1::TeamCell cell = c < row.cells_size() ? row.cells(c) : v1::TeamCell();
      Cell out = cell.target_level() > 0 ? Int(cell.gap()) : Cell::Empty();
      out.shade = ShadeOf(cell);
      cells.push_back(std::move(out));
    }
    s.rows.push_back(std::move(cells));
  }
  s.notes.push_back(W(lang,
                      "Hver celle er gapet (målnivå minus nåværende nivå) der personen har et mål; 0 er oppfylt, "
                      "tom celle: intet mål. Gult til rødt: et «skal»-mål; blått og kursiv: bare et «bør»-mål. "
                      "Nivåene og prioriteten står på arket «Celler».",
                      "Each cell is the gap (target level minus current level) where the person has a target; 0 is "
                      "met, an empty cell: no target. Yellow to red: a required target; blue and italic: a desired "
                      "target only. The levels and the priority are on the sheet \"Cells\"."));
  return s;
}

ReportSheet TeamCells(const v1::TeamGap& team, const ReportNames& names, const std::string& title,
                      ReportLanguage lang) {
  ReportSheet s;
  s.name = W(lang, "Celler", "Cells");
  s.title = title;
  s.columns = {{W(lang, "Ansattnr", "Employee no.")},     {W(lang, "Navn", "Name")},
               {W(lang, "Kompetanse-id", "Competence id")}, {W(lang, "Kompetanse", "Competence")},
               {W(lang, "Nåværende nivå", "Current level")}, {W(lang, "Målnivå", "Target level")},
               {W(lang, "Gap", "Gap")},
               {W(lang, "Prioritet", "Priority")}};
  for (const v1::TeamRow& row : team.rows()) {
    for (int c = 0; c < team.competence_ids_size() && c < row.cells_size(); ++c) {
      const v1::TeamCell& cell = row.cells(c);
      const std::string& id = team.competence_ids(c);
      s.rows.push_back({Cell::Text(row.person_id()), Cell::Text(row.name()), Cell::Text(id),
                        Cell::Text(NameOr(names.competences, id)), Int(cell.current_level()),
                        Int(cell.target_level()), Int(cell.gap()), Cell::Text(PriorityWord(cell.priority(), lang))});
    }
  }
  s.notes.push_back(W(lang, "Målnivå 0: personen har intet mål for kompetansen.",
                      "Target level 0: the person has no target for the competence."));
  return s;
}

ReportSheet Coverage(const v1::TeamGap& team, const ReportNames& names, const std::string& title,
                     ReportLanguage lang) {
  ReportSheet s;
  s.name = W(lang, "Dekning", "Coverage");
  s.title = title;
  s.columns = {{W(lang, "Kompetanse-id", "Competence id")},
               {W(lang, "Kompetanse", "Competence")},
               {W(lang, "Med skal-mål", "With a required target"), 14},
               {W(lang, "Oppfyller", "Meeting it"), 11},
               {W(lang, "Innehavere", "Holders"), 11},
               {W(lang, "Gjennomsnittlig gap", "Mean gap"), 14},
               {W(lang, "Hviler på én eller ingen", "Rests on one or none"), 14}};
  for (const v1::CompetenceCoverage& c : team.coverage()) {
    s.rows.push_back({Cell::Text(c.competence_id()), Cell::Text(NameOr(names.competences, c.competence_id())),
                      Unless(c.required_count_withheld(), lang, Int(c.required_count())),
                      Unless(c.met_count_withheld(), lang, Int(c.met_count())),
                      Unless(c.holders_withheld(), lang, Int(c.holders())),
                      Unless(c.mean_gap_withheld(), lang, Num(c.mean_gap(), Kind::kScore)),
                      Unless(c.holders_withheld(), lang, YesNo(lang, c.single_point()))});
  }
  s.notes.push_back(W(lang,
                      "Innehavere: de som har minst det høyeste skal-nivået blant medlemmene. «Hviler på én eller "
                      "ingen»: noen har skal-mål, og én eller ingen har kompetansen.",
                      "Holders: members at least at the highest required level among the members. \"Rests on one or "
                      "none\": someone has a required target and one or nobody holds the competence."));
  if (team.min_group_size() > 0) s.notes.push_back(WithheldNote(lang, team.min_group_size()));
  return s;
}

// The units sheet's row for `u`; `name` as it is shown.
std::vector<Cell> UnitRow(const v1::UnitSummary& u, const std::string& name, ReportLanguage lang) {
  const bool w = u.totals_withheld();
  return {Cell::Text(u.org_unit_id()),
          Cell::Text(name),
          Int(u.people()),
          Unless(w, lang, Int(u.required_total())),
          Unless(w, lang, Int(u.required_met())),
          Unless(w, lang, Num(u.gap_score(), Kind::kScore))};
}

void AreaRows(const v1::UnitSummary& u, const std::string& name, const ReportNames& names, ReportLanguage lang,
              ReportSheet& s) {
  for (const v1::AreaSummary& a : u.areas()) {
    s.rows.push_back({Cell::Text(u.org_unit_id()), Cell::Text(name), Cell::Text(a.area_id()),
                      Cell::Text(NameOr(names.areas, a.area_id())), Unless(a.withheld(), lang, Int(a.required_total())),
                      Unless(a.withheld(), lang, Int(a.required_met())),
                      Unless(a.withheld(), lang, Num(a.gap_score(), Kind::kScore))});
  }
}

}  // namespace

Report TeamGapReport(const v1::TeamGap& team, const ReportNames& names, const ReportHeading& heading,
                     ReportLanguage lang) {
  Report r;
  r.title = Title(lang, "Kompetansegap i teamet", "Competence gaps of the team", heading);
  // A token that sees figures only gets no rows: no heatmap to show.
  if (team.min_group_size() == 0 || team.rows_size() > 0) {
    r.sheets.push_back(Heatmap(team, names, r.title, lang));
    r.sheets.push_back(TeamCells(team, names, r.title, lang));
  }
  r.sheets.push_back(Coverage(team, names, r.title, lang));
  return r;
}

Report OrgSummaryReport(const v1::OrgSummary& summary, const ReportNames& names, const ReportHeading& heading,
                        ReportLanguage lang) {
  Report r;
  r.title = Title(lang, "Kompetansegap i organisasjonen", "Competence gaps of the organisation", heading);
  const std::string total_name =
      absl::StrCat(summary.total().name().empty() ? W(lang, "Hele organisasjonen", "The whole organisation")
                                                  : summary.total().name(),
                   W(lang, " (totalt)", " (total)"));

  ReportSheet units;
  units.name = W(lang, "Enheter", "Units");
  units.title = r.title;
  units.columns = {{W(lang, "Enhet-id", "Unit id")},
                   {W(lang, "Enhet", "Unit")},
                   {W(lang, "Personer", "People"), 10},
                   {W(lang, "Skal-mål", "Required targets"), 12},
                   {W(lang, "Skal-mål oppfylt", "Required met"), 12},
                   {W(lang, "Gap-poeng", "Gap score"), 11}};
  for (const v1::UnitSummary& u : summary.units()) units.rows.push_back(UnitRow(u, u.name(), lang));
  units.rows.push_back(UnitRow(summary.total(), total_name, lang));
  units.notes.push_back(W(lang,
                          "Hver enhet med alle enhetene under seg; siste rad er hele utvalget. Gap-poeng: summen av "
                          "personenes vektede skal-gap.",
                          "Each unit with all units below it; the last row is the whole selection. Gap score: the "
                          "sum of the people's weighted required gaps."));
  if (summary.min_group_size() > 0) {
    units.notes.push_back(WithheldNote(lang, summary.min_group_size()));
    units.notes.push_back(W(lang, "Enheter med for få personer er utelatt.", "Units with too few people are left out."));
  }

  ReportSheet areas;
  areas.name = W(lang, "Områder", "Areas");
  areas.title = r.title;
  areas.columns = {{W(lang, "Enhet-id", "Unit id")},
                   {W(lang, "Enhet", "Unit")},
                   {W(lang, "Område-id", "Area id")},
                   {W(lang, "Område", "Area")},
                   {W(lang, "Skal-mål", "Required targets"), 12},
                   {W(lang, "Skal-mål oppfylt", "Required met"), 12},
                   {W(lang, "Gap-poeng", "Gap score"), 11}};
  for (const v1::UnitSummary& u : summary.units()) AreaRows(u, u.name(), names, lang, areas);
  AreaRows(summary.total(), total_name, names, lang, areas);
  if (summary.min_group_size() > 0) areas.notes.push_back(WithheldNote(lang, summary.min_group_size()));

  ReportSheet top;
  top.name = W(lang, "Største gap", "Top gaps");
  top.title = r.title;
  top.columns = {{W(lang, "Kompetanse-id", "Competence id")},
                 {W(lang, "Kompetanse", "Competence")},
                 {W(lang, "Personer med gap", "People with a gap"), 14},
                 {W(lang, "Vektet gap", "Weighted gap"), 12}};
  for (const v1::TopGap& g : summary.top_gaps()) {
    top.rows.push_back({Cell::Text(g.competence_id()), Cell::Text(NameOr(names.competences, g.competence_id())),
                        Int(g.people_with_gap()), Num(g.total_weighted_gap(), Kind::kScore)});
  }
  if (summary.top_gaps_incomplete()) {
    top.notes.push_back(W(lang, "Kompetanser med skjermede tall er utelatt; minst én av dem hørte hjemme i listen.",
                          "Competences with withheld figures are left out; at least one of them belonged in the list."));
  }
  r.sheets = {std::move(units), std::move(areas), std::move(top)};
  return r;
}

Report TrainingDemandReport(const v1::TrainingDemand& demand, double budget, const ReportHeading& heading,
                            ReportLanguage lang) {
  Report r;
  r.title = Title(lang, "Opplæringsbehov", "Training demand", heading);
  const v1::Allocation& a = demand.allocation();
  const bool allocated = budget > 0 && demand.has_allocation();

  ReportSheet sum;
  sum.name = W(lang, "Sammendrag", "Summary");
  sum.title = r.title;
  sum.columns = {{W(lang, "Tall", "Figure"), 34}, {W(lang, "Verdi", "Value"), 16}};
  sum.rows.push_back({Cell::Text(W(lang, "Timer i alt", "Hours in all")), Num(demand.total_hours(), Kind::kHours)});
  sum.rows.push_back({Cell::Text(W(lang, "Kostnad i alt (kr)", "Cost in all (NOK)")),
                      Num(demand.total_cost(), Kind::kKroner)});
  if (allocated) {
    sum.rows.push_back({Cell::Text(W(lang, "Budsjett (kr)", "Budget (NOK)")), Num(budget, Kind::kKroner)});
    sum.rows.push_back({Cell::Text(W(lang, "Brukt (kr)", "Spent (NOK)")), Num(a.spent(), Kind::kKroner)});
    sum.rows.push_back({Cell::Text(W(lang, "Vektet skal-gap som lukkes", "Weighted required gap closed")),
                        Num(a.closed_weighted_gap(), Kind::kScore)});
    sum.rows.push_back({Cell::Text(W(lang, "Steg finansiert", "Steps funded")), Int(a.funded_size())});
    sum.rows.push_back({Cell::Text(W(lang, "Steg ikke finansiert", "Steps not funded")), Int(a.unfunded_size())});
    if (!a.algorithm().empty()) sum.notes.push_back(absl::StrCat(W(lang, "Metode: ", "Method: "), a.algorithm()));
  }

  ReportSheet res;
  res.name = W(lang, "Kurs", "Resources");
  res.title = r.title;
  res.columns = {{W(lang, "Ressurs-id", "Resource id")},
                 {W(lang, "Tittel", "Title")},
                 {W(lang, "Deltakere", "Learners"), 10},
                 {W(lang, "Timer", "Hours"), 10},
                 {W(lang, "Kostnad (kr)", "Cost (NOK)"), 13},
                 {W(lang, "Uten plass", "Without a seat"), 11},
                 {W(lang, "Ekstra kurs trengs", "Extra sessions needed"), 12},
                 {W(lang, "Plasser per kurs", "Seats per session"), 12}};
  for (const v1::ResourceDemand& d : demand.resources()) {
    res.rows.push_back({Cell::Text(d.resource_id()), Cell::Text(d.title()), Int(d.learners()),
                        Num(d.total_hours(), Kind::kHours), Num(d.total_cost(), Kind::kKroner), Int(d.unscheduled()),
                        Int(d.extra_sessions_needed()), Int(d.session_capacity())});
  }
  res.rows.push_back({Cell::Text(""), Cell::Text(W(lang, "I alt", "In all")), Cell::Empty(),
                      Num(demand.total_hours(), Kind::kHours), Num(demand.total_cost(), Kind::kKroner), Cell::Empty(),
                      Cell::Empty(), Cell::Empty()});
  res.notes.push_back(W(lang,
                        "Uten plass: deltakere på klasserom og verksted uten ledig plass i noen økt; de står i intet "
                        "kvartal.",
                        "Without a seat: classroom and workshop learners without a free seat in any session; they are "
                        "in no quarter."));

  ReportSheet quarters;
  quarters.name = W(lang, "Kvartaler", "Quarters");
  quarters.title = r.title;
  quarters.columns = {{W(lang, "Ressurs-id", "Resource id")},
                      {W(lang, "Tittel", "Title")},
                      {W(lang, "Kvartal", "Quarter"), 10},
                      {W(lang, "Deltakere", "Learners"), 10}};
  for (const v1::ResourceDemand& d : demand.resources()) {
    for (const v1::QuarterDemand& q : d.quarters()) {
      quarters.rows.push_back({Cell::Text(d.resource_id()), Cell::Text(d.title()), Cell::Text(q.quarter()),
                               Int(q.learners())});
    }
  }

  ReportSheet cohorts;
  cohorts.name = W(lang, "Kohorter", "Cohorts");
  cohorts.title = r.title;
  cohorts.columns = {{W(lang, "Ressurs-id", "Resource id")},
                     {W(lang, "Tittel", "Title")},
                     {W(lang, "Økt", "Session"), 14},
                     {W(lang, "Deltakere", "Learners"), 10},
                     {W(lang, "Ansattnr", "Employee no."), 40}};
  for (const v1::ResourceDemand& d : demand.resources()) {
    for (const v1::Cohort& c : d.cohorts()) {
      cohorts.rows.push_back({Cell::Text(d.resource_id()), Cell::Text(d.title()),
                              Cell::Text(c.session_id().empty() ? W(lang, "(ingen økt)", "(no session)") : c.session_id()),
                              Int(c.person_ids_size()), Cell::Text(absl::StrJoin(c.person_ids(), ", "))});
    }
  }
  r.sheets = {std::move(sum), std::move(res), std::move(quarters), std::move(cohorts)};

  if (allocated) {
    ReportSheet steps;
    steps.name = W(lang, "Budsjett", "Budget");
    steps.title = r.title;
    steps.columns = {{W(lang, "Finansiert", "Funded"), 10},   {W(lang, "Ansattnr", "Employee no.")},
                     {W(lang, "Navn", "Name")},                {W(lang, "Ressurs-id", "Resource id")},
                     {W(lang, "Tittel", "Title")},             {W(lang, "Kostnad (kr)", "Cost (NOK)"), 13}};
    for (auto [list, funded] : {std::pair{&a.funded(), true}, std::pair{&a.unfunded(), false}}) {
      for (const v1::FundedStep& f : *list) {
        steps.rows.push_back({YesNo(lang, funded), Cell::Text(f.person_id()), Cell::Text(f.person_name()),
                              Cell::Text(f.resource_id()), Cell::Text(f.resource_title()),
                              Num(f.cost(), Kind::kKroner)});
      }
    }
    r.sheets.push_back(std::move(steps));
  }
  return r;
}

}  // namespace skillpath::formats
