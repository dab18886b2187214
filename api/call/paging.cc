#include "api/call/paging.h"

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "core/model/errors.h"

namespace skillpath::services {
namespace {

constexpr absl::string_view kPageTokenPrefix = "after:";

}  // namespace

absl::StatusOr<Page> ParsePage(int page_size, const std::string& page_token, absl::string_view method) {
  if (page_size < 0) return core::InvalidField("page_size", "must not be negative");
  if (page_size > kMaxPageSize) {
    return core::InvalidField("page_size",
                              absl::StrCat("at most ", kMaxPageSize, " (0: the default ", kDefaultPageSize, ")"));
  }
  Page page;
  if (page_size > 0) page.size = page_size;
  if (!page_token.empty()) {
    if (!absl::StartsWith(page_token, kPageTokenPrefix)) {
      return core::InvalidField("page_token", absl::StrCat("not a token from a previous ", method, " answer"));
    }
    page.after = page_token.substr(kPageTokenPrefix.size());
  }
  return page;
}

std::string NextPageToken(absl::string_view last_key) { return absl::StrCat(kPageTokenPrefix, last_key); }

}  // namespace skillpath::services
