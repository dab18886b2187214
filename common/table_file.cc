#include "common/table_file.h"

#include <google/protobuf/struct.pb.h>
#include <google/protobuf/util/json_util.h>

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <map>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"

// `lhs` = the value of StatusOr `rexpr`, or return its status.
#define TABLE_CONCAT_INNER(a, b) a##b
#define TABLE_CONCAT(a, b) TABLE_CONCAT_INNER(a, b)
#define ASSIGN_OR_RETURN_COMMON(lhs, rexpr) ASSIGN_OR_RETURN_COMMON_IMPL(TABLE_CONCAT(table_or_, __LINE__), lhs, rexpr)
#define ASSIGN_OR_RETURN_COMMON_IMPL(tmp, lhs, rexpr) \
  auto tmp = (rexpr);                                 \
  if (!tmp.ok()) return tmp.status();                 \
  lhs = std::move(tmp).value()

namespace skillpath::common {
namespace {

absl::Status LineError(int64_t line, absl::string_view problem) {
  return absl::InvalidArgumentError(absl::StrCat("line ", line, ": ", problem));
}

void AppendUtf8(uint32_t cp, std::string& out) {
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

// UTF-16 (after its BOM) as UTF-8.
absl::StatusOr<std::string> FromUtf16(absl::string_view bytes, bool little_endian) {
  if (bytes.size() % 2) return absl::InvalidArgumentError("the file is UTF-16 but has an odd number of bytes");
  std::string out;
  out.reserve(bytes.size());
  int64_t line = 1;
  auto unit = [&](size_t i) -> uint32_t {
    const auto lo = static_cast<unsigned char>(bytes[little_endian ? i : i + 1]);
    const auto hi = static_cast<unsigned char>(bytes[little_endian ? i + 1 : i]);
    return (static_cast<uint32_t>(hi) << 8) | lo;
  };
  for (size_t i = 0; i < bytes.size(); i += 2) {
    uint32_t cp = unit(i);
    if (cp >= 0xD800 && cp <= 0xDBFF) {
      if (i + 2 >= bytes.size() || unit(i + 2) < 0xDC00 || unit(i + 2) > 0xDFFF) {
        return LineError(line, "the UTF-16 text has a broken surrogate pair");
      }
      cp = 0x10000 + ((cp - 0xD800) << 10) + (unit(i + 2) - 0xDC00);
      i += 2;
    } else if (cp >= 0xDC00 && cp <= 0xDFFF) {
      return LineError(line, "the UTF-16 text has a broken surrogate pair");
    }
    if (cp == '\n') ++line;
    AppendUtf8(cp, out);
  }
  return out;
}

// The line of the first byte that is not UTF-8, nullopt when all are.
std::optional<int64_t> FirstBadUtf8Line(absl::string_view s) {
  int64_t line = 1;
  for (size_t i = 0; i < s.size();) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (c == '\n') ++line;
    if (c < 0x80) {
      ++i;
      continue;
    }
    size_t len = 0;
    uint32_t min = 0;
    if ((c & 0xE0) == 0xC0) {
      len = 2, min = 0x80;
    } else if ((c & 0xF0) == 0xE0) {
      len = 3, min = 0x800;
    } else if ((c & 0xF8) == 0xF0) {
      len = 4, min = 0x10000;
    } else {
      return line;
    }
    if (i + len > s.size()) return line;
    uint32_t cp = c & (0x7F >> len);
    for (size_t k = 1; k < len; ++k) {
      const auto b = static_cast<unsigned char>(s[i + k]);
      if ((b & 0xC0) != 0x80) return line;
      cp = (cp << 6) | (b & 0x3F);
    }
    if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return line;
    i += len;
  }
  return std::nullopt;
}

// The separator the header line uses most, outside quotes: ';' then TAB
// then ',' on a tie; ',' when it has none.
char DetectSeparator(absl::string_view s) {
  std::map<char, int> count;
  bool quoted = false;
  // Lines holding nothing but spaces before the header are skipped.
  size_t start = 0;
  for (size_t i = 0; i < s.size() && (s[i] == ' ' || s[i] == '\r' || s[i] == '\n'); ++i) {
    if (s[i] == '\n') start = i + 1;
  }
  for (char c : s.substr(start)) {
    if (c == '"') quoted = !quoted;
    if (quoted) continue;
    if (c == '\n') break;
    if (c == ',' || c == ';' || c == '\t') ++count[c];
  }
  char best = ',';
  int most = 0;
  for (char c : {';', '\t', ','}) {
    if (count[c] > most) best = c, most = count[c];
  }
  return best;
}

struct Record {
  int64_t line = 0;
  std::vector<std::string> fields;
};

class CsvReader {
 public:
  CsvReader(absl::string_view s, char sep) : s_(s), sep_(sep) {}

