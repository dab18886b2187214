#include "core/model/auth.h"

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "core/model/errors.h"

namespace skillpath::core {

const char* GrantName(Grant g) {
  switch (g) {
    case Grant::kEmployee: return "EMPLOYEE";
    case Grant::kManager: return "MANAGER";
    case Grant::kHr: return "HR";
    case Grant::kAdmin: return "ADMIN";
    case Grant::kAggregate: return "AGGREGATE";
    default: return "GRANT_UNSPECIFIED";
  }
}

absl::StatusOr<Grant> ParseGrant(const std::string& text) {
  const std::string upper = absl::AsciiStrToUpper(text);
  for (Grant g : {Grant::kEmployee, Grant::kManager, Grant::kHr, Grant::kAdmin, Grant::kAggregate}) {
    if (upper == GrantName(g)) return g;
  }
  return InvalidField("grant", absl::StrCat("'", text, "' is not one of EMPLOYEE, MANAGER, HR, ADMIN, AGGREGATE"));
}

}  // namespace skillpath::core
