#include "common/table_file.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace skillpath::common {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::Optional;

std::vector<std::string> Cells(const TableRow& row) {
  std::vector<std::string> out;
  for (const auto& c : row.cells) out.push_back(c.value_or("<none>"));
  return out;
}

TEST(TableFile, ReadsVismaStyleSemicolonsWithBomAndCrlf) {
  auto t = ReadTable("\xEF\xBB\xBF" "Ansattnr;Navn;Enhet\r\n1042;\"Hansen; Kari\";OPPV\r\n\r\n1043;Ola;OPPV\r\n");
  ASSERT_TRUE(t.ok()) << t.status();
  EXPECT_EQ(t->separator, ';');
  EXPECT_THAT(t->columns, ElementsAre("Ansattnr", "Navn", "Enhet"));
  ASSERT_EQ(t->rows.size(), 2u);
  EXPECT_EQ(t->rows[0].line, 2);
  EXPECT_THAT(Cells(t->rows[0]), ElementsAre("1042", "Hansen; Kari", "OPPV"));
  EXPECT_EQ(t->rows[1].line, 4);  // the blank line 3 is counted
}

TEST(TableFile, QuotedLineBreaksKeepTheLineNumbersOfAnEditor) {
  auto t = ReadTable("id,note,name\n1,\"two\nlines\",A\n2,\"say \"\"hei\"\"\",B\n");
  ASSERT_TRUE(t.ok()) << t.status();
  ASSERT_EQ(t->rows.size(), 2u);
  EXPECT_THAT(Cells(t->rows[0]), ElementsAre("1", "two\nlines", "A"));
  EXPECT_EQ(t->rows[1].line, 4);
  EXPECT_THAT(Cells(t->rows[1]), ElementsAre("2", "say \"hei\"", "B"));
}

TEST(TableFile, DetectsTheSeparatorOnTheHeaderAfterBlankLines) {
  auto t = ReadTable("\r\n  \nAnsattnr;Navn\n1042;Kari, Hansen\n");
  ASSERT_TRUE(t.ok()) << t.status();
  EXPECT_EQ(t->separator, ';');
  EXPECT_THAT(t->columns, ElementsAre("Ansattnr", "Navn"));
  ASSERT_EQ(t->rows.size(), 1u);
  EXPECT_EQ(t->rows[0].line, 4);
  EXPECT_THAT(Cells(t->rows[0]), ElementsAre("1042", "Kari, Hansen"));
}

// Found by fuzz/table_file_fuzz.cc: a stray CR before a CRLF in a quoted
// field left "\r\n" in the cell, which read back as "\n".
TEST(TableFile, EveryLineBreakInAQuotedFieldReadsAsOneNewline) {
  auto t = ReadTable("id,note\n1,\"a\r\r\r\nb\r\nc\rd\"\n");
  ASSERT_TRUE(t.ok()) << t.status();
  ASSERT_EQ(t->rows.size(), 1u);
  EXPECT_THAT(Cells(t->rows[0]), ElementsAre("1", "a\nb\nc\rd"));
}

TEST(TableFile, DetectsTabsAndTrimsSpaces) {
  auto t = ReadTable(" id \t name\n 7 \t Kari Nordmann \n");
  ASSERT_TRUE(t.ok()) << t.status();
  EXPECT_EQ(t->separator, '\t');
  EXPECT_THAT(t->columns, ElementsAre("id", "name"));
  EXPECT_THAT(Cells(t->rows[0]), ElementsAre("7", "Kari Nordmann"));
}

TEST(TableFile, ConvertsUtf16FromExcelUnicodeText) {
  std::string le = "\xFF\xFE";
  for (char c : std::string("id\tnavn\n1\t")) le += std::string{c, '\0'};
  le += std::string("\xD8\x00", 2);  // Ø (U+00D8) little-endian
  le += std::string("\n\0", 2);
  auto t = ReadTable(le);
  ASSERT_TRUE(t.ok()) << t.status();
  EXPECT_THAT(Cells(t->rows[0]), ElementsAre("1", "\xC3\x98"));
}

