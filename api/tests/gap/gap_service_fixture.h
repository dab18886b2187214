#pragma once
// The organisation GapService's tests (gap_service_test.cc,
// gap_aggregate_test.cc) compute their expected figures on, and the calls
// they make of it. Not in an unnamed namespace: the tests of both files
// share this one fixture class, as gtest requires of one suite.
#include <google/protobuf/util/time_util.h>
#include <gtest/gtest.h>

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "testing/service_test.h"

namespace skillpath::services::gap_testing {

constexpr int64_t kJan = 1767225600;  // 2026-01-01T00:00:00Z
constexpr int64_t kDay = 86400;

// Organisation: root "k" with units "k.a" (and "k.a.x" below it), "k.b"
// and "k.empty". Framework "fw": competences a.one, a.two (area "a", 0-4)
// and b.big (area "b", own scale 0-8). Roles: "ansatt" requires a.one@2;
// "leder" inherits ansatt, requires a.one@3 (weight 2) and desires a.two@2;
// "big" requires b.big@4. The server's clock stands at day 100 of 2026.
class GapServiceTest : public testing::ServiceTest {
 protected:
  void SetUp() override {
    ASSERT_TRUE(StartServer([] { return (kJan + 100 * kDay) * 1000000; }));
    testing::Organisation org;
    v1::Framework& f = org.frameworks.emplace_back();
    f.set_id("fw");
    f.set_name("FW");
    for (int l = 1; l <= 4; ++l) AddLevel(f.mutable_scale(), l);
    auto* a = f.add_areas();
    a->set_id("a");
    a->set_name("A");
    AddCompetence(a, "a.one");
    AddCompetence(a, "a.two");
    auto* b = f.add_areas();
    b->set_id("b");
    b->set_name("B");
    auto* big = AddCompetence(b, "b.big");
    for (int l = 1; l <= 8; ++l) AddLevel(big->mutable_scale(), l);
    for (auto [id, parent] : std::vector<std::pair<std::string, std::string>>{
             {"k", ""}, {"k.a", "k"}, {"k.a.x", "k.a"}, {"k.b", "k"}, {"k.empty", "k"}}) {
      org.units.push_back(testing::Unit(id, "Unit " + id, parent));
    }
    org.roles = {MakeRole("ansatt", {}, {{"a.one", 2, v1::REQUIRED, 0}}),
                 MakeRole("leder", {"ansatt"}, {{"a.one", 3, v1::REQUIRED, 2}, {"a.two", 2, v1::DESIRED, 0}}),
                 MakeRole("big", {}, {{"b.big", 4, v1::REQUIRED, 0}})};
    ASSERT_TRUE(testing::LoadOrg(org, channel_));
  }

  static void AddLevel(v1::Scale* s, int l) {
    auto* level = s->add_levels();
    level->set_level(l);
    level->set_name("L" + std::to_string(l));
  }
  static v1::Competence* AddCompetence(v1::Area* a, const std::string& id) {
    auto* c = a->add_competences();
    c->set_id(id);
    c->set_name(id);
    return c;
  }
  // A role named by its id.
  static v1::Role MakeRole(const std::string& id, const std::vector<std::string>& inherits,
                           const std::vector<testing::Target>& targets) {
    return testing::Role(id, id, targets, inherits);
  }

  void AddPerson(const std::string& id, const std::string& unit, const std::vector<std::string>& roles,
                 bool active = true) {
    v1::Person p = testing::Person(id, "Person " + id, unit, roles);
    p.set_active(active);
    testing::Call(&v1::OrgService::Stub::UpsertPerson, org_.get(), p);
  }
  // An assessment made on `day` of 2026 (0: January 1st), expiring on
  // `expires_day` if that is not 0.
  void Assess(const std::string& person, const std::string& competence, int level, v1::AssessmentSource source,
              int64_t day, int64_t expires_day = 0) {
    v1::Assessment a = testing::Assessment(person, competence, level, source, kJan + day * kDay);
    if (expires_day) {
      *a.mutable_expires_at() = google::protobuf::util::TimeUtil::SecondsToTimestamp(kJan + expires_day * kDay);
    }
    testing::Call(&v1::AssessmentService::Stub::RecordAssessment, assessments_.get(), a);
  }
  // The person's gap now, or as of `as_of_day` of 2026.
  v1::PersonGap PersonGap(const std::string& id, int64_t as_of_day = -1) {
    v1::GetPersonGapRequest req;
    req.set_person_id(id);
    if (as_of_day >= 0) {
      *req.mutable_as_of() = google::protobuf::util::TimeUtil::SecondsToTimestamp(kJan + as_of_day * kDay);
    }
    return testing::Call(&v1::GapService::Stub::GetPersonGap, gaps_.get(), req);
  }
};

}  // namespace skillpath::services::gap_testing
