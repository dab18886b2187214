#pragma once
// What a person signed in through the organisation's OpenID provider may do
// (issue #12), decided afresh at each sign-in: HR, ADMIN or AGGREGATE when a
// value of the configured claim (Entra ID `groups` or `roles`) is mapped to
// it; otherwise MANAGER for someone who manages a unit (by the data), else
// EMPLOYEE. With values mapped to more than one grant, the first of ADMIN,
// HR, AGGREGATE wins (a session carries one grant; the page shows which).

#include <map>
#include <string>
#include <vector>

#include "core/model/auth.h"
#include "core/model/types.h"

namespace skillpath::core {

// Claim values that give a grant: {HR: ["<group id>", ...], ...}. Only HR,
// ADMIN and AGGREGATE may be mapped.
using GrantMapping = std::map<Grant, std::vector<std::string>>;

Grant SignInGrant(const Person& person, const std::vector<std::string>& claim_values, const GrantMapping& mapping);

}  // namespace skillpath::core
