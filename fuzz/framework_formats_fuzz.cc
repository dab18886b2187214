// The framework readers (api/formats/: CASE 1.1 packages and framework
// CSV) on any bytes: no crash, only INVALID_ARGUMENT for what does not
// read, and an invariant that would be wrong if reader or writer were: a
// framework that reads, written in the same format and read again, is
// written the same way again (the writer's output is a fixed point).
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "absl/time/time.h"
#include "api/formats/framework_formats.h"

namespace {

using skillpath::formats::ReadCasePackage;
using skillpath::formats::ReadFrameworkCsv;
using skillpath::formats::WriteCasePackage;
using skillpath::formats::WriteFrameworkCsv;

[[noreturn]] void Finding(const std::string& what) {
  std::fprintf(stderr, "%s\n", what.c_str());
  std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  const absl::Time now = absl::FromUnixSeconds(1796000000);
  // JSON-looking input goes to the CASE reader, the rest to CSV.
  const bool is_case = !text.empty() && text.find_first_not_of(" \t\r\n") != std::string::npos &&
                       text[text.find_first_not_of(" \t\r\n")] == '{';
  auto read = is_case ? ReadCasePackage(text) : ReadFrameworkCsv(text);
  if (!read.ok()) {
    if (read.status().code() != absl::StatusCode::kInvalidArgument) Finding("not INVALID_ARGUMENT: " + read.status().ToString());
    return 0;
  }
  const std::string once = is_case ? WriteCasePackage(*read, now) : WriteFrameworkCsv(*read);
  auto again = is_case ? ReadCasePackage(once) : ReadFrameworkCsv(once);
  if (!again.ok()) Finding("what was written does not read: " + again.status().ToString() + "\n" + once);
  const std::string twice = is_case ? WriteCasePackage(*again, now) : WriteFrameworkCsv(*again);
  if (twice != once) Finding("written, read and written again, the framework changed:\n" + once + "\n---\n" + twice);
  return 0;
}