  // The next record, nullopt at the end; blank lines are skipped.
  absl::StatusOr<std::optional<Record>> Next() {
    while (i_ < s_.size()) {
      Record r;
      r.line = line_;
      bool end = false, quoted_any = false;
      while (!end) {
        std::string field;
        SkipBlanks();
        if (i_ < s_.size() && s_[i_] == '"') {
          quoted_any = true;
          const int64_t opened = line_;
          ++i_;
          for (bool closed = false; !closed;) {
            if (i_ >= s_.size()) {
              return LineError(opened, absl::StrCat("field ", r.fields.size() + 1,
                                                    " opens a quote that is never closed"));
            }
            const char c = s_[i_];
            if (c == '"' && i_ + 1 < s_.size() && s_[i_ + 1] == '"') {
              field += '"';
              i_ += 2;
            } else if (c == '"') {
              ++i_;
              closed = true;
            } else if (c == '\n' || (c == '\r' && i_ + 1 < s_.size() && s_[i_ + 1] == '\n')) {
              // A line break in a field is '\n' whatever the file wrote:
              // CRLF, LF, or stray CRs before either.
              while (!field.empty() && field.back() == '\r') field.pop_back();
              field += '\n';
              i_ += c == '\r' ? 2 : 1;
              ++line_;
            } else {
              field += c;
              ++i_;
            }
          }
          SkipBlanks();
          if (i_ < s_.size() && s_[i_] != sep_ && !AtLineEnd()) {
            return LineError(line_, absl::StrCat("field ", r.fields.size() + 1,
                                                 " has text after its closing quote (a quote inside a quoted "
                                                 "field is written twice: \"\")"));
          }
        } else {
          const size_t start = i_;
          while (i_ < s_.size() && s_[i_] != sep_ && !AtLineEnd()) ++i_;
          field = std::string(s_.substr(start, i_ - start));
          Trim(field);
        }
        r.fields.push_back(std::move(field));
        if (i_ < s_.size() && s_[i_] == sep_) {
          ++i_;
          continue;
        }
        end = true;
        if (i_ < s_.size()) {  // a line end
          i_ += s_[i_] == '\r' ? 2 : 1;
          ++line_;
        }
      }
      if (r.fields.size() == 1 && r.fields[0].empty() && !quoted_any) continue;  // a blank line
      return std::optional<Record>(std::move(r));
    }
    return std::optional<Record>();
  }

 private:
  bool Blank(char c) const { return c == ' ' || (c == '\t' && sep_ != '\t'); }
  void SkipBlanks() {
    while (i_ < s_.size() && Blank(s_[i_])) ++i_;
  }
  void Trim(std::string& f) const {
    while (!f.empty() && Blank(f.back())) f.pop_back();
  }
  bool AtLineEnd() const {
    return s_[i_] == '\n' || (s_[i_] == '\r' && i_ + 1 < s_.size() && s_[i_ + 1] == '\n');
  }

