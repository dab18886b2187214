#pragma once
// Paged lists (OrgService.ListPeople, AuthService.ListAuditEvents): a page
// size, 0 for the default, and a page token that carries the last key of
// the page before. The token's prefix marks it as ours, so a token from
// elsewhere is refused rather than misread.

#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace skillpath::services {

inline constexpr int kDefaultPageSize = 1000;
inline constexpr int kMaxPageSize = 10000;

struct Page {
  int size = kDefaultPageSize;
  std::string after;  // the last key of the page before; empty for the first page
};

// INVALID_ARGUMENT naming page_size or page_token; `method` names the
// answer a token must come from.
absl::StatusOr<Page> ParsePage(int page_size, const std::string& page_token, absl::string_view method);

// The token of the page after the one ending at `last_key`.
std::string NextPageToken(absl::string_view last_key);

}  // namespace skillpath::services
