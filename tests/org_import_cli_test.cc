// Day one of a real installation through the CLI (issue #13): an empty
// database, the first ADMIN token, then `skillpath unit import` and
// `skillpath person import` on files shaped like a Visma export (BOM, ';',
// CRLF, Norwegian headers mapped with --map) — the dry run's difference,
// the apply, the same file again, a rejected file naming its lines, and a
// --sync that deactivates a leaver.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <fstream>

#include "testing/process/server_process.h"
#include "testing/skillpathd_commands.h"

namespace skillpath {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;
using testing::CreateToken;
using testing::RunCommand;
using testing::ServerProcess;
using testing::TempPath;

std::string Write(const std::string& name, const std::string& content) {
  const std::string path = TempPath(name);
  std::ofstream(path, std::ios::binary) << content;
  return path;
}

const char kPeopleMap[] =
    " --map id=Ansattnr,name=Navn,email=Epost,org_unit_id=Enhet,position=Stilling,manager_id=Leder --ignore Merknad";

TEST(OrgImportCli, AnEmptyDatabaseGetsItsOrganisationInAFewCommands) {
  const std::string db = TempPath("org-import.db");
  ServerProcess server(SKILLPATHD_BIN, {"--db", db});
  ASSERT_TRUE(server.Start()) << server.log();
  const std::string cli = std::string(SKILLPATH_CLI_BIN) + " --server " + server.address() + " --token " +
                          CreateToken(db, "ADMIN");
  const std::string units = Write("enheter.csv",
                                  "\xEF\xBB\xBF" "Enhetskode;Enhetsnavn;Overordnet;Leder\r\n"
                                  "K;Eksempel kommune;;1001\r\n"
                                  "HO;Helse og omsorg;K;1002\r\n"
                                  "SYK;\"Sykehjem; avd. A\";HO;\r\n");
  const std::string people = Write("ansatte.csv",
                                   "\xEF\xBB\xBF" "Ansattnr;Navn;Epost;Enhet;Stilling;Leder;Merknad\r\n"
                                   "1001;Kari Rådmann;kari@k.no;K;Kommunedirektør;;\r\n"
                                   "1002;Per Helse;per@k.no;HO;Kommunalsjef;1001;\"Fra 1. mai:\r\nkonstituert\"\r\n"
                                   "1003;Liv Pleier;liv@k.no;SYK;Sykepleier;1002;\r\n");
  std::string out;
  ASSERT_EQ(RunCommand(cli + " unit import " + units +
                           " --map id=Enhetskode,name=Enhetsnavn,parent_id=Overordnet,manager_id=Leder",
                       &out),
            0)
      << out;
  EXPECT_THAT(out, HasSubstr("3 rows (CSV, separated by ';')"));
  EXPECT_THAT(out, HasSubstr("created 3, changed 0, unchanged 0, rejected 0 - written"));

  ASSERT_EQ(RunCommand(cli + " person import " + people + kPeopleMap + " --dry-run", &out), 0) << out;
  EXPECT_THAT(out, HasSubstr("+ 1003"));
  EXPECT_THAT(out, HasSubstr("line 5")) << "Liv's row starts on line 5, after the quoted line break";
  EXPECT_THAT(out, HasSubstr("dry run: nothing was written"));
  ASSERT_EQ(RunCommand(cli + " person list", &out), 0);
  EXPECT_THAT(out, HasSubstr("0 people"));

  ASSERT_EQ(RunCommand(cli + " person import " + people + kPeopleMap, &out), 0) << out;
  EXPECT_THAT(out, HasSubstr("created 3, changed 0, deactivated 0, unchanged 0, rejected 0 - written"));
  ASSERT_EQ(RunCommand(cli + " person import " + people + kPeopleMap, &out), 0) << out;
  EXPECT_THAT(out, HasSubstr("unchanged 3, rejected 0 - nothing to change"));
  ASSERT_EQ(RunCommand(cli + " person show 1002", &out), 0);
  EXPECT_THAT(out, HasSubstr("manages:  HO (data), SYK (data)"));

  // A changed name shows old -> new; a duplicate id and a manager nobody
  // knows are named by line and column, and nothing is written.
  const std::string bad = Write("ansatte-feil.csv",
                                "Ansattnr;Navn;Epost;Enhet;Stilling;Leder;Merknad\r\n"
                                "1001;Kari Rådmann;kari@k.no;K;Kommunedirektør;;\r\n"
                                "1002;Per Helsesjef;per@k.no;HO;Kommunalsjef;1001;\r\n"
                                "1002;Per Igjen;per@k.no;HO;Kommunalsjef;1001;\r\n"
                                "1004;Eva;eva@k.no;SYK;Sykepleier;4711;\r\n");
  EXPECT_EQ(RunCommand(cli + " person import " + bad + kPeopleMap, &out), 3) << out;
  EXPECT_THAT(out, HasSubstr("name: Per Helse -> Per Helsesjef"));
  EXPECT_THAT(out, HasSubstr("line 4, column Ansattnr: person '1002' appears again (first on line 3)"));
  EXPECT_THAT(out, HasSubstr("line 5, column Leder: unknown person '4711': neither stored nor in the file"));
  EXPECT_THAT(out, HasSubstr("nothing was written"));
  ASSERT_EQ(RunCommand(cli + " person show 1002", &out), 0);
  EXPECT_THAT(out, HasSubstr("Per Helse (1002)"));

  // An unknown column is named, with the way out.
  const std::string extra = Write("ansatte-ekstra.csv", "id;name;Stillingsprosent\r\n1001;Kari;100\r\n");
  EXPECT_EQ(RunCommand(cli + " person import " + extra, &out), 1);
  EXPECT_THAT(out, HasSubstr("column 'Stillingsprosent' is not person fields"));
  EXPECT_THAT(out, HasSubstr("--ignore Stillingsprosent"));

  // Liv has left: --sync deactivates her and only her.
  const std::string left = Write("ansatte-sync.csv",
                                 "Ansattnr;Navn;Epost;Enhet;Stilling;Leder;Merknad\r\n"
                                 "1001;Kari Rådmann;kari@k.no;K;Kommunedirektør;;\r\n"
                                 "1002;Per Helse;per@k.no;HO;Kommunalsjef;1001;\r\n");
  ASSERT_EQ(RunCommand(cli + " person import " + left + kPeopleMap + " --sync", &out), 0) << out;
  EXPECT_THAT(out, HasSubstr("- 1003"));
  EXPECT_THAT(out, HasSubstr("deactivated (not in the file)"));
  EXPECT_THAT(out, HasSubstr("deactivated 1"));
  ASSERT_EQ(RunCommand(cli + " person list", &out), 0);
  EXPECT_THAT(out, HasSubstr("Liv Pleier (inactive)"));
  EXPECT_THAT(out, Not(HasSubstr("Per Helse (inactive)")));
}

}  // namespace
}  // namespace skillpath
