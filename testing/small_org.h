#pragma once
// One small organisation as data, for the tests that need a framework, a
// unit, a role and a person before they can say anything. SmallOrg() is the
// one most of them share: Kari Nordmann (E1), an "ansatt" in unit "it", on
// the privacy framework below. A test that needs more or different changes
// or adds to the returned data, then LoadOrg() writes it through the API.
// The builders make its entities, so a test spells out only what it is
// about. Needs only the generated stubs: service tests and the end-to-end
// tests of the real binary both use it.
#include <google/protobuf/util/time_util.h>
#include <grpcpp/grpcpp.h>
#include <gtest/gtest.h>

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "skillpath/v1/assessment.grpc.pb.h"
#include "skillpath/v1/catalog.grpc.pb.h"
#include "skillpath/v1/framework.grpc.pb.h"
#include "skillpath/v1/org.grpc.pb.h"

namespace skillpath::services::testing {

// 2026-01-01T00:00:00Z, the day the tests' assessments are made on.
constexpr int64_t kJan2026 = 1767225600;

// Framework "fw" ("Digital omstilling") on a scale of `levels` levels with
// one area "pv" (Personvern) holding the competence "pv.gdpr" (GDPR).
inline v1::Framework PrivacyFramework(int levels) {
  v1::Framework f;
  f.set_id("fw");
  f.set_name("Digital omstilling");
  for (int l = 1; l <= levels; ++l) {
    auto* level = f.mutable_scale()->add_levels();
    level->set_level(l);
    level->set_name("Nivå " + std::to_string(l));
  }
  auto* area = f.add_areas();
  area->set_id("pv");
  area->set_name("Personvern");
  auto* c = area->add_competences();
  c->set_id("pv.gdpr");
  c->set_name("GDPR");
  return f;
}

inline v1::OrgUnit Unit(const std::string& id, const std::string& name, const std::string& parent = "") {
  v1::OrgUnit u;
  u.set_id(id);
  u.set_parent_id(parent);
  u.set_name(name);
  return u;
}

// One target of a role.
struct Target {
  std::string competence;
  int level = 0;
  v1::Priority priority = v1::REQUIRED;
  double weight = 0;  // 0 counts as 1
};

inline v1::Role Role(const std::string& id, const std::string& name, const std::vector<Target>& targets,
                     const std::vector<std::string>& inherits = {}) {
  v1::Role r;
  r.set_id(id);
  r.set_name(name);
  for (const auto& i : inherits) r.add_inherits_role_ids(i);
  for (const auto& t : targets) {
    auto* m = r.add_targets();
    m->set_competence_id(t.competence);
    m->set_level(t.level);
    m->set_priority(t.priority);
    m->set_weight(t.weight);
  }
  return r;
}

inline v1::Person Person(const std::string& id, const std::string& name, const std::string& unit,
                         const std::vector<std::string>& roles = {}) {
  v1::Person p;
  p.set_id(id);
  p.set_name(name);
  p.set_org_unit_id(unit);
  for (const auto& r : roles) p.add_role_ids(r);
  return p;
}

// An assessment made `seconds` after the Unix epoch (no id: the server
// gives one).
inline v1::Assessment Assessment(const std::string& person, const std::string& competence, int level,
                                 v1::AssessmentSource source = v1::MANAGER, int64_t seconds = kJan2026) {
  v1::Assessment a;
  a.set_person_id(person);
  a.set_competence_id(competence);
  a.set_level(level);
  a.set_source(source);
  *a.mutable_assessed_at() = google::protobuf::util::TimeUtil::SecondsToTimestamp(seconds);
  return a;
}

// An e-learning resource on pv.gdpr from `min_level` to `reaches_level`.
inline v1::LearningResource Resource(const std::string& id, const std::string& title, double hours,
                                     int reaches_level, int min_level = 0) {
  v1::LearningResource r;
  r.set_id(id);
  r.set_title(title);
  r.set_mode(v1::ELEARNING);
  r.set_hours(hours);
  auto* o = r.add_outcomes();
  o->set_competence_id("pv.gdpr");
  o->set_min_level(min_level);
  o->set_reaches_level(reaches_level);
  return r;
}

// What LoadOrg writes, in this order (parents before children, inherited
// roles before the roles that inherit them).
struct Organisation {
  std::vector<v1::Framework> frameworks;
  std::vector<v1::OrgUnit> units;
  std::vector<v1::Role> roles;
  std::vector<v1::Person> people;
  std::vector<v1::LearningResource> resources;
  std::vector<v1::Assessment> assessments;
};

// The small organisation: PrivacyFramework(levels); unit "it" (IT); role
// "ansatt" (Ansatt) requiring pv.gdpr at level 2; Kari Nordmann (E1) in it
// as ansatt. No resources, no assessments.
inline Organisation SmallOrg(int levels = 4) {
  Organisation org;
  org.frameworks = {PrivacyFramework(levels)};
  org.units = {Unit("it", "IT")};
  org.roles = {Role("ansatt", "Ansatt", {{"pv.gdpr", 2}})};
  org.people = {Person("E1", "Kari Nordmann", "it", {"ansatt"})};
  return org;
}

namespace internal {
template <typename Stub, typename Req, typename Resp>
::testing::AssertionResult Write(grpc::Status (Stub::*method)(grpc::ClientContext*, const Req&, Resp*), Stub& stub,
                                 const Req& req, const std::string& what) {
  grpc::ClientContext ctx;
  Resp out;
  const grpc::Status s = (stub.*method)(&ctx, req, &out);
  if (s.ok()) return ::testing::AssertionSuccess();
  return ::testing::AssertionFailure() << what << ": " << s.error_code() << " " << s.error_message();
}
}  // namespace internal

// Writes `org` through `channel` (which must be allowed every write); the
// first refused write fails it, naming the entity.
inline ::testing::AssertionResult LoadOrg(const Organisation& org, const std::shared_ptr<grpc::Channel>& channel) {
  auto frameworks = v1::FrameworkService::NewStub(channel);
  auto people = v1::OrgService::NewStub(channel);
  auto catalog = v1::CatalogService::NewStub(channel);
  auto assessments = v1::AssessmentService::NewStub(channel);
  using internal::Write;
  for (const auto& f : org.frameworks) {
    if (auto r = Write(&v1::FrameworkService::Stub::UpsertFramework, *frameworks, f, "framework " + f.id()); !r) return r;
  }
  for (const auto& u : org.units) {
    if (auto r = Write(&v1::OrgService::Stub::UpsertOrgUnit, *people, u, "unit " + u.id()); !r) return r;
  }
  for (const auto& role : org.roles) {
    if (auto r = Write(&v1::OrgService::Stub::UpsertRole, *people, role, "role " + role.id()); !r) return r;
  }
  for (const auto& p : org.people) {
    if (auto r = Write(&v1::OrgService::Stub::UpsertPerson, *people, p, "person " + p.id()); !r) return r;
  }
  for (const auto& res : org.resources) {
    if (auto r = Write(&v1::CatalogService::Stub::UpsertResource, *catalog, res, "resource " + res.id()); !r) return r;
  }
  for (const auto& a : org.assessments) {
    if (auto r = Write(&v1::AssessmentService::Stub::RecordAssessment, *assessments, a,
                       "assessment of " + a.person_id() + " on " + a.competence_id());
        !r)
      return r;
  }
  return ::testing::AssertionSuccess();
}

}  // namespace skillpath::services::testing
