// The report writers (api/formats/report.h): CSV quoting and numbers as a
// Norwegian and an English Excel read them, the sheets laid out from the
// answers with withheld figures marked, and the XLSX read back by a real
// reader (Debian's python3-openpyxl, tests/xlsx/read_xlsx.py): numbers stored
// as numbers, number formats, a bold and frozen header, the heatmap's
// colours; and the temporary files gone afterwards.
#include <gmock/gmock.h>
#include <google/protobuf/struct.pb.h>
#include <google/protobuf/util/json_util.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <array>
#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "api/formats/report.h"

namespace skillpath::formats {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::StartsWith;

constexpr char kBom[] = "\xEF\xBB\xBF";

// The CSV's lines, the byte order mark and the CRLF taken off (the test
// fails if either is missing).
std::vector<std::string> Lines(const std::string& csv) {
  EXPECT_THAT(csv, StartsWith(kBom));
  std::string body = csv.substr(3);
  EXPECT_EQ(body.substr(body.size() - 2), "\r\n");
  EXPECT_EQ(body.find('\n'), body.find("\r\n") + 1) << "a line ends without CR";
  body.resize(body.size() - 2);
  return absl::StrSplit(body, "\r\n");
}

Report OneSheet(std::vector<ReportColumn> columns, std::vector<std::vector<ReportCell>> rows) {
  Report r;
  r.title = "T";
  ReportSheet& s = r.sheets.emplace_back();
  s.name = "Ark";
  s.title = "Tittel";
  s.columns = std::move(columns);
  s.rows = std::move(rows);
  return r;
}

TEST(ReportCsv, NumbersReadBackAsTheSameDouble) {
  EXPECT_EQ(CsvNumber(2.5, ','), "2,5");
  EXPECT_EQ(CsvNumber(2.5, '.'), "2.5");
  EXPECT_EQ(CsvNumber(3, ','), "3");
  EXPECT_EQ(CsvNumber(-0.0, ','), "0");
  EXPECT_EQ(CsvNumber(1234567, ','), "1234567");  // no grouping: Excel would read "1 234 567" as text
  EXPECT_EQ(CsvNumber(-1.25, ','), "-1,25");
  for (double v : {1.0 / 3, 0.1 + 0.2, 2.0 / 3 * 7, 123456.789}) {
    EXPECT_EQ(std::strtod(CsvNumber(v, '.').c_str(), nullptr), v) << CsvNumber(v, '.');
  }
  EXPECT_EQ(CsvNumber(0.1 + 0.2, ','), "0,30000000000000004");
}

TEST(ReportCsv, QuotesWhatWouldSplitAndDisarmsFormulas) {
  const Report r = OneSheet({{"Navn"}, {"Tall"}}, {
                                                      {ReportCell::Text("Hansen; Kari"), ReportCell::Number(-1.5, NumberKind::kScore)},
                                                      {ReportCell::Text("Sa \"hei\""), ReportCell::Empty()},
                                                      {ReportCell::Text("=SUM(A1:A9)"), ReportCell::Text("-1")},
                                                      {ReportCell::Text(" mellomrom"), ReportCell::Text("a,b")},
                                                      {ReportCell::Text("to\nlinjer"), ReportCell::Text("@x")},
                                                  });
  const std::string nb = WriteReportCsv(r, ReportLanguage::kNb);
  EXPECT_THAT(nb, HasSubstr("\r\n\"Hansen; Kari\";-1,5\r\n"));
  EXPECT_THAT(nb, HasSubstr("\r\n\"Sa \"\"hei\"\"\";\r\n"));
  EXPECT_THAT(nb, HasSubstr("\r\n'=SUM(A1:A9);'-1\r\n"));  // text that Excel would run, and a number as text
  EXPECT_THAT(nb, HasSubstr("\r\n\" mellomrom\";a,b\r\n"));
  EXPECT_THAT(nb, HasSubstr("\r\n\"to\nlinjer\";'@x\r\n"));
  const std::string en = WriteReportCsv(r, ReportLanguage::kEn);
  EXPECT_THAT(en, HasSubstr("\r\nHansen; Kari,-1.5\r\n"));
  EXPECT_THAT(en, HasSubstr("\r\n\" mellomrom\",\"a,b\"\r\n"));
}

TEST(ReportCsv, SheetsFollowOneAnotherAndTheNotesCloseTheFile) {
  Report r = OneSheet({{"A"}, {"B"}}, {{ReportCell::Text("x"), ReportCell::Number(1, NumberKind::kInteger)}});
  r.sheets[0].notes = {"første merknad"};
  ReportSheet& second = r.sheets.emplace_back();
  second.name = "To";
  second.title = "Andre";
  second.columns = {{"C"}};
  second.rows = {{ReportCell::Number(0.5, NumberKind::kShare)}};
  second.notes = {"andre merknad"};
  EXPECT_THAT(Lines(WriteReportCsv(r, ReportLanguage::kNb)),
              ElementsAre("Ark: Tittel", "A;B", "x;1", "", "To: Andre", "C", "0,5", "", "Merknader",
                          "Ark: første merknad", "To: andre merknad"));
  EXPECT_THAT(Lines(WriteReportCsv(r, ReportLanguage::kEn)), ::testing::Contains("Notes"));
}

// A team of two with two competences: Kari meets c1 and has a «bør» gap of
// 2 in c2; Ola has a «skal» gap of 4 in c1 and no target for c2.
v1::TeamGap Team() {
  v1::TeamGap t;
  t.set_org_unit_id("it");
  t.add_competence_ids("c1");
  t.add_competence_ids("c2");
  auto row = [&](const std::string& id, const std::string& name, double score, double met,
                 std::vector<std::array<int, 4>> cells) {
    v1::TeamRow* r = t.add_rows();
    r->set_person_id(id);
    r->set_name(name);
    r->set_gap_score(score);
    r->set_required_met_ratio(met);
    for (auto [current, target, gap, priority] : cells) {
      v1::TeamCell* c = r->add_cells();
      c->set_current_level(current);
      c->set_target_level(target);
      c->set_gap(gap);
      c->set_priority(static_cast<v1::Priority>(priority));
    }
  };
  row("E1", "Kari Nordmann", 0.5, 0.5, {{3, 3, 0, v1::REQUIRED}, {1, 3, 2, v1::DESIRED}});
  row("E2", "Ola Hansen", 1.0, 0, {{0, 4, 4, v1::REQUIRED}, {2, 0, 0, v1::PRIORITY_UNSPECIFIED}});
  v1::CompetenceCoverage* c = t.add_coverage();
  c->set_competence_id("c1");
  c->set_required_count(2);
  c->set_met_count(1);
  c->set_holders(1);
  c->set_mean_gap(2);
  c->set_single_point(true);
  return t;
}

const ReportNames kNames = {{{"c1", "Personvern"}, {"c2", "Tjenestedesign"}}, {{"a", "Område A"}}};

TEST(ReportTables, TheHeatmapIsTheAnswersCellsWithTheWebClientsColours) {
  const Report r = TeamGapReport(Team(), kNames, {"IT (it)", "2026-04-11"}, ReportLanguage::kNb);
  ASSERT_EQ(r.sheets.size(), 3u);
  EXPECT_EQ(r.title, "Kompetansegap i teamet \xE2\x80\x94 IT (it) \xE2\x80\x94 2026-04-11");
  const ReportSheet& heat = r.sheets[0];
  EXPECT_EQ(heat.name, "Varmekart");
  ASSERT_EQ(heat.columns.size(), 6u);
  EXPECT_EQ(heat.columns[4].header, "Personvern");
  EXPECT_TRUE(heat.columns[4].vertical);
  ASSERT_EQ(heat.rows.size(), 2u);
  const auto& kari = heat.rows[0];
  EXPECT_EQ(kari[0].text, "E1");
  EXPECT_EQ(kari[2].number, 0.5);
  EXPECT_EQ(kari[3].kind, NumberKind::kShare);
  EXPECT_EQ(kari[4].number, 0);
  EXPECT_EQ(kari[4].shade, Shade::kMet);
  EXPECT_EQ(kari[5].number, 2);
  EXPECT_EQ(kari[5].shade, Shade::kWant2);  // «bør»: blue, not the orange of a «skal» gap of 2
  const auto& ola = heat.rows[1];
  EXPECT_EQ(ola[4].shade, Shade::kGap3);
  EXPECT_EQ(ola[5].type, ReportCell::Type::kEmpty);  // no target
  EXPECT_EQ(ola[5].shade, Shade::kNone);
  const ReportSheet& cells = r.sheets[1];
  ASSERT_EQ(cells.rows.size(), 4u);
  EXPECT_EQ(cells.rows[3][2].text, "c2");
  EXPECT_EQ(cells.rows[3][4].number, 2);  // Ola's current level where he has no target
  EXPECT_EQ(cells.rows[3][5].number, 0);
  EXPECT_EQ(cells.rows[1][7].text, "bør");
  EXPECT_EQ(cells.rows[0][7].text, "skal");
  EXPECT_EQ(cells.rows[3][7].text, "");
  const ReportSheet& cov = r.sheets[2];
  ASSERT_EQ(cov.rows.size(), 1u);
  EXPECT_EQ(cov.rows[0][5].number, 2);
  EXPECT_EQ(cov.rows[0][6].text, "ja");
}

TEST(ReportTables, FiguresOnlyTokensGetTheCoverageWithWithheldFiguresMarked) {
  v1::TeamGap t = Team();
  t.clear_rows();
  t.set_min_group_size(5);
  v1::CompetenceCoverage* c = t.mutable_coverage(0);
  c->set_met_count(0);
  c->set_met_count_withheld(true);
  c->set_holders(0);
  c->set_holders_withheld(true);
  c->set_single_point(false);
  const Report r = TeamGapReport(t, kNames, {"IT (it)", "2026-04-11"}, ReportLanguage::kEn);
  ASSERT_EQ(r.sheets.size(), 1u);
  const ReportSheet& cov = r.sheets[0];
  EXPECT_EQ(cov.name, "Coverage");
  const auto& row = cov.rows[0];
  EXPECT_EQ(row[2].number, 2);
  for (int col : {3, 4, 6}) {
    EXPECT_EQ(row[col].type, ReportCell::Type::kWithheld) << col;
    EXPECT_EQ(row[col].text, "hidden");
  }
  EXPECT_THAT(cov.notes.back(), HasSubstr("fewer than 5 people"));
  const std::string csv = WriteReportCsv(r, ReportLanguage::kEn);
  EXPECT_THAT(csv, HasSubstr("\r\nc1,Personvern,2,hidden,hidden,2,hidden\r\n"));
}

TEST(ReportTables, TheSummarysTotalComesLastAndWithheldTotalsAreMarked) {
  v1::OrgSummary s;
  s.set_min_group_size(5);
  auto fill = [](v1::UnitSummary* u, const std::string& id, const std::string& name, int people, bool withheld) {
    u->set_org_unit_id(id);
    u->set_name(name);
    u->set_people(people);
    u->set_required_total(withheld ? 0 : 10);
    u->set_required_met(withheld ? 0 : 4);
    u->set_gap_score(withheld ? 0 : 3.25);
    u->set_totals_withheld(withheld);
    v1::AreaSummary* a = u->add_areas();
    a->set_area_id("a");
    a->set_withheld(withheld);
    a->set_required_total(withheld ? 0 : 10);
  };
  fill(s.mutable_total(), "k", "Kommune", 12, false);
  fill(s.add_units(), "k.a", "Avdeling A", 6, true);
  v1::TopGap* g = s.add_top_gaps();
  g->set_competence_id("c1");
  g->set_people_with_gap(7);
  g->set_total_weighted_gap(2.75);
  s.set_top_gaps_incomplete(true);
  const Report r = OrgSummaryReport(s, kNames, {"Kommune (k)", "2026-04-11"}, ReportLanguage::kNb);
  ASSERT_EQ(r.sheets.size(), 3u);
  const ReportSheet& units = r.sheets[0];
  ASSERT_EQ(units.rows.size(), 2u);
  EXPECT_EQ(units.rows[0][1].text, "Avdeling A");
  EXPECT_EQ(units.rows[0][2].number, 6);  // people are never withheld
  EXPECT_EQ(units.rows[0][3].type, ReportCell::Type::kWithheld);
  EXPECT_EQ(units.rows[0][5].text, "skjult");
  EXPECT_EQ(units.rows[1][1].text, "Kommune (totalt)");
  EXPECT_EQ(units.rows[1][5].number, 3.25);
  const ReportSheet& areas = r.sheets[1];
  ASSERT_EQ(areas.rows.size(), 2u);
  EXPECT_EQ(areas.rows[0][3].text, "Område A");
  EXPECT_EQ(areas.rows[0][4].type, ReportCell::Type::kWithheld);
  EXPECT_EQ(areas.rows[1][4].number, 10);
  EXPECT_EQ(r.sheets[2].rows[0][3].number, 2.75);
  EXPECT_EQ(r.sheets[2].notes.size(), 1u);
}

v1::TrainingDemand Demand() {
  v1::TrainingDemand d;
  v1::ResourceDemand* r = d.add_resources();
  r->set_resource_id("kurs");
  r->set_title("Kurs i personvern");
  r->set_learners(3);
  r->set_total_hours(21);
  r->set_total_cost(7500);
  r->set_unscheduled(1);
  r->set_extra_sessions_needed(1);
  r->set_session_capacity(2);
  v1::QuarterDemand* q = r->add_quarters();
  q->set_quarter("2026-Q1");
  q->set_learners(2);
  v1::Cohort* c = r->add_cohorts();
  c->set_session_id("mars");
  c->add_person_ids("E1");
  c->add_person_ids("E2");
  d.set_total_hours(21);
  d.set_total_cost(7500);
  v1::Allocation* a = d.mutable_allocation();
  v1::FundedStep* f = a->add_funded();
  f->set_person_id("E1");
  f->set_person_name("Kari Nordmann");
  f->set_resource_id("kurs");
  f->set_resource_title("Kurs i personvern");
  f->set_cost(2500);
  *a->add_unfunded() = *f;
  a->mutable_unfunded(0)->set_person_id("E3");
  a->set_spent(2500);
  a->set_closed_weighted_gap(0.75);
  a->set_algorithm("exact");
  return d;
}

TEST(ReportTables, TheDemandHasItsBudgetSheetOnlyWithABudget) {
  const Report with = TrainingDemandReport(Demand(), 3000, {"", "2026-04-11"}, ReportLanguage::kNb);
  ASSERT_EQ(with.sheets.size(), 5u);
  EXPECT_THAT(with.title, HasSubstr("hele organisasjonen"));
  const ReportSheet& sum = with.sheets[0];
  EXPECT_EQ(sum.rows[2][1].number, 3000);   // the budget asked for
  EXPECT_EQ(sum.rows[3][1].number, 2500);   // spent
  EXPECT_EQ(sum.rows[4][1].number, 0.75);   // closed
  const ReportSheet& res = with.sheets[1];
  ASSERT_EQ(res.rows.size(), 2u);  // the resource and the total
  EXPECT_EQ(res.rows[0][3].number, 21);
  EXPECT_EQ(res.rows[0][3].kind, NumberKind::kHours);
  EXPECT_EQ(res.rows[0][4].kind, NumberKind::kKroner);
  EXPECT_EQ(res.rows[1][4].number, 7500);
  EXPECT_EQ(with.sheets[2].rows[0][2].text, "2026-Q1");
  EXPECT_EQ(with.sheets[3].rows[0][4].text, "E1, E2");
  const ReportSheet& budget = with.sheets[4];
  ASSERT_EQ(budget.rows.size(), 2u);
  EXPECT_EQ(budget.rows[0][0].text, "ja");
  EXPECT_EQ(budget.rows[1][0].text, "nei");
  EXPECT_EQ(budget.rows[1][1].text, "E3");
  EXPECT_EQ(TrainingDemandReport(Demand(), 0, {"", "2026-04-11"}, ReportLanguage::kNb).sheets.size(), 4u);
}

// What tests/xlsx/read_xlsx.py says of `bytes`.
google::protobuf::Struct ReadBack(const std::string& bytes) {
  const std::string base = absl::StrCat(std::filesystem::temp_directory_path().string(), "/report-test-", getpid());
  std::ofstream(base + ".xlsx", std::ios::binary) << bytes;
  const std::string command = absl::StrCat(SKILLPATH_ICAL_PYTHON, " ", SKILLPATH_SOURCE_DIR,
                                           "/tests/xlsx/read_xlsx.py ", base, ".xlsx > ", base, ".json");
  EXPECT_EQ(std::system(command.c_str()), 0) << command;
  std::ifstream in(base + ".json");
  const std::string json((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  google::protobuf::Struct out;
  EXPECT_TRUE(google::protobuf::util::JsonStringToMessage(json, &out).ok()) << json;
  std::filesystem::remove(base + ".xlsx");
  std::filesystem::remove(base + ".json");
  return out;
}

const google::protobuf::Value& At(const google::protobuf::Struct& s, const std::string& key) {
  static const google::protobuf::Value none;
  auto it = s.fields().find(key);
  return it == s.fields().end() ? none : it->second;
}

// Row `r`, column `c` of the read-back sheet's `key` ("rows", "formats", ...).
const google::protobuf::Value& Cell(const google::protobuf::Struct& sheet, const std::string& key, int r, int c) {
  return At(sheet, key).list_value().values(r).list_value().values(c);
}

TEST(ReportXlsx, ARealReaderFindsNumbersFormatsAFrozenBoldHeaderAndTheColours) {
  const Report r = TeamGapReport(Team(), kNames, {"IT (it)", "2026-04-11"}, ReportLanguage::kNb);
  auto bytes = WriteReportXlsx(r);
  ASSERT_TRUE(bytes.ok()) << bytes.status();
  EXPECT_EQ(bytes->substr(0, 2), "PK");
  const google::protobuf::Struct book = ReadBack(*bytes);
  EXPECT_EQ(At(book, "title").string_value(), r.title);
  const auto& sheets = At(book, "sheets").list_value();
  ASSERT_EQ(sheets.values_size(), 3);
  const google::protobuf::Struct& heat = sheets.values(0).struct_value();
  EXPECT_EQ(At(heat, "name").string_value(), "Varmekart");
  EXPECT_EQ(At(heat, "freeze").string_value(), "C3");  // title and header rows, id and name columns
  EXPECT_EQ(At(heat, "autofilter").string_value(), "A2:F4");
  EXPECT_THAT(At(heat, "print_titles").string_value(), HasSubstr("1:$2"));
  EXPECT_EQ(Cell(heat, "rows", 0, 0).string_value(), r.title);
  EXPECT_EQ(Cell(heat, "rows", 1, 1).string_value(), "Navn");
  for (int c = 0; c < 6; ++c) EXPECT_TRUE(Cell(heat, "bold", 1, c).bool_value()) << c;
  EXPECT_FALSE(Cell(heat, "bold", 2, 1).bool_value());
  // Numbers as numbers, each with its format.
  EXPECT_EQ(Cell(heat, "rows", 2, 2).number_value(), 0.5);
  EXPECT_EQ(Cell(heat, "formats", 2, 2).string_value(), "0.00");
  EXPECT_EQ(Cell(heat, "rows", 3, 3).kind_case(), google::protobuf::Value::kNumberValue);
  EXPECT_EQ(Cell(heat, "formats", 2, 3).string_value(), "0%");
  EXPECT_EQ(Cell(heat, "rows", 2, 5).number_value(), 2);
  EXPECT_EQ(Cell(heat, "fills", 2, 4).string_value(), "2E9D57");  // met
  EXPECT_EQ(Cell(heat, "fills", 2, 5).string_value(), "A7C6EC");  // a «bør» gap of 2: blue
  EXPECT_TRUE(Cell(heat, "italic", 2, 5).bool_value());             // and in italics
  EXPECT_FALSE(Cell(heat, "italic", 3, 4).bool_value());            // a «skal» gap is not
  EXPECT_EQ(Cell(heat, "fills", 3, 4).string_value(), "D64545");  // 3 or more
  EXPECT_EQ(Cell(heat, "rows", 3, 5).kind_case(), google::protobuf::Value::kNullValue);
  EXPECT_EQ(Cell(heat, "fills", 3, 5).string_value(), "EEF0F3");  // no target
  const google::protobuf::Struct& cov = sheets.values(2).struct_value();
  EXPECT_EQ(At(cov, "freeze").string_value(), "A3");
  EXPECT_EQ(Cell(cov, "rows", 2, 5).number_value(), 2);
  EXPECT_EQ(Cell(cov, "rows", 2, 6).string_value(), "ja");
}

TEST(ReportXlsx, KronerAndHoursHaveTheirFormatsAndWithheldIsText) {
  v1::TeamGap t = Team();
  t.clear_rows();
  t.set_min_group_size(5);
  t.mutable_coverage(0)->set_holders_withheld(true);
  auto team = WriteReportXlsx(TeamGapReport(t, kNames, {"IT", "2026-04-11"}, ReportLanguage::kNb));
  ASSERT_TRUE(team.ok());
  const google::protobuf::Struct team_book = ReadBack(*team);
  const auto& cov = At(team_book, "sheets").list_value().values(0).struct_value();
  EXPECT_EQ(Cell(cov, "rows", 2, 4).string_value(), "skjult");
  auto demand = WriteReportXlsx(TrainingDemandReport(Demand(), 3000, {"", "2026-04-11"}, ReportLanguage::kEn));
  ASSERT_TRUE(demand.ok());
  const google::protobuf::Struct demand_book = ReadBack(*demand);
  const auto& sheets = At(demand_book, "sheets").list_value();
  ASSERT_EQ(sheets.values_size(), 5);
  const auto& res = sheets.values(1).struct_value();
  EXPECT_EQ(At(res, "name").string_value(), "Resources");
  EXPECT_EQ(Cell(res, "rows", 2, 3).number_value(), 21);
  EXPECT_EQ(Cell(res, "formats", 2, 3).string_value(), "0.0");
  EXPECT_EQ(Cell(res, "rows", 2, 4).number_value(), 7500);
  EXPECT_EQ(Cell(res, "formats", 2, 4).string_value(), "#,##0");
}

TEST(ReportXlsx, LeavesNoTemporaryFilesBehind) {
  const std::string dir = absl::StrCat(std::filesystem::temp_directory_path().string(), "/report-tmp-", getpid());
  std::filesystem::create_directories(dir);
  const char* before = std::getenv("TMPDIR");
  const std::string saved = before ? before : "";
  setenv("TMPDIR", dir.c_str(), 1);
  auto bytes = WriteReportXlsx(TeamGapReport(Team(), kNames, {"IT", "2026-04-11"}, ReportLanguage::kNb));
  if (saved.empty()) {
    unsetenv("TMPDIR");
  } else {
    setenv("TMPDIR", saved.c_str(), 1);
  }
  ASSERT_TRUE(bytes.ok()) << bytes.status();
  EXPECT_TRUE(std::filesystem::is_empty(dir)) << dir;
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace skillpath::formats
