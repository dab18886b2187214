#include "core/auth.h"

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "core/validation.h"

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

absl::Status ValidateTokenRecord(const TokenRecord& t) {
  if (absl::Status s = CheckId("id", t.id); !s.ok()) return s;
  if (t.grant < Grant::kEmployee || t.grant > Grant::kAggregate) {
    return InvalidField("grant", "must be EMPLOYEE, MANAGER, HR, ADMIN or AGGREGATE");
  }
  if ((t.grant == Grant::kEmployee || t.grant == Grant::kManager) && t.person_id.empty()) {
    return InvalidField("person", absl::StrCat(GrantName(t.grant), " tokens belong to a person; give --person"));
  }
  if (absl::Status s = CheckOptionalId("person", t.person_id); !s.ok()) return s;
  if (t.expires_at && *t.expires_at <= t.created_at) return InvalidField("expires", "must be in the future");
  if (t.secret_hash.size() != 32) return absl::InternalError("token secret hash must be 32 bytes (SHA-256)");
  return CheckText("description", t.description, kMaxNameLength);
}

}  // namespace skillpath::core
