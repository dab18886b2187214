#include "core/rules/validation.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <limits>
#include <map>

#include "core/plan/planner.h"
#include "core/testing/resources.h"

namespace skillpath::core {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

MATCHER_P(InvalidWith, text, "") {
  return arg.code() == absl::StatusCode::kInvalidArgument && std::string(arg.message()).find(text) != std::string::npos;
}

TEST(CheckId, AcceptsTheAllowedAlphabet) {
  EXPECT_TRUE(CheckId("id", "privacy.gdpr-basics").ok());
  EXPECT_TRUE(CheckId("id", "E1001").ok());
  EXPECT_TRUE(CheckId("id", "a:b_c.d-e").ok());
}

TEST(CheckId, RejectsEmptyLongAndForeignCharacters) {
  EXPECT_THAT(CheckId("person_id", ""), InvalidWith("person_id: must not be empty"));
  EXPECT_THAT(CheckId("id", std::string(129, 'a')), InvalidWith("id: longer than 128"));
  EXPECT_TRUE(CheckId("id", std::string(128, 'a')).ok());
  EXPECT_THAT(CheckId("id", "a b"), InvalidWith("outside [A-Za-z0-9._:-]"));
  EXPECT_THAT(CheckId("id", "a/b"), InvalidWith("outside"));
  EXPECT_THAT(CheckId("id", "ø"), InvalidWith("outside"));
}

TEST(CheckName, RejectsBlankOverlongAndBadUtf8) {
  EXPECT_TRUE(CheckName("name", "Økonomi og personvern").ok());
  EXPECT_THAT(CheckName("name", "   "), InvalidWith("name: must not be empty"));
  EXPECT_THAT(CheckName("name", std::string(201, 'x')), InvalidWith("longer than 200"));
  EXPECT_THAT(CheckName("name", std::string("a\xff")), InvalidWith("not valid UTF-8"));
  EXPECT_THAT(CheckName("name", std::string("\xc3")), InvalidWith("not valid UTF-8"));
}

TEST(CheckNonNegative, RejectsNegativeAndNonFinite) {
  EXPECT_TRUE(CheckNonNegative("hours", 0).ok());
  EXPECT_THAT(CheckNonNegative("hours", -1), InvalidWith("hours: must not be negative"));
  EXPECT_THAT(CheckNonNegative("cost", std::numeric_limits<double>::quiet_NaN()), InvalidWith("cost: must be a finite"));
}

Framework SmallFramework() {
  Framework f;
  f.id = "fw";
  f.name = "Framework";
  f.scale.levels = {{1, "Basic", ""}, {2, "Good", ""}};
  f.areas = {{"a1", "Area", "", {{"c1", "", "Competence 1", "", {}}, {"c2", "", "Competence 2", "", {}}}}};
  return f;
}

TEST(ValidateFramework, AcceptsAWellFormedFramework) { EXPECT_TRUE(ValidateFrameworkShape(SmallFramework()).ok()); }

TEST(ValidateFramework, NamesTheFieldOfEachProblem) {
  Framework f = SmallFramework();
  f.scale.levels.clear();
  EXPECT_THAT(ValidateFrameworkShape(f), InvalidWith("scale.levels: must list at least one level"));

  f = SmallFramework();
  f.scale.levels[1].level = 3;
  EXPECT_THAT(ValidateFrameworkShape(f), InvalidWith("scale.levels[1].level"));

  f = SmallFramework();
  f.areas[0].competences[1].id = "c1";
  EXPECT_THAT(ValidateFrameworkShape(f), InvalidWith("areas[0].competences[1].id: competence 'c1' appears twice"));

  f = SmallFramework();
  f.areas[0].competences[0].name = "";
  EXPECT_THAT(ValidateFrameworkShape(f), InvalidWith("areas[0].competences[0].name: must not be empty"));

  f = SmallFramework();
  f.areas[0].competences[0].area_id = "other";
  EXPECT_THAT(ValidateFrameworkShape(f), InvalidWith("areas[0].competences[0].area_id"));
}

TEST(ValidateRole, RejectsSelfInheritanceDuplicateTargetsAndBadPriority) {
  Role r{"r", "Role", "", {"r"}, {}};
  EXPECT_THAT(ValidateRoleShape(r), InvalidWith("inherits_role_ids[0]: a role cannot inherit itself"));
  r.inherits_role_ids.clear();
  r.targets = {{"c1", 2, Priority::kRequired, 1}, {"c1", 3, Priority::kRequired, 1}};
  EXPECT_THAT(ValidateRoleShape(r), InvalidWith("targets[1].competence_id"));
  r.targets = {{"c1", 2, Priority::kRequired, 1}, {"c1", 3, Priority::kDesired, 1}};
  EXPECT_TRUE(ValidateRoleShape(r).ok()) << "REQUIRED and DESIRED on one competence is allowed";
  r.targets = {{"c1", 2, Priority::kUnspecified, 1}};
  EXPECT_THAT(ValidateRoleShape(r), InvalidWith("targets[0].priority"));
  r.targets = {{"c1", 0, Priority::kRequired, 1}};
  EXPECT_THAT(ValidateRoleShape(r), InvalidWith("targets[0].level: must be 1..20"));
  r.targets = {{"c1", 1, Priority::kRequired, -2}};
  EXPECT_THAT(ValidateRoleShape(r), InvalidWith("targets[0].weight: must be between 0 and 100"));
}

TEST(ValidatePerson, ChecksEmailAndDuplicates) {
  Person p{"E1", "Kari Nordmann", "kari@example.no", "unit", {"r1"}, {}, true};
  EXPECT_TRUE(ValidatePersonShape(p).ok());
  p.email = "kari.example.no";
  EXPECT_THAT(ValidatePersonShape(p), InvalidWith("email: 'kari.example.no' is not an e-mail address"));
  p.email = "";
  p.role_ids = {"r1", "r1"};
  EXPECT_THAT(ValidatePersonShape(p), InvalidWith("role_ids[1]: role 'r1' appears twice"));
  p.role_ids = {};
  p.org_unit_id = "";
  EXPECT_THAT(ValidatePersonShape(p), InvalidWith("org_unit_id: must not be empty"));
}

TEST(ValidateAssessment, ChecksSourceLevelAndExpiry) {
  Assessment a;
  a.id = "a1";
  a.person_id = "E1";
  a.competence_id = "c1";
  a.level = 2;
  a.source = Source::kManager;
  a.assessed_at = 1000;
  EXPECT_TRUE(ValidateAssessmentShape(a).ok());
  a.source = Source::kUnspecified;
  EXPECT_THAT(ValidateAssessmentShape(a), InvalidWith("source: must be SELF"));
  a.source = static_cast<Source>(42);
  EXPECT_THAT(ValidateAssessmentShape(a), InvalidWith("source:"));
  a.source = Source::kSelf;
  a.level = -1;
  EXPECT_THAT(ValidateAssessmentShape(a), InvalidWith("level: must be 0..20"));
  a.level = 1;
  a.expires_at = 1000;
  EXPECT_THAT(ValidateAssessmentShape(a), InvalidWith("expires_at: must be after assessed_at"));
}

TEST(ValidateResource, ChecksOutcomesHoursCostAndSessions) {
  LearningResource r = testing::Resource("r1", "Kurs", Mode::kClassroom, 3, {{"c1", 1, 2}});
  r.sessions = {{"s1", 100, 200, 10, "Rådhuset", 0}};
  EXPECT_TRUE(ValidateResourceShape(r).ok());

  LearningResource bad = r;
  bad.outcomes[0].reaches_level = 1;
  EXPECT_THAT(ValidateResourceShape(bad), InvalidWith("outcomes[0].reaches_level: must be above min_level 1"));
  bad = r;
  bad.hours = -1;
  EXPECT_THAT(ValidateResourceShape(bad), InvalidWith("hours: must be between 0 and 10000"));
  bad = r;
  bad.cost = -0.5;
  EXPECT_THAT(ValidateResourceShape(bad), InvalidWith("cost: must be between 0 and 1e+09"));
  bad = r;
  bad.sessions[0].end = 50;
  EXPECT_THAT(ValidateResourceShape(bad), InvalidWith("sessions[0].end: must be after start"));
  bad = r;
  bad.sessions[0].capacity = 0;
  EXPECT_THAT(ValidateResourceShape(bad), InvalidWith("sessions[0].capacity"));
  bad = r;
  bad.prerequisite_ids = {"r1"};
  EXPECT_THAT(ValidateResourceShape(bad), InvalidWith("prerequisite_ids[0]: a resource cannot be its own"));
  bad = r;
  bad.mode = Mode::kUnspecified;
  EXPECT_THAT(ValidateResourceShape(bad), InvalidWith("mode:"));
  bad = r;
  bad.outcomes.clear();
  EXPECT_THAT(ValidateResourceShape(bad), InvalidWith("outcomes: must list at least one"));
}

// Issue #10 item 4: every field has a range; absurd values are refused by
// field, so nothing stored can overflow a sum or a Timestamp later.

TEST(CheckId, NeedsALetterOrDigit) {
  EXPECT_THAT(CheckId("id", "."), InvalidWith("id: '.' must contain a letter or digit"));
  EXPECT_THAT(CheckId("id", ".."), InvalidWith("must contain a letter or digit"));
  EXPECT_THAT(CheckId("id", "-_:"), InvalidWith("must contain a letter or digit"));
  EXPECT_TRUE(CheckId("id", ".a").ok());
  EXPECT_TRUE(CheckId("id", "7").ok());
  // A bad id is not echoed when it holds control characters.
  EXPECT_THAT(CheckId("id", std::string("a\0b", 3)), InvalidWith("id: the id has a character outside"));
}

TEST(CheckName, RefusesEveryControlCharacter) {
  EXPECT_THAT(CheckName("name", std::string("Kari\0", 5)), InvalidWith("name: has a control character (U+0000) at byte 4"));
  EXPECT_THAT(CheckName("name", "Kari\nNordmann"), InvalidWith("U+000A"));
  EXPECT_THAT(CheckName("name", "Kari\tNordmann"), InvalidWith("U+0009"));
  EXPECT_THAT(CheckName("name", "a\x1b[31m"), InvalidWith("U+001B"));
  EXPECT_THAT(CheckName("name", "a\x7f"), InvalidWith("U+007F"));
  EXPECT_THAT(CheckName("name", "a\xc2\x85"), InvalidWith("U+0085"));  // C1 NEL
  EXPECT_TRUE(CheckName("name", "Åse Ødegård \xc2\xa0Jr").ok()) << "U+00A0 is no control";
  EXPECT_THAT(CheckLine("location", "Rom\r1"), InvalidWith("location: has a control character (U+000D)"));
}

TEST(CheckText, AllowsTabAndLineBreaksOnly) {
  EXPECT_TRUE(CheckText("description", "Linje 1\r\nLinje 2\tmed tab").ok());
  EXPECT_THAT(CheckText("note", std::string("x\0y", 3)), InvalidWith("note: has a control character (U+0000)"));
  EXPECT_THAT(CheckText("note", "\x07"), InvalidWith("U+0007"));
}

TEST(CheckRange, RefusesOutsideAndNonFinite) {
  EXPECT_TRUE(CheckRange("hours", 0, 0, 10).ok());
  EXPECT_TRUE(CheckRange("hours", 10, 0, 10).ok());
  EXPECT_THAT(CheckRange("hours", 1e300, 0, 10000), InvalidWith("hours: must be between 0 and 10000 (got 1e+300)"));
  EXPECT_THAT(CheckRange("hours", -1e-9, 0, 1), InvalidWith("hours: must be between 0 and 1"));
  EXPECT_THAT(CheckRange("hours", std::numeric_limits<double>::infinity(), 0, 1), InvalidWith("finite"));
}

TEST(CheckTime, Between1970And2200) {
  EXPECT_TRUE(CheckTime("t", 0).ok());
  EXPECT_TRUE(CheckTime("t", kMaxTime).ok());
  EXPECT_THAT(CheckTime("assessed_at", -1), InvalidWith("assessed_at: must lie between 1970-01-01 and 2200-01-01"));
  EXPECT_THAT(CheckTime("t", kMaxTime + 1), InvalidWith("t: must lie between"));
  // Year 1 (as a Timestamp converts) and year 9999.
  EXPECT_THAT(CheckTime("t", -62135596800LL * 1000000), InvalidWith("t:"));
  EXPECT_THAT(CheckTime("t", 253402300799LL * 1000000), InvalidWith("t:"));
}

TEST(CheckEmail, WantsARealAddrSpec) {
  for (const char* good : {"kari@example.no", "kari.nordmann+hr@post.kommune.no", "o'brien@x-y.example.com",
                           "ola@bærum.kommune.no"}) {
    EXPECT_TRUE(CheckEmail("email", good).ok()) << good;
  }
  EXPECT_TRUE(CheckEmail("email", "").ok());
  EXPECT_THAT(CheckEmail("email", "a@b"), InvalidWith("email: 'a@b' is not an e-mail address: the domain needs a dot"));
  EXPECT_THAT(CheckEmail("email", "<script>@x.no"), InvalidWith("'<' is not allowed before '@'"));
  EXPECT_THAT(CheckEmail("email", "a@x.no<script>"), InvalidWith("'<' is not allowed in the domain"));
  EXPECT_THAT(CheckEmail("email", "\"a\"@x.no"), InvalidWith("is not allowed before '@'"));
  EXPECT_THAT(CheckEmail("email", "a b@x.no"), InvalidWith("' ' is not allowed"));
  EXPECT_THAT(CheckEmail("email", "a@@x.no"), InvalidWith("'@' is not allowed before '@'"));
  EXPECT_THAT(CheckEmail("email", "kari.example.no"), InvalidWith("no '@'"));
  EXPECT_THAT(CheckEmail("email", "@x.no"), InvalidWith("1..64"));
  EXPECT_THAT(CheckEmail("email", ".a@x.no"), InvalidWith("misplaced '.'"));
  EXPECT_THAT(CheckEmail("email", "a@x..no"), InvalidWith("1..63"));
  EXPECT_THAT(CheckEmail("email", "a@-x.no"), InvalidWith("starts or ends with '-'"));
  EXPECT_THAT(CheckEmail("email", "a@10.0.0.1"), InvalidWith("end in a name"));
  EXPECT_THAT(CheckEmail("email", "a@x.no\n"), InvalidWith("control character"));
  EXPECT_THAT(CheckEmail("email", std::string(250, 'a') + "@x.no"), InvalidWith("longer than 254"));
}

TEST(CheckUrl, HttpAndHttpsOnly) {
  for (const char* good : {"https://laering.eksempel.kommune.no/katalog/kurs?id=1#a", "http://localhost:8080/x",
                           "HTTPS://EXAMPLE.NO", "https://example.no/%C3%B8", "https://bærum.kommune.no/ø"}) {
    EXPECT_TRUE(CheckUrl("url", good).ok()) << good;
  }
  EXPECT_TRUE(CheckUrl("url", "").ok());
  EXPECT_THAT(CheckUrl("url", "javascript:alert(1)"), InvalidWith("url: 'javascript:alert(1)' must be an http:// or https:// URL"));
  EXPECT_THAT(CheckUrl("url", "JavaScript://example.no/%0Aalert(1)"), InvalidWith("must be an http://"));
  EXPECT_THAT(CheckUrl("url", "data:text/html,x"), InvalidWith("must be an http://"));
  EXPECT_THAT(CheckUrl("url", "ftp://example.no/"), InvalidWith("must be an http://"));
  EXPECT_THAT(CheckUrl("url", "https:///path"), InvalidWith("has no host"));
  EXPECT_THAT(CheckUrl("url", "https://"), InvalidWith("has no host"));
  EXPECT_THAT(CheckUrl("url", "https://x.no/a b"), InvalidWith("' ' is not allowed in a URL"));
  EXPECT_THAT(CheckUrl("url", "https://x.no/\"><script>"), InvalidWith("is not allowed in a URL"));
  EXPECT_THAT(CheckUrl("url", " https://x.no"), InvalidWith("is not allowed in a URL"));
  EXPECT_THAT(CheckUrl("source_uri", "https://x.no/\x01"), InvalidWith("source_uri: has a control character"));
  // The server's own plan evidence, where allowed.
  EXPECT_THAT(CheckUrl("url", "skillpath:plan/p1/step/2"), InvalidWith("must be an http://"));
  EXPECT_TRUE(CheckUrl("evidence_uri", "skillpath:plan/p1/step/2", true).ok());
  EXPECT_THAT(CheckUrl("evidence_uri", "skillpath:", true), InvalidWith("must name what it refers to"));
  EXPECT_THAT(CheckUrl("evidence_uri", "javascript:x", true), InvalidWith("(or a skillpath: reference)"));
}

TEST(ValidateShapes, BoundEveryNumberAndTextField) {
  Role role{"r", "Role", "", {}, {{"c1", 2, Priority::kRequired, 100}}};
  EXPECT_TRUE(ValidateRoleShape(role).ok());
  role.targets[0].weight = 1e308;
  EXPECT_THAT(ValidateRoleShape(role), InvalidWith("targets[0].weight: must be between 0 and 100"));
  role.targets[0] = {"c1", 21, Priority::kRequired, 1};
  EXPECT_THAT(ValidateRoleShape(role), InvalidWith("targets[0].level: must be 1..20"));

  OrgUnit unit{".", "", "X"};
  EXPECT_THAT(ValidateOrgUnitShape(unit), InvalidWith("id: '.' must contain a letter or digit"));
  unit = {"u", "..", "X"};
  EXPECT_THAT(ValidateOrgUnitShape(unit), InvalidWith("parent_id: '..' must contain"));
  unit = {"u", "", std::string("X\0", 2)};
  EXPECT_THAT(ValidateOrgUnitShape(unit), InvalidWith("name: has a control character"));

  Person p{"E1", "Kari", "a@b", "unit", {}, {}, true};
  EXPECT_THAT(ValidatePersonShape(p), InvalidWith("email: 'a@b' is not an e-mail address"));

  Framework f = SmallFramework();
  f.source_uri = "javascript:alert(1)";
  EXPECT_THAT(ValidateFrameworkShape(f), InvalidWith("source_uri: 'javascript:alert(1)' must be an http"));
  f = SmallFramework();
  f.version = "1\n2";
  EXPECT_THAT(ValidateFrameworkShape(f), InvalidWith("version: has a control character"));

  Assessment a;
  a.id = "a1";
  a.person_id = "E1";
  a.competence_id = "c1";
  a.level = 2;
  a.source = Source::kManager;
  a.assessed_at = 1000;
  a.evidence_uri = "javascript:alert(1)";
  EXPECT_THAT(ValidateAssessmentShape(a), InvalidWith("evidence_uri: 'javascript:alert(1)' must be an http"));
  a.evidence_uri = "skillpath:plan/p1/step/1";
  EXPECT_TRUE(ValidateAssessmentShape(a).ok());
  a.assessed_at = -62135596800LL * 1000000;  // year 1
  EXPECT_THAT(ValidateAssessmentShape(a), InvalidWith("assessed_at: must lie between 1970-01-01 and 2200-01-01"));
  a.assessed_at = 1000;
  a.expires_at = 253402300799LL * 1000000;  // year 9999
  EXPECT_THAT(ValidateAssessmentShape(a), InvalidWith("expires_at: must lie between"));
  a.expires_at.reset();
  a.level = 21;
  EXPECT_THAT(ValidateAssessmentShape(a), InvalidWith("level: must be 0..20"));

  LearningResource r = testing::Resource("r1", "Kurs", Mode::kClassroom, 10000, {{"c1", 0, 2}});
  r.cost = 1e9;
  r.language = "nb";
  r.sessions = {{"s1", 100, 200, 10000, "Rådhuset", 1e9}};
  EXPECT_TRUE(ValidateResourceShape(r).ok());
  LearningResource bad = r;
  bad.hours = 1e300;
  EXPECT_THAT(ValidateResourceShape(bad), InvalidWith("hours: must be between 0 and 10000 (got 1e+300)"));
  bad = r;
  bad.cost = 1e10;
  EXPECT_THAT(ValidateResourceShape(bad), InvalidWith("cost: must be between 0 and 1e+09"));
  bad = r;
  bad.url = "javascript:alert(1)";
  EXPECT_THAT(ValidateResourceShape(bad), InvalidWith("url: 'javascript:alert(1)' must be an http"));
  bad = r;
  bad.language = "nb<";
  EXPECT_THAT(ValidateResourceShape(bad), InvalidWith("language: must be a language tag"));
  bad = r;
  bad.sessions[0].capacity = 10001;
  EXPECT_THAT(ValidateResourceShape(bad), InvalidWith("sessions[0].capacity: must be 1..10000"));
  bad = r;
  bad.sessions[0].fixed_cost = 2e9;
  EXPECT_THAT(ValidateResourceShape(bad), InvalidWith("sessions[0].fixed_cost: must be between 0 and 1e+09"));
  bad = r;
  bad.sessions[0].end = 253402300799LL * 1000000;
  EXPECT_THAT(ValidateResourceShape(bad), InvalidWith("sessions[0].end: must lie between"));
  bad = r;
  bad.sessions[0].start = -5;
  EXPECT_THAT(ValidateResourceShape(bad), InvalidWith("sessions[0].start: must lie between"));
  bad = r;
  bad.sessions[0].location = std::string("R\0", 2);
  EXPECT_THAT(ValidateResourceShape(bad), InvalidWith("sessions[0].location: has a control character"));
  bad = r;
  bad.outcomes[0] = {"c1", 20, 21};
  EXPECT_THAT(ValidateResourceShape(bad), InvalidWith("outcomes[0].min_level: must be 0..19"));
}

TEST(ValidatePlanOptions, BoundsHoursMoneyAndStart) {
  constexpr Time kNow = 1767225600LL * 1000000;  // 2026-01-01
  constexpr Time kDay = 86400LL * 1000000;
  PlanOptions o;
  o.weekly_hours = 2;
  o.start = kNow;
  EXPECT_TRUE(ValidatePlanOptions(o, kNow).ok());
  o.weekly_hours = 1e-9;
  EXPECT_THAT(ValidatePlanOptions(o, kNow), InvalidWith("options.weekly_hours: must be between 0.5 and 60"));
  o.weekly_hours = 61;
  EXPECT_THAT(ValidatePlanOptions(o, kNow), InvalidWith("options.weekly_hours"));
  o.weekly_hours = 0.5;
  EXPECT_TRUE(ValidatePlanOptions(o, kNow).ok());
  o.start = kNow + 3650 * kDay;
  EXPECT_TRUE(ValidatePlanOptions(o, kNow).ok());
  o.start = kNow + 3660 * kDay;
  EXPECT_THAT(ValidatePlanOptions(o, kNow), InvalidWith("options.start: must lie between a year before and ten years"));
  o.start = 253402300799LL * 1000000;  // year 9999
  EXPECT_THAT(ValidatePlanOptions(o, kNow), InvalidWith("options.start"));
  o.start = kNow - 367 * kDay;
  EXPECT_THAT(ValidatePlanOptions(o, kNow), InvalidWith("options.start"));
  o.start = kNow - 300 * kDay;
  EXPECT_TRUE(ValidatePlanOptions(o, kNow).ok());
  o.max_cost = 1e308;
  EXPECT_THAT(ValidatePlanOptions(o, kNow), InvalidWith("options.max_cost: must be between 0 and 1e+09"));
  o.max_cost = 0;
  o.max_hours = 1e5;
  EXPECT_THAT(ValidatePlanOptions(o, kNow), InvalidWith("options.max_hours: must be between 0 and 10000"));
  o.max_hours = 0;
  o.language = "nb\n";
  EXPECT_THAT(ValidatePlanOptions(o, kNow), InvalidWith("options.language"));
}

TEST(FindCycle, FindsAPathBackToTheStart) {
  // a -> b -> c, and the proposed change makes c -> a.
  std::map<std::string, std::vector<std::string>> links = {{"a", {"b"}}, {"b", {"c"}}, {"c", {}}};
  auto next = [&](const std::string& id) -> absl::StatusOr<std::vector<std::string>> { return links[id]; };
  auto cycle = FindCycle("c", {"a"}, next);
  ASSERT_TRUE(cycle.ok());
  EXPECT_THAT(*cycle, ElementsAre("c", "a", "b", "c"));
}

TEST(FindCycle, NoCycleInADiamond) {
  std::map<std::string, std::vector<std::string>> links = {{"b", {"d"}}, {"c", {"d"}}, {"d", {}}};
  auto next = [&](const std::string& id) -> absl::StatusOr<std::vector<std::string>> { return links[id]; };
  auto cycle = FindCycle("a", {"b", "c"}, next);
  ASSERT_TRUE(cycle.ok());
  EXPECT_TRUE(cycle->empty());
}

TEST(FindCycle, PropagatesLookupErrors) {
  auto next = [](const std::string&) -> absl::StatusOr<std::vector<std::string>> {
    return absl::UnavailableError("disk");
  };
  EXPECT_EQ(FindCycle("a", {"b"}, next).status().code(), absl::StatusCode::kUnavailable);
}

}  // namespace
}  // namespace skillpath::core
