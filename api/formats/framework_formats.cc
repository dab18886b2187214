// The format names, the json format (the API's own message) and what the
// formats share.
#include "api/formats/framework_formats.h"

#include <google/protobuf/util/json_util.h>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "api/convert/convert.h"
#include "core/model/errors.h"
#include "core/rules/validation.h"
#include "skillpath/v1/common.pb.h"

namespace skillpath::formats {
namespace {

constexpr absl::string_view kBom = "\xEF\xBB\xBF";

absl::Status UnknownFormat(absl::string_view format) {
  return core::InvalidField("format", absl::StrCat("'", format, "' is not one of ", kFrameworkFormats));
}

std::string Lower(absl::string_view s) { return absl::AsciiStrToLower(s); }

std::string Told(absl::string_view content) {
  const size_t start = content.find_first_not_of(" \t\r\n");
  if (start == absl::string_view::npos || content[start] != '{') return "csv";
  return content.find("\"CFDocument\"") != absl::string_view::npos ? "case-1.1" : "json";
}

absl::StatusOr<core::Framework> ReadJson(absl::string_view content) {
  v1::Framework m;
  const auto parsed = google::protobuf::util::JsonStringToMessage(std::string(content), &m);
  if (!parsed.ok()) return core::InvalidField("content", absl::StrCat("not a skillpath.v1.Framework: ", parsed.message().ToString()));
  return services::FromProto(m);
}

std::string WriteJson(const core::Framework& f) {
  v1::Framework m;
  services::ToProto(f, &m);
  google::protobuf::util::JsonPrintOptions options;
  options.add_whitespace = true;
  std::string out;
  (void)google::protobuf::util::MessageToJsonString(m, &out, options);
  return out;
}

}  // namespace

absl::StatusOr<core::Framework> ReadFramework(absl::string_view format, absl::string_view content) {
  if (content.empty()) return core::InvalidField("content", "must not be empty");
  const std::string name = format.empty() ? Told(absl::StripPrefix(content, kBom)) : Lower(format);
  // Editors on Windows put a byte order mark before JSON too.
  if (name != "csv") content = absl::StripPrefix(content, kBom);
  if (name == "case-1.1") return ReadCasePackage(content);
  if (name == "csv") return ReadFrameworkCsv(content);
  if (name == "json") return ReadJson(content);
  return UnknownFormat(format);
}

absl::StatusOr<std::string> WriteFramework(absl::string_view format, const core::Framework& f, absl::Time now) {
  const std::string name = format.empty() ? "json" : Lower(format);
  if (name == "case-1.1") return WriteCasePackage(f, now);
  if (name == "csv") return WriteFrameworkCsv(f);
  if (name == "json") return WriteJson(f);
  return UnknownFormat(format);
}

}  // namespace skillpath::formats
