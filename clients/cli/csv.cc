#include "clients/cli/csv.h"

#include <google/protobuf/util/time_util.h>

#include <cctype>
#include <map>

#include "absl/strings/numbers.h"
#include "common/table_file.h"

namespace skillpath::cli {
namespace {

using google::protobuf::util::TimeUtil;

std::string Upper(std::string s) {
  for (char& c : s) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return s;
}

std::string Lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

// A date (midnight UTC) or an RFC 3339 time, with main.cc's --at message.
absl::StatusOr<google::protobuf::Timestamp> ParseTime(const std::string& field, const std::string& text) {
  google::protobuf::Timestamp t;
  std::string full = text.size() == 10 ? text + "T00:00:00Z" : text;
  if (!TimeUtil::FromString(full, &t)) {
    return absl::InvalidArgumentError(field + ": '" + text + "' is not a date (YYYY-MM-DD) or an RFC 3339 time");
  }
  return t;
}

}  // namespace

std::vector<std::string> SplitCsv(const std::string& line) {
  std::vector<std::string> out;
  std::string cur;
  bool quoted = false;
  for (size_t i = 0; i < line.size(); ++i) {
    char c = line[i];
    if (quoted) {
      if (c == '"' && i + 1 < line.size() && line[i + 1] == '"') {
        cur += '"';
        ++i;
      } else if (c == '"') {
        quoted = false;
      } else {
        cur += c;
      }
    } else if (c == '"') {
      quoted = true;
    } else if (c == ',') {
      out.push_back(cur);
      cur.clear();
    } else if (c != '\r') {
      cur += c;
    }
  }
  out.push_back(cur);
  return out;
}

std::string JoinCsv(const std::vector<std::string>& fields) {
  std::string out;
  for (size_t i = 0; i < fields.size(); ++i) {
    if (i > 0) out += ',';
    out += '"';
    for (char c : fields[i]) {
      if (c == '"') out += '"';
      out += c;
    }
    out += '"';
  }
  return out;
}

absl::StatusOr<AssessmentFile> ReadAssessmentFile(const std::string& name, const std::string& text) {
  if (text.find_first_not_of(" \t\r\n") == std::string::npos) return absl::InvalidArgumentError(name + ": empty");
  absl::StatusOr<common::TableFile> table = common::ReadTable(text);
  if (!table.ok()) return absl::InvalidArgumentError(name + ": " + std::string(table.status().message()));
  enum Column { kOther, kId, kPerson, kCompetence, kLevel, kSource, kAssessor, kAssessedAt, kExpiresAt, kNote, kEvidence };
  static const std::map<std::string, Column> kColumns = {
      {"id", kId},           {"person_id", kPerson},     {"competence_id", kCompetence}, {"level", kLevel},
      {"source", kSource},   {"assessor_id", kAssessor}, {"assessed_at", kAssessedAt},   {"expires_at", kExpiresAt},
      {"note", kNote},       {"evidence_uri", kEvidence}};
  std::vector<Column> columns;
  for (const std::string& c : table->columns) {
    auto it = kColumns.find(Lower(c));
    columns.push_back(it == kColumns.end() ? kOther : it->second);
  }
  AssessmentFile out;
  out.rows.reserve(table->rows.size());
  out.lines.reserve(table->rows.size());
  for (const common::TableRow& row : table->rows) {
    v1::Assessment a;
    for (size_t i = 0; i < columns.size() && i < row.cells.size(); ++i) {
      if (!row.cells[i]) continue;  // a JSON Lines object without the key
      const std::string& v = *row.cells[i];
      const std::string where = name + ":" + std::to_string(row.line) + ": " + table->columns[i];
      switch (columns[i]) {
        case kOther:
          break;
        case kId:
          a.set_id(v);
          break;
        case kPerson:
          a.set_person_id(v);
          break;
        case kCompetence:
          a.set_competence_id(v);
          break;
        case kLevel: {
          int level = 0;
          if (!v.empty() && !absl::SimpleAtoi(v, &level)) {
            return absl::InvalidArgumentError(where + ": '" + v + "' is not a number");
          }
          a.set_level(level);
          break;
        }
        case kSource: {
          if (v.empty()) break;
          v1::AssessmentSource source;
          if (!v1::AssessmentSource_Parse(Upper(v), &source)) {
            return absl::InvalidArgumentError(where + ": unknown source '" + v + "'");
          }
          a.set_source(source);
          break;
        }
        case kAssessor:
          a.set_assessor_id(v);
          break;
        case kAssessedAt:
        case kExpiresAt: {
          if (v.empty()) break;
          absl::StatusOr<google::protobuf::Timestamp> t = ParseTime(where, v);
          if (!t.ok()) return t.status();
          *(columns[i] == kAssessedAt ? a.mutable_assessed_at() : a.mutable_expires_at()) = *t;
          break;
        }
        case kNote:
          a.set_note(v);
          break;
        case kEvidence:
          a.set_evidence_uri(v);
          break;
      }
    }
    out.rows.push_back(std::move(a));
    out.lines.push_back(row.line);
  }
  return out;
}

absl::StatusOr<std::vector<v1::Assessment>> ParseAssessmentsCsv(const std::string& name, const std::string& text) {
  absl::StatusOr<AssessmentFile> file = ReadAssessmentFile(name, text);
  if (!file.ok()) return file.status();
  return std::move(file->rows);
}

}  // namespace skillpath::cli
