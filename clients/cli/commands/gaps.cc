// skillpath gap person|team|org: competence gaps.
#include <google/protobuf/util/time_util.h>

#include <unistd.h>

#include <cstdlib>
#include <iostream>
#include <map>

#include "clients/cli/client.h"
#include "clients/cli/commands.h"
#include "clients/cli/format.h"
#include "clients/cli/table.h"

namespace skillpath::cli {
namespace {

void GapPerson(Client& c, const std::string& id, const std::string& as_of) {
  v1::GetPersonGapRequest req;
  req.set_person_id(id);
  SetAsOf(as_of, req);
  const auto g = c.Call(c.gaps(), &v1::GapService::Stub::GetPersonGap, req, "GetPersonGap");
  if (PrintedJson(c, g)) return;
  Table t({"COMPETENCE", "PRIORITY", "CURRENT", "SOURCE", "SELF", "TARGET", "GAP", "WEIGHT", ""});
  for (const auto& e : g.gaps()) {
    std::string source = e.current_source() == v1::ASSESSMENT_SOURCE_UNSPECIFIED ? "none" : SourceName(e.current_source());
    if (e.current_source() == v1::SELF) source += " (unvalidated)";
    t.Add({e.competence_id(), e.priority() == v1::REQUIRED ? "skal" : "bør", std::to_string(e.current_level()), source,
           e.self_level() < 0 ? "-" : std::to_string(e.self_level()), std::to_string(e.target_level()),
           std::to_string(e.gap()), Number(e.weight()), e.met() ? "met" : ""});
  }
  if (g.gaps_size() == 0) {
    std::cout << g.person_id() << " has no targets (no roles with target profiles).\n";
    return;
  }
  t.Print(std::cout);
  std::cout << "\nrequired met " << g.required_met() << " of " << g.required_total() << " ("
            << Percent(g.required_met(), g.required_total()) << "), gap score " << Fixed(g.gap_score())
            << ", desired gap score " << Fixed(g.desired_gap_score()) << "\n";
}

// The heatmap: people x competences, a cell "current/target" coloured by the
// gap; plain characters when standard output is not a terminal.
void GapTeam(Client& c, const std::string& unit, bool no_subunits, const std::string& as_of, bool color) {
  v1::GetTeamGapRequest req;
  req.set_org_unit_id(unit);
  if (no_subunits) req.set_include_subunits(false);
  SetAsOf(as_of, req);
  const auto t = c.Call(c.gaps(), &v1::GapService::Stub::GetTeamGap, req, "GetTeamGap");
  if (PrintedJson(c, t)) return;
  if (t.rows_size() == 0 && t.coverage_size() == 0) {
    std::cout << "No people in " << unit << (no_subunits ? "" : " or its sub-units") << ".\n";
    return;
  }
  const bool rows_withheld = t.rows_size() == 0;  // an AGGREGATE token sees coverage only
  const char* reset = "\033[0m";
  auto paint = [&](const v1::TeamCell& cell) -> std::string {
    if (!color) return "";
    if (cell.target_level() == 0) return "\033[90m";
    switch (std::min(cell.gap(), 3)) {
      case 0: return "\033[30;42m";
      case 1: return "\033[30;43m";
      case 2: return "\033[30;101m";
      default: return "\033[97;41m";
    }
  };
  const size_t name_width = 24;
  if (rows_withheld) std::cout << "(no rows per person for this token: coverage only)\n\n";
  if (!rows_withheld) {
  std::cout << PadRight("", name_width) << "  SCORE ";
  for (int i = 0; i < t.competence_ids_size(); ++i) std::cout << PadLeft(std::to_string(i + 1), 4);
  std::cout << "\n";
  for (const auto& row : t.rows()) {
    std::cout << PadRight(Shorten(row.name(), name_width), name_width) << "  " << PadLeft(Fixed(row.gap_score()), 5)
              << " ";
    for (const auto& cell : row.cells()) {
      std::string text = cell.target_level() == 0
                             ? (cell.current_level() > 0 ? "(" + std::to_string(cell.current_level()) + ")" : "-")
                             : std::to_string(cell.current_level()) + "/" + std::to_string(cell.target_level());
      std::cout << " " << paint(cell) << PadLeft(text, 3) << (color ? reset : "");
    }
    std::cout << "\n";
  }
  std::cout << "\ncell: current/target level";
  if (color) {
    std::cout << "; \033[30;42m met \033[0m \033[30;43m gap 1 \033[0m \033[30;101m gap 2 \033[0m \033[97;41m gap 3+ \033[0m";
  } else {
    std::cout << "; met when current >= target";
  }
  std::cout << "; (n) or - : no target, current level n\n\n";
  }
  Table cov({"#", "COMPETENCE", "REQUIRED MET", "HOLDERS", "MEAN GAP", ""});
  std::vector<std::string> warnings;
  for (int i = 0; i < t.coverage_size(); ++i) {
    const auto& k = t.coverage(i);
    // Figures withheld for an AGGREGATE token (fewer than min_group_size
    // people behind them, docs/PRIVACY.md) come as 0 with a marker.
    std::string met;
    if (k.required_count_withheld()) {
      met = kWithheld;
    } else if (k.required_count()) {
      met = (k.met_count_withheld() ? std::string(kWithheld) : std::to_string(k.met_count())) + "/" +
            std::to_string(k.required_count());
    } else {
      met = "-";
    }
    cov.Add({std::to_string(i + 1), k.competence_id(), met,
             k.holders_withheld() ? kWithheld : std::to_string(k.holders()),
             k.mean_gap_withheld() ? kWithheld : Fixed(k.mean_gap()),
             !k.holders_withheld() && k.single_point() ? "SINGLE POINT" : ""});
    if (!k.holders_withheld() && k.single_point()) {
      warnings.push_back(k.competence_id() + (k.holders() == 0 ? ": nobody holds the required level"
                                                                : ": only one person holds the required level"));
    }
  }
  cov.Print(std::cout);
  if (t.min_group_size() > 0) {
    std::cout << "\n" << kWithheld << ": withheld, it would rest on fewer than " << t.min_group_size()
              << " people (also combined with other answers)\n";
  }
  if (!warnings.empty()) {
    std::cout << "\nKnowledge that hangs on one person or none:\n";
    for (const auto& w : warnings) std::cout << "  ! " << w << "\n";
  }
}

void GapOrg(Client& c, const std::string& unit, const std::string& as_of, int top) {
  v1::GetOrgSummaryRequest req;
  req.set_org_unit_id(unit);
  req.set_top_n(top);
  SetAsOf(as_of, req);
  const auto s = c.Call(c.gaps(), &v1::GapService::Stub::GetOrgSummary, req, "GetOrgSummary");
  if (PrintedJson(c, s)) return;
  Table t({"UNIT", "PEOPLE", "REQUIRED MET", "", "GAP SCORE", "PER PERSON"});
  auto add = [&](const v1::UnitSummary& u) {
    if (u.totals_withheld()) {
      t.Add({u.name(), std::to_string(u.people()), kWithheld, "", kWithheld, kWithheld});
      return;
    }
    t.Add({u.name(), std::to_string(u.people()),
           std::to_string(u.required_met()) + "/" + std::to_string(u.required_total()),
           Percent(u.required_met(), u.required_total()), Fixed(u.gap_score(), 1),
           u.people() ? Fixed(u.gap_score() / u.people()) : "-"});
  };
  for (const auto& u : s.units()) add(u);
  add(s.total());
  t.Print(std::cout);
  std::cout << "\nBy area (" << s.total().name() << "):\n";
  Table areas({"AREA", "REQUIRED MET", "", "GAP SCORE"});
  for (const auto& a : s.total().areas()) {
    if (a.withheld()) {
      areas.Add({a.area_id(), kWithheld, "", kWithheld});
      continue;
    }
    areas.Add({a.area_id(), std::to_string(a.required_met()) + "/" + std::to_string(a.required_total()),
               Percent(a.required_met(), a.required_total()), Fixed(a.gap_score(), 1)});
  }
  areas.Print(std::cout);
  std::cout << "\nLargest gaps:\n";
  Table gaps({"COMPETENCE", "PEOPLE WITH GAP", "TOTAL WEIGHTED GAP"});
  for (const auto& g : s.top_gaps()) {
    gaps.Add({g.competence_id(), std::to_string(g.people_with_gap()), Fixed(g.total_weighted_gap(), 1)});
  }
  gaps.Print(std::cout);
  if (s.min_group_size() > 0) {
    std::cout << "\n" << kWithheld << ": withheld, it would rest on fewer than " << s.min_group_size()
              << " people (also combined with other answers)";
    if (s.top_gaps_incomplete()) std::cout << "; competences with withheld figures are left out of the largest gaps";
    std::cout << "\n";
  }
}

}  // namespace

void AddGapCommands(Commands& c) {
  struct Args {
    std::string id, as_of;
    bool no_subunits = false, force_color = false, no_color = false;
    int top = 0;
  };
  auto& a = c.Keep<Args>();
  auto* gap = c.app().add_subcommand("gap", "Competence gaps: a person, a team (heatmap), the organisation")
                  ->require_subcommand(1);
  auto* gperson = gap->add_subcommand("person", "A person's gaps against their roles' targets");
  gperson->add_option("ID", a.id)->required();
  gperson->add_option("--as-of", a.as_of, "Compute as of this date (YYYY-MM-DD or RFC 3339; default now)");
  c.On(gperson, [&a](Client& cl) { GapPerson(cl, a.id, a.as_of); });
  auto* gteam = gap->add_subcommand("team", "A unit's people x competences heatmap with coverage");
  gteam->add_option("UNIT", a.id)->required();
  gteam->add_flag("--no-subunits", a.no_subunits, "Only the unit's own people");
  gteam->add_option("--as-of", a.as_of, "Compute as of this date");
  gteam->add_flag("--color", a.force_color, "Colour even when not writing to a terminal");
  gteam->add_flag("--no-color", a.no_color, "Plain characters even on a terminal");
  c.On(gteam, [&a](Client& cl) {
    const bool color =
        !a.no_color && (a.force_color || (isatty(STDOUT_FILENO) && std::getenv("NO_COLOR") == nullptr));
    GapTeam(cl, a.id, a.no_subunits, a.as_of, color);
  });
  auto* gorg = gap->add_subcommand("org", "Summary per child unit and area, and the largest gaps");
  gorg->add_option("UNIT", a.id, "Unit (default: the whole organisation)");
  gorg->add_option("--as-of", a.as_of, "Compute as of this date");
  gorg->add_option("--top", a.top, "How many of the largest gaps (default 10)");
  c.On(gorg, [&a](Client& cl) { GapOrg(cl, a.id, a.as_of, a.top); });
}
}  // namespace skillpath::cli
