// Two skillpathd replicas on one PostgreSQL 15 (issue #16), as a county or a
// shared service runs them behind one proxy: each process has its own read
// index and token cache, kept current through the change log. A write
// through one is read through the other within a second; a token revoked
// through one is refused by the other within a second; a replica killed with
// SIGKILL while it writes loses nothing it acknowledged, and the other keeps
// serving.
#include <gmock/gmock.h>
#include <grpcpp/grpcpp.h>
#include <gtest/gtest.h>

#include <chrono>
#include <set>
#include <thread>

#include "skillpath/v1/auth.grpc.pb.h"
#include "skillpath/v1/gap.grpc.pb.h"
#include "skillpath/v1/org.grpc.pb.h"
#include "testing/background_writers.h"
#include "testing/process/postgres_server.h"
#include "testing/skillpathd_commands.h"
#include "testing/small_org.h"

namespace skillpath {
namespace {

using testing::ServerProcess;

// How long until `ok` holds (polling every 10 ms), or nullopt after 5 s.
template <typename Fn>
std::optional<std::chrono::milliseconds> Until(Fn ok) {
  const auto start = std::chrono::steady_clock::now();
  while (std::chrono::steady_clock::now() - start < std::chrono::seconds(5)) {
    if (ok()) return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - start);
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  return std::nullopt;
}

class ReplicasTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(testing::PostgresServer::Installed()) << "postgresql-15 is not installed: ./dev test installs it";
    ASSERT_TRUE(pg_.Start()) << pg_.log();
    a_ = std::make_unique<ServerProcess>(SKILLPATHD_BIN, std::vector<std::string>{"--db", pg_.uri(), "--http", "off"});
    ASSERT_TRUE(a_->Start()) << a_->log();
    b_ = std::make_unique<ServerProcess>(SKILLPATHD_BIN, std::vector<std::string>{"--db", pg_.uri(), "--http", "off"});
    ASSERT_TRUE(b_->Start()) << b_->log();
    EXPECT_THAT(b_->log(), ::testing::HasSubstr("following the change log"));
  }

  // Whether `server` answers E1's gap: from its in-memory read index, so
  // only once that index has followed the change log.
  bool GapVisible(ServerProcess& server, const std::string& token) {
    auto stub = v1::GapService::NewStub(testing::Channel(server, token));
    grpc::ClientContext ctx;
    v1::GetPersonGapRequest req;
    req.set_person_id("E1");
    v1::PersonGap gap;
    return stub->GetPersonGap(&ctx, req, &gap).ok();
  }

  testing::PostgresServer pg_;  // durable: fsync and synchronous_commit on
  std::unique_ptr<ServerProcess> a_, b_;
};

TEST_F(ReplicasTest, AWriteThroughOneIsReadThroughTheOtherAndARevocationEverywhere) {
  const std::string admin = testing::CreateToken(pg_.uri(), "ADMIN");
  ASSERT_TRUE(services::testing::LoadOrg(services::testing::SmallOrg(), testing::Connect(*a_)));
  auto seen = Until([&] { return GapVisible(*b_, admin); });
  ASSERT_TRUE(seen) << "b never saw the person written through a\n" << b_->log();
  EXPECT_LT(seen->count(), 1000);

  // A token used on b (so b has it cached), revoked through a.
  const std::string hr = testing::CreateToken(pg_.uri(), "HR");
  ASSERT_TRUE(GapVisible(*b_, hr));
  grpc::ClientContext ctx;
  v1::RevokeTokenRequest req;
  req.set_id(hr.substr(0, hr.find('.')));
  v1::TokenInfo revoked;
  ASSERT_TRUE(v1::AuthService::NewStub(testing::Channel(*a_, admin))->RevokeToken(&ctx, req, &revoked).ok());
  auto refused = Until([&] { return !GapVisible(*b_, hr); });
  ASSERT_TRUE(refused) << "b still accepts the token revoked through a";
  EXPECT_LT(refused->count(), 1000);
}

TEST_F(ReplicasTest, AReplicaKilledWhileWritingLosesNothingItAcknowledged) {
  ASSERT_TRUE(services::testing::LoadOrg(services::testing::SmallOrg(), testing::Connect(*a_)));
  const std::string admin = testing::CreateToken(pg_.uri(), "ADMIN");
  testing::BackgroundWriters writers(testing::Channel(*a_, admin), 4);
  writers.WaitForAcks(200);
  a_->Kill();
  const std::set<std::string> acked = writers.StopAndGet();
  ASSERT_GE(acked.size(), 200u);

  // b serves on, and holds every write a acknowledged.
  std::set<std::string> stored;
  ASSERT_TRUE(Until([&] {
    stored = testing::StoredAssessmentIds(testing::Channel(*b_, admin));
    return std::includes(stored.begin(), stored.end(), acked.begin(), acked.end());
  })) << acked.size() << " acknowledged, " << stored.size() << " stored";
}

}  // namespace
}  // namespace skillpath
