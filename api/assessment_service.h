#pragma once
// AssessmentService adapter: recording, listing and bulk-importing assessed
// levels (an append-only history).
#include "api/call/handler.h"
#include "skillpath/v1/assessment.grpc.pb.h"

namespace skillpath::services {

// ImportAssessments is served raw (rows as bytes, decoded by the reactor),
// so a row that cannot be decoded is refused instead of ending the stream.
class AssessmentServiceImpl final
    : public v1::AssessmentService::WithRawCallbackMethod_ImportAssessments<v1::AssessmentService::CallbackService> {
 public:
  // Rows of ImportAssessments committed per transaction.
  static constexpr size_t kImportBatch = 2000;
  // Rejected rows listed in an ImportSummary; more are counted, not listed.
  static constexpr size_t kMaxListedErrors = 10000;
  // Request metadata naming an import: rows without an id get
  // "import:<key>:<row index>", so a retry of the same rows stores each
  // once. The key follows the id rules, at most kMaxImportKeyLength long.
  static constexpr const char* kImportKeyMetadata = "import-key";
  static constexpr size_t kMaxImportKeyLength = 80;

  explicit AssessmentServiceImpl(ServiceContext services) : services_(std::move(services)) {}

  grpc::ServerUnaryReactor* RecordAssessment(grpc::CallbackServerContext* ctx, const v1::Assessment* req,
                                             v1::Assessment* resp) override;
  grpc::ServerUnaryReactor* ListAssessments(grpc::CallbackServerContext* ctx, const v1::ListAssessmentsRequest* req,
                                            v1::ListAssessmentsResponse* resp) override;
  grpc::ServerReadReactor<grpc::ByteBuffer>* ImportAssessments(grpc::CallbackServerContext* ctx,
                                                               grpc::ByteBuffer* resp) override;

 private:
  ServiceContext services_;
};

}  // namespace skillpath::services
