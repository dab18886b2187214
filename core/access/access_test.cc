#include "core/access/access.h"

#include <gtest/gtest.h>

namespace skillpath::core {
namespace {

// kommune -> helse -> hjemme; kommune -> it
UnitTable Units() {
  IndexBuilder b(std::make_shared<const IndexSnapshot>());
  b.SetUnits({{"kommune", "", "Kommune"}, {"helse", "kommune", "Helse"}, {"hjemme", "helse", "Hjemme"},
              {"it", "kommune", "IT"}});
  return *b.Build()->units;
}

const std::string kGap = "skillpath.v1.GapService/GetPersonGap";
const std::string kTeam = "skillpath.v1.GapService/GetTeamGap";

TEST(Access, UnknownMethodsAreRefusedAndPublicOnesAllowed) {
  const UnitTable units = Units();
  Caller admin{Grant::kAdmin, "", {}};
  absl::Status s = Decide("skillpath.v1.NewService/Shiny", admin, {}, units);
  EXPECT_EQ(s.code(), absl::StatusCode::kPermissionDenied);
  EXPECT_NE(std::string(s.message()).find("no access rule"), std::string::npos);
  EXPECT_TRUE(Decide("grpc.health.v1.Health/Check", Caller{}, {}, units).ok());
}

TEST(Access, EmployeesSeeOnlyThemselves) {
  const UnitTable units = Units();
  Caller kari{Grant::kEmployee, "kari", {}};
  EXPECT_TRUE(Decide(kGap, kari, {"kari", "hjemme"}, units).ok());
  EXPECT_EQ(Decide(kGap, kari, {"ola", "hjemme"}, units).code(), absl::StatusCode::kPermissionDenied);
  EXPECT_EQ(Decide(kTeam, kari, {"", "hjemme"}, units).code(), absl::StatusCode::kPermissionDenied);
  EXPECT_EQ(Decide("skillpath.v1.OrgService/UpsertPerson", kari, {}, units).code(), absl::StatusCode::kPermissionDenied);
}

TEST(Access, ManagersSeeTheirSubtreeAndNothingTellsWhatIsOutside) {
  const UnitTable units = Units();
  Caller leder{Grant::kManager, "leder", {"helse"}};
  EXPECT_TRUE(Decide(kGap, leder, {"ola", "hjemme"}, units).ok()) << "a unit below the managed one";
  EXPECT_TRUE(Decide(kTeam, leder, {"", "helse"}, units).ok());
  const absl::Status outside = Decide(kGap, leder, {"per", "it"}, units);
  const absl::Status ghost = Decide(kGap, leder, {"ghost", "no-such-unit"}, units);
  EXPECT_EQ(outside.code(), absl::StatusCode::kPermissionDenied);
  EXPECT_EQ(outside, ghost) << "an unknown person looks exactly like one outside the subtree";
  EXPECT_EQ(Decide(kTeam, leder, {"", "kommune"}, units).code(), absl::StatusCode::kPermissionDenied)
      << "not the unit above";
}

TEST(Access, HrAdminAndAggregateHaveTheirOwnReach) {
  const UnitTable units = Units();
  Caller hr{Grant::kHr, "", {}}, admin{Grant::kAdmin, "", {}}, union_rep{Grant::kAggregate, "", {}};
  EXPECT_TRUE(Decide(kGap, hr, {"ola", "it"}, units).ok());
  EXPECT_TRUE(Decide("skillpath.v1.PlanService/GetTrainingDemand", hr, {}, units).ok());
  EXPECT_EQ(Decide("skillpath.v1.PlanService/GetTrainingDemand", admin, {}, units).code(),
            absl::StatusCode::kPermissionDenied);
  EXPECT_TRUE(Decide("skillpath.v1.OrgService/UpsertRole", admin, {}, units).ok());
  EXPECT_TRUE(Decide("skillpath.v1.OrgService/UpsertRole", hr, {}, units).ok()) << "HR keeps the role targets";
  EXPECT_EQ(Decide("skillpath.v1.OrgService/UpsertPerson", hr, {}, units).code(), absl::StatusCode::kPermissionDenied);
  EXPECT_TRUE(Decide(kTeam, union_rep, {"", "it"}, units).ok());
  EXPECT_TRUE(Decide("skillpath.v1.GapService/GetOrgSummary", union_rep, {}, units).ok());
  EXPECT_EQ(Decide(kGap, union_rep, {"ola", "it"}, units).code(), absl::StatusCode::kPermissionDenied)
      << "no single person's data";
}


TEST(Access, EveryPersonsTokenMayDoWhatAnEmployeeMayForItsOwnPerson) {
  const UnitTable units = Units();
  Caller admin{Grant::kAdmin, "tor", {}}, union_rep{Grant::kAggregate, "geir", {}}, service{Grant::kAdmin, "", {}};
  const char* plans = "skillpath.v1.PlanService/ListPlans";
  EXPECT_TRUE(Decide(plans, admin, {"tor", "it"}, units).ok()) << "an administrator's own plans";
  EXPECT_TRUE(Decide(kGap, union_rep, {"geir", "it"}, units).ok()) << "a union representative's own gap";
  EXPECT_EQ(Decide(plans, admin, {"kari", "it"}, units).code(), absl::StatusCode::kPermissionDenied)
      << "nobody else's";
  EXPECT_EQ(Decide(plans, service, {"", "it"}, units).code(), absl::StatusCode::kPermissionDenied)
      << "a service token has no own person";
  // Held to the EMPLOYEE limits: no approving one's own plan.
  Subject approve{"tor", "it", "APPROVED"};
  EXPECT_EQ(Decide("skillpath.v1.PlanService/SetPlanStatus", admin, approve, units).code(),
            absl::StatusCode::kPermissionDenied);
}

}  // namespace
}  // namespace skillpath::core
