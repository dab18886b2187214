#include "core/rules/org_links.h"

#include <algorithm>
#include <set>

#include "core/model/errors.h"

namespace skillpath::core {
namespace {

// One character folded for comparison: ASCII and the Latin-1 capitals
// (U+00C0..U+00DE but U+00D7) as lower case, on UTF-8 text.
std::string Fold(const std::string& s) {
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size(); ++i) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (c >= 'A' && c <= 'Z') {
      out += static_cast<char>(c + 32);
    } else if (c == 0xC3 && i + 1 < s.size()) {
      const auto d = static_cast<unsigned char>(s[i + 1]);
      out += static_cast<char>(c);
      out += static_cast<char>(d >= 0x80 && d <= 0x9E && d != 0x97 ? d + 0x20 : d);
      ++i;
    } else {
      out += static_cast<char>(c);
    }
  }
  return out;
}

// Glob match on folded text, '?' a byte of ASCII or a whole UTF-8
// character. Iterative with one backtrack point: linear-ish, no blow-up.
bool Glob(const std::string& p, const std::string& t) {
  size_t pi = 0, ti = 0, star_p = std::string::npos, star_t = 0;
  auto char_len = [&](size_t i) -> size_t {
    const auto c = static_cast<unsigned char>(t[i]);
    size_t n = c < 0x80 ? 1 : (c & 0xE0) == 0xC0 ? 2 : (c & 0xF0) == 0xE0 ? 3 : 4;
    return std::min(n, t.size() - i);
  };
  while (ti < t.size()) {
    if (pi < p.size() && p[pi] == '*') {
      star_p = pi++;
      star_t = ti;
    } else if (pi < p.size() && p[pi] == '?') {
      ++pi;
      ti += char_len(ti);
    } else if (pi < p.size() && p[pi] == t[ti]) {
      ++pi;
      ++ti;
    } else if (star_p != std::string::npos) {
      pi = star_p + 1;
      star_t += char_len(star_t);
      ti = star_t;
    } else {
      return false;
    }
  }
  while (pi < p.size() && p[pi] == '*') ++pi;
  return pi == p.size();
}

bool SetFrom(std::vector<std::string>& ids, std::vector<int>& origins, int origin, const std::vector<std::string>& want) {
  origins.resize(ids.size(), kByHand);
  const std::set<std::string> wanted(want.begin(), want.end());
  bool changed = false;
  std::set<std::string> present;
  for (size_t i = 0; i < ids.size(); ++i) {
    present.insert(ids[i]);
    const int before = origins[i];
    origins[i] = wanted.count(ids[i]) ? before | origin : before & ~origin;
    changed |= origins[i] != before;
  }
  for (const std::string& id : want) {
    if (present.insert(id).second) {
      ids.push_back(id);
      origins.push_back(origin);
      changed = true;
    }
  }
  // Links without any origin go.
  size_t kept = 0;
  for (size_t i = 0; i < ids.size(); ++i) {
    if (origins[i] == 0) continue;
    if (kept != i) ids[kept] = std::move(ids[i]);
    origins[kept] = origins[i];
    ++kept;
  }
  ids.resize(kept);
  origins.resize(kept);
  return changed;
}

}  // namespace

bool GlobMatches(const std::string& pattern, const std::string& text) { return Glob(Fold(pattern), Fold(text)); }

bool RuleMatches(const PositionRule& rule, const std::string& position) {
  if (position.empty()) return false;
  if (!rule.position.empty() && Fold(rule.position) == Fold(position)) return true;
  return !rule.pattern.empty() && GlobMatches(rule.pattern, position);
}

std::vector<std::string> RuleRoles(const std::vector<PositionRule>& rules, const std::string& position) {
  std::vector<std::string> out;
  std::set<std::string> seen;
  for (const PositionRule& r : rules) {
    if (!RuleMatches(r, position)) continue;
    for (const std::string& role : r.role_ids) {
      if (seen.insert(role).second) out.push_back(role);
    }
  }
  return out;
}

bool SetRolesFrom(Person& p, int origin, const std::vector<std::string>& ids) {
  return SetFrom(p.role_ids, p.role_origins, origin, ids);
}

bool SetManagedFrom(Person& p, int origin, const std::vector<std::string>& ids) {
  return SetFrom(p.manages_unit_ids, p.manages_origins, origin, ids);
}

void NormaliseOrigins(Person& p) {
  p.role_origins.resize(p.role_ids.size(), kByHand);
  p.manages_origins.resize(p.manages_unit_ids.size(), kByHand);
}

absl::Status RefreshManagedFromData(Repositories& repos, const std::string& person_id) {
  if (person_id.empty()) return absl::OkStatus();
  ASSIGN_OR_RETURN(std::optional<Person> person, repos.org.FindPerson(person_id));
  if (!person) return absl::OkStatus();
  ASSIGN_OR_RETURN(std::vector<std::string> units, repos.org.UnitsManagedInData(person_id));
  if (SetManagedFrom(*person, kFromData, units)) RETURN_IF_ERROR(repos.org.PutPerson(*person));
  return absl::OkStatus();
}

absl::StatusOr<int64_t> ApplyPositionRulesToAll(Repositories& repos, std::vector<std::string>* changed_ids) {
  ASSIGN_OR_RETURN(std::vector<PositionRule> rules, repos.org.ListPositionRules());
  std::vector<Person> changed;
  RETURN_IF_ERROR(repos.org.ForEachPerson([&](const Person& stored) {
    Person p = stored;
    if (SetRolesFrom(p, kFromRule, RuleRoles(rules, p.position))) changed.push_back(std::move(p));
  }));
  for (const Person& p : changed) {
    RETURN_IF_ERROR(repos.org.PutPerson(p));
    if (changed_ids) changed_ids->push_back(p.id);
  }
  return static_cast<int64_t>(changed.size());
}

}  // namespace skillpath::core
