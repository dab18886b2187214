// A framework into an empty database through the CLI (issue #13, part 5):
// `skillpath framework import` of a CSV file as a spreadsheet writes it
// (BOM, ';', CRLF), `framework export` as CASE 1.1 and CSV, the CASE file
// imported again changes nothing, an edited CSV updates in place, and a bad
// file is refused naming its line and leaves the framework as it was; and
// the bundled frameworks installed into an empty database.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <sstream>

#include "testing/process/server_process.h"
#include "testing/skillpathd_commands.h"

namespace skillpath {
namespace {

using ::testing::HasSubstr;
using testing::CreateToken;
using testing::RunCommand;
using testing::ServerProcess;
using testing::TempPath;

std::string Write(const std::string& name, const std::string& content) {
  const std::string path = TempPath(name);
  std::ofstream(path, std::ios::binary) << content;
  return path;
}

std::string Read(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

TEST(FrameworkCli, AFrameworkComesInFromASpreadsheetAndGoesOutAsCase) {
  const std::string db = TempPath("framework-cli.db");
  ServerProcess server(SKILLPATHD_BIN, {"--db", db});
  ASSERT_TRUE(server.Start()) << server.log();
  const std::string cli = std::string(SKILLPATH_CLI_BIN) + " --server " + server.address() + " --token " +
                          CreateToken(db, "ADMIN");
  const std::string csv = Write("rammeverk.csv",
                                "\xEF\xBB\xBF" "framework_id;framework_name;level;level_name;area_id;area_name;"
                                "competence_id;competence_name;competence_description\r\n"
                                "tj;Tjenestedesign;1;Kjenner til;;;;;\r\n"
                                "tj;;2;Bruker;;;;;\r\n"
                                "tj;;3;Leder;;;;;\r\n"
                                "tj;;;;inn;Innsikt;inn.intervju;Brukerintervju;\"Planlegge; gjennomføre\r\nog analysere\"\r\n"
                                "tj;;;;inn;Innsikt;inn.reise;Tjenestereise;\r\n");
  std::string out;
  ASSERT_EQ(RunCommand(cli + " framework import " + csv, &out), 0) << out;
  EXPECT_THAT(out, HasSubstr("framework tj imported: Tjenestedesign, 1 areas, 2 competences, a scale of 3 levels"));
  ASSERT_EQ(RunCommand(cli + " framework list", &out), 0);
  EXPECT_THAT(out, HasSubstr("Tjenestedesign"));

  const std::string case_file = TempPath("tj.case.json");
  ASSERT_EQ(RunCommand(cli + " framework export tj --format case-1.1 > " + case_file, &out), 0) << Read(case_file);
  EXPECT_THAT(Read(case_file), HasSubstr("\"CFDocument\""));
  EXPECT_THAT(Read(case_file), HasSubstr("\"fullStatement\": \"Planlegge; gjennomføre\\nog analysere\""));
  const std::string first_csv = TempPath("tj-1.csv");
  ASSERT_EQ(RunCommand(cli + " framework export tj --format csv > " + first_csv, &out), 0);

  ASSERT_EQ(RunCommand(cli + " framework import " + case_file + " --format case-1.1", &out), 0) << out;
  const std::string second_csv = TempPath("tj-2.csv");
  ASSERT_EQ(RunCommand(cli + " framework export tj --format csv > " + second_csv, &out), 0);
  EXPECT_EQ(Read(first_csv), Read(second_csv)) << "the CASE round trip changed nothing";

  // Edited in a spreadsheet: a competence renamed; imported in place.
  std::string edited = Read(first_csv);
  const size_t at = edited.find("Tjenestereise");
  ASSERT_NE(at, std::string::npos) << edited;
  edited.replace(at, 13, "Tjenestereise og kundereise");
  ASSERT_EQ(RunCommand(cli + " framework import " + Write("tj-edited.csv", edited), &out), 0) << out;
  ASSERT_EQ(RunCommand(cli + " framework show tj", &out), 0);
  EXPECT_THAT(out, HasSubstr("inn.reise  Tjenestereise og kundereise"));
  ASSERT_EQ(RunCommand(cli + " framework list", &out), 0);
  EXPECT_THAT(out, HasSubstr("tj  Tjenestedesign           1      2            3"));
  EXPECT_EQ(std::count(out.begin(), out.end(), '\n'), 3) << "one framework, updated in place:\n" << out;

  // A bad file: the line and the problem named, nothing changed.
  const std::string bad = Write("bad.csv", "framework_id,framework_name,area_id,area_name,competence_id,competence_name\n"
                                           "tj,Tjenestedesign,inn,Innsikt,inn.reise,Ny\n"
                                           "tj,Annet navn,inn,Innsikt,inn.intervju,Brukerintervju\n");
  EXPECT_NE(RunCommand(cli + " framework import " + bad, &out), 0);
  EXPECT_THAT(out, HasSubstr("line 3: framework_name 'Annet navn' differs from 'Tjenestedesign' on line 2"));
  ASSERT_EQ(RunCommand(cli + " framework show tj", &out), 0);
  EXPECT_THAT(out, HasSubstr("Tjenestereise og kundereise"));
  EXPECT_NE(RunCommand(cli + " framework export tj --format xlsx", &out), 0);
  EXPECT_THAT(out, HasSubstr("format: 'xlsx' is not one of case-1.1, csv, json"));
}

// Day one: an empty database gets the frameworks skillpath ships, then a
// catalogue.
TEST(FrameworkCli, TheBundledFrameworksInstallIntoAnEmptyDatabase) {
  const std::string db = TempPath("framework-install.db");
  ServerProcess server(SKILLPATHD_BIN, {"--db", db});
  ASSERT_TRUE(server.Start()) << server.log();
  const std::string cli = std::string(SKILLPATH_CLI_BIN) + " --server " + server.address() + " --token " +
                          CreateToken(db, "ADMIN");
  std::string out;
  ASSERT_EQ(RunCommand(cli + " framework list", &out), 0) << out;
  EXPECT_EQ(std::count(out.begin(), out.end(), '\n'), 2) << "an empty database has none:\n" << out;
  ASSERT_EQ(RunCommand(cli + " framework list --available", &out), 0) << out;
  EXPECT_THAT(out, HasSubstr("digital-omstilling  Digital omstilling  2026.1   9      28           4       no"));
  for (const char* name : {"digital-omstilling", "digcomp", "e-cf-3.0"}) {
    ASSERT_EQ(RunCommand(cli + " framework install " + name, &out), 0) << out;
  }
  EXPECT_THAT(out, HasSubstr("framework e-cf-3.0 installed: e-CF 3.0, 5 areas, 40 competences, a scale of 5 levels"));
  ASSERT_EQ(RunCommand(cli + " framework list --available", &out), 0) << out;
  EXPECT_EQ(std::count(out.begin(), out.end(), '\n'), 6) << out;
  EXPECT_THAT(out, ::testing::Not(HasSubstr(" no\n"))) << out;
  ASSERT_EQ(RunCommand(cli + " framework show digcomp-2.2", &out), 0) << out;
  EXPECT_THAT(out, HasSubstr("digcomp.5.4"));
  EXPECT_NE(RunCommand(cli + " framework install sfia", &out), 0);
  EXPECT_THAT(out, HasSubstr("NOT_FOUND: no bundled framework 'sfia'"));

  // Then the catalogue on those frameworks, in one command (the demo's 43
  // courses), again with nothing to change; a bad line in a JSON Lines
  // file is named and nothing of the file is written.
  const std::string catalogue = std::string(SKILLPATH_SOURCE_DIR) + "/db/seed/demo/resources.json";
  ASSERT_EQ(RunCommand(cli + " resource import " + catalogue, &out), 0) << out;
  EXPECT_THAT(out, HasSubstr("43 resources: created 43, changed 0, unchanged 0 - written"));
  ASSERT_EQ(RunCommand(cli + " resource import " + catalogue, &out), 0) << out;
  EXPECT_THAT(out, HasSubstr("unchanged 43 - nothing to change"));
  const std::string lines = Write("kurs.jsonl",
                                  "{\"id\": \"kurs.a\", \"title\": \"A\", \"mode\": \"ELEARNING\", \"hours\": 2, "
                                  "\"outcomes\": [{\"competenceId\": \"digcomp.4.2\", \"reachesLevel\": 2}]}\n"
                                  "\n"
                                  "{\"id\": \"kurs.b\", \"title\": \"B\", \"mode\": \"ELEARNING\", \"hours\": 2, "
                                  "\"outcomes\": [{\"competenceId\": \"ghost\", \"reachesLevel\": 2}]}\n");
  EXPECT_NE(RunCommand(cli + " resource import " + lines, &out), 0);
  EXPECT_THAT(out, HasSubstr("resources[1] ('kurs.b'): outcomes[0].competence_id: unknown competence 'ghost'"));
  EXPECT_THAT(out, HasSubstr("kurs.jsonl line 3)"));
  ASSERT_EQ(RunCommand(cli + " resource show kurs.a", &out), 1) << "nothing of the file is written: " << out;
}

}  // namespace
}  // namespace skillpath
