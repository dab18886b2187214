#pragma once
// Reports as files for meetings (issue #15 item 4): the team heatmap, the
// organisation summary and the training demand, laid out as sheets
// (report_tables.cc) from the very answers of GetTeamGap, GetOrgSummary and
// GetTrainingDemand, then written as CSV (report_csv.cc) or as XLSX
// through libxlsxwriter (report_xlsx.cc). The layout never computes a
// figure of its own: every number in a sheet is a field of the answer.
//
// A sheet is a title row, a header row and data rows, then notes (a
// withheld figure explained, the budget's method). The formats, and why,
// are in proto/skillpath/v1/report.proto.

#include <map>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "skillpath/v1/gap.pb.h"
#include "skillpath/v1/plan.pb.h"

namespace skillpath::formats {

// How a number is shown (the XLSX number format; CSV writes every number in
// full).
enum class NumberKind {
  kInteger,  // levels, counts: 0
  kScore,    // gap scores, mean gaps: 0.00
  kHours,    // 0.0
  kKroner,   // #,##0
  kShare,    // a 0..1 share shown as per cent: 0%
};

// The colour of a heatmap cell, as the web client gives it (cellClass in
// clients/web/js/views/team.js): no target, met, a gap of 1, 2, 3 or more.
enum class Shade { kPlain, kNone, kMet, kGap1, kGap2, kGap3, kWant1, kWant2, kWant3 };

struct ReportCell {
  enum class Type { kEmpty, kText, kNumber, kWithheld };
  Type type = Type::kEmpty;
  std::string text;  // kText; kWithheld: the word for it ("skjult", as the web client says)
  double number = 0;
  NumberKind kind = NumberKind::kInteger;
  Shade shade = Shade::kPlain;

  static ReportCell Empty() { return {}; }
  static ReportCell Text(std::string s) { return {Type::kText, std::move(s)}; }
  static ReportCell Number(double v, NumberKind k) { return {Type::kNumber, "", v, k}; }
};

struct ReportColumn {
  std::string header;
  double width = 0;       // XLSX column width in characters; 0: from the content
  bool vertical = false;  // the header turned 90° (the heatmap's competences)
};

struct ReportSheet {
  std::string name;   // at most 31 characters, none of []:*?/\ (an XLSX sheet's name)
  std::string title;  // the first row
  std::vector<ReportColumn> columns;
  std::vector<std::vector<ReportCell>> rows;  // each as long as `columns`
  std::vector<std::string> notes;              // lines below the table
  int frozen_columns = 0;                      // XLSX: columns kept in view when scrolling right
};

struct Report {
  std::string title;  // the XLSX document's title
  std::vector<ReportSheet> sheets;
};

// The words of a report: "nb" or "en".
enum class ReportLanguage { kNb, kEn };

// Names the answers hold only as ids, in the report's language where the
// framework has it (else the framework's own). An id without a name is
// shown as the id.
struct ReportNames {
  std::map<std::string, std::string> competences;
  std::map<std::string, std::string> areas;
};

// "Eksempel kommune — Hjemmetjenesten" and the like: what the title rows
// say, besides the date.
struct ReportHeading {
  std::string unit;  // the unit's name (or id); empty: the whole organisation
  std::string date;  // YYYY-MM-DD
};

// Sheets: the heatmap (people x competences, the gap in each cell with a
// target, coloured), its cells in full (current, target, gap) and the
// coverage per competence. A token that sees figures only gets the
// coverage alone, its withheld figures as withheld cells.
Report TeamGapReport(const v1::TeamGap& team, const ReportNames& names, const ReportHeading& heading,
                     ReportLanguage lang);
// Sheets: the units (the subtree's total last), their areas, the top gaps.
Report OrgSummaryReport(const v1::OrgSummary& summary, const ReportNames& names, const ReportHeading& heading,
                        ReportLanguage lang);
// Sheets: a summary (totals, and with `budget` > 0 the budget, what it
// spends and closes), the resources, their learners by quarter, the
// cohorts and, with a budget, the steps funded and not funded.
Report TrainingDemandReport(const v1::TrainingDemand& demand, double budget, const ReportHeading& heading,
                            ReportLanguage lang);

// CSV: UTF-8 with a byte order mark, CRLF line ends; kNb separates with ';'
// and writes a decimal comma, kEn ',' and a decimal point. The sheets one
// after another, an empty line between them, each a title line ("<sheet>:
// <title>"), a header line and its rows; then, after an empty line, a block
// "Merknader" ("Notes") of the sheets' notes, each "<sheet>: <note>".
std::string WriteReportCsv(const Report& report, ReportLanguage lang);

// XLSX through libxlsxwriter, which writes only to a file: a private
// temporary directory (mode 0700 under $TMPDIR, else /tmp), removed again
// whatever happens. INTERNAL when the library fails.
absl::StatusOr<std::string> WriteReportXlsx(const Report& report);

// A number as CSV writes it: the shortest text that reads back as the same
// double, integers without a decimal part, `decimal` as the decimal mark.
std::string CsvNumber(double v, char decimal);

}  // namespace skillpath::formats
