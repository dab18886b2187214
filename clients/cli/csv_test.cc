// The CSV import parser as `skillpath import` runs it: quoting, line ends,
// the header, and the messages of refused files.
#include "clients/cli/csv.h"

#include <gmock/gmock.h>
#include <google/protobuf/util/time_util.h>
#include <gtest/gtest.h>

namespace skillpath::cli {
namespace {

using google::protobuf::util::TimeUtil;
using ::testing::ElementsAre;

TEST(SplitCsv, QuotesCommasAndDoubledQuotes) {
  EXPECT_THAT(SplitCsv("a,b,,c"), ElementsAre("a", "b", "", "c"));
  EXPECT_THAT(SplitCsv(R"("a,b","say ""hei""",c)"), ElementsAre("a,b", R"(say "hei")", "c"));
  EXPECT_THAT(SplitCsv(""), ElementsAre(""));
  EXPECT_THAT(SplitCsv(","), ElementsAre("", ""));
  // Quotes inside a field open and close quoting; a quote left open runs on.
  EXPECT_THAT(SplitCsv(R"(ab"c,d"e,f)"), ElementsAre("abc,de", "f"));
  EXPECT_THAT(SplitCsv(R"("open,to the end)"), ElementsAre("open,to the end"));
}

TEST(SplitCsv, DropsUnquotedCarriageReturnsOnly) {
  EXPECT_THAT(SplitCsv("a,b\r"), ElementsAre("a", "b"));
  EXPECT_THAT(SplitCsv("\"a\r\",b"), ElementsAre("a\r", "b"));
}

TEST(SplitCsv, SemicolonsAndByteOrderMarksAreData) {
  EXPECT_THAT(SplitCsv("a;b,c"), ElementsAre("a;b", "c"));
  EXPECT_THAT(SplitCsv("\xEF\xBB\xBFid,x"), ElementsAre("\xEF\xBB\xBFid", "x"));
}

TEST(JoinCsv, IsTheInverseOfSplitCsv) {
  for (const std::vector<std::string>& fields : std::vector<std::vector<std::string>>{
           {""}, {"", ""}, {"a"}, {"a,b", "\"", "\"\"x\"", "\r", " sp "}, {"æøå", "x;y"}}) {
    EXPECT_EQ(SplitCsv(JoinCsv(fields)), fields) << JoinCsv(fields);
  }
}

TEST(ParseAssessmentsCsv, ReadsColumnsByTheHeader) {
  const std::string text =
      "note,person_id,competence_id,level,source,assessor_id,assessed_at,expires_at,evidence_uri,id,other\r\n"
      "\"Kurs, dag 1\",E1,pv.gdpr,3,manager,M1,2024-05-02,2026-05-02T12:00:00Z,https://x/y,a1,ignored\r\n"
      "\r\n"
      "\n"
      ",E2,pv.dpia,0,SELF,,,,,,\n"
      "short,E3,,,,,,,,,\n";
  auto rows = ParseAssessmentsCsv("f.csv", text);
  ASSERT_TRUE(rows.ok()) << rows.status();
  ASSERT_EQ(rows->size(), 3u);
  const v1::Assessment& a = (*rows)[0];
  EXPECT_EQ(a.note(), "Kurs, dag 1");
  EXPECT_EQ(a.person_id(), "E1");
  EXPECT_EQ(a.competence_id(), "pv.gdpr");
  EXPECT_EQ(a.level(), 3);
  EXPECT_EQ(a.source(), v1::MANAGER);
  EXPECT_EQ(a.assessor_id(), "M1");
  EXPECT_EQ(TimeUtil::ToString(a.assessed_at()), "2024-05-02T00:00:00Z");
  EXPECT_EQ(TimeUtil::ToString(a.expires_at()), "2026-05-02T12:00:00Z");
  EXPECT_EQ(a.evidence_uri(), "https://x/y");
  EXPECT_EQ(a.id(), "a1");
  EXPECT_EQ((*rows)[1].source(), v1::SELF);
  EXPECT_FALSE((*rows)[1].has_assessed_at());
  EXPECT_EQ((*rows)[2].note(), "short");
  EXPECT_EQ((*rows)[2].person_id(), "E3");
  EXPECT_EQ((*rows)[2].competence_id(), "");
}

TEST(ParseAssessmentsCsv, AHeaderAloneIsNoRows) {
  auto rows = ParseAssessmentsCsv("f.csv", "person_id,level\n\r\n\n");
  ASSERT_TRUE(rows.ok());
  EXPECT_TRUE(rows->empty());
}

TEST(ParseAssessmentsCsv, RefusesBadCellsNamingFileLineAndColumn) {
  auto refused = [](const std::string& text) {
    auto rows = ParseAssessmentsCsv("f.csv", text);
    EXPECT_FALSE(rows.ok());
    return std::string(rows.status().message());
  };
  EXPECT_EQ(refused(""), "f.csv: empty");
  EXPECT_EQ(refused("person_id,level\nE1,3\nE2,tre\n"), "f.csv:3: level: 'tre' is not a number");
  EXPECT_EQ(refused("level\n99999999999\n"), "f.csv:2: level: '99999999999' is not a number");
  EXPECT_EQ(refused("level\n3abc\n"), "f.csv:2: level: '3abc' is not a number");
  EXPECT_EQ(refused("source\nboss\n"), "f.csv:2: source: unknown source 'boss'");
  EXPECT_EQ(refused("assessed_at\n02.05.2024\n"),
            "f.csv:2: assessed_at: '02.05.2024' is not a date (YYYY-MM-DD) or an RFC 3339 time");
  // What the table reader refuses, with the file's name and line.
  EXPECT_THAT(refused("person_id,level\nE1,3\nE2\n"), ::testing::StartsWith("f.csv: line 3: 1 fields where"));
}

// Files from spreadsheets: a byte order mark, ';' or TAB, headers in any
// case, read as the organisation imports read them (common/table_file.h).
TEST(ReadAssessmentFile, ReadsSpreadsheetFilesWithTheirLineNumbers) {
  auto bom = ReadAssessmentFile("f.csv", "\xEF\xBB\xBFPerson_ID;Level;Competence_id\r\nE1;2;pv.gdpr\r\n\r\nE2;\"3\";pv.dpia\r\n");
  ASSERT_TRUE(bom.ok()) << bom.status();
  ASSERT_EQ(bom->rows.size(), 2u);
  EXPECT_EQ(bom->rows[0].person_id(), "E1");
  EXPECT_EQ(bom->rows[0].level(), 2);
  EXPECT_EQ(bom->rows[1].competence_id(), "pv.dpia");
  EXPECT_EQ(bom->rows[1].level(), 3);
  EXPECT_THAT(bom->lines, ElementsAre(2, 4)) << "the empty line 3 is counted, not read";

  auto tabs = ReadAssessmentFile("f.tsv", "person_id\tnote\nE1\t\"two\nlines\"\nE2\tx\n");
  ASSERT_TRUE(tabs.ok()) << tabs.status();
  ASSERT_EQ(tabs->rows.size(), 2u);
  EXPECT_EQ(tabs->rows[0].note(), "two\nlines");
  EXPECT_THAT(tabs->lines, ElementsAre(2, 4)) << "a row starts after the one with a line break in a field";

  auto jsonl = ReadAssessmentFile("f.jsonl", "{\"person_id\": \"E1\", \"level\": 2, \"source\": \"self\"}\n{\"person_id\": \"E2\"}\n");
  ASSERT_TRUE(jsonl.ok()) << jsonl.status();
  ASSERT_EQ(jsonl->rows.size(), 2u);
  EXPECT_EQ(jsonl->rows[0].level(), 2);
  EXPECT_EQ(jsonl->rows[0].source(), v1::SELF);
  EXPECT_EQ(jsonl->rows[1].person_id(), "E2");
  EXPECT_EQ(jsonl->rows[1].level(), 0);
  EXPECT_THAT(jsonl->lines, ElementsAre(1, 2));
}

}  // namespace
}  // namespace skillpath::cli
