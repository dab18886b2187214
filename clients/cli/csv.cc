#include "clients/cli/csv.h"

#include <google/protobuf/util/time_util.h>

#include <cctype>
#include <sstream>

namespace skillpath::cli {
namespace {

using google::protobuf::util::TimeUtil;

std::string Upper(std::string s) {
  for (char& c : s) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
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

absl::StatusOr<std::vector<v1::Assessment>> ParseAssessmentsCsv(const std::string& name, const std::string& text) {
  std::istringstream in(text);
  std::string line;
  if (!std::getline(in, line)) return absl::InvalidArgumentError(name + ": empty");
  std::vector<std::string> header = SplitCsv(line);
  std::vector<v1::Assessment> out;
  int line_no = 1;
  while (std::getline(in, line)) {
    ++line_no;
    if (line.empty() || line == "\r") continue;
    std::vector<std::string> cells = SplitCsv(line);
    v1::Assessment a;
    for (size_t i = 0; i < header.size() && i < cells.size(); ++i) {
      const std::string& h = header[i];
      const std::string& v = cells[i];
      const std::string where = name + ":" + std::to_string(line_no) + ": " + h;
      if (h == "id") {
        a.set_id(v);
      } else if (h == "person_id") {
        a.set_person_id(v);
      } else if (h == "competence_id") {
        a.set_competence_id(v);
      } else if (h == "level") {
        try {
          a.set_level(std::stoi(v));
        } catch (...) {  // std::invalid_argument, std::out_of_range
          return absl::InvalidArgumentError(where + ": '" + v + "' is not a number");
        }
      } else if (h == "source") {
        v1::AssessmentSource s;
        if (!v1::AssessmentSource_Parse(Upper(v), &s)) {
          return absl::InvalidArgumentError(where + ": unknown source '" + v + "'");
        }
        a.set_source(s);
      } else if (h == "assessor_id") {
        a.set_assessor_id(v);
      } else if ((h == "assessed_at" || h == "expires_at") && !v.empty()) {
        absl::StatusOr<google::protobuf::Timestamp> t = ParseTime(where, v);
        if (!t.ok()) return t.status();
        *(h == "assessed_at" ? a.mutable_assessed_at() : a.mutable_expires_at()) = *t;
      } else if (h == "note") {
        a.set_note(v);
      } else if (h == "evidence_uri") {
        a.set_evidence_uri(v);
      }
    }
    out.push_back(std::move(a));
  }
  return out;
}

}  // namespace skillpath::cli
