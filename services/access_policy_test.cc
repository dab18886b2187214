// Every method of every skillpath.v1 service, found through the descriptor
// pool (so a new method cannot be missed), has an access rule, and every
// rule names a method that exists.
#include <google/protobuf/descriptor.h>
#include <gtest/gtest.h>

#include "core/access.h"
#include "skillpath/v1/assessment.grpc.pb.h"
#include "skillpath/v1/catalog.grpc.pb.h"
#include "skillpath/v1/framework.grpc.pb.h"
#include "skillpath/v1/gap.grpc.pb.h"
#include "skillpath/v1/org.grpc.pb.h"
#include "skillpath/v1/plan.grpc.pb.h"

namespace skillpath::services {
namespace {

std::set<std::string> AllMethods() {
  std::set<std::string> out;
  const auto* pool = google::protobuf::DescriptorPool::generated_pool();
  for (const char* file : {"skillpath/v1/framework.proto", "skillpath/v1/org.proto", "skillpath/v1/assessment.proto",
                           "skillpath/v1/catalog.proto", "skillpath/v1/gap.proto", "skillpath/v1/plan.proto"}) {
    const auto* fd = pool->FindFileByName(file);
    EXPECT_NE(fd, nullptr) << file;
    if (!fd) continue;
    for (int s = 0; s < fd->service_count(); ++s) {
      const auto* service = fd->service(s);
      for (int m = 0; m < service->method_count(); ++m) {
        out.insert(service->full_name() + "/" + service->method(m)->name());
      }
    }
  }
  return out;
}

TEST(AccessPolicy, EveryMethodHasARuleAndEveryRuleAMethod) {
  const std::set<std::string> methods = AllMethods();
  EXPECT_GT(methods.size(), 30u);
  for (const std::string& m : methods) EXPECT_TRUE(core::Policy().count(m)) << m << " has no access rule";
  for (const auto& [m, rule] : core::Policy()) {
    EXPECT_TRUE(methods.count(m)) << "rule for a method that does not exist: " << m;
    EXPECT_FALSE(rule.grants.empty()) << m;
  }
}

}  // namespace
}  // namespace skillpath::services
