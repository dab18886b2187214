#pragma once
// The file side of `skillpath import`: a file of assessments read with
// common/table_file.h (CSV with ',' ';' or TAB, a byte order mark or none,
// RFC 4180 quoting; or JSON Lines) whose header names the columns, each row
// with the line it starts on; and the CSV line helpers the CLI's other
// outputs use. Kept apart from main.cc so that tests and the fuzz target
// (fuzz/csv_fuzz.cc) run exactly the parser the CLI runs.
#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "skillpath/v1/assessment.pb.h"

namespace skillpath::cli {

// Splits one CSV line into fields; never fails (a quote left open runs to
// the end of the line).
std::vector<std::string> SplitCsv(const std::string& line);

// The inverse of SplitCsv: every field quoted, quotes doubled, so that
// SplitCsv(JoinCsv(f)) == f for any fields without '\n'.
std::string JoinCsv(const std::vector<std::string>& fields);

// The assessments of `text` (named `name` in errors) and the line each
// starts on. The first line names the columns, in any case: person_id,
// competence_id, level, source, assessor_id, assessed_at, expires_at, note,
// evidence_uri, id; others are ignored, empty lines skipped. INVALID_ARGUMENT
// "<name>:<line>: <column>: ..." for a level that is not a number, an
// unknown source or a time that is neither YYYY-MM-DD nor RFC 3339;
// "<name>: line <line>: ..." for what ReadTable refuses (a row with fewer
// fields than the header, text that is not UTF-8, ...); "<name>: empty" for
// no header.
struct AssessmentFile {
  std::vector<v1::Assessment> rows;
  std::vector<int64_t> lines;  // lines[i]: where rows[i] starts in the file
};
absl::StatusOr<AssessmentFile> ReadAssessmentFile(const std::string& name, const std::string& text);

// ReadAssessmentFile's rows alone.
absl::StatusOr<std::vector<v1::Assessment>> ParseAssessmentsCsv(const std::string& name, const std::string& text);

}  // namespace skillpath::cli
