#include "clients/cli/format.h"

#include <google/protobuf/util/time_util.h>

#include <cctype>
#include <fstream>
#include <iostream>
#include <sstream>

#include "clients/cli/table.h"

namespace skillpath::cli {

using google::protobuf::util::TimeUtil;

std::string Json(const google::protobuf::Message& m) {
  std::string out;
  google::protobuf::util::JsonPrintOptions opts;
  opts.add_whitespace = true;
  opts.always_print_primitive_fields = true;
  (void)google::protobuf::util::MessageToJsonString(m, &out, opts);
  return out;
}

bool PrintedJson(const Client& c, const google::protobuf::Message& m) {
  if (!c.options().json) return false;
  std::cout << Json(m);
  return true;
}

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw Failure{"cannot read " + path};
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

google::protobuf::Timestamp ParseTime(const std::string& field, const std::string& text) {
  google::protobuf::Timestamp t;
  std::string full = text.size() == 10 ? text + "T00:00:00Z" : text;
  if (!TimeUtil::FromString(full, &t)) {
    throw Failure{field + ": '" + text + "' is not a date (YYYY-MM-DD) or an RFC 3339 time"};
  }
  return t;
}

std::string Date(const google::protobuf::Timestamp& t) {
  if (t.seconds() == 0 && t.nanos() == 0) return "";
  return TimeUtil::ToString(t).substr(0, 10);
}

std::string Money(double v) {
  std::ostringstream o;
  o.setf(std::ios::fixed);
  o.precision(0);
  o << v;
  return o.str();
}

std::string Number(double v) {
  std::ostringstream o;
  o << v;
  return o.str();
}

std::string Lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

std::string Upper(std::string s) {
  for (char& c : s) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return s;
}

std::string SourceName(v1::AssessmentSource s) { return Lower(v1::AssessmentSource_Name(s)); }

v1::AssessmentSource ParseSource(const std::string& text) {
  v1::AssessmentSource s;
  if (!v1::AssessmentSource_Parse(Upper(text), &s) || s == v1::ASSESSMENT_SOURCE_UNSPECIFIED) {
    throw Failure{"--source: '" + text + "' is not one of self, manager, evidence, certification"};
  }
  return s;
}

std::string Join(const google::protobuf::RepeatedPtrField<std::string>& items) {
  std::string out;
  for (const auto& s : items) out += (out.empty() ? "" : ", ") + s;
  return out;
}

const char* ModeName(v1::LearningMode m) {
  switch (m) {
    case v1::ELEARNING: return "e-learning";
    case v1::CLASSROOM: return "classroom";
    case v1::WORKSHOP: return "workshop";
    case v1::ON_THE_JOB: return "on the job";
    case v1::MENTORING: return "mentoring";
    default: return "?";
  }
}

std::string GrantLabel(v1::Grant g) {
  const std::string name = v1::Grant_Name(g);
  return name.rfind("GRANT_", 0) == 0 ? name.substr(6) : name;
}

std::string Time(const google::protobuf::Timestamp& t) {
  if (t.seconds() == 0 && t.nanos() == 0) return "";
  return TimeUtil::ToString(t).substr(0, 19);
}

std::string Fixed(double v, int digits) {
  std::ostringstream o;
  o.setf(std::ios::fixed);
  o.precision(digits);
  o << v;
  return o.str();
}

std::string Percent(int part, int whole) {
  if (whole == 0) return "-";
  return std::to_string((part * 100 + whole / 2) / whole) + "%";
}

std::string Shorten(const std::string& s, size_t width) {
  if (DisplayWidth(s) <= width) return s;
  std::string out;
  size_t n = 0;
  for (size_t i = 0; i < s.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    if ((c & 0xC0) != 0x80 && ++n > width - 1) break;
    out += s[i];
  }
  return out + "~";
}

std::string PadRight(const std::string& s, size_t width) {
  size_t w = DisplayWidth(s);
  return w >= width ? s : s + std::string(width - w, ' ');
}

std::string PadLeft(const std::string& s, size_t width) {
  size_t w = DisplayWidth(s);
  return w >= width ? s : std::string(width - w, ' ') + s;
}

}  // namespace skillpath::cli
