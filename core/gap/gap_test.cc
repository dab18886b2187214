// The gap rules with hand-computed expectations. Competence indices: 0 and 1
// on a 0-4 scale in area 0, 2 on a 0-8 scale in area 1.
#include "core/gap/gap.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <map>

namespace skillpath::core {
namespace {

constexpr Time kDay = 86'400'000'000LL;
constexpr Time T0 = 1'767'225'600'000'000LL;  // 2026-01-01

const std::vector<CompetenceMeta> kMeta = {
    {4, 0, 0, 1},  // competence 0 ("b.gdpr"), rank 1
    {4, 0, 1, 0},  // competence 1 ("a.dpia"), rank 0
    {8, 1, 2, 2},  // competence 2 ("c.digcomp"), 8 levels
};

Fact F(uint32_t c, int level, Source s, Time at, Time expires = kNever) {
  Fact f;
  f.competence = c;
  f.level = static_cast<int16_t>(level);
  f.source = s;
  f.assessed_at = at;
  f.expires_at = expires;
  return f;
}

Effective Eff(const std::vector<Fact>& facts, Time as_of) {
  return EffectiveAt(facts.data(), facts.data() + facts.size(), as_of);
}

TEST(EffectiveAt, NoAssessmentsIsLevelZeroUnspecified) {
  Effective e = Eff({}, T0);
  EXPECT_EQ(e.level, 0);
  EXPECT_EQ(e.source, Source::kUnspecified);
  EXPECT_EQ(e.self_level, -1);
}

TEST(EffectiveAt, ValidatedBeatsANewerSelfRating) {
  std::vector<Fact> f = {F(0, 2, Source::kManager, T0), F(0, 4, Source::kSelf, T0 + kDay)};
  Effective e = Eff(f, T0 + 2 * kDay);
  EXPECT_EQ(e.level, 2);
  EXPECT_EQ(e.source, Source::kManager);
  EXPECT_EQ(e.self_level, 4) << "the self level is shown beside the validated one";
}

TEST(EffectiveAt, SelfOnlyCountsButIsMarkedSelf) {
  std::vector<Fact> f = {F(0, 1, Source::kSelf, T0), F(0, 3, Source::kSelf, T0 + kDay)};
  Effective e = Eff(f, T0 + 2 * kDay);
  EXPECT_EQ(e.level, 3);
  EXPECT_EQ(e.source, Source::kSelf);
  EXPECT_EQ(e.self_level, 3);
}

TEST(EffectiveAt, ExpiredAssessmentsAreIgnored) {
  std::vector<Fact> f = {F(0, 1, Source::kSelf, T0), F(0, 4, Source::kCertification, T0 + kDay, T0 + 10 * kDay)};
  EXPECT_EQ(Eff(f, T0 + 5 * kDay).level, 4);
  Effective later = Eff(f, T0 + 10 * kDay);  // expires_at is exclusive
  EXPECT_EQ(later.level, 1);
  EXPECT_EQ(later.source, Source::kSelf);
}

TEST(EffectiveAt, AsOfInThePastSeesOnlyWhatWasThen) {
  std::vector<Fact> f = {F(0, 1, Source::kManager, T0), F(0, 3, Source::kManager, T0 + 30 * kDay)};
  EXPECT_EQ(Eff(f, T0 - 1).level, 0);
  EXPECT_EQ(Eff(f, T0).level, 1);
  EXPECT_EQ(Eff(f, T0 + 29 * kDay).level, 1);
  EXPECT_EQ(Eff(f, T0 + 30 * kDay).level, 3);
}

TEST(EffectiveAt, OnEqualTimesTheOneRecordedLaterWins) {
  std::vector<Fact> f = {F(0, 2, Source::kEvidence, T0), F(0, 1, Source::kManager, T0)};
  Effective e = Eff(f, T0);
  EXPECT_EQ(e.level, 1);
  EXPECT_EQ(e.source, Source::kManager);
}

// Roles: ansatt requires 0@2 (weight 0 -> 1); leder inherits ansatt and
// requires 0@3 weight 2, desires 1@2; rådgiver requires 1@1 and desires 0@4.
std::map<std::string, RoleTargets> Roles() {
  std::map<std::string, RoleTargets> roles;
  roles["ansatt"].targets = {{0, {"", 2, Priority::kRequired, 0}}};
  roles["leder"].inherits = {"ansatt"};
  roles["leder"].targets = {{0, {"", 3, Priority::kRequired, 2}}, {1, {"", 2, Priority::kDesired, 0}}};
  roles["radgiver"].targets = {{1, {"", 1, Priority::kRequired, 0}}, {0, {"", 4, Priority::kDesired, 3}}};
  return roles;
}

std::vector<MergedTarget> Merge(const std::vector<std::string>& ids) {
  static const auto roles = Roles();
  return MergeTargets(ids, [](const std::string& id) -> const RoleTargets* {
    auto it = roles.find(id);
    return it == roles.end() ? nullptr : &it->second;
  });
}

TEST(MergeTargets, InheritedRolesAndTheHighestTargetCount) {
  auto m = Merge({"leder"});
  ASSERT_EQ(m.size(), 2u);
  EXPECT_EQ(m[0].competence, 0u);
  EXPECT_EQ(m[0].required, 3) << "max of leder's 3 and the inherited ansatt's 2";
  EXPECT_EQ(m[0].required_weight, 2);
  EXPECT_EQ(m[1].competence, 1u);
  EXPECT_EQ(m[1].desired, 2);
  EXPECT_EQ(m[1].required, 0);
}

TEST(MergeTargets, SeveralRolesTakeTheHighest) {
  auto m = Merge({"ansatt", "radgiver"});
  ASSERT_EQ(m.size(), 2u);
  EXPECT_EQ(m[0].required, 2);
  EXPECT_EQ(m[0].desired, 4);
  EXPECT_EQ(m[0].desired_weight, 3);
  EXPECT_EQ(m[1].required, 1);
}

TEST(MergeTargets, UnknownRolesAndCyclesAreHarmless) {
  EXPECT_TRUE(Merge({"ghost"}).empty());
  EXPECT_TRUE(Merge({}).empty());
}

TEST(PersonGap, RequiredAndHigherDesiredGiveTwoEntriesWithWeights) {
  // ansatt + radgiver: competence 0 required 2 (w1), desired 4 (w3);
  // competence 1 required 1 (w1). Current: 0 at 1 (manager), 1 none.
  auto targets = Merge({"ansatt", "radgiver"});
  std::vector<Fact> facts = {F(0, 1, Source::kManager, T0)};
  PersonGapResult r;
  ComputePersonGap(targets, facts, kMeta, T0 + kDay, r);
  ASSERT_EQ(r.entries.size(), 3u);
  // REQUIRED first by weighted gap: competence 0 gap 1 -> 1*1/4 = 0.25;
  // competence 1 gap 1 -> 0.25 as well: tie broken by id rank (1 has rank 0).
  EXPECT_EQ(r.entries[0].competence, 1u);
  EXPECT_EQ(r.entries[0].source, Source::kUnspecified);
  EXPECT_DOUBLE_EQ(r.entries[0].weighted_gap, 0.25);
  EXPECT_EQ(r.entries[1].competence, 0u);
  EXPECT_EQ(r.entries[1].priority, Priority::kRequired);
  EXPECT_EQ(r.entries[1].gap, 1);
  EXPECT_EQ(r.entries[2].competence, 0u);
  EXPECT_EQ(r.entries[2].priority, Priority::kDesired);
  EXPECT_EQ(r.entries[2].target, 4);
  EXPECT_EQ(r.entries[2].gap, 3);
  EXPECT_DOUBLE_EQ(r.entries[2].weighted_gap, 3.0 * 3 / 4);
  EXPECT_DOUBLE_EQ(r.gap_score, 0.5);
  EXPECT_DOUBLE_EQ(r.desired_gap_score, 2.25);
  EXPECT_EQ(r.required_total, 2);
  EXPECT_EQ(r.required_met, 0);
  EXPECT_DOUBLE_EQ(r.required_met_ratio, 0.0);
}

TEST(PersonGap, MetTargetsAndTheRatio) {
  auto targets = Merge({"ansatt", "radgiver"});
  std::vector<Fact> facts = {F(0, 3, Source::kEvidence, T0), F(1, 0, Source::kSelf, T0)};
  PersonGapResult r;
  ComputePersonGap(targets, facts, kMeta, T0, r);
  EXPECT_EQ(r.required_met, 1);
  EXPECT_DOUBLE_EQ(r.required_met_ratio, 0.5);
  EXPECT_DOUBLE_EQ(r.gap_score, 0.25);  // competence 1: gap 1 of 4
  const GapEntry& met = r.entries[1];
  EXPECT_TRUE(met.met);
  EXPECT_EQ(met.gap, 0);
  EXPECT_EQ(r.entries[0].self_level, 0);
  EXPECT_EQ(r.entries[0].source, Source::kSelf);
}

TEST(PersonGap, DifferentScalesAreNormalisedByTheirTopLevel) {
  // The same absolute gap of 2 weighs 2/4 on a 4-level scale, 2/8 on an 8-level one.
  std::vector<MergedTarget> targets = {{0, 2, 1, 0, 0}, {2, 2, 1, 0, 0}};
  PersonGapResult r;
  ComputePersonGap(targets, {}, kMeta, T0, r);
  ASSERT_EQ(r.entries.size(), 2u);
  EXPECT_EQ(r.entries[0].competence, 0u);
  EXPECT_DOUBLE_EQ(r.entries[0].weighted_gap, 0.5);
  EXPECT_DOUBLE_EQ(r.entries[1].weighted_gap, 0.25);
  EXPECT_DOUBLE_EQ(r.gap_score, 0.75);
}

TEST(PersonGap, NoRolesIsAnEmptyReport) {
  PersonGapResult r;
  ComputePersonGap({}, {F(0, 2, Source::kSelf, T0)}, kMeta, T0, r);
  EXPECT_TRUE(r.entries.empty());
  EXPECT_EQ(r.required_total, 0);
  EXPECT_DOUBLE_EQ(r.required_met_ratio, 1.0);
  EXPECT_DOUBLE_EQ(r.gap_score, 0.0);
}

TEST(TeamGap, MatrixCoverageAndSinglePoints) {
  // Three members: A (leder: 0@3 req, 1@2 des) at 0=3, 1=0;
  // B (ansatt: 0@2 req) at 0=2; C (radgiver: 1@1 req, 0@4 des) at 1=1, 0=0.
  auto leder = Merge({"leder"}), ansatt = Merge({"ansatt"}), radgiver = Merge({"radgiver"});
  std::vector<Fact> a = {F(0, 3, Source::kManager, T0)};
  std::vector<Fact> b = {F(0, 2, Source::kManager, T0)};
  std::vector<Fact> c = {F(1, 1, Source::kManager, T0)};
  std::vector<TeamMemberInput> members = {{&leder, &a, 0}, {&ansatt, &b, 1}, {&radgiver, &c, 2}};
  TeamGapResult t = ComputeTeamGap(members, kMeta, T0);
  ASSERT_EQ(t.columns.size(), 2u);
  EXPECT_EQ(t.columns[0], 0u);  // column order from the meta
  EXPECT_EQ(t.columns[1], 1u);
  ASSERT_EQ(t.rows.size(), 3u);
  // gap scores: A 0 (met 3), B 0 (met 2), C 0 (met 1) -> ties by order.
  EXPECT_EQ(t.rows[0].member, 0u);
  // C's cell for competence 0 is its REQUIRED? No: C only desires 0@4.
  const TeamRowResult& row_c = t.rows[2];
  EXPECT_EQ(row_c.cells[0].target, 4);
  EXPECT_EQ(row_c.cells[0].gap, 4);
  EXPECT_EQ(row_c.cells[0].priority, Priority::kDesired);  // coloured as «bør»
  EXPECT_EQ(t.rows[0].cells[0].priority, Priority::kRequired);
  // B has no target for competence 1: empty cell with current level 0.
  EXPECT_EQ(t.rows[1].cells[1].target, 0);
  EXPECT_EQ(t.rows[1].cells[1].priority, Priority::kUnspecified);
  // Coverage of 0: required by A (3) and B (2) -> bar 3; holders: A only.
  const CoverageResult& c0 = t.coverage[0];
  EXPECT_EQ(c0.required_count, 2);
  EXPECT_EQ(c0.met_count, 2);
  EXPECT_EQ(c0.holders, 1);
  EXPECT_TRUE(c0.single_point);
  EXPECT_DOUBLE_EQ(c0.mean_gap, (0 + 0 + 4) / 3.0);
  // Coverage of 1: required by C at 1, desired by A at 2 -> bar 1; holders C.
  const CoverageResult& c1 = t.coverage[1];
  EXPECT_EQ(c1.required_count, 1);
  EXPECT_EQ(c1.holders, 1);
  EXPECT_TRUE(c1.single_point);
  EXPECT_DOUBLE_EQ(c1.mean_gap, (2 + 0) / 2.0);  // A's desired gap 2, C's 0
}

TEST(TeamGap, RowsByGapScoreAndHoldersWithoutTargets) {
  auto ansatt = Merge({"ansatt"});
  std::vector<MergedTarget> none;
  std::vector<Fact> low = {F(0, 0, Source::kManager, T0)};
  std::vector<Fact> high = {F(0, 2, Source::kManager, T0)};
  std::vector<Fact> expert = {F(0, 4, Source::kManager, T0)};
  std::vector<TeamMemberInput> members = {{&ansatt, &high, 0}, {&ansatt, &low, 1}, {&none, &expert, 2}};
  TeamGapResult t = ComputeTeamGap(members, kMeta, T0);
  EXPECT_EQ(t.rows[0].member, 1u) << "the largest gap first";
  EXPECT_DOUBLE_EQ(t.rows[0].gap_score, 0.5);
  // Holders at the bar 2: the member with a target and level 2, and the
  // member without any target at level 4.
  EXPECT_EQ(t.coverage[0].holders, 2);
  EXPECT_FALSE(t.coverage[0].single_point);
  EXPECT_EQ(t.rows[2].cells[0].current, 4);
}

TEST(TeamGap, AnEmptyTeam) {
  TeamGapResult t = ComputeTeamGap({}, kMeta, T0);
  EXPECT_TRUE(t.columns.empty());
  EXPECT_TRUE(t.rows.empty());
}

TEST(OrgSummary, TotalsPerGroupAreaAndTopGaps) {
  // Two groups. Group 0: P1 (ansatt, 0 at 0: gap 2 -> 0.5). Group 1: P2
  // (radgiver, 1 at 1: met; desired 0@4 does not count) and P3 (leder at
  // 0=1: required 3, gap 2 weight 2 -> 1.0).
  auto ansatt = Merge({"ansatt"}), radgiver = Merge({"radgiver"}), leder = Merge({"leder"});
  std::vector<Fact> p1, p2 = {F(1, 1, Source::kManager, T0)}, p3 = {F(0, 1, Source::kManager, T0)};
  std::vector<OrgMemberInput> members = {{&ansatt, &p1, 0}, {&radgiver, &p2, 1}, {&leder, &p3, 1}};
  OrgSummaryResult s = ComputeOrgSummary(members, 2, 2, kMeta, T0, 10);
  EXPECT_EQ(s.total.people, 3);
  EXPECT_EQ(s.total.required_total, 3);
  EXPECT_EQ(s.total.required_met, 1);
  EXPECT_DOUBLE_EQ(s.total.gap_score, 1.5);
  EXPECT_EQ(s.groups[0].people, 1);
  EXPECT_DOUBLE_EQ(s.groups[0].gap_score, 0.5);
  EXPECT_EQ(s.groups[1].people, 2);
  EXPECT_EQ(s.groups[1].required_met, 1);
  EXPECT_DOUBLE_EQ(s.groups[1].gap_score, 1.0);
  EXPECT_EQ(s.groups[1].areas[0].required_total, 2);  // competences 0 and 1 share area 0
  EXPECT_EQ(s.groups[1].areas[1].required_total, 0);
  EXPECT_DOUBLE_EQ(s.groups[1].areas[0].gap_score, 1.0);
  ASSERT_EQ(s.top_gaps.size(), 1u);
  EXPECT_EQ(s.top_gaps[0].competence, 0u);
  EXPECT_EQ(s.top_gaps[0].people_with_gap, 2);
  EXPECT_DOUBLE_EQ(s.top_gaps[0].total_weighted_gap, 1.5);
  EXPECT_TRUE(ComputeOrgSummary(members, 2, 2, kMeta, T0, 0).top_gaps.empty());
}

}  // namespace
}  // namespace skillpath::core
