#include "api/services.h"

#include "skillpath/v1/assessment.grpc.pb.h"
#include "skillpath/v1/auth.grpc.pb.h"
#include "skillpath/v1/catalog.grpc.pb.h"
#include "skillpath/v1/framework.grpc.pb.h"
#include "skillpath/v1/gap.grpc.pb.h"
#include "skillpath/v1/org.grpc.pb.h"
#include "skillpath/v1/plan.grpc.pb.h"
#include "skillpath/v1/report.grpc.pb.h"

namespace skillpath::services {

std::vector<std::unique_ptr<grpc::Service>> NewServices(const ServiceContext& services, int min_group_size) {
  std::vector<std::unique_ptr<grpc::Service>> all;
  all.push_back(NewAuthService(services));
  all.push_back(NewPrivacyService(services));
  all.push_back(NewFrameworkService(services));
  all.push_back(NewOrgService(services));
  all.push_back(NewAssessmentService(services));
  all.push_back(NewCatalogService(services));
  all.push_back(NewGapService(services, min_group_size));
  all.push_back(NewPlanService(services));
  all.push_back(NewReportService(services));
  return all;
}

std::vector<std::string> ServiceNames() {
  return {
      v1::AuthService::service_full_name(),       v1::PrivacyService::service_full_name(),
      v1::FrameworkService::service_full_name(),  v1::OrgService::service_full_name(),
      v1::AssessmentService::service_full_name(), v1::CatalogService::service_full_name(),
      v1::GapService::service_full_name(),        v1::PlanService::service_full_name(),
      v1::ReportService::service_full_name(),
  };
}

}  // namespace skillpath::services
