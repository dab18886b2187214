#include "core/importing/columns.h"

#include <map>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"

namespace skillpath::core::importing {
namespace {

std::string Lower(const std::string& s) { return absl::AsciiStrToLower(s); }

}  // namespace

absl::StatusOr<MappedColumns> MappedColumns::Map(ImportKind kind, const ImportTable& table,
                                                 const ImportOptions& options) {
  const std::vector<std::string>& fields = ImportFields(kind);
  const std::string what = kind == ImportKind::kUnits ? "unit" : "person";
  const std::string field_list = absl::StrJoin(fields, ", ");
  std::map<std::string, size_t> column_of;  // lower-case header -> column
  for (size_t c = 0; c < table.columns.size(); ++c) column_of.emplace(Lower(table.columns[c]), c);
  auto field_index = [&](const std::string& name) -> int {
    for (size_t f = 0; f < fields.size(); ++f) {
      if (fields[f] == Lower(name)) return static_cast<int>(f);
    }
    return -1;
  };
  auto have = [&] { return absl::StrJoin(table.columns, ", "); };

  MappedColumns m;
  m.column_.assign(fields.size(), -1);
  m.headers_ = table.columns;
  std::vector<bool> claimed(table.columns.size(), false);
  for (const auto& [field, header] : options.map) {
    const int f = field_index(field);
    if (f < 0) {
      return absl::InvalidArgumentError(
          absl::StrCat("--map ", field, "=", header, ": '", field, "' is not a ", what, " field (", field_list, ")"));
    }
    auto it = column_of.find(Lower(header));
    if (it == column_of.end()) {
      return absl::InvalidArgumentError(absl::StrCat("--map ", field, "=", header, ": line 1 has no column '", header,
                                                     "' (the columns are: ", have(), ")"));
    }
    if (m.column_[static_cast<size_t>(f)] >= 0) {
      return absl::InvalidArgumentError(absl::StrCat("--map: field '", field, "' is mapped twice"));
    }
    if (claimed[it->second]) {
      return absl::InvalidArgumentError(
          absl::StrCat("--map: column '", table.columns[it->second], "' is mapped to two fields"));
    }
    m.column_[static_cast<size_t>(f)] = static_cast<int>(it->second);
    claimed[it->second] = true;
  }
  for (const std::string& header : options.ignore) {
    auto it = column_of.find(Lower(header));
    if (it == column_of.end()) {
      return absl::InvalidArgumentError(
          absl::StrCat("--ignore ", header, ": line 1 has no column '", header, "' (the columns are: ", have(), ")"));
    }
    if (claimed[it->second]) {
      return absl::InvalidArgumentError(
          absl::StrCat("--ignore ", header, ": column '", header, "' is also mapped with --map"));
    }
    claimed[it->second] = true;
  }
  std::vector<std::string> unknown;
  for (size_t c = 0; c < table.columns.size(); ++c) {
    if (claimed[c]) continue;
    const int f = field_index(table.columns[c]);
    if (f < 0 || m.column_[static_cast<size_t>(f)] >= 0) {
      unknown.push_back(table.columns[c]);
      continue;
    }
    m.column_[static_cast<size_t>(f)] = static_cast<int>(c);
  }
  if (!unknown.empty()) {
    const std::string& first = unknown.front();
    return absl::InvalidArgumentError(absl::StrCat(
        "line 1: ", unknown.size() == 1 ? "column '" : "columns '", absl::StrJoin(unknown, "', '"), "' ",
        unknown.size() == 1 ? "is" : "are", " not ", what, " fields (", field_list, "); map one with --map FIELD=",
        first, " or leave it out with --ignore ", first));
  }
  if (!m.Has(0)) {
    return absl::InvalidArgumentError(absl::StrCat("line 1: no column holds the ", what,
                                                   " id; name it 'id' or map it with --map id=HEADER (the columns "
                                                   "are: ",
                                                   have(), ")"));
  }
  return m;
}

const std::string& MappedColumns::Header(int field) const {
  static const std::string none;
  const int c = column_[static_cast<size_t>(field)];
  return c < 0 ? none : headers_[static_cast<size_t>(c)];
}

const std::string* MappedColumns::Cell(const ImportRow& row, int field) const {
  const int c = column_[static_cast<size_t>(field)];
  if (c < 0 || static_cast<size_t>(c) >= row.cells.size() || !row.cells[static_cast<size_t>(c)]) return nullptr;
  return &*row.cells[static_cast<size_t>(c)];
}

}  // namespace skillpath::core::importing
