#pragma once
// Who may call what (issue #5): one policy table from full method name
// ("skillpath.v1.GapService/GetPersonGap") to a rule, and one pure decision.
// Deny by default: a method without a rule is refused, so a new method
// cannot slip through. api/call/call.h applies it to every call.

#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "core/index/read_index.h"
#include "core/model/auth.h"

namespace skillpath::core {

// What a rule is about, beyond the grant.
enum class Scope {
  kNone,    // no subject: the grant alone decides
  kPerson,  // one person: EMPLOYEE only themselves, MANAGER people in the units they manage (and below)
  kUnit,    // one unit: MANAGER only units they manage (and below)
};

struct Rule {
  std::set<Grant> grants;
  Scope scope = Scope::kNone;
  // For the grants listed, the only actions allowed (e.g. EMPLOYEE may
  // record SELF assessments only). A MANAGER acting on themselves is held
  // to the EMPLOYEE list: a manager does not approve their own plan.
  std::map<Grant, std::set<std::string>> actions;
};

// The policy: every method of skillpath.v1 and the public ones
// (health checking, reflection) that need no token.
const std::map<std::string, Rule, std::less<>>& Policy();
bool IsPublicMethod(std::string_view full_method);

// Who is calling: their grant, the person the token belongs to, and for a
// MANAGER the units they manage.
struct Caller {
  Grant grant = Grant::kUnspecified;
  std::string person_id;
  std::vector<std::string> manages_unit_ids;
};

// What the call is about: a person (with their unit) or a unit.
struct Subject {
  std::string person_id;
  std::string unit_id;  // the person's unit, or the unit asked about
  std::string action;   // what is done, where the rule limits it (an assessment source, a plan status)
};

// False for grants that see organisation figures only (AGGREGATE): the
// answer must carry no person's row, id or name.
bool SeesPeople(Grant grant);

// Figures for fewer people than this are not shown to a grant that does not
// see people: in a group of two, "one of two meets the target" points at a
// person.
constexpr int kMinGroupForFigures = 5;

// OK, or PERMISSION_DENIED. The message never says whether a person or unit
// outside the caller's reach exists.
absl::Status Decide(std::string_view full_method, const Caller& caller, const Subject& subject,
                    const UnitTable& units);

}  // namespace skillpath::core
