// The CLI's import file parser (clients/cli/csv.cc, CSV or JSON Lines
// through common/table_file.h) on any bytes: no crash, no more rows than the
// file has lines (less the header for CSV), and two invariants that would be
// wrong if the parser were:
// - every line's fields survive JoinCsv and SplitCsv again unchanged;
// - a file that parses, written out again with every column (times in RFC
//   3339, sources by name, cells quoted), parses to the same assessments.
#include <google/protobuf/util/message_differencer.h>
#include <google/protobuf/util/time_util.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <sstream>
#include <string>
#include <vector>

#include "clients/cli/csv.h"
#include "common/table_file.h"

namespace {

namespace v1 = skillpath::v1;
using google::protobuf::util::TimeUtil;

[[noreturn]] void Finding(const std::string& what) {
  std::fprintf(stderr, "%s\n", what.c_str());
  std::abort();
}

std::string Rewrite(const std::vector<v1::Assessment>& rows) {
  std::string out = "id,person_id,competence_id,level,source,assessor_id,assessed_at,expires_at,note,evidence_uri\n";
  for (const v1::Assessment& a : rows) {
    out += skillpath::cli::JoinCsv({a.id(), a.person_id(), a.competence_id(), std::to_string(a.level()),
                                    v1::AssessmentSource_Name(a.source()), a.assessor_id(),
                                    a.has_assessed_at() ? TimeUtil::ToString(a.assessed_at()) : "",
                                    a.has_expires_at() ? TimeUtil::ToString(a.expires_at()) : "", a.note(),
                                    a.evidence_uri()});
    out += "\n";
  }
  return out;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  std::istringstream lines(text);
  std::string line;
  size_t line_count = 0;
  while (std::getline(lines, line)) {
    ++line_count;
    const std::vector<std::string> fields = skillpath::cli::SplitCsv(line);
    if (fields.empty()) Finding("SplitCsv gave no field");
    if (skillpath::cli::SplitCsv(skillpath::cli::JoinCsv(fields)) != fields) {
      Finding("fields changed through JoinCsv/SplitCsv: " + line);
    }
  }

  auto rows = skillpath::cli::ParseAssessmentsCsv("fuzz.csv", text);
  if (!rows.ok()) {
    if (rows.status().code() != absl::StatusCode::kInvalidArgument) Finding("not INVALID_ARGUMENT: " + rows.status().ToString());
    if (rows.status().message().rfind("fuzz.csv", 0) != 0) Finding("message without the file name: " + rows.status().ToString());
    return 0;
  }
  // A CSV file's first line is its header; JSON Lines has none (the table
  // reader says which it read).
  auto table = skillpath::common::ReadTable(text);
  if (!table.ok()) Finding("the rows parsed but the table did not: " + table.status().ToString());
  const bool json_lines = table->format == skillpath::common::TableFormat::kJsonLines;
  const size_t most_rows = json_lines ? line_count : (line_count > 0 ? line_count - 1 : 0);
  if (rows->size() > most_rows) Finding("more rows than lines");
  const std::string rewritten = Rewrite(*rows);
  auto again = skillpath::cli::ParseAssessmentsCsv("fuzz.csv", rewritten);
  if (!again.ok()) Finding("the rewritten file is refused: " + again.status().ToString() + "\n" + rewritten);
  if (again->size() != rows->size()) Finding("the rewritten file has another number of rows");
  for (size_t i = 0; i < rows->size(); ++i) {
    if (!google::protobuf::util::MessageDifferencer::Equals((*rows)[i], (*again)[i])) {
      Finding("row " + std::to_string(i) + " changed: " + (*rows)[i].ShortDebugString() + " -> " +
              (*again)[i].ShortDebugString());
    }
  }
  return 0;
}