  absl::string_view s_;
  const char sep_;
  size_t i_ = 0;
  int64_t line_ = 1;
};

std::string Lower(absl::string_view s) { return absl::AsciiStrToLower(s); }

absl::StatusOr<TableFile> ReadCsv(absl::string_view s) {
  TableFile table;
  table.format = TableFormat::kCsv;
  table.separator = DetectSeparator(s);
  CsvReader reader(s, table.separator);
  ASSIGN_OR_RETURN_COMMON(std::optional<Record> header, reader.Next());
  if (!header) return absl::InvalidArgumentError("the file is empty: the first line must name the columns");
  std::vector<Record> records;
  for (;;) {
    ASSIGN_OR_RETURN_COMMON(std::optional<Record> r, reader.Next());
    if (!r) break;
    records.push_back(*std::move(r));
  }
  const size_t width = header->fields.size();
  // Columns without a name (a trailing separator) are dropped when no row
  // has a value in them.
  std::vector<size_t> kept;
  std::map<std::string, size_t> seen;
  for (size_t c = 0; c < width; ++c) {
    const std::string& name = header->fields[c];
    if (name.empty()) {
      for (const Record& r : records) {
        if (c < r.fields.size() && !r.fields[c].empty()) {
          return LineError(r.line, absl::StrCat("field ", c + 1, " has a value, but column ", c + 1,
                                                " has no name in the header (line ", header->line, ")"));
        }
      }
      continue;
    }
    auto [it, fresh] = seen.emplace(Lower(name), c);
    if (!fresh) {
      return LineError(header->line, absl::StrCat("column '", name, "' appears twice (columns ", it->second + 1,
                                                  " and ", c + 1, ")"));
    }
    kept.push_back(c);
    table.columns.push_back(name);
  }
  const std::string sep_name = table.separator == '\t' ? "TAB" : std::string(1, table.separator);
  for (Record& r : records) {
    if (r.fields.size() < width) {
      return LineError(r.line, absl::StrCat(r.fields.size(), " fields where the header (line ", header->line,
                                            ") has ", width, ", separated by '", sep_name,
                                            "' (a line break in a field that is not quoted?)"));
    }
    for (size_t c = width; c < r.fields.size(); ++c) {
      if (!r.fields[c].empty()) {
        return LineError(r.line, absl::StrCat(r.fields.size(), " fields where the header (line ", header->line,
                                              ") has ", width, ", separated by '", sep_name,
                                              "' (a separator in a field that is not quoted?)"));
      }
    }
    TableRow row;
    row.line = r.line;
    row.cells.reserve(kept.size());
    for (size_t c : kept) row.cells.emplace_back(std::move(r.fields[c]));
    table.rows.push_back(std::move(row));
  }
  return table;
}

std::string NumberText(double v) {
  if (std::trunc(v) == v && std::fabs(v) < 1e15) return absl::StrCat(static_cast<int64_t>(v));
  std::array<char, 32> buf;
  auto [end, ec] = std::to_chars(buf.data(), buf.data() + buf.size(), v);
  return std::string(buf.data(), ec == std::errc() ? end : buf.data());
}

// A JSON value as a cell: text as is, numbers and booleans as written,
// null as empty, a list of plain values joined by ','.
absl::StatusOr<std::string> CellText(const google::protobuf::Value& v, int64_t line, const std::string& key,
                                     bool in_list = false) {
  using google::protobuf::Value;
  switch (v.kind_case()) {
    case Value::kStringValue:
      return v.string_value();
    case Value::kNumberValue:
      return NumberText(v.number_value());
    case Value::kBoolValue:
      return std::string(v.bool_value() ? "true" : "false");
    case Value::kNullValue:
    case Value::KIND_NOT_SET:
      return std::string();
    case Value::kListValue: {
      if (in_list) return LineError(line, absl::StrCat("'", key, "' holds a list inside a list"));
      std::vector<std::string> parts;
      for (const Value& e : v.list_value().values()) {
        ASSIGN_OR_RETURN_COMMON(std::string text, CellText(e, line, key, true));
        parts.push_back(std::move(text));
      }
      return absl::StrJoin(parts, ",");
    }
    case Value::kStructValue:
      return LineError(line, absl::StrCat("'", key, "' holds an object; a value must be text, a number, true/false, "
                                          "null or a list of those"));
  }
  return std::string();
}

absl::StatusOr<TableFile> ReadJsonLines(absl::string_view s) {
  TableFile table;
  table.format = TableFormat::kJsonLines;
  std::map<std::string, size_t> index;  // key -> column
  std::map<std::string, std::string> lower_seen;  // lower-case key -> key as first written
  int64_t line = 0;
  for (size_t pos = 0; pos <= s.size();) {
    ++line;
    size_t nl = s.find('\n', pos);
    if (nl == absl::string_view::npos) nl = s.size();
    absl::string_view text = absl::StripAsciiWhitespace(s.substr(pos, nl - pos));
    pos = nl + 1;
    if (text.empty()) continue;
    google::protobuf::Struct object;
    google::protobuf::util::JsonParseOptions options;
    if (text.front() != '{' ||
        !google::protobuf::util::JsonStringToMessage(std::string(text), &object, options).ok()) {
      return LineError(line, "not a JSON object (JSON Lines: one object {...} per line)");
    }
    TableRow row;
    row.line = line;
    row.cells.resize(table.columns.size());
    for (const auto& [raw_key, value] : object.fields()) {
      const std::string key(absl::StripAsciiWhitespace(raw_key));
      if (key.empty()) return LineError(line, "a key is empty; every key names a column");
      auto [seen, fresh] = lower_seen.emplace(Lower(key), key);
      if (!fresh && seen->second != key) {
        return LineError(line, absl::StrCat("key '", key, "' differs only in case from '", seen->second,
                                            "' used before; write it the same way on every line"));
      }
      auto [it, added] = index.emplace(key, table.columns.size());
      if (added) {
        table.columns.push_back(key);
        row.cells.resize(table.columns.size());
      }
      ASSIGN_OR_RETURN_COMMON(std::string cell, CellText(value, line, key));
      row.cells[it->second] = std::move(cell);
    }
    table.rows.push_back(std::move(row));
  }
  // Rows read before a key first appeared lack it.
  for (TableRow& row : table.rows) row.cells.resize(table.columns.size());
  // google.protobuf.Struct keeps no key order: the columns are sorted by
  // name, so the answer does not depend on it.
  std::vector<size_t> order(table.columns.size());
  for (size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::sort(order.begin(), order.end(), [&](size_t a, size_t b) { return table.columns[a] < table.columns[b]; });
  TableFile sorted;
  sorted.format = table.format;
  for (size_t i : order) sorted.columns.push_back(table.columns[i]);
  for (TableRow& row : table.rows) {
    TableRow r;
    r.line = row.line;
    for (size_t i : order) r.cells.push_back(std::move(row.cells[i]));
    sorted.rows.push_back(std::move(r));
  }
  return sorted;
}

}  // namespace

absl::StatusOr<TableFormat> ParseTableFormat(absl::string_view name) {
  const std::string n = Lower(name);
  if (n.empty() || n == "auto") return TableFormat::kAuto;
  if (n == "csv") return TableFormat::kCsv;
  if (n == "jsonl" || n == "ndjson" || n == "json-lines") return TableFormat::kJsonLines;
  return absl::InvalidArgumentError(absl::StrCat("format: '", name, "' is not csv or jsonl"));
}

const char* TableFormatName(TableFormat format) {
  switch (format) {
    case TableFormat::kCsv:
      return "csv";
    case TableFormat::kJsonLines:
      return "jsonl";
    case TableFormat::kAuto:
      break;
  }
  return "auto";
}

absl::StatusOr<TableFile> ReadTable(absl::string_view bytes, TableFormat format) {
  std::string converted;
  if (bytes.size() >= 2 && (static_cast<unsigned char>(bytes[0]) == 0xFF || static_cast<unsigned char>(bytes[0]) == 0xFE) &&
      static_cast<unsigned char>(bytes[1]) == (static_cast<unsigned char>(bytes[0]) ^ 0x01)) {
    ASSIGN_OR_RETURN_COMMON(converted, FromUtf16(bytes.substr(2), static_cast<unsigned char>(bytes[0]) == 0xFF));
    bytes = converted;
  } else if (bytes.substr(0, 3) == "\xEF\xBB\xBF") {
    bytes.remove_prefix(3);
  }
  if (std::optional<int64_t> bad = FirstBadUtf8Line(bytes)) {
    return LineError(*bad, "the text is not UTF-8 (saved as Windows-1252 or Latin-1? Save the file as UTF-8, "
                           "or as \"CSV UTF-8\" in Excel)");
  }
  if (format == TableFormat::kAuto) {
    const size_t first = bytes.find_first_not_of(" \t\r\n");
    format = first != absl::string_view::npos && bytes[first] == '{' ? TableFormat::kJsonLines : TableFormat::kCsv;
  }
  return format == TableFormat::kJsonLines ? ReadJsonLines(bytes) : ReadCsv(bytes);
}

std::string CsvLine(const std::vector<std::string>& cells) {
  std::string out;
  for (size_t i = 0; i < cells.size(); ++i) {
    const std::string& cell = cells[i];
    if (i) out += ',';
    // One empty cell alone would be a blank line, which readers skip; a
    // cell starting with a byte order mark would lose it on the first line.
    const bool quote = cell.find_first_of(",;\t\"\r\n") != std::string::npos ||
                       (!cell.empty() && (cell.front() == ' ' || cell.back() == ' ')) ||
                       (cell.empty() && cells.size() == 1) || absl::StartsWith(cell, "\xEF\xBB\xBF");
    if (!quote) {
      out += cell;
      continue;
    }
    out += '"';
    for (char c : cell) {
      if (c == '"') out += '"';
      out += c;
    }
    out += '"';
  }
  out += '\n';
  return out;
}

}  // namespace skillpath::common
