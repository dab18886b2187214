#pragma once
// Tables as HR systems and spreadsheets write them: CSV with ',' ';' or TAB
// (detected on the header line), UTF-8 with or without a byte order mark
// (UTF-16 with a BOM, Excel's "Unicode text", is converted), RFC 4180
// quoting (separators, quotes and line breaks inside quoted fields), LF or
// CRLF line ends; or JSON Lines, one object per line. Knows nothing of
// what the columns mean: the importers map them (core/importing/).
//
// Line numbers are as an editor shows them: 1 is the first line of the
// file, a record that spans lines (a quoted line break) has the number of
// the line it starts on, empty lines are skipped but counted.
//
// Errors are INVALID_ARGUMENT "line N: <problem>" (or "column <name>: ..."
// for the header), never a crash on any input (fuzz/table_file_fuzz.cc).

#include <cstdint>
#include <optional>
#include <string>
#include "absl/strings/string_view.h"
#include <vector>

#include "absl/status/statusor.h"

namespace skillpath::common {

enum class TableFormat { kAuto, kCsv, kJsonLines };

// "" or "auto", "csv", "jsonl" (also "ndjson", "json-lines").
absl::StatusOr<TableFormat> ParseTableFormat(absl::string_view name);
const char* TableFormatName(TableFormat format);

struct TableRow {
  int64_t line = 0;
  // One per column. nullopt: the row does not have the column (a JSON
  // Lines object without the key); CSV rows have every column.
  std::vector<std::optional<std::string>> cells;
};

struct TableFile {
  TableFormat format = TableFormat::kCsv;
  char separator = ',';  // CSV only
  // The header's names, trimmed of spaces, in file order; for JSON Lines the
  // keys of all lines, sorted.
  std::vector<std::string> columns;
  std::vector<TableRow> rows;
};

// The file's rows. kAuto: JSON Lines when the first character that is not
// a space is '{', CSV otherwise. Cells are trimmed of spaces and TABs
// around them (inside quotes they are kept).
absl::StatusOr<TableFile> ReadTable(absl::string_view bytes, TableFormat format = TableFormat::kAuto);

// One CSV line for `cells`, ',' separated and ending in '\n', that
// ReadTable reads back to the same cells: a cell is quoted (quotes doubled)
// when it holds a separator, a quote, a line break or spaces at either end.
// (A CRLF inside a cell reads back as LF.)
std::string CsvLine(const std::vector<std::string>& cells);

}  // namespace skillpath::common
