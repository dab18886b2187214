#pragma once
// The CLI's connection to skillpathd: global options, one channel with
// stubs made on first use, and how a failed call ends the command.
#include <grpcpp/grpcpp.h>

#include <memory>
#include <string>
#include <tuple>

#include "skillpath/v1/assessment.grpc.pb.h"
#include "skillpath/v1/auth.grpc.pb.h"
#include "skillpath/v1/catalog.grpc.pb.h"
#include "skillpath/v1/framework.grpc.pb.h"
#include "skillpath/v1/gap.grpc.pb.h"
#include "skillpath/v1/org.grpc.pb.h"
#include "skillpath/v1/plan.grpc.pb.h"
#include "skillpath/v1/report.grpc.pb.h"

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

// The request of the Get calls (GetFramework, GetRole, GetPlan, ...).
inline v1::GetRequest ById(const std::string& id) {
  v1::GetRequest req;
  req.set_id(id);
  return req;
}

// Ends the command with the call's status (and a hint when the server is not there).
void Check(const grpc::Status& s, const std::string& what);

class Client {
 public:
  explicit Client(const Options& o) : options_(o) {}

  std::unique_ptr<grpc::ClientContext> Context() {
    auto ctx = std::make_unique<grpc::ClientContext>();
    ctx->set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(options_.timeout_s));
    if (const std::string& token = BearerToken(); !token.empty()) ctx->AddMetadata("authorization", "Bearer " + token);
    return ctx;
  }
  // The token calls carry: --token (or SKILLPATH_TOKEN), else what
  // `skillpath login` stored for this server (clients/cli/login/),
  // refreshed first when it is about to run out; "" for none.
  const std::string& BearerToken();
  // From now on, calls carry `token` ("" for none).
  void UseToken(std::string token) {
    token_ = std::move(token);
    token_resolved_ = true;
  }
  std::shared_ptr<grpc::Channel> channel();
  v1::FrameworkService::Stub& frameworks() { return StubOf<v1::FrameworkService>(); }
  v1::OrgService::Stub& org() { return StubOf<v1::OrgService>(); }
  v1::AssessmentService::Stub& assessments() { return StubOf<v1::AssessmentService>(); }
  v1::CatalogService::Stub& catalog() { return StubOf<v1::CatalogService>(); }
  v1::GapService::Stub& gaps() { return StubOf<v1::GapService>(); }
  v1::PlanService::Stub& plans() { return StubOf<v1::PlanService>(); }
  v1::AuthService::Stub& auth() { return StubOf<v1::AuthService>(); }
  v1::PrivacyService::Stub& privacy() { return StubOf<v1::PrivacyService>(); }
  v1::ReportService::Stub& reports() { return StubOf<v1::ReportService>(); }
  const Options& options() const { return options_; }

  // One unary call on a stub of this client with a fresh Context(): its
  // response; a failed call ends the command (Check, naming `what`). E.g.
  //   c.Call(c.org(), &v1::OrgService::Stub::GetRole, req, "GetRole")
  template <typename Stub, typename Request, typename Response>
  Response Call(Stub& stub, grpc::Status (Stub::*method)(grpc::ClientContext*, const Request&, Response*),
                const Request& request, const std::string& what) {
    Response response;
    Check((stub.*method)(Context().get(), request, &response), what);
    return response;
  }

 private:
  // One lazily made stub per service, on the one channel.
  template <typename... Services>
  using Stubs = std::tuple<std::unique_ptr<typename Services::Stub>...>;
  template <typename Service>
  typename Service::Stub& StubOf() {
    auto& slot = std::get<std::unique_ptr<typename Service::Stub>>(stubs_);
    if (!slot) slot = std::make_unique<typename Service::Stub>(channel());
    return *slot;
  }

  Options options_;
  std::string token_;
  bool token_resolved_ = false;
  std::shared_ptr<grpc::Channel> channel_;
  Stubs<v1::FrameworkService, v1::OrgService, v1::AssessmentService, v1::CatalogService, v1::GapService,
        v1::PlanService, v1::AuthService, v1::PrivacyService, v1::ReportService>
      stubs_;
};

}  // namespace skillpath::cli
