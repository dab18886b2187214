#pragma once
// The formats a competence framework travels in, for
// FrameworkService.ImportFramework/ExportFramework and `skillpath framework
// import|export` (issue #13):
//   case-1.1  a 1EdTech CASE 1.1 CFPackage, JSON (case_package.cc)
//   csv       one row per scale level, competence and competence level
//             (framework_csv.cc)
//   json      the API's own skillpath.v1.Framework message
// A framework written in any of them reads back equal. Reading checks what
// the format itself requires and names problems in the format's own terms
// ("CFItems[3].identifier: ...", "line 7: ..."); the framework's rules
// (ids, names, scales) are checked where it is stored, as for
// UpsertFramework.

#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "core/model/types.h"

namespace skillpath::formats {

inline constexpr absl::string_view kFrameworkFormats = "case-1.1, csv, json";

// `format` as given, matched case-insensitively; empty when reading: told
// from the content (a JSON object with "CFDocument" is case-1.1, another
// JSON object json, anything else csv).
absl::StatusOr<core::Framework> ReadFramework(absl::string_view format, absl::string_view content);
// `format` empty: json. `now` stamps CASE's lastChangeDateTime.
absl::StatusOr<std::string> WriteFramework(absl::string_view format, const core::Framework& f, absl::Time now);

absl::StatusOr<core::Framework> ReadCasePackage(absl::string_view json);
std::string WriteCasePackage(const core::Framework& f, absl::Time now);
absl::StatusOr<core::Framework> ReadFrameworkCsv(absl::string_view csv);
std::string WriteFrameworkCsv(const core::Framework& f);

// A name for something a format describes only by a longer text (a CASE
// fullStatement): its first line, cut at a word boundary with "…" when
// longer than kNameCut bytes, so names stay short enough for a table
// heading. Writers give a name that this would change as a name of its own
// (abbreviatedStatement).
inline constexpr size_t kNameCut = 120;
std::string NameFromStatement(absl::string_view text);

}  // namespace skillpath::formats
