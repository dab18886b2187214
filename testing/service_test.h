#pragma once
// The fixture service tests derive from: a server of their own on a
// fresh database of the run's backend (StartServer, with an optional fixed clock), a channel
// to it that may call every method (ChannelTo), a stub for each service, and
// the one-line writes and reads most of those tests are made of.
#include <gtest/gtest.h>

#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "server/server.h"
#include "skillpath/v1/assessment.grpc.pb.h"
#include "skillpath/v1/auth.grpc.pb.h"
#include "skillpath/v1/catalog.grpc.pb.h"
#include "skillpath/v1/framework.grpc.pb.h"
#include "skillpath/v1/gap.grpc.pb.h"
#include "skillpath/v1/org.grpc.pb.h"
#include "skillpath/v1/plan.grpc.pb.h"
#include "testing/db/test_database.h"
#include "testing/small_org.h"
#include "testing/test_server.h"

namespace skillpath::services::testing {

// Calls `method` of `stub` with `req`; a failed call fails the test (the
// answer is then empty).
template <typename Stub, typename Req, typename Resp>
Resp Call(grpc::Status (Stub::*method)(grpc::ClientContext*, const Req&, Resp*), Stub* stub, const Req& req) {
  grpc::ClientContext ctx;
  Resp resp;
  grpc::Status s = (stub->*method)(&ctx, req, &resp);
  EXPECT_TRUE(s.ok()) << s.error_message();
  return resp;
}

// A channel whose calls carry a new token of `grant` (for `person_id`).
inline std::shared_ptr<grpc::Channel> ChannelWithGrant(Server& server, core::Grant grant,
                                                       const std::string& person_id = "") {
  return ChannelAs(server, MintTestToken(server, grant, person_id));
}

class ServiceTest : public ::testing::Test {
 protected:
  // Starts the server and makes the channel and stubs; false (the test
  // already failed) when the server did not start.
  bool StartServer(std::function<core::Time()> now = SystemNow) {
    server_ = StartTestServer(database_.address(), std::move(now));
    if (!server_) return false;
    channel_ = ChannelTo(*server_);
    frameworks_ = v1::FrameworkService::NewStub(channel_);
    org_ = v1::OrgService::NewStub(channel_);
    assessments_ = v1::AssessmentService::NewStub(channel_);
    catalog_ = v1::CatalogService::NewStub(channel_);
    gaps_ = v1::GapService::NewStub(channel_);
    plans_ = v1::PlanService::NewStub(channel_);
    privacy_ = v1::PrivacyService::NewStub(channel_);
    return true;
  }

  // Writes; `out` (if given) receives what the server stored.
  grpc::Status Upsert(const v1::Framework& m, v1::Framework* out = nullptr) {
    return Write(&v1::FrameworkService::Stub::UpsertFramework, frameworks_.get(), m, out);
  }
  grpc::Status Upsert(const v1::OrgUnit& m, v1::OrgUnit* out = nullptr) {
    return Write(&v1::OrgService::Stub::UpsertOrgUnit, org_.get(), m, out);
  }
  grpc::Status Upsert(const v1::Role& m, v1::Role* out = nullptr) {
    return Write(&v1::OrgService::Stub::UpsertRole, org_.get(), m, out);
  }
  grpc::Status Upsert(const v1::Person& m, v1::Person* out = nullptr) {
    return Write(&v1::OrgService::Stub::UpsertPerson, org_.get(), m, out);
  }
  grpc::Status Upsert(const v1::LearningResource& m, v1::LearningResource* out = nullptr) {
    return Write(&v1::CatalogService::Stub::UpsertResource, catalog_.get(), m, out);
  }
  grpc::Status Record(const v1::Assessment& m, v1::Assessment* out = nullptr) {
    return Write(&v1::AssessmentService::Stub::RecordAssessment, assessments_.get(), m, out);
  }

  // How many assessments `person` has; a failed call fails the test.
  int CountAssessments(const std::string& person) {
    v1::ListAssessmentsRequest req;
    req.set_person_id(person);
    return Call(&v1::AssessmentService::Stub::ListAssessments, assessments_.get(), req).assessments_size();
  }

  // How many calls of `method` ("skillpath.v1.Service/Method") the
  // server's metrics have counted as ending with `code` ("OK", ...).
  uint64_t CallsWithCode(const std::string& method, const std::string& code) {
    const std::string text = server_->MetricsForTest().Render();
    const std::string key = "skillpath_calls_total{method=\"" + method + "\",code=\"" + code + "\"} ";
    const size_t at = text.find(key);
    return at == std::string::npos ? 0 : std::stoull(text.substr(at + key.size()));
  }

  // On the backend of this run (test_database.h).
  db::testing::TestDatabase database_{db::testing::BackendOfThisRun()};
  std::unique_ptr<Server> server_;
  std::shared_ptr<grpc::Channel> channel_;
  std::unique_ptr<v1::FrameworkService::Stub> frameworks_;
  std::unique_ptr<v1::OrgService::Stub> org_;
  std::unique_ptr<v1::AssessmentService::Stub> assessments_;
  std::unique_ptr<v1::CatalogService::Stub> catalog_;
  std::unique_ptr<v1::GapService::Stub> gaps_;
  std::unique_ptr<v1::PlanService::Stub> plans_;
  std::unique_ptr<v1::PrivacyService::Stub> privacy_;

 private:
  template <typename Stub, typename M>
  static grpc::Status Write(grpc::Status (Stub::*method)(grpc::ClientContext*, const M&, M*), Stub* stub, const M& m,
                            M* out) {
    grpc::ClientContext ctx;
    M tmp;
    return (stub->*method)(&ctx, m, out ? out : &tmp);
  }
};

}  // namespace skillpath::services::testing
