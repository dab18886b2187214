#pragma once
// The links of a person that come from more than one place (issue #13):
// roles by hand, from an import and from position rules; managed units by
// hand and from the data (a unit's or a person's manager_id). Each link
// keeps its Origin bits (core/model/types.h) and lives while one is set, so
// replacing one origin's links never touches another's.

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "core/model/types.h"
#include "core/ports/repository.h"

namespace skillpath::core {

// The glob of a position rule: '*' any run of characters, '?' one
// character, the rest literal; letters compared without regard to case
// (ASCII and Latin-1 letters such as Æ Ø Å).
bool GlobMatches(const std::string& pattern, const std::string& text);
bool RuleMatches(const PositionRule& rule, const std::string& position);
// The roles the rules give `position`, in rule order, each once.
std::vector<std::string> RuleRoles(const std::vector<PositionRule>& rules, const std::string& position);

// Makes `origin`'s roles (units) of `person` exactly `ids`: the bit is set
// on those (adding links as needed) and cleared on the others; links left
// without any origin go. True when anything changed.
bool SetRolesFrom(Person& person, int origin, const std::vector<std::string>& ids);
bool SetManagedFrom(Person& person, int origin, const std::vector<std::string>& ids);
// Fills the origin lists to the length of their ids (kByHand for the rest).
void NormaliseOrigins(Person& person);

// Recomputes the units `person_id` manages from the data (kFromData) and
// stores them when they changed; nothing for an unknown person.
absl::Status RefreshManagedFromData(Repositories& repos, const std::string& person_id);
// Applies the position rules to everyone; how many people changed.
absl::StatusOr<int64_t> ApplyPositionRulesToAll(Repositories& repos, std::vector<std::string>* changed_ids);

}  // namespace skillpath::core
