#pragma once
// The CLI's connection to skillpathd: global options, one channel with
// stubs made on first use, and how a failed call ends the command.
#include <grpcpp/grpcpp.h>

#include <memory>
#include <string>

#include "skillpath/v1/assessment.grpc.pb.h"
#include "skillpath/v1/auth.grpc.pb.h"
#include "skillpath/v1/catalog.grpc.pb.h"
#include "skillpath/v1/framework.grpc.pb.h"
#include "skillpath/v1/gap.grpc.pb.h"
#include "skillpath/v1/org.grpc.pb.h"
#include "skillpath/v1/plan.grpc.pb.h"

namespace skillpath::cli {

namespace v1 = skillpath::v1;

struct Options {
  std::string server = "127.0.0.1:50051";
  std::string token;
  std::string tls_ca, tls_cert, tls_key;  // TLS: server CA, and a client certificate if asked
  bool json = false;
  int timeout_s = 30;
};

// Thrown inside the CLI only, caught in main: ends the command with a message.
struct Failure {
  std::string message;
  int exit_code = 1;
};

const char* CodeName(grpc::StatusCode c);

// The file's bytes; a Failure naming `flag` when it cannot be read.
std::string ReadPemFile(const std::string& path, const std::string& flag);

class Client {
 public:
  explicit Client(const Options& o) : options_(o) {}

  std::unique_ptr<grpc::ClientContext> Context() const {
    auto ctx = std::make_unique<grpc::ClientContext>();
    ctx->set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(options_.timeout_s));
    if (!options_.token.empty()) ctx->AddMetadata("authorization", "Bearer " + options_.token);
    return ctx;
  }
  std::shared_ptr<grpc::Channel> channel();
  v1::FrameworkService::Stub& frameworks() { return Stub(frameworks_); }
  v1::OrgService::Stub& org() { return Stub(org_); }
  v1::AssessmentService::Stub& assessments() { return Stub(assessments_); }
  v1::CatalogService::Stub& catalog() { return Stub(catalog_); }
  v1::GapService::Stub& gaps() { return Stub(gaps_); }
  v1::PlanService::Stub& plans() { return Stub(plans_); }
  v1::AuthService::Stub& auth() { return Stub(auth_); }
  v1::PrivacyService::Stub& privacy() { return Stub(privacy_); }
  const Options& options() const { return options_; }

 private:
  template <typename S>
  typename S::element_type& Stub(S& slot) {
    if (!slot) slot = std::make_unique<typename S::element_type>(channel());
    return *slot;
  }
  Options options_;
  std::shared_ptr<grpc::Channel> channel_;
  std::unique_ptr<v1::FrameworkService::Stub> frameworks_;
  std::unique_ptr<v1::OrgService::Stub> org_;
  std::unique_ptr<v1::AssessmentService::Stub> assessments_;
  std::unique_ptr<v1::CatalogService::Stub> catalog_;
  std::unique_ptr<v1::GapService::Stub> gaps_;
  std::unique_ptr<v1::PlanService::Stub> plans_;
  std::unique_ptr<v1::AuthService::Stub> auth_;
  std::unique_ptr<v1::PrivacyService::Stub> privacy_;
};

// Ends the command with the call's status (and a hint when the server is not there).
void Check(const grpc::Status& s, const std::string& what);

}  // namespace skillpath::cli
