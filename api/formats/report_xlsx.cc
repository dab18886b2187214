// A report as XLSX through libxlsxwriter (api/formats/report.h). Debian 12's
// libxlsxwriter 1.1.4 writes a workbook only to a file (the output buffer
// came in a later version), so the file and the library's own temporary
// files go into a directory of this call's, mode 0700, removed whatever
// happens.

#include <stdlib.h>
#include <xlsxwriter.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <tuple>

#include "absl/strings/str_cat.h"
#include "api/formats/report.h"

namespace skillpath::formats {
namespace {

constexpr lxw_row_t kTitleRow = 0;
constexpr lxw_row_t kHeaderRow = 1;
constexpr lxw_row_t kFirstDataRow = 2;

// The directory, removed when the writing is done.
class PrivateDir {
 public:
  PrivateDir() {
    const char* tmp = getenv("TMPDIR");
    std::string templ = absl::StrCat(tmp && *tmp ? tmp : "/tmp", "/skillpath-report-XXXXXX");
    if (mkdtemp(templ.data()) != nullptr) path_ = templ;  // mkdtemp makes it 0700
  }
  ~PrivateDir() {
    std::error_code ec;
    if (!path_.empty()) std::filesystem::remove_all(path_, ec);
  }
  PrivateDir(const PrivateDir&) = delete;
  PrivateDir& operator=(const PrivateDir&) = delete;
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

// Characters, not bytes, of UTF-8 text: for column widths.
size_t Chars(const std::string& s) {
  return std::count_if(s.begin(), s.end(), [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; });
}

const char* NumFormat(NumberKind kind) {
  switch (kind) {
    case NumberKind::kInteger:
      return "0";
    case NumberKind::kScore:
      return "0.00";
    case NumberKind::kHours:
      return "0.0";
    case NumberKind::kKroner:
      return "#,##0";
    case NumberKind::kShare:
      return "0%";
  }
  return "General";
}

// The web client's colours (clients/web/style.css :root).
lxw_color_t Fill(Shade shade) {
  switch (shade) {
    case Shade::kNone:
      return 0xEEF0F3;
    case Shade::kMet:
      return 0x2E9D57;
    case Shade::kGap1:
      return 0xF2C14E;
    case Shade::kGap2:
      return 0xEC8A3B;
    case Shade::kGap3:
      return 0xD64545;
    case Shade::kWant1:
      return 0xD3E3F6;
    case Shade::kWant2:
      return 0xA7C6EC;
    case Shade::kWant3:
      return 0x6F9FD8;
    case Shade::kPlain:
      break;
  }
  return LXW_COLOR_WHITE;
}

// The workbook's formats, made once each (a format belongs to the workbook).
class Formats {
 public:
  explicit Formats(lxw_workbook* wb) : wb_(wb) {
    title_ = workbook_add_format(wb);
    format_set_bold(title_);
    format_set_font_size(title_, 13);
    header_ = workbook_add_format(wb);
    format_set_bold(header_);
    format_set_bg_color(header_, 0xEEF0F3);
    format_set_bottom(header_, LXW_BORDER_THIN);
    format_set_text_wrap(header_);
    format_set_align(header_, LXW_ALIGN_VERTICAL_BOTTOM);
    vertical_ = workbook_add_format(wb);
    format_set_bold(vertical_);
    format_set_bg_color(vertical_, 0xEEF0F3);
    format_set_bottom(vertical_, LXW_BORDER_THIN);
    format_set_rotation(vertical_, 90);
    format_set_align(vertical_, LXW_ALIGN_CENTER);
    withheld_ = workbook_add_format(wb);
    format_set_italic(withheld_);
    format_set_font_color(withheld_, 0x5B6775);
    format_set_align(withheld_, LXW_ALIGN_RIGHT);
    note_ = workbook_add_format(wb);
    format_set_italic(note_);
  }
  lxw_format* title() const { return title_; }
  lxw_format* header(bool vertical) const { return vertical ? vertical_ : header_; }
  lxw_format* withheld() const { return withheld_; }
  lxw_format* note() const { return note_; }

  // A number of `kind`, or an empty cell (kind unused), in `shade`.
  lxw_format* Cell(NumberKind kind, Shade shade, bool number) {
    const auto key = std::make_tuple(kind, shade, number);
    if (auto it = cells_.find(key); it != cells_.end()) return it->second;
    lxw_format* f = workbook_add_format(wb_);
    if (number) format_set_num_format(f, NumFormat(kind));
    if (shade != Shade::kPlain) {
      format_set_bg_color(f, Fill(shade));
      format_set_align(f, LXW_ALIGN_CENTER);
      if (shade == Shade::kMet || shade == Shade::kGap3) format_set_font_color(f, LXW_COLOR_WHITE);
      // A «bør» gap in italics too, as in the web client: not by colour alone.
      if (shade == Shade::kWant1 || shade == Shade::kWant2 || shade == Shade::kWant3) format_set_italic(f);
    }
    cells_[key] = f;
    return f;
  }
  lxw_format* Text(Shade shade) { return shade == Shade::kPlain ? nullptr : Cell(NumberKind::kInteger, shade, false); }

