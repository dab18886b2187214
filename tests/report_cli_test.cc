// `skillpath report team|summary|demand` against `skillpathd --demo` (issue
// #15 item 4): the files land where asked (or under the server's name), in
// the format asked or told by the extension, with the people and figures
// `gap team --json` gives; the access of the call beneath; errors as every
// command's.
#include <gmock/gmock.h>
#include <google/protobuf/util/json_util.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "skillpath/v1/gap.pb.h"
#include "testing/process/server_process.h"
#include "testing/skillpathd_commands.h"

namespace skillpath {
namespace {

using ::testing::HasSubstr;
using ::testing::StartsWith;
using testing::DemoTokens;
using testing::RunCommand;
using testing::ServerProcess;
using testing::TempPath;

std::string Read(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

TEST(ReportCli, TeamSummaryAndDemandAsFiles) {
  const std::string db = TempPath("report-cli.db");
  ServerProcess server(SKILLPATHD_BIN, {"--db", db, "--demo"});
  ASSERT_TRUE(server.Start()) << server.log();
  const auto demo = DemoTokens(db);
  const std::string bare = std::string(SKILLPATH_CLI_BIN) + " --server " + server.address();
  const std::string hr = bare + " --token " + demo.at("HR");
  std::string out;

  // The heatmap as Excel, told by the extension.
  const std::string xlsx = TempPath("drift.xlsx");
  ASSERT_EQ(RunCommand(hr + " report team it.drift -o " + xlsx, &out), 0) << out;
  EXPECT_THAT(out, HasSubstr("wrote " + xlsx));
  EXPECT_THAT(out, HasSubstr("spreadsheetml"));
  EXPECT_THAT(Read(xlsx), StartsWith("PK"));

  // As CSV on standard output: every person of gap team, in its order.
  ASSERT_EQ(RunCommand(hr + " --json gap team it.drift", &out), 0) << out;
  v1::TeamGap team;
  ASSERT_TRUE(google::protobuf::util::JsonStringToMessage(out, &team).ok()) << out;
  ASSERT_GT(team.rows_size(), 1);
  std::string csv;
  ASSERT_EQ(RunCommand(hr + " report team --unit it.drift --format csv -o - 2>/dev/null", &csv), 0) << csv;
  EXPECT_THAT(csv, StartsWith("\xEF\xBB\xBF" "Varmekart: "));
  EXPECT_THAT(csv, HasSubstr("\r\nAnsattnr;Navn;Gap-poeng;"));
  size_t at = 0;
  for (const v1::TeamRow& row : team.rows()) {
    at = csv.find("\r\n" + row.person_id() + ";" + row.name() + ";", at);
    EXPECT_NE(at, std::string::npos) << row.person_id() << " in order";
  }

  // In English; the summary; the demand with its budget sheet, under the server's file name.
  ASSERT_EQ(RunCommand(hr + " report team it.drift --lang en -o - 2>/dev/null", &csv), 0);
  EXPECT_THAT(csv, HasSubstr("\r\nEmployee no.,Name,Gap score,"));
  ASSERT_EQ(RunCommand(hr + " report summary -o - 2>/dev/null", &csv), 0);
  EXPECT_THAT(csv, HasSubstr("Enheter: Kompetansegap i organisasjonen"));
  const std::string dir = TempPath("report-cli-dir");
  std::filesystem::create_directories(dir);
  ASSERT_EQ(RunCommand("cd " + dir + " && " + hr + " report demand it --budget 20000 --format csv", &out), 0) << out;
  std::string written;
  for (const auto& e : std::filesystem::directory_iterator(dir)) written = e.path().filename().string();
  EXPECT_THAT(written, ::testing::MatchesRegex("skillpath-demand-it-[0-9]{4}-[0-9]{2}-[0-9]{2}\\.csv"));
  EXPECT_THAT(Read(dir + "/" + written), HasSubstr("\r\nBudsjett: Opplæringsbehov"));
  std::filesystem::remove_all(dir);

  // The access of the calls beneath, and errors as any command's.
  const std::string manager = bare + " --token " + demo.at("MANAGER");
  EXPECT_EQ(RunCommand(manager + " report team it.drift -o " + TempPath("x.csv"), &out), 1);
  EXPECT_THAT(out, HasSubstr("ExportTeamGap failed: PERMISSION_DENIED"));
  EXPECT_EQ(RunCommand(manager + " report demand -o " + TempPath("x.csv"), &out), 1);
  EXPECT_THAT(out, HasSubstr("PERMISSION_DENIED"));
  EXPECT_EQ(RunCommand(hr + " report team nowhere -o " + TempPath("x.csv"), &out), 1);
  EXPECT_THAT(out, HasSubstr("NOT_FOUND"));
  EXPECT_NE(RunCommand(hr + " report team it.drift --format pdf", &out), 0);
  EXPECT_THAT(out, HasSubstr("--format"));
}

}  // namespace
}  // namespace skillpath
