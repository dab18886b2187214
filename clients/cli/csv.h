#pragma once
// The CSV side of `skillpath import`: one line split into fields (RFC 4180
// quoting within a line) and a file of assessments with a header naming the
// columns. Kept apart from main.cc so that tests and the fuzz target
// (fuzz/csv_fuzz.cc) run exactly the parser the CLI runs.
//
// Lines end at '\n' (a quoted field cannot hold one); an unquoted '\r' is
// dropped, so CRLF files read like LF files. The separator is ',' only and a
// UTF-8 byte order mark is not skipped: it becomes part of the first header
// name, which then matches no column.
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

// The assessments of CSV `text` whose first line names the columns
// (person_id, competence_id, level, source, assessor_id, assessed_at,
// expires_at, note, evidence_uri, id; others are ignored, as are cells past
// the header and empty lines). INVALID_ARGUMENT "<name>:<line>: <column>:
// ..." for a level that is not a number, an unknown source or a time that is
// neither YYYY-MM-DD nor RFC 3339; "<name>: empty" for no header.
absl::StatusOr<std::vector<v1::Assessment>> ParseAssessmentsCsv(const std::string& name, const std::string& text);

}  // namespace skillpath::cli
