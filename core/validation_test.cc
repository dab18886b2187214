#include "core/validation.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <map>

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
  EXPECT_THAT(ValidateRoleShape(r), InvalidWith("targets[0].level: must be at least 1"));
  r.targets = {{"c1", 1, Priority::kRequired, -2}};
  EXPECT_THAT(ValidateRoleShape(r), InvalidWith("targets[0].weight: must not be negative"));
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
  EXPECT_THAT(ValidateAssessmentShape(a), InvalidWith("level: must not be negative"));
  a.level = 1;
  a.expires_at = 1000;
  EXPECT_THAT(ValidateAssessmentShape(a), InvalidWith("expires_at: must be after assessed_at"));
}

TEST(ValidateResource, ChecksOutcomesHoursCostAndSessions) {
  LearningResource r;
  r.id = "r1";
  r.title = "Kurs";
  r.mode = Mode::kClassroom;
  r.hours = 3;
  r.outcomes = {{"c1", 1, 2}};
  r.sessions = {{"s1", 100, 200, 10, "Rådhuset", 0}};
  EXPECT_TRUE(ValidateResourceShape(r).ok());

  LearningResource bad = r;
  bad.outcomes[0].reaches_level = 1;
  EXPECT_THAT(ValidateResourceShape(bad), InvalidWith("outcomes[0].reaches_level: must be above min_level 1"));
  bad = r;
  bad.hours = -1;
  EXPECT_THAT(ValidateResourceShape(bad), InvalidWith("hours: must not be negative"));
  bad = r;
  bad.cost = -0.5;
  EXPECT_THAT(ValidateResourceShape(bad), InvalidWith("cost: must not be negative"));
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
