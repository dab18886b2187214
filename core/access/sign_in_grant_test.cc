#include "core/access/sign_in_grant.h"

#include <gtest/gtest.h>

namespace skillpath::core {
namespace {

Person Kari(std::vector<std::string> manages = {}) {
  Person p;
  p.id = "E1";
  p.manages_unit_ids = std::move(manages);
  return p;
}

TEST(SignInGrant, EmployeeOrManagerByTheDataWithoutAMappedGroup) {
  const GrantMapping mapping = {{Grant::kHr, {"g-hr"}}};
  EXPECT_EQ(SignInGrant(Kari(), {}, mapping), Grant::kEmployee);
  EXPECT_EQ(SignInGrant(Kari(), {"g-other"}, mapping), Grant::kEmployee);
  EXPECT_EQ(SignInGrant(Kari({"it"}), {"g-other"}, mapping), Grant::kManager);
}

TEST(SignInGrant, AMappedClaimValueGivesItsGrantAdminFirst) {
  const GrantMapping mapping = {
      {Grant::kHr, {"g-hr", "g-hr-2"}}, {Grant::kAdmin, {"g-admin"}}, {Grant::kAggregate, {"g-tillitsvalgt"}}};
  EXPECT_EQ(SignInGrant(Kari({"it"}), {"g-hr-2"}, mapping), Grant::kHr) << "HR over the manager's own grant";
  EXPECT_EQ(SignInGrant(Kari(), {"g-tillitsvalgt", "g-hr"}, mapping), Grant::kHr);
  EXPECT_EQ(SignInGrant(Kari(), {"g-tillitsvalgt", "g-hr", "g-admin"}, mapping), Grant::kAdmin);
  EXPECT_EQ(SignInGrant(Kari(), {"g-tillitsvalgt"}, mapping), Grant::kAggregate);
  EXPECT_EQ(SignInGrant(Kari(), {"G-HR"}, mapping), Grant::kEmployee) << "group ids are compared exactly";
}

}  // namespace
}  // namespace skillpath::core
