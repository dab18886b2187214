#include "bench/synth.h"

#include <algorithm>
#include <cstdio>
#include <set>

namespace skillpath::bench {
namespace {

constexpr core::Time kSecond = 1000000;
constexpr core::Time kStart = 1704067200 * kSecond;  // 2024-01-01
constexpr core::Time kSpan = 1000LL * 86400 * kSecond;  // about 2.7 years

// splitmix64: a tiny, fully specified generator (std distributions are not
// the same across standard libraries; this is).
struct Rng {
  uint64_t state;
  uint64_t Next() {
    uint64_t z = (state += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
  }
  int Below(int n) { return static_cast<int>(Next() % static_cast<uint64_t>(n)); }
  bool Chance(int percent) { return Below(100) < percent; }
};

std::string Num(const char* prefix, int i, int width) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%s%0*d", prefix, width, i);
  return buf;
}

}  // namespace

std::string SyntheticPersonId(int i) { return Num("P", i, 7); }

SyntheticOrg MakeSyntheticOrg(int people, uint64_t seed, int resources) {
  Rng rng{seed};
  SyntheticOrg org;

  core::Framework& f = org.framework;
  f.id = "synth";
  f.name = "Synthetic framework";
  for (int l = 1; l <= 4; ++l) f.scale.levels.push_back({l, "Level " + std::to_string(l), ""});
  std::vector<std::string> competences;
  std::vector<int> tops;
  for (int a = 0; a < 6; ++a) {
    core::Area area{Num("a", a, 1), "Area " + std::to_string(a), "", {}};
    for (int c = 0; c < 10; ++c) {
      core::Competence comp{Num((area.id + ".c").c_str(), c, 2), area.id, "Competence", "", {}};
      if (c == 9) {  // one per area on its own 0-8 scale
        for (int l = 1; l <= 8; ++l) comp.scale.levels.push_back({l, "L" + std::to_string(l), ""});
      }
      competences.push_back(comp.id);
      tops.push_back(comp.scale.empty() ? 4 : 8);
      area.competences.push_back(std::move(comp));
    }
    f.areas.push_back(std::move(area));
  }

  // Roles: 4 base roles with 5 targets each, 36 roles inheriting one of them
  // with 8 more.
  std::vector<std::set<int>> role_competences;
  for (int r = 0; r < 40; ++r) {
    core::Role role;
    role.id = Num("r", r, 2);
    role.name = "Role " + std::to_string(r);
    std::set<int> chosen;
    if (r >= 4) {
      role.inherits_role_ids.push_back(Num("r", r % 4, 2));
      chosen = role_competences[r % 4];
    }
    const int count = r < 4 ? 5 : 8;
    std::set<int> own;
    while (static_cast<int>(own.size()) < count) own.insert(rng.Below(60));
    for (int c : own) {
      core::Target t;
      t.competence_id = competences[c];
      t.priority = rng.Chance(70) ? core::Priority::kRequired : core::Priority::kDesired;
      t.level = 1 + rng.Below(tops[c]);
      t.weight = 1 + rng.Below(3);
      role.targets.push_back(t);
      chosen.insert(c);
    }
    role_competences.push_back(chosen);
    org.roles.push_back(std::move(role));
  }

  // Units: root, 10 sectors, a department per 1,000 people, units of 25.
  org.units.push_back({"org", "", "Synthetic municipality"});
  for (int s = 0; s < 10; ++s) org.units.push_back({Num("s", s, 2), "org", "Sector " + std::to_string(s)});
  const int departments = std::max(1, (people + 999) / 1000);
  for (int d = 0; d < departments; ++d) {
    org.units.push_back({Num("d", d, 4), Num("s", d % 10, 2), "Department " + std::to_string(d)});
  }
  for (int d = 0; d < departments; ++d) {
    for (int u = 0; u < 40; ++u) {
      org.units.push_back({Num("d", d, 4) + Num(".u", u, 2), Num("d", d, 4), "Unit " + std::to_string(u)});
    }
  }
  org.department = Num("d", 0, 4);

  for (int i = 0; i < people; ++i) {
    core::Person p;
    p.id = SyntheticPersonId(i);
    p.name = "Person " + std::to_string(i);
    const int unit = i / 25;  // 25 people a unit, 40 units a department
    p.org_unit_id = Num("d", unit / 40, 4) + Num(".u", unit % 40, 2);
    p.role_ids.push_back(Num("r", 4 + rng.Below(36), 2));
    if (rng.Chance(20)) {
      std::string second = Num("r", 4 + rng.Below(36), 2);
      if (second != p.role_ids[0]) p.role_ids.push_back(second);
    }
    if (i % 25 == 0) p.manages_unit_ids.push_back(p.org_unit_id);
    std::set<int> assessed;
    for (const std::string& r : p.role_ids) {
      const auto& rc = role_competences[std::stoi(r.substr(1))];
      assessed.insert(rc.begin(), rc.end());
    }
    for (int c : assessed) {
      const int level = rng.Below(tops[c] + 1);
      core::Time at = kStart + static_cast<core::Time>(rng.Next() % static_cast<uint64_t>(kSpan));
      auto add = [&](core::Source source, int lvl, core::Time when) {
        core::Assessment a;
        a.id = p.id + "-" + std::to_string(org.assessments.size());
        a.person_id = p.id;
        a.competence_id = competences[c];
        a.level = std::clamp(lvl, 0, tops[c]);
        a.source = source;
        a.assessed_at = when;
        org.assessments.push_back(std::move(a));
      };
      add(core::Source::kSelf, level + rng.Below(3) - 1, at);
      if (rng.Chance(70)) add(core::Source::kManager, level, at + 30LL * 86400 * kSecond);
      if (rng.Chance(15)) add(core::Source::kEvidence, level, at + 60LL * 86400 * kSecond);
      if (rng.Chance(5)) {
        add(core::Source::kCertification, level + 1, at);
        org.assessments.back().expires_at = at + 365LL * 86400 * kSecond;  // many have run out by now
      }
    }
    org.people.push_back(std::move(p));
  }
  // The catalogue, from its own stream so its size does not change the people.
  Rng crng{seed ^ 0xC0FFEEULL};
  const core::Time y2027 = 1798761600LL * kSecond;
  for (int i = 0; i < resources; ++i) {
    core::LearningResource r;
    r.id = Num("res", i, 5);
    r.title = "Resource " + std::to_string(i);
    r.mode = static_cast<core::Mode>(1 + crng.Below(5));
    r.hours = 1 + crng.Below(40);
    r.cost = 500.0 * crng.Below(41);
    r.language = crng.Chance(85) ? "nb" : "en";
    const int first = crng.Below(60);
    std::set<int> comps = {first};
    if (crng.Chance(30)) comps.insert(crng.Below(60));
    for (int c : comps) {
      const int lo = crng.Below(tops[c]);
      r.outcomes.push_back({competences[c], lo, lo + 1 + crng.Below(std::min(3, tops[c] - lo))});
    }
    if (i > 0 && crng.Chance(20)) r.prerequisite_ids.push_back(Num("res", crng.Below(i), 5));
    if (r.mode == core::Mode::kClassroom || r.mode == core::Mode::kWorkshop) {
      const int n = 2 + crng.Below(3);
      for (int k = 0; k < n; ++k) {
        const core::Time start = y2027 + static_cast<core::Time>(crng.Below(365)) * 86400 * kSecond;
        r.sessions.push_back({Num("s", k, 1), start, start + 7 * 3600 * kSecond, 10 + crng.Below(21), "Room", 1000.0 * crng.Below(10)});
      }
    }
    org.catalogue.push_back(std::move(r));
  }
  return org;
}

}  // namespace skillpath::bench
