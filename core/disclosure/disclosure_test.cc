// The disclosure plan against a differencing adversary on generated
// organisations (random trees with one-person units, random roles and
// levels), and the issue's own example: `it` with one person directly in it.
#include "core/disclosure/disclosure.h"

#include <gtest/gtest.h>

#include <random>

#include "core/testing/disclosure_attack.h"

namespace skillpath::core {
namespace {

constexpr Time kNow = 1'767'225'600'000'000LL;

Framework TestFramework() {
  Framework f;
  f.id = "fw";
  f.name = "FW";
  f.scale.levels = {{1, "1", ""}, {2, "2", ""}, {3, "3", ""}};
  f.areas = {{"a", "A", "", {{"a.one", "", "One", "", {}}, {"a.two", "", "Two", "", {}}}},
             {"b", "B", "", {{"b.one", "", "Three", "", {}}}}};
  return f;
}

std::vector<Role> TestRoles() {
  return {Role{"r0", "r0", "", {}, {{"a.one", 2, Priority::kRequired, 1}}},
          Role{"r1", "r1", "", {}, {{"a.two", 2, Priority::kRequired, 2}, {"b.one", 2, Priority::kDesired, 1}}},
          Role{"r2", "r2", "", {"r0"}, {{"b.one", 1, Priority::kRequired, 1}, {"a.one", 3, Priority::kRequired, 1}}}};
}

struct Org {
  std::vector<OrgUnit> units;
  std::vector<Person> people;
  std::vector<Assessment> assessments;
};

// A random organisation: up to `max_units` units (sometimes two roots),
// sizes favouring 0..2 people, random roles and manager ratings.
Org RandomOrg(uint32_t seed, int max_units, int max_people,
              const std::vector<int>& sizes = {0, 1, 1, 2, 3, 4, 5, 6, 7, 9}) {
  std::mt19937 rng(seed);
  auto pick = [&](int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng); };
  Org org;
  const int units = pick(2, max_units);
  const bool two_roots = pick(0, 3) == 0;
  for (int u = 0; u < units; ++u) {
    std::string parent;
    if (u > 0 && !(two_roots && u == 1)) parent = "u" + std::to_string(pick(0, u - 1));
    org.units.push_back({"u" + std::to_string(u), parent, "U" + std::to_string(u)});
  }
  const std::vector<std::string> competences = {"a.one", "a.two", "b.one"};
  for (int u = 0; u < units; ++u) {
    const int n = sizes[static_cast<size_t>(pick(0, static_cast<int>(sizes.size()) - 1))];
    for (int i = 0; i < n && static_cast<int>(org.people.size()) < max_people; ++i) {
      Person p;
      p.id = "p" + std::to_string(org.people.size());
      p.name = p.id;
      p.org_unit_id = "u" + std::to_string(u);
      for (const char* r : {"r0", "r1", "r2"}) {
        if (pick(0, 2) == 0) p.role_ids.push_back(r);
      }
      p.active = pick(0, 9) != 0;
      for (const std::string& c : competences) {
        if (pick(0, 2) == 0) continue;
        Assessment a;
        a.person_id = p.id;
        a.competence_id = c;
        a.level = pick(0, 3);
        a.source = Source::kManager;
        a.assessed_at = kNow - 1000000;
        org.assessments.push_back(a);
      }
      org.people.push_back(std::move(p));
    }
  }
  return org;
}

std::shared_ptr<const IndexSnapshot> Build(const Org& org) {
  IndexBuilder b(std::make_shared<const IndexSnapshot>());
  b.SetFrameworks({TestFramework()});
  b.SetUnits(org.units);
  b.SetRoles(TestRoles());
  for (const Person& p : org.people) b.UpsertPerson(p);
  for (const Assessment& a : org.assessments) b.AddAssessment(a);
  return b.Build();
}

// Everything an AGGREGATE caller can get, as the adversary sees it, and
// the true figures behind it.
struct Answers {
  attack::Truth truth;
  std::vector<attack::Seen> seen;
};

Answers AskEverything(const IndexSnapshot& index, const DisclosurePlan& plan) {
  Answers out;
  const CompetenceTable& competences = *index.competences;
  const UnitTable& units = *index.units;
  attack::Truth& t = out.truth;
  t.competences = static_cast<int>(competences.meta.size());
  for (const CompetenceMeta& m : competences.meta) t.area_of.push_back(static_cast<int>(m.area));
  std::vector<const PersonState*> people;
  for (uint32_t i = 0; i < index.people.size(); ++i) {
    const PersonState* p = index.people.Get(i);
    if (!p || !p->active) continue;
    people.push_back(p);
    PersonGapResult gap;
    ComputePersonGap(index.role_sets->merged[p->role_set], p->facts, competences.meta, kNow, gap, false);
    std::vector<int> required(t.competences), desired(t.competences), level(t.competences);
    std::vector<double> weighted(t.competences);
    std::vector<int> cell_gap(t.competences, 0);
    for (int c = 0; c < t.competences; ++c) {
      std::vector<Fact> facts;
      for (const Fact& f : p->facts) {
        if (static_cast<int>(f.competence) == c) facts.push_back(f);
      }
      level[c] = EffectiveAt(facts.data(), facts.data() + facts.size(), kNow).level;
    }
    int64_t last = -1;
    for (const GapEntry& e : gap.entries) {
      if (static_cast<int64_t>(e.competence) != last) cell_gap[e.competence] = e.gap;  // REQUIRED first
      last = e.competence;
      if (e.priority == Priority::kRequired) {
        required[e.competence] = e.target;
        weighted[e.competence] = e.weighted_gap;
      } else {
        desired[e.competence] = e.target;
      }
    }
    t.required.push_back(required);
    t.desired.push_back(desired);
    t.level.push_back(level);
    t.weighted.push_back(weighted);
    t.cell_gap.push_back(cell_gap);
  }
  t.people = static_cast<int>(people.size());
  auto members = [&](std::optional<uint32_t> unit, bool subunits) {
    std::vector<bool> in = unit ? units.Subtree(*unit) : std::vector<bool>(units.units.size(), true);
    std::vector<int> out;
    for (size_t i = 0; i < people.size(); ++i) {
      if (subunits ? in[people[i]->unit] : people[i]->unit == *unit) out.push_back(static_cast<int>(i));
    }
    return out;
  };
  for (uint32_t u = 0; u < units.units.size(); ++u) {
    for (bool subunits : {true, false}) {
      auto team = AggregateTeamGap(index, plan, units.units[u].id, subunits, kNow);
      if (!team.ok()) {
        EXPECT_EQ(team.status().code(), absl::StatusCode::kPermissionDenied) << team.status();
        continue;
      }
      attack::Seen s;
      s.name = (subunits ? "T(" : "D(") + units.units[u].id + ")";
      s.people = members(u, subunits);
      for (const AggregateCoverage& c : team->coverage) {
        s.coverage.push_back(
            {static_cast<int>(c.figures.competence), c.shown.required, c.shown.met, c.shown.holders, c.shown.mean_gap});
        if (!c.shown.required) EXPECT_EQ(c.figures.required_count, 0) << "withheld figures are not sent";
      }
      out.seen.push_back(s);
    }
  }
  std::vector<std::string> asked = {""};
  for (const OrgUnit& u : units.units) asked.push_back(u.id);
  for (const std::string& id : asked) {
    auto org = AggregateOrgSummary(index, plan, id, 2, kNow);
    if (!org.ok()) {
      EXPECT_EQ(org.status().code(), absl::StatusCode::kPermissionDenied) << org.status();
      continue;
    }
    auto row = [&](const std::string& name, const std::vector<int>& who, const AggregateUnitTotals& totals) {
      attack::Seen s;
      s.name = name;
      s.people = who;
      s.totals = totals.totals_shown;
      for (size_t a = 0; a < totals.area_shown.size(); ++a) {
        if (totals.area_shown[a]) s.areas.push_back(static_cast<int>(a));
      }
      EXPECT_EQ(totals.figures.people, totals.released ? static_cast<int>(who.size()) : 0);
      return s;
    };
    attack::Seen total = row("org(" + id + ")", members(org->unit, true), org->total);
    for (const TopGapResult& g : org->top_gaps) total.top_gaps.push_back(static_cast<int>(g.competence));
    out.seen.push_back(total);
    for (size_t g = 0; g < org->groups.size(); ++g) {
      if (!org->rows[g].released) continue;
      out.seen.push_back(row("row(" + units.units[org->groups[g]].id + ")", members(org->groups[g], true), org->rows[g]));
    }
  }
  return out;
}

std::string Join(const std::vector<std::string>& lines) {
  std::string out;
  for (size_t i = 0; i < lines.size() && i < 8; ++i) out += "\n  " + lines[i];
  return out;
}

TEST(Disclosure, NoDerivableFigureRestsOnFewerThanFivePeople) {
  int attacked = 0, shown = 0, asked = 0;
  for (uint32_t seed = 1; seed <= 300; ++seed) {
    const Org org = RandomOrg(seed, 10, 60);
    auto index = Build(org);
    const DisclosurePlan plan = DisclosurePlan::Make(*index, kNow, 5);
    Answers a = AskEverything(*index, plan);
    const std::vector<std::string> findings = attack::Adversary(a.truth, 5).Attack(a.seen);
    EXPECT_TRUE(findings.empty()) << "seed " << seed << Join(findings);
    attacked += !a.seen.empty();
    for (const attack::Seen& s : a.seen) {
      for (const attack::Seen::Coverage& c : s.coverage) shown += c.required + c.met + c.holders, asked += 3;
    }
  }
  EXPECT_GT(attacked, 200) << "most organisations release something";
  // Tiny random teams with random roles make most counts 1..4; the demo
  // (services test) keeps far more.
  EXPECT_GT(shown, 0) << "suppression leaves figures to see";
}

// Teams of realistic size, where a small count below is the rule: the
// complementary figures withheld beside it keep the parents' figures.
TEST(Disclosure, ParentsKeepTheirFiguresWhenASubGroupsCountIsSmall) {
  int parents_kept = 0, rows = 0, totals = 0;
  for (uint32_t seed = 1; seed <= 80; ++seed) {
    auto index = Build(RandomOrg(seed, 9, 120, {0, 2, 5, 6, 8, 10, 12, 15}));
    const DisclosurePlan plan = DisclosurePlan::Make(*index, kNow, 5);
    Answers a = AskEverything(*index, plan);
    const std::vector<std::string> findings = attack::Adversary(a.truth, 5).Attack(a.seen);
    EXPECT_TRUE(findings.empty()) << "seed " << seed << Join(findings);
    const UnitTable& units = *index->units;
    for (uint32_t u = 0; u < units.units.size(); ++u) {
      if (!plan.Released(Group::Subtree(u))) continue;
      for (uint32_t c = 0; c < index->competences->meta.size(); ++c) {
        if (!plan.Coverage(Group::Subtree(u), c).met) continue;
        bool below = false;
        for (uint32_t v : units.children[u]) below = below || (plan.Released(Group::Subtree(v)) && !plan.Coverage(Group::Subtree(v), c).met);
        parents_kept += below;
      }
    }
    for (const attack::Seen& s : a.seen) rows += static_cast<int>(s.areas.size()), totals += s.totals;
  }
  std::printf("parents kept %d, area rows %d, totals %d\n", parents_kept, rows, totals);
  EXPECT_GT(parents_kept, 20) << "a withheld count below no longer withholds it above";
  EXPECT_GT(rows, 0);
  EXPECT_GT(totals, 0);
}

TEST(Disclosure, TheAdversaryFindsPeopleWhenNothingIsWithheld) {
  // The same answers without suppression (threshold 1): the adversary must
  // find figures about fewer than five people, or the test above proves nothing.
  int found = 0;
  for (uint32_t seed = 1; seed <= 60; ++seed) {
    auto index = Build(RandomOrg(seed, 8, 40));
    Answers a = AskEverything(*index, DisclosurePlan::Make(*index, kNow, 1));
    found += !attack::Adversary(a.truth, 5).Attack(a.seen).empty();
  }
  EXPECT_GT(found, 50);
}

TEST(Disclosure, ThresholdIsConfigurable) {
  for (uint32_t seed = 1; seed <= 60; ++seed) {
    auto index = Build(RandomOrg(seed, 7, 40));
    for (int k : {2, 3, 8}) {
      Answers a = AskEverything(*index, DisclosurePlan::Make(*index, kNow, k));
      const std::vector<std::string> findings = attack::Adversary(a.truth, k).Attack(a.seen);
      EXPECT_TRUE(findings.empty()) << "seed " << seed << " k " << k << Join(findings);
    }
  }
}

// The example: `it` holds one person directly and two teams below.
Org ItExample() {
  Org org;
  org.units = {{"it", "", "IT"}, {"it.drift", "it", "Drift"}, {"it.utvikling", "it", "Utvikling"}};
  auto add = [&](const std::string& id, const std::string& unit, std::vector<std::string> roles, int level) {
    org.people.push_back({id, id, "", unit, std::move(roles), {}, true});
    Assessment a;
    a.person_id = id;
    a.competence_id = "a.one";
    a.level = level;
    a.source = Source::kManager;
    a.assessed_at = kNow - 1000000;
    org.assessments.push_back(a);
  };
  add("leader", "it", {"r2"}, 1);
  for (int i = 0; i < 11; ++i) add("d" + std::to_string(i), "it.drift", {"r0"}, i % 3);
  for (int i = 0; i < 9; ++i) add("v" + std::to_string(i), "it.utvikling", {"r0"}, i % 4);
  return org;
}

TEST(Disclosure, ThePersonDirectlyInItCannotBeSubtracted) {
  auto index = Build(ItExample());
  const DisclosurePlan plan = DisclosurePlan::Make(*index, kNow, 5);
  const UnitTable& units = *index->units;
  const uint32_t it = *units.Find("it"), drift = *units.Find("it.drift"), dev = *units.Find("it.utvikling");
  EXPECT_TRUE(plan.Released(Group::Subtree(it))) << "a parent's figures outrank its children's";
  EXPECT_FALSE(plan.Released(Group::Direct(it))) << "one person";
  EXPECT_TRUE(plan.Released(Group::Subtree(drift)));
  EXPECT_FALSE(plan.Released(Group::Subtree(dev))) << "the smaller child is withheld in its place";
  auto team = AggregateTeamGap(*index, plan, "it.utvikling", true, kNow);
  EXPECT_EQ(team.status().code(), absl::StatusCode::kPermissionDenied);
  EXPECT_NE(team.status().message().find("fewer than 5"), std::string_view::npos) << team.status();
  auto org = AggregateOrgSummary(*index, plan, "it", 10, kNow);
  ASSERT_TRUE(org.ok()) << org.status();
  ASSERT_EQ(org->rows.size(), 2u);
  EXPECT_TRUE(org->rows[0].released);
  EXPECT_FALSE(org->rows[1].released);
  EXPECT_EQ(org->rows[1].figures.people, 0) << "withheld, not sent";
  // b.one: only the leader has it REQUIRED (required_count 1 of 21).
  const uint32_t b_one = *index->competences->Find("b.one");
  EXPECT_FALSE(plan.Coverage(Group::Subtree(it), b_one).required);
  Answers a = AskEverything(*index, plan);
  EXPECT_TRUE(attack::Adversary(a.truth, 5).Attack(a.seen).empty());
  Answers open = AskEverything(*index, DisclosurePlan::Make(*index, kNow, 1));
  EXPECT_FALSE(attack::Adversary(open.truth, 5).Attack(open.seen).empty()) << "it - drift - utvikling";
}

// p holds a (2 of 6 with a.one REQUIRED), b (5 of 10) and c (10 of 10).
// a's required_count is withheld; alone, p minus b minus c would give it,
// so b's is withheld beside it (the cheapest such figure: c's would leave
// p minus a minus c at 4 without the requirement), and p's is shown.
TEST(Disclosure, ASecondFigureIsWithheldSoThatTheParentsCanBeShown) {
  Org org;
  org.units = {{"p", "", "P"}, {"a", "p", "A"}, {"b", "p", "B"}, {"c", "p", "C"}};
  auto add = [&](const std::string& unit, int people, int required) {
    for (int i = 0; i < people; ++i) {
      const std::string id = unit + std::to_string(i);
      std::vector<std::string> roles;
      if (i < required) roles.push_back("r0");
      org.people.push_back({id, id, "", unit, roles, {}, true});
    }
  };
  add("a", 6, 2);
  add("b", 10, 5);
  add("c", 10, 10);
  auto index = Build(org);
  const UnitTable& units = *index->units;
  const uint32_t a_one = *index->competences->Find("a.one");
  const DisclosurePlan plan = DisclosurePlan::Make(*index, kNow, 5);
  auto required = [&](const std::string& unit) { return plan.Coverage(Group::Subtree(*units.Find(unit)), a_one).required; };
  EXPECT_TRUE(required("p")) << "the parent's figure is kept";
  EXPECT_FALSE(required("a")) << "2 people";
  EXPECT_FALSE(required("b")) << "withheld beside a's, or p - b - c = a";
  EXPECT_TRUE(required("c"));
  auto team = AggregateTeamGap(*index, plan, "p", true, kNow);
  ASSERT_TRUE(team.ok()) << team.status();
  for (const AggregateCoverage& c : team->coverage) {
    if (c.figures.competence == a_one) EXPECT_EQ(c.figures.required_count, 17);
  }
  Answers answers = AskEverything(*index, plan);
  EXPECT_TRUE(attack::Adversary(answers.truth, 5).Attack(answers.seen).empty());
}

// A DESIRED-only cell is in no met count, so mean_gap needs atoms of its
// own: withheld for D(a) (1 cell of 6), it must not come back through T(a),
// the same people (found by a review's adversary that models mean_gap).
TEST(Disclosure, AWithheldMeanGapIsNotShownForTheSamePeopleAbove) {
  Org org;
  org.units = {{"a", "", "A"}};
  for (int i = 0; i < 6; ++i) {
    const std::string id = "a" + std::to_string(i);
    org.people.push_back({id, id, "", "a", i == 0 ? std::vector<std::string>{"r1"} : std::vector<std::string>{}, {}, true});
    Assessment as;
    as.person_id = id;
    as.competence_id = "b.one";  // r1: b.one DESIRED 2
    as.level = i == 0 ? 0 : 3;
    as.source = Source::kManager;
    as.assessed_at = kNow - 1000000;
    org.assessments.push_back(as);
  }
  auto index = Build(org);
  const DisclosurePlan plan = DisclosurePlan::Make(*index, kNow, 5);
  const uint32_t b_one = *index->competences->Find("b.one"), a = *index->units->Find("a");
  EXPECT_FALSE(plan.Coverage(Group::Direct(a), b_one).mean_gap) << "one cell of six";
  EXPECT_FALSE(plan.Coverage(Group::Subtree(a), b_one).mean_gap) << "the same person's gap";
  EXPECT_TRUE(DisclosurePlan::Make(*index, kNow, 1).Coverage(Group::Subtree(a), b_one).mean_gap);
}

TEST(Disclosure, APlanHoldsUntilTheNextAssessmentTakesEffectOrExpires) {
  Org org = ItExample();
  org.assessments[3].expires_at = kNow + 5000;
  org.assessments[4].assessed_at = kNow + 9000;  // recorded ahead of time
  auto index = Build(org);
  const DisclosurePlan plan = DisclosurePlan::Make(*index, kNow, 5);
  EXPECT_EQ(plan.valid_until(), kNow + 5000);
  EXPECT_TRUE(plan.Covers(kNow));
  EXPECT_TRUE(plan.Covers(kNow + 4999));
  EXPECT_FALSE(plan.Covers(kNow + 5000)) << "d2's rating has expired";
  EXPECT_FALSE(plan.Covers(kNow - 1)) << "an earlier moment may differ";
  EXPECT_EQ(DisclosurePlan::Make(*index, kNow + 5000, 5).valid_until(), kNow + 9000);
  EXPECT_EQ(DisclosurePlan::Make(*index, kNow + 9000, 5).valid_until(), kNever);
}

TEST(Disclosure, ThresholdOneReleasesEverything) {
  auto index = Build(ItExample());
  const DisclosurePlan plan = DisclosurePlan::Make(*index, kNow, 1);
  for (uint32_t u = 0; u < index->units->units.size(); ++u) {
    EXPECT_TRUE(plan.Released(Group::Subtree(u)));
    EXPECT_TRUE(plan.Released(Group::Direct(u)));
  }
  EXPECT_FALSE(plan.Released(Group::Subtree(99))) << "an unknown unit";
}

}  // namespace
}  // namespace skillpath::core
