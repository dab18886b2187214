#include "core/access/sign_in_grant.h"

#include <algorithm>

namespace skillpath::core {

Grant SignInGrant(const Person& person, const std::vector<std::string>& claim_values, const GrantMapping& mapping) {
  for (Grant g : {Grant::kAdmin, Grant::kHr, Grant::kAggregate}) {
    auto it = mapping.find(g);
    if (it == mapping.end()) continue;
    for (const std::string& value : it->second) {
      if (std::find(claim_values.begin(), claim_values.end(), value) != claim_values.end()) return g;
    }
  }
  return person.manages_unit_ids.empty() ? Grant::kEmployee : Grant::kManager;
}

}  // namespace skillpath::core
