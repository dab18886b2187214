// A report as CSV (api/formats/report.h): what Excel opens straight into
// columns. Excel reads UTF-8 only after a byte order mark, and splits on
// the list separator of the machine's locale: ';' where the decimal mark is
// ',' as in Norway, ',' in English locales. So bokmål gets ';' and a
// decimal comma, English ',' and a decimal point.

#include <charconv>
#include <cmath>
#include <string>

#include "api/formats/report.h"

namespace skillpath::formats {
namespace {

constexpr char kBom[] = "\xEF\xBB\xBF";
constexpr char kEol[] = "\r\n";

// RFC 4180: a field with the separator, a quote, CR or LF, or a space at
// either end, in quotes, its quotes doubled. A text that a spreadsheet would
// take for a formula (= + - @ first, or TAB and CR, OWASP's list) gets a
// leading apostrophe: names and titles come from HR data, not from us.
std::string Field(const std::string& text, char sep) {
  std::string s = text;
  if (!s.empty() && (s[0] == '=' || s[0] == '+' || s[0] == '-' || s[0] == '@' || s[0] == '\t' || s[0] == '\r')) {
    s.insert(s.begin(), '\'');
  }
  const bool quote = s.find_first_of(std::string{sep, '"', '\r', '\n'}) != std::string::npos ||
                     (!s.empty() && (s.front() == ' ' || s.back() == ' '));
  if (!quote) return s;
  std::string out = "\"";
  for (char c : s) {
    if (c == '"') out += '"';
    out += c;
  }
  out += '"';
  return out;
}

std::string CellText(const ReportCell& cell, char sep, char decimal) {
  switch (cell.type) {
    case ReportCell::Type::kEmpty:
      return "";
    case ReportCell::Type::kNumber:
      return CsvNumber(cell.number, decimal);
    case ReportCell::Type::kText:
    case ReportCell::Type::kWithheld:
      return Field(cell.text, sep);
  }
  return "";
}

void Line(std::string& out, const std::vector<std::string>& fields, char sep) {
  for (size_t i = 0; i < fields.size(); ++i) {
    if (i > 0) out += sep;
    out += fields[i];
  }
  out += kEol;
}

}  // namespace

std::string CsvNumber(double v, char decimal) {
  if (!std::isfinite(v)) return "";
  if (v == 0) return "0";  // also -0
  char buf[64];
  auto [end, ec] = std::to_chars(buf, buf + sizeof buf, v);  // the shortest that reads back the same
  std::string s(buf, ec == std::errc() ? end : buf);
  // to_chars may choose an exponent (1e+20); spreadsheets read that too.
  for (char& c : s) {
    if (c == '.') c = decimal;
  }
  return s;
}

std::string WriteReportCsv(const Report& report, ReportLanguage lang) {
  const char sep = lang == ReportLanguage::kNb ? ';' : ',';
  const char decimal = lang == ReportLanguage::kNb ? ',' : '.';
  std::string out = kBom;
  for (size_t i = 0; i < report.sheets.size(); ++i) {
    const ReportSheet& sheet = report.sheets[i];
    if (i > 0) out += kEol;
    Line(out, {Field(sheet.title.empty() ? sheet.name : sheet.name + ": " + sheet.title, sep)}, sep);
    std::vector<std::string> fields;
    for (const ReportColumn& c : sheet.columns) fields.push_back(Field(c.header, sep));
    Line(out, fields, sep);
    for (const std::vector<ReportCell>& row : sheet.rows) {
      fields.clear();
      for (const ReportCell& cell : row) fields.push_back(CellText(cell, sep, decimal));
      Line(out, fields, sep);
    }
  }
  // The notes last, as a block of their own: each block above stays a title,
  // a header and rows, however a reader splits the file at its empty lines.
  std::vector<std::string> notes;
  for (const ReportSheet& sheet : report.sheets) {
    for (const std::string& note : sheet.notes) notes.push_back(Field(sheet.name + ": " + note, sep));
  }
  if (!notes.empty()) {
    out += kEol;
    Line(out, {Field(lang == ReportLanguage::kNb ? "Merknader" : "Notes", sep)}, sep);
    for (const std::string& note : notes) Line(out, {note}, sep);
  }
  return out;
}

}  // namespace skillpath::formats
