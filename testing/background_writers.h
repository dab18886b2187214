#pragma once
// Clients that write while a test does something to the server (a restart,
// SIGKILL, a replica killed): assessments of E1 (testing/small_org.h) with
// known ids, and which of them the server acknowledged; and the ids it
// holds afterwards.
#include <grpcpp/grpcpp.h>
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "skillpath/v1/assessment.grpc.pb.h"

namespace skillpath::testing {

// Writers that record assessments with known ids until stopped, remembering
// which ones the server acknowledged.
class BackgroundWriters {
 public:
  BackgroundWriters(std::shared_ptr<grpc::Channel> channel, int threads) {
    for (int t = 0; t < threads; ++t) {
      threads_.emplace_back([this, channel, t] {
        auto stub = v1::AssessmentService::NewStub(channel);
        for (int i = 0; !stop_; ++i) {
          v1::Assessment a, out;
          a.set_id("w" + std::to_string(t) + "-" + std::to_string(i));
          a.set_person_id("E1");
          a.set_competence_id("pv.gdpr");
          a.set_level(i % 2);
          a.set_source(v1::SELF);
          grpc::ClientContext ctx;
          ctx.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(5));
          if (stub->RecordAssessment(&ctx, a, &out).ok()) {
            std::lock_guard<std::mutex> lock(mu_);
            acked_.insert(a.id());
          } else {
            failures_++;
          }
        }
      });
    }
  }
  void WaitForAcks(size_t n) {
    for (int i = 0; i < 3000; ++i) {
      {
        std::lock_guard<std::mutex> lock(mu_);
        if (acked_.size() >= n) return;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
  }
  std::set<std::string> StopAndGet() {
    stop_ = true;
    for (auto& t : threads_) t.join();
    threads_.clear();
    std::lock_guard<std::mutex> lock(mu_);
    return acked_;
  }
  ~BackgroundWriters() {
    stop_ = true;
    for (auto& t : threads_) t.join();
  }

 private:
  std::vector<std::thread> threads_;
  std::atomic<bool> stop_{false};
  std::atomic<int> failures_{0};
  std::mutex mu_;
  std::set<std::string> acked_;
};

std::set<std::string> StoredAssessmentIds(const std::shared_ptr<grpc::Channel>& channel) {
  auto stub = v1::AssessmentService::NewStub(channel);
  grpc::ClientContext ctx;
  v1::ListAssessmentsRequest req;
  req.set_person_id("E1");
  v1::ListAssessmentsResponse resp;
  EXPECT_TRUE(stub->ListAssessments(&ctx, req, &resp).ok());
  std::set<std::string> ids;
  for (const auto& a : resp.assessments()) ids.insert(a.id());
  return ids;
}

}  // namespace skillpath::testing
