// NameFromStatement (framework_formats.h): a short name for a longer text.
#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "api/formats/framework_formats.h"

namespace skillpath::formats {

std::string NameFromStatement(absl::string_view text) {
  const absl::string_view trimmed = absl::StripAsciiWhitespace(text);
  absl::string_view line = trimmed.substr(0, trimmed.find_first_of("\r\n"));
  if (line.size() > kNameCut) {
    constexpr size_t kCut = kNameCut;
    size_t cut = line.rfind(' ', kCut);
    if (cut == absl::string_view::npos || cut < kCut / 2) {
      cut = kCut;
      while (cut > 0 && (static_cast<unsigned char>(line[cut]) & 0xC0) == 0x80) --cut;  // not inside a character
    }
    return absl::StrCat(absl::StripTrailingAsciiWhitespace(line.substr(0, cut)), "…");
  }
  return std::string(line);
}

}  // namespace skillpath::formats
