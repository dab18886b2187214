// ReportService over a real server (issue #15 item 4): each export's figures
// are those of the call beneath it (GetTeamGap, GetOrgSummary,
// GetTrainingDemand with its budget), in CSV and in XLSX read back with
// Debian's python3-openpyxl (tests/xlsx/read_xlsx.py); an AGGREGATE token's
// export withholds exactly what the API withholds and names nobody; access
// is that of the call beneath, and so is the audit of whose data was read.
#include <gmock/gmock.h>
#include <google/protobuf/struct.pb.h>
#include <google/protobuf/util/json_util.h>
#include <google/protobuf/util/time_util.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_split.h"
#include "core/model/auth.h"
#include "skillpath/v1/report.grpc.pb.h"
#include "testing/service_test.h"

namespace skillpath::services {
namespace {

using google::protobuf::util::TimeUtil;
using ::testing::HasSubstr;
using ::testing::Not;

constexpr int64_t kNow = 1767225600 + 100 * 86400;  // 2026-04-11
constexpr int64_t kDay = 86400;

using Rows = std::vector<std::vector<std::string>>;

// One line of our CSV: fields split at `sep`, quotes taken off.
std::vector<std::string> Fields(const std::string& line, char sep) {
  std::vector<std::string> out(1);
  bool quoted = false;
  for (size_t i = 0; i < line.size(); ++i) {
    const char c = line[i];
    if (quoted) {
      if (c == '"' && i + 1 < line.size() && line[i + 1] == '"') {
        out.back() += '"';
        ++i;
      } else if (c == '"') {
        quoted = false;
      } else {
        out.back() += c;
      }
    } else if (c == '"') {
      quoted = true;
    } else if (c == sep) {
      out.emplace_back();
    } else {
      out.back() += c;
    }
  }
  return out;
}

// The header and rows of the CSV's sheet `name` (its title line starts
// "<name>: "); empty when there is none.
Rows Section(const std::string& csv, const std::string& name, char sep) {
  EXPECT_EQ(csv.substr(0, 3), "\xEF\xBB\xBF");
  const std::vector<std::string> lines = absl::StrSplit(csv.substr(3), "\r\n");
  Rows out;
  for (size_t i = 0; i < lines.size(); ++i) {
    if (lines[i].rfind(name + ": ", 0) != 0) continue;
    for (size_t j = i + 1; j < lines.size() && !lines[j].empty(); ++j) out.push_back(Fields(lines[j], sep));
    break;
  }
  return out;
}

double Number(std::string text) {
  for (char& c : text) c = c == ',' ? '.' : c;
  char* end = nullptr;
  const double v = std::strtod(text.c_str(), &end);
  EXPECT_TRUE(!text.empty() && *end == '\0') << "not a number: '" << text << "'";
  return v;
}

// What an XLSX file holds of a number: libxlsxwriter writes it with 16
// significant digits (%.16g; Excel itself keeps 15). The CSV has every digit.
double Xlsx(double v) { return std::strtod(absl::StrFormat("%.16g", v).c_str(), nullptr); }

// What tests/xlsx/read_xlsx.py reads in `bytes`: {"sheets": [...]}.
google::protobuf::Struct ReadXlsx(const std::string& bytes) {
  const std::string base = absl::StrCat(std::filesystem::temp_directory_path().string(), "/report-service-", getpid());
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

// The rows (from the header down) of the read-back sheet `name`.
std::vector<std::vector<google::protobuf::Value>> XlsxSheet(const google::protobuf::Struct& book,
                                                           const std::string& name) {
  std::vector<std::vector<google::protobuf::Value>> out;
  for (const auto& sheet : book.fields().at("sheets").list_value().values()) {
    const auto& fields = sheet.struct_value().fields();
    if (fields.at("name").string_value() != name) continue;
    const auto& rows = fields.at("rows").list_value().values();
    for (int r = 1; r < rows.size(); ++r) {
      const auto& cells = rows[r].list_value().values();
      if (cells.empty() || cells[0].kind_case() == google::protobuf::Value::kNullValue) {
        if (cells.size() < 2 || cells[1].kind_case() == google::protobuf::Value::kNullValue) break;  // the notes
      }
      out.emplace_back(cells.begin(), cells.end());
    }
  }
  return out;
}

// Unit "k" (Kommune) with "k.a" and "k.b" (seven people each) and "k.c"
// (two); role "ansatt" requires pv.gdpr («GDPR-grunnlag», in English «GDPR
// basics») at 3; "leder" in k, without a role, manages k.a. Two resources: grunn (e-learning, 0 -> 1) and
// kurs (classroom, 1 -> 3, 2,500 kr, a session of three seats).
class ReportServiceTest : public testing::ServiceTest {
 protected:
  void SetUp() override {
    ASSERT_TRUE(StartServer([] { return kNow * 1000000; }));
    testing::Organisation org = testing::SmallOrg();
    v1::Framework& f = org.frameworks[0];
    f.set_language("nb");
    v1::Area* area = f.mutable_areas(0);
    auto* area_en = area->add_translations();
    area_en->set_language("en");
    area_en->set_name("Privacy");
    v1::Competence* c = area->mutable_competences(0);
    c->set_name("GDPR-grunnlag");
    auto* en = c->add_translations();
    en->set_language("en");
    en->set_name("GDPR basics");
    org.units = {testing::Unit("k", "Kommune"), testing::Unit("k.a", "Avdeling A", "k"),
                 testing::Unit("k.b", "Avdeling B", "k"), testing::Unit("k.c", "Avdeling C", "k")};
    org.roles = {testing::Role("ansatt", "Ansatt", {{"pv.gdpr", 3}})};
    org.people.clear();
    for (const auto& [unit, n] : std::vector<std::pair<std::string, int>>{{"a", 7}, {"b", 7}, {"c", 2}}) {
      for (int i = 1; i <= n; ++i) {
        const std::string id = absl::StrCat(unit, i);
        org.people.push_back(testing::Person(id, "Person " + id, "k." + unit, {"ansatt"}));
        if (const int level = (i * 7 + n) % 4; level > 0) {
          org.assessments.push_back(testing::Assessment(id, "pv.gdpr", level));
        }
      }
    }
    v1::Person leder = testing::Person("leder", "Leder", "k");
    leder.add_manages_unit_ids("k.a");
    org.people.push_back(leder);
    org.resources.push_back(testing::Resource("grunn", "Grunnkurs", 4, 1));
    v1::LearningResource kurs = testing::Resource("kurs", "Kurs i personvern", 7, 3, 1);
    kurs.set_mode(v1::CLASSROOM);
    kurs.set_cost(2500);
    v1::Session* s = kurs.add_sessions();
    s->set_id("mai");
    *s->mutable_start() = TimeUtil::SecondsToTimestamp(kNow + 30 * kDay);
    *s->mutable_end() = TimeUtil::SecondsToTimestamp(kNow + 30 * kDay + 7 * 3600);
    s->set_capacity(3);
    org.resources.push_back(kurs);
    ASSERT_TRUE(testing::LoadOrg(org, channel_));
    hr_ = testing::MintTestToken(*server_, core::Grant::kHr);
  }

  std::unique_ptr<v1::ReportService::Stub> Reports(const std::string& token) {
    return v1::ReportService::NewStub(testing::ChannelAs(*server_, token));
  }

  grpc::Status ExportTeam(const std::string& token, const std::string& unit, const std::string& format,
                          const std::string& lang, v1::ReportFile* file) {
    v1::ExportTeamGapRequest req;
    req.mutable_request()->set_org_unit_id(unit);
    req.set_format(format);
    req.set_language(lang);
    grpc::ClientContext ctx;
    return Reports(token)->ExportTeamGap(&ctx, req, file);
  }

  v1::TeamGap TeamGap(const std::string& token, const std::string& unit) {
    v1::GetTeamGapRequest req;
    req.set_org_unit_id(unit);
    auto stub = v1::GapService::NewStub(testing::ChannelAs(*server_, token));
    return testing::Call(&v1::GapService::Stub::GetTeamGap, stub.get(), req);
  }

  std::string hr_;
};

TEST_F(ReportServiceTest, TheTeamCsvAndXlsxHoldGetTeamGapsFigures) {
  const v1::TeamGap team = TeamGap(hr_, "k");
  ASSERT_EQ(team.rows_size(), 17);  // the leader too, without targets
  ASSERT_EQ(team.competence_ids_size(), 1);

  v1::ReportFile csv;
  ASSERT_TRUE(ExportTeam(hr_, "k", "csv", "", &csv).ok());
  EXPECT_EQ(csv.file_name(), "skillpath-team-k-2026-04-11.csv");
  EXPECT_EQ(csv.content_type(), "text/csv; charset=utf-8");
  const Rows heat = Section(csv.content(), "Varmekart", ';');
  ASSERT_EQ(heat.size(), 18u);
  EXPECT_EQ(heat[0][1], "Navn");
  EXPECT_EQ(heat[0][4], "GDPR-grunnlag");
  for (int i = 0; i < team.rows_size(); ++i) {
    const v1::TeamRow& row = team.rows(i);
    const auto& line = heat[static_cast<size_t>(i) + 1];
    EXPECT_EQ(line[0], row.person_id());
    EXPECT_EQ(line[1], row.name());
    EXPECT_EQ(Number(line[2]), row.gap_score());
    EXPECT_EQ(Number(line[3]), row.required_met_ratio());
    if (row.cells(0).target_level() > 0) {
      EXPECT_EQ(Number(line[4]), row.cells(0).gap());
    } else {
      EXPECT_EQ(line[4], "") << "no target: no gap";
    }
  }
  const Rows cov = Section(csv.content(), "Dekning", ';');
  ASSERT_EQ(cov.size(), 2u);
  EXPECT_EQ(Number(cov[1][2]), team.coverage(0).required_count());
  EXPECT_EQ(Number(cov[1][3]), team.coverage(0).met_count());
  EXPECT_EQ(Number(cov[1][4]), team.coverage(0).holders());
  EXPECT_EQ(Number(cov[1][5]), team.coverage(0).mean_gap());

  v1::ReportFile xlsx;
  ASSERT_TRUE(ExportTeam(hr_, "k", "xlsx", "nb", &xlsx).ok());
  EXPECT_EQ(xlsx.file_name(), "skillpath-team-k-2026-04-11.xlsx");
  EXPECT_EQ(xlsx.content_type(), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
  const auto book = ReadXlsx(xlsx.content());
  const auto rows = XlsxSheet(book, "Varmekart");
  ASSERT_EQ(rows.size(), 18u);
  for (int i = 0; i < team.rows_size(); ++i) {
    const v1::TeamRow& row = team.rows(i);
    const auto& line = rows[static_cast<size_t>(i) + 1];
    EXPECT_EQ(line[0].string_value(), row.person_id());
    EXPECT_EQ(line[2].number_value(), Xlsx(row.gap_score()));
    EXPECT_EQ(line[3].number_value(), Xlsx(row.required_met_ratio()));
    if (row.cells(0).target_level() > 0) {
      EXPECT_EQ(line[4].number_value(), row.cells(0).gap());
    } else {
      EXPECT_EQ(line[4].kind_case(), google::protobuf::Value::kNullValue);
    }
  }
  const auto cells = XlsxSheet(book, "Celler");
  ASSERT_EQ(cells.size(), 18u);
  EXPECT_EQ(cells[1][4].number_value(), team.rows(0).cells(0).current_level());
  EXPECT_EQ(cells[1][5].number_value(), team.rows(0).cells(0).target_level());
}

TEST_F(ReportServiceTest, NamesAndWordsComeInTheLanguageAsked) {
  v1::ReportFile en;
  ASSERT_TRUE(ExportTeam(hr_, "k.a", "csv", "en", &en).ok());
  const Rows heat = Section(en.content(), "Heatmap", ',');
  ASSERT_FALSE(heat.empty());
  EXPECT_EQ(heat[0][4], "GDPR basics");
  EXPECT_THAT(en.content(), HasSubstr("Competence gaps of the team \xE2\x80\x94 Avdeling A (k.a) \xE2\x80\x94 2026-04-11"));
  v1::OrgSummary summary;
  v1::ExportOrgSummaryRequest req;
  req.mutable_request()->set_org_unit_id("k");
  req.set_format("csv");
  req.set_language("en");
  grpc::ClientContext ctx;
  v1::ReportFile file;
  ASSERT_TRUE(Reports(hr_)->ExportOrgSummary(&ctx, req, &file).ok());
  const Rows areas = Section(file.content(), "Areas", ',');
  ASSERT_GE(areas.size(), 2u);
  EXPECT_EQ(areas[1][3], "Privacy");
}

TEST_F(ReportServiceTest, AnAggregateExportWithholdsWhatTheApiWithholdsAndNamesNobody) {
  const std::string aggregate = testing::MintTestToken(*server_, core::Grant::kAggregate);
  auto gaps = v1::GapService::NewStub(testing::ChannelAs(*server_, aggregate));
  int withheld = 0, shown = 0;
  // k.c's two people are too few for any figure: both calls refuse it alike.
  for (const std::string unit : {"k", "k.a", "k.b", "k.c"}) {
    v1::GetTeamGapRequest inner;
    inner.set_org_unit_id(unit);
    grpc::ClientContext ctx;
    v1::TeamGap team;
    const grpc::Status api = gaps->GetTeamGap(&ctx, inner, &team);
    v1::ReportFile file;
    const grpc::Status exported = ExportTeam(aggregate, unit, "csv", "en", &file);
    ASSERT_EQ(exported.error_code(), api.error_code()) << unit << ": " << exported.error_message();
    EXPECT_EQ(exported.error_message(), api.error_message());
    if (!api.ok()) continue;
    EXPECT_EQ(team.rows_size(), 0);
    EXPECT_TRUE(Section(file.content(), "Heatmap", ',').empty()) << unit;
    EXPECT_THAT(file.content(), Not(HasSubstr("Person "))) << unit;
    EXPECT_THAT(file.content(), HasSubstr("fewer than " + std::to_string(team.min_group_size()) + " people"));
    const Rows cov = Section(file.content(), "Coverage", ',');
    ASSERT_EQ(cov.size(), static_cast<size_t>(team.coverage_size()) + 1) << unit;
    for (int i = 0; i < team.coverage_size(); ++i) {
      const v1::CompetenceCoverage& c = team.coverage(i);
      const auto& line = cov[static_cast<size_t>(i) + 1];
      auto expect = [&](bool hidden, const std::string& text, double value) {
        ++(hidden ? withheld : shown);
        if (hidden) {
          EXPECT_EQ(text, "hidden") << unit;
        } else {
          EXPECT_EQ(Number(text), value) << unit;
        }
      };
      expect(c.required_count_withheld(), line[2], c.required_count());
      expect(c.met_count_withheld(), line[3], c.met_count());
      expect(c.holders_withheld(), line[4], c.holders());
      expect(c.mean_gap_withheld(), line[5], c.mean_gap());
    }
  }
  // k less k.a and k.b is three people: some figure of the three is withheld.
  EXPECT_GT(withheld, 0);
  EXPECT_GT(shown, 0);
}

TEST_F(ReportServiceTest, AccessIsThatOfTheCallBeneath) {
  const std::string manager = testing::MintTestToken(*server_, core::Grant::kManager, "leder");
  const std::string employee = testing::MintTestToken(*server_, core::Grant::kEmployee, "a1");
  const std::string admin = testing::MintTestToken(*server_, core::Grant::kAdmin);
  v1::ReportFile file;
  EXPECT_TRUE(ExportTeam(manager, "k.a", "xlsx", "", &file).ok());
  EXPECT_EQ(ExportTeam(manager, "k.c", "xlsx", "", &file).error_code(), grpc::PERMISSION_DENIED);
  EXPECT_EQ(ExportTeam(manager, "k", "csv", "", &file).error_code(), grpc::PERMISSION_DENIED);
  EXPECT_EQ(ExportTeam(employee, "k.a", "csv", "", &file).error_code(), grpc::PERMISSION_DENIED);
  EXPECT_EQ(ExportTeam(manager, "nowhere", "csv", "", &file).error_code(), grpc::PERMISSION_DENIED);
  EXPECT_EQ(ExportTeam(hr_, "nowhere", "csv", "", &file).error_code(), grpc::NOT_FOUND);
  for (const std::string& token : {manager, admin}) {
    v1::ExportTrainingDemandRequest req;
    req.set_format("csv");
    grpc::ClientContext ctx;
    EXPECT_EQ(Reports(token)->ExportTrainingDemand(&ctx, req, &file).error_code(), grpc::PERMISSION_DENIED);
  }
  v1::ExportOrgSummaryRequest summary;
  summary.mutable_request()->set_org_unit_id("k.a");
  summary.set_format("csv");
  grpc::ClientContext ctx;
  EXPECT_TRUE(Reports(manager)->ExportOrgSummary(&ctx, summary, &file).ok());
}

TEST_F(ReportServiceTest, TheReadsAreAuditedAsTheCallBeneathAuditsThem) {
  v1::ReportFile file;
  ASSERT_TRUE(ExportTeam(hr_, "k.c", "xlsx", "", &file).ok());
  ASSERT_TRUE(server_->AuditForTest().Flush().ok());
  auto auth = v1::AuthService::NewStub(testing::ChannelAs(*server_, testing::MintTestToken(*server_, core::Grant::kAdmin)));
  // The reads of the export (the writes that made the person are audited too).
  auto reads = [&](const std::string& person) {
    v1::ListAuditEventsRequest req;
    req.set_subject(person);
    grpc::ClientContext ctx;
    v1::ListAuditEventsResponse audit;
    EXPECT_TRUE(auth->ListAuditEvents(&ctx, req, &audit).ok());
    std::vector<v1::AuditEvent> out;
    for (const v1::AuditEvent& e : audit.events()) {
      EXPECT_THAT(e.method(), Not(HasSubstr("ReportService")));
      if (e.method().find("/Get") != std::string::npos) out.push_back(e);
    }
    return out;
  };
  for (const std::string person : {"c1", "c2"}) {
    const auto events = reads(person);
    ASSERT_EQ(events.size(), 1u) << person;
    EXPECT_EQ(events[0].method(), "skillpath.v1.GapService/GetTeamGap");
    EXPECT_EQ(events[0].outcome(), "OK");
  }
  EXPECT_TRUE(reads("a1").empty()) << "a1 is not in k.c";
}

TEST_F(ReportServiceTest, TheSummaryXlsxHoldsGetOrgSummarysFigures) {
  v1::GetOrgSummaryRequest inner;
  inner.set_org_unit_id("k");
  const v1::OrgSummary summary = testing::Call(&v1::GapService::Stub::GetOrgSummary,
                                               v1::GapService::NewStub(testing::ChannelAs(*server_, hr_)).get(), inner);
  v1::ExportOrgSummaryRequest req;
  *req.mutable_request() = inner;
  req.set_format("xlsx");
  grpc::ClientContext ctx;
  v1::ReportFile file;
  ASSERT_TRUE(Reports(hr_)->ExportOrgSummary(&ctx, req, &file).ok());
  EXPECT_EQ(file.file_name(), "skillpath-summary-k-2026-04-11.xlsx");
  const auto rows = XlsxSheet(ReadXlsx(file.content()), "Enheter");
  ASSERT_EQ(rows.size(), static_cast<size_t>(summary.units_size()) + 2);
  std::vector<const v1::UnitSummary*> units;
  for (const auto& u : summary.units()) units.push_back(&u);
  units.push_back(&summary.total());
  for (size_t i = 0; i < units.size(); ++i) {
    const auto& line = rows[i + 1];
    EXPECT_EQ(line[0].string_value(), units[i]->org_unit_id());
    EXPECT_EQ(line[2].number_value(), units[i]->people());
    EXPECT_EQ(line[3].number_value(), units[i]->required_total());
    EXPECT_EQ(line[4].number_value(), units[i]->required_met());
    EXPECT_EQ(line[5].number_value(), Xlsx(units[i]->gap_score()));
  }
}

TEST_F(ReportServiceTest, TheDemandExportHoldsGetTrainingDemandAndItsAllocation) {
  v1::GetTrainingDemandRequest inner;
  inner.set_org_unit_id("k");
  inner.set_budget(3000);
  grpc::ClientContext direct;
  v1::TrainingDemand demand;
  ASSERT_TRUE(v1::PlanService::NewStub(testing::ChannelAs(*server_, hr_))->GetTrainingDemand(&direct, inner, &demand).ok());
  ASSERT_GT(demand.resources_size(), 0);
  ASSERT_GT(demand.allocation().funded_size(), 0);
  v1::ExportTrainingDemandRequest req;
  *req.mutable_request() = inner;
  req.set_format("csv");
  grpc::ClientContext ctx;
  v1::ReportFile file;
  ASSERT_TRUE(Reports(hr_)->ExportTrainingDemand(&ctx, req, &file).ok());
  EXPECT_EQ(file.file_name(), "skillpath-demand-k-2026-04-11.csv");
  const Rows res = Section(file.content(), "Kurs", ';');
  ASSERT_EQ(res.size(), static_cast<size_t>(demand.resources_size()) + 2);  // header, resources, total
  for (int i = 0; i < demand.resources_size(); ++i) {
    const v1::ResourceDemand& r = demand.resources(i);
    const auto& line = res[static_cast<size_t>(i) + 1];
    EXPECT_EQ(line[0], r.resource_id());
    EXPECT_EQ(Number(line[2]), r.learners());
    EXPECT_EQ(Number(line[3]), r.total_hours());
    EXPECT_EQ(Number(line[4]), r.total_cost());
  }
  EXPECT_EQ(Number(res.back()[4]), demand.total_cost());
  const Rows budget = Section(file.content(), "Budsjett", ';');
  ASSERT_EQ(budget.size(),
            static_cast<size_t>(demand.allocation().funded_size() + demand.allocation().unfunded_size()) + 1);
  for (int i = 0; i < demand.allocation().funded_size(); ++i) {
    const v1::FundedStep& f = demand.allocation().funded(i);
    const auto& line = budget[static_cast<size_t>(i) + 1];
    EXPECT_EQ(line[0], "ja");
    EXPECT_EQ(line[1], f.person_id());
    EXPECT_EQ(line[3], f.resource_id());
    EXPECT_EQ(Number(line[5]), f.cost());
  }
  const Rows sum = Section(file.content(), "Sammendrag", ';');
  ASSERT_GE(sum.size(), 5u);
  EXPECT_EQ(Number(sum[3][1]), 3000);
  EXPECT_EQ(Number(sum[4][1]), demand.allocation().spent());
}

TEST_F(ReportServiceTest, ABadFormatOrLanguageNamesTheField) {
  v1::ReportFile file;
  EXPECT_INVALID(ExportTeam(hr_, "k", "pdf", "", &file), "format: 'pdf' is not");
  EXPECT_INVALID(ExportTeam(hr_, "k", "", "", &file), "format");
  EXPECT_INVALID(ExportTeam(hr_, "k", "csv", "de", &file), "language: 'de'");
  EXPECT_INVALID(ExportTeam(hr_, "", "csv", "", &file), "org_unit_id");
}

}  // namespace
}  // namespace skillpath::services
