// The import table reader (common/table_file.cc) on any bytes: no crash,
// and an invariant that would be wrong if the reader were: a table that
// reads, written out again with CsvLine (the writer of framework CSV
// exports), reads to the same columns and cells.
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "common/table_file.h"

namespace {

using skillpath::common::ReadTable;
using skillpath::common::TableFile;
using skillpath::common::TableFormat;

[[noreturn]] void Finding(const std::string& what) {
  std::fprintf(stderr, "%s\n", what.c_str());
  std::abort();
}

std::string Rewrite(const TableFile& t) {
  std::string out = skillpath::common::CsvLine(t.columns);
  for (const auto& row : t.rows) {
    std::vector<std::string> cells;
    for (const auto& cell : row.cells) cells.push_back(cell.value_or(""));
    out += skillpath::common::CsvLine(cells);
  }
  return out;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  auto table = ReadTable(text);
  if (!table.ok()) {
    if (table.status().code() != absl::StatusCode::kInvalidArgument) Finding("not INVALID_ARGUMENT: " + table.status().ToString());
    return 0;
  }
  if (table->columns.empty()) return 0;
  // Cells are trimmed of spaces when unquoted; quoted they are kept, so the
  // rewrite reads back exactly.
  auto again = ReadTable(Rewrite(*table), TableFormat::kCsv);
  if (!again.ok()) Finding("the rewritten table does not read: " + again.status().ToString());
  if (again->columns != table->columns) Finding("columns changed through the rewrite");
  if (again->rows.size() != table->rows.size()) Finding("row count changed through the rewrite");
  for (size_t r = 0; r < table->rows.size(); ++r) {
    for (size_t c = 0; c < table->columns.size(); ++c) {
      if (again->rows[r].cells[c].value_or("") != table->rows[r].cells[c].value_or("")) {
        Finding("a cell changed through the rewrite on row " + std::to_string(r));
      }
    }
  }
  return 0;
}