TEST(TableFile, NamesTheLineOfEveryProblem) {
  EXPECT_THAT(ReadTable("id,name\n1,\"open\n2,b\n").status().message(),
              HasSubstr("line 2: field 2 opens a quote that is never closed"));
  EXPECT_THAT(ReadTable("id,name\n1,\"a\"b\n").status().message(),
              HasSubstr("line 2: field 2 has text after its closing quote"));
  EXPECT_THAT(ReadTable("id,name\n1\n").status().message(), HasSubstr("line 2: 1 fields where the header (line 1) has 2"));
  EXPECT_THAT(ReadTable("id,name\n1,a,b\n").status().message(), HasSubstr("line 2: 3 fields"));
  EXPECT_THAT(ReadTable("id,Name,NAME\n").status().message(), HasSubstr("line 1: column 'NAME' appears twice"));
  EXPECT_THAT(ReadTable("id,name\n1,\xE6rlig\n").status().message(), HasSubstr("line 2: the text is not UTF-8"));
  EXPECT_THAT(ReadTable("").status().message(), HasSubstr("the file is empty"));
}

TEST(TableFile, DropsAnUnnamedEmptyColumnFromATrailingSeparator) {
  auto t = ReadTable("id;name;\n1;a;\n");
  ASSERT_TRUE(t.ok()) << t.status();
  EXPECT_THAT(t->columns, ElementsAre("id", "name"));
  EXPECT_THAT(ReadTable("id;name;\n1;a;x\n").status().message(), HasSubstr("line 2: field 3 has a value"));
}

TEST(TableFile, ReadsJsonLinesWithMissingKeysAsAbsent) {
  auto t = ReadTable("{\"id\": 1042, \"name\": \"Kari\", \"roles\": [\"a\", \"b\"]}\n\n{\"id\": \"x\", \"active\": false}\n");
  ASSERT_TRUE(t.ok()) << t.status();
  EXPECT_EQ(t->format, TableFormat::kJsonLines);
  EXPECT_THAT(t->columns, ElementsAre("active", "id", "name", "roles"));
  EXPECT_THAT(Cells(t->rows[0]), ElementsAre("<none>", "1042", "Kari", "a,b"));
  EXPECT_EQ(t->rows[1].line, 3);
  EXPECT_THAT(t->rows[1].cells[0], Optional(std::string("false")));
  EXPECT_THAT(ReadTable("{\"id\": 1}\n{\"id\": {\"x\": 1}}\n").status().message(), HasSubstr("line 2: 'id' holds an object"));
  EXPECT_THAT(ReadTable("{\"id\": 1}\n[1]\n", TableFormat::kJsonLines).status().message(),
              HasSubstr("line 2: not a JSON object"));
}

TEST(TableFile, CsvLineQuotesOnlyWhatNeedsItAndReadsBack) {
  EXPECT_EQ(CsvLine({"a", "b c", ""}), "a,b c,\n");
  EXPECT_EQ(CsvLine({"x,y", "s;t", "say \"hi\"", " edge"}), "\"x,y\",\"s;t\",\"say \"\"hi\"\"\",\" edge\"\n");
  EXPECT_EQ(CsvLine({""}), "\"\"\n");  // not a blank line
  const std::vector<std::string> header = {"\xEF\xBB\xBFid", "note"};
  const std::vector<std::string> row = {"", "two\nlines\tand; \"more\" "};
  auto t = ReadTable(CsvLine(header) + CsvLine(row) + CsvLine({"x", ""}));
  ASSERT_TRUE(t.ok()) << t.status();
  EXPECT_EQ(t->columns, header);
  ASSERT_EQ(t->rows.size(), 2u);
  EXPECT_THAT(Cells(t->rows[0]), ElementsAre("", row[1]));
  EXPECT_EQ(t->rows[1].line, 4);
}

}  // namespace
}  // namespace skillpath::common
