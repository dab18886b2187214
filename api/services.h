#pragma once
// The gRPC services the server registers (server/server.cc), one adapter
// each. An adapter validates the request, has the call authorised and
// audited (api/call/), calls core/ and maps the result to protobuf
// (api/convert/); its class lives in its own file, api/<name>_service.cc,
// since nothing else needs its type.

#include <grpcpp/grpcpp.h>

#include <cstddef>
#include <memory>
#include <string>
#include <vector>

#include "api/call/handler.h"

namespace skillpath::services {

std::unique_ptr<grpc::Service> NewAuthService(ServiceContext services);
std::unique_ptr<grpc::Service> NewPrivacyService(ServiceContext services);
std::unique_ptr<grpc::Service> NewFrameworkService(ServiceContext services);
std::unique_ptr<grpc::Service> NewOrgService(ServiceContext services);
std::unique_ptr<grpc::Service> NewAssessmentService(ServiceContext services);
std::unique_ptr<grpc::Service> NewCatalogService(ServiceContext services);
// `min_group_size`: the threshold of core/disclosure/disclosure.h for
// tokens that see figures only.
std::unique_ptr<grpc::Service> NewGapService(ServiceContext services, int min_group_size);
std::unique_ptr<grpc::Service> NewPlanService(ServiceContext services);
// Reports as CSV and XLSX files, made from the GapService and PlanService
// answers on `services.in_process`.
std::unique_ptr<grpc::Service> NewReportService(ServiceContext services);

// All nine, in the order the server registers them (api/services.cc).
std::vector<std::unique_ptr<grpc::Service>> NewServices(const ServiceContext& services, int min_group_size);
// Their full names (skillpath.v1.AuthService, ...), as health checking and
// reflection name them.
std::vector<std::string> ServiceNames();

// AssessmentService.ImportAssessments, which is served raw (rows as bytes,
// decoded by its reactor) so that a row that cannot be decoded is refused
// instead of ending the stream.
struct AssessmentImport {
  // Rows committed per transaction: kBatch in the first batch of a stream,
  // twice as many in each next one, at most kMaxBatch. (A batch closes at
  // the message that fills it, so one of many-row messages may hold a
  // message's rows more.)
  static constexpr size_t kBatch = 2000;
  static constexpr size_t kMaxBatch = 32000;
  // Rejected rows listed in an ImportSummary; more are counted, not listed.
  static constexpr size_t kMaxListedErrors = 10000;
  // Request metadata naming an import: rows without an id get
  // "import:<key>:<row index>", so a retry of the same rows stores each
  // once. The key follows the id rules, at most kMaxKeyLength long.
  static constexpr const char* kKeyMetadata = "import-key";
  static constexpr size_t kMaxKeyLength = 80;
};

}  // namespace skillpath::services