 private:
  lxw_workbook* wb_;
  lxw_format* title_;
  lxw_format* header_;
  lxw_format* vertical_;
  lxw_format* withheld_;
  lxw_format* note_;
  std::map<std::tuple<NumberKind, Shade, bool>, lxw_format*> cells_;
};

// How wide a column shows its content, in characters.
double Width(const ReportSheet& sheet, size_t col) {
  const ReportColumn& column = sheet.columns[col];
  if (column.width > 0) return column.width;
  size_t widest = column.vertical ? 3 : Chars(column.header);
  for (const auto& row : sheet.rows) {
    if (col >= row.size()) continue;
    const ReportCell& cell = row[col];
    widest = std::max(widest, cell.type == ReportCell::Type::kNumber ? size_t{10} : Chars(cell.text));
  }
  return std::clamp<double>(static_cast<double>(widest) + 2, 6, 50);
}

lxw_error WriteSheet(lxw_workbook* wb, Formats& formats, const ReportSheet& sheet) {
  lxw_worksheet* ws = workbook_add_worksheet(wb, sheet.name.c_str());
  if (ws == nullptr) return LXW_ERROR_SHEETNAME_ALREADY_USED;  // or a name Excel refuses
  lxw_error e = worksheet_write_string(ws, kTitleRow, 0, sheet.title.c_str(), formats.title());
  if (e != LXW_NO_ERROR) return e;
  size_t tallest = 0;  // the longest vertical header
  for (size_t c = 0; c < sheet.columns.size(); ++c) {
    const ReportColumn& column = sheet.columns[c];
    const auto col = static_cast<lxw_col_t>(c);
    if ((e = worksheet_set_column(ws, col, col, Width(sheet, c), nullptr)) != LXW_NO_ERROR) return e;
    if ((e = worksheet_write_string(ws, kHeaderRow, col, column.header.c_str(), formats.header(column.vertical))) !=
        LXW_NO_ERROR) {
      return e;
    }
    if (column.vertical) tallest = std::max(tallest, Chars(column.header));
  }
  // Room for turned headers (about 6 points a character, at most 200).
  if (tallest > 0) worksheet_set_row(ws, kHeaderRow, std::min<double>(200, 6.0 * tallest + 8), nullptr);
  lxw_row_t r = kFirstDataRow;
  for (const std::vector<ReportCell>& row : sheet.rows) {
    for (size_t c = 0; c < row.size(); ++c) {
      const ReportCell& cell = row[c];
      const auto col = static_cast<lxw_col_t>(c);
      switch (cell.type) {
        case ReportCell::Type::kEmpty:
          e = cell.shade == Shade::kPlain ? LXW_NO_ERROR
                                          : worksheet_write_blank(ws, r, col, formats.Cell(cell.kind, cell.shade, false));
          break;
        case ReportCell::Type::kNumber:
          e = worksheet_write_number(ws, r, col, cell.number, formats.Cell(cell.kind, cell.shade, true));
          break;
        case ReportCell::Type::kText:
          // An empty string would be written as a blank cell anyway.
          e = cell.text.empty() ? LXW_NO_ERROR
                                : worksheet_write_string(ws, r, col, cell.text.c_str(), formats.Text(cell.shade));
          break;
        case ReportCell::Type::kWithheld:
          e = worksheet_write_string(ws, r, col, cell.text.c_str(), formats.withheld());
          break;
      }
      if (e != LXW_NO_ERROR) return e;
    }
    ++r;
  }
  const lxw_row_t last_data = r - 1;
  ++r;  // an empty row before the notes
  for (const std::string& note : sheet.notes) {
    if ((e = worksheet_write_string(ws, r++, 0, note.c_str(), formats.note())) != LXW_NO_ERROR) return e;
  }
  // The header stays in view, and on every printed page.
  worksheet_freeze_panes(ws, kFirstDataRow, static_cast<lxw_col_t>(sheet.frozen_columns));
  if (!sheet.rows.empty() && !sheet.columns.empty()) {
    e = worksheet_autofilter(ws, kHeaderRow, 0, last_data, static_cast<lxw_col_t>(sheet.columns.size() - 1));
    if (e != LXW_NO_ERROR) return e;
  }
  worksheet_set_landscape(ws);
  worksheet_set_paper(ws, 9);  // A4
  worksheet_fit_to_pages(ws, 1, 0);
  return worksheet_repeat_rows(ws, kTitleRow, kHeaderRow);
}

}  // namespace

absl::StatusOr<std::string> WriteReportXlsx(const Report& report) {
  PrivateDir dir;
  if (dir.path().empty()) {
    return absl::InternalError(absl::StrCat("cannot make a temporary directory for the XLSX file: ", strerror(errno)));
  }
  const std::string file = dir.path() + "/report.xlsx";
  lxw_workbook_options options = {};
  options.tmpdir = const_cast<char*>(dir.path().c_str());
  lxw_workbook* wb = workbook_new_opt(file.c_str(), &options);
  if (wb == nullptr) return absl::InternalError("libxlsxwriter could not start a workbook");
  lxw_doc_properties properties = {};
  properties.title = const_cast<char*>(report.title.c_str());
  properties.author = const_cast<char*>("skillpath");
  workbook_set_properties(wb, &properties);
  Formats formats(wb);
  lxw_error e = LXW_NO_ERROR;
  for (const ReportSheet& sheet : report.sheets) {
    if ((e = WriteSheet(wb, formats, sheet)) != LXW_NO_ERROR) break;
  }
  // workbook_close writes the file and frees the workbook, also after an error.
  const lxw_error closed = workbook_close(wb);
  if (e == LXW_NO_ERROR) e = closed;
  if (e != LXW_NO_ERROR) return absl::InternalError(absl::StrCat("writing the XLSX file: ", lxw_strerror(e)));
  std::ifstream in(file, std::ios::binary);
  std::ostringstream bytes;
  if (in.is_open()) bytes << in.rdbuf();
  if (bytes.str().empty()) return absl::InternalError("cannot read back the XLSX file just written");
  return bytes.str();
}

}  // namespace skillpath::formats
