#include "db/writer.h"

#include <gtest/gtest.h>

#include <atomic>
#include <future>
#include <set>
#include <thread>

#include "core/rules/commands.h"
#include "db/open.h"
#include "db/read_pool.h"
#include "db/store/stores.h"
#include "testing/db/test_database.h"

namespace skillpath::db {
namespace {

// On either backend: the writer's connection as skillpathd opens it.
class WriterTest : public ::testing::TestWithParam<testing::Backend> {
 protected:
  WriterTest() : database_(GetParam()), writer_(std::make_unique<Writer>(Open(database_.address()))) {}

  static std::unique_ptr<Connection> Open(const std::string& address) {
    auto conn = OpenForWriting(address);
    EXPECT_TRUE(conn.ok()) << conn.status();
    if (!conn.ok()) std::abort();
    return std::move(*conn);
  }

  // The units another connection sees, in id order: only committed data.
  std::vector<std::string> Units() {
    auto conn = ReadConnector(database_.address())();
    EXPECT_TRUE(conn.ok()) << conn.status();
    if (!conn.ok()) return {};
    Stores store((*conn)->NewStatements());
    auto units = store.org().ListOrgUnits();
    EXPECT_TRUE(units.ok()) << units.status();
    std::vector<std::string> ids;
    for (const auto& u : units.ok() ? *units : std::vector<core::OrgUnit>{}) ids.push_back(u.id);
    std::sort(ids.begin(), ids.end());
    return ids;
  }
  int CountUnits() { return static_cast<int>(Units().size()); }

  static Writer::Job AddUnit(std::string id) {
    return [id](core::Repositories& r) { return core::UpsertOrgUnit(r, {id, "", "Unit " + id}).status(); };
  }

  testing::TestDatabase database_;
  std::unique_ptr<Writer> writer_;
};

INSTANTIATE_TEST_SUITE_P(Sqlite, WriterTest, ::testing::Values(testing::Backend::kSqlite));
INSTANTIATE_TEST_SUITE_P(Postgres, WriterTest, ::testing::Values(testing::Backend::kPostgres));

TEST_P(WriterTest, AWriteIsVisibleToOtherConnectionsWhenAcknowledged) {
  std::promise<int> seen;
  writer_->Submit(AddUnit("a"), [&](absl::Status s) {
    ASSERT_TRUE(s.ok());
    seen.set_value(CountUnits());
  });
  EXPECT_EQ(seen.get_future().get(), 1);
}

TEST_P(WriterTest, AJobThatFailsHalfWayLeavesNothingAndOthersInTheBatchCommit) {
  // Hold the writer busy so the next three jobs share one transaction.
  std::promise<void> release;
  std::shared_future<void> gate = release.get_future().share();
  writer_->Submit([gate](core::Repositories&) { gate.wait(); return absl::OkStatus(); }, [](absl::Status) {});
  std::promise<absl::Status> first, failing, last;
  writer_->Submit(AddUnit("a"), [&](absl::Status s) { first.set_value(s); });
  writer_->Submit(
      [](core::Repositories& r) -> absl::Status {
        absl::Status s = core::UpsertOrgUnit(r, {"half", "", "Written, then undone"}).status();
        if (!s.ok()) return s;
        return absl::InvalidArgumentError("second half failed");
      },
      [&](absl::Status s) { failing.set_value(s); });
  writer_->Submit(AddUnit("b"), [&](absl::Status s) { last.set_value(s); });
  release.set_value();
  EXPECT_TRUE(first.get_future().get().ok());
  EXPECT_EQ(failing.get_future().get().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_TRUE(last.get_future().get().ok());
  EXPECT_EQ(Units(), std::vector<std::string>({"a", "b"}));
  EXPECT_GE(writer_->stats().largest_batch, 3u);
}

TEST_P(WriterTest, ConcurrentWritesShareTransactions) {
  constexpr int kThreads = 8, kPerThread = 50;
  std::atomic<int> ok{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kPerThread; ++i) {
        if (writer_->RunAndWait(AddUnit("u" + std::to_string(t) + "-" + std::to_string(i))).ok()) ++ok;
      }
    });
  }
  for (auto& th : threads) th.join();
  EXPECT_EQ(ok.load(), kThreads * kPerThread);
  EXPECT_EQ(CountUnits(), kThreads * kPerThread);
  WriterStats stats = writer_->stats();
  EXPECT_EQ(stats.jobs, static_cast<uint64_t>(kThreads * kPerThread));
  EXPECT_LT(stats.transactions, stats.jobs) << "with 8 writers waiting, commits must be shared";
}

TEST_P(WriterTest, AJobSubmittedAloneGetsATransactionOfItsOwn) {
  // The commit hook sees each transaction's changes: which units went in
  // together.
  std::vector<std::set<std::string>> transactions;
  writer_->SetCommitHook([&](const core::ChangeSet&, Stores& store) {
    auto units = store.org().ListOrgUnits();
    ASSERT_TRUE(units.ok());
    std::set<std::string> all;
    for (const auto& u : *units) all.insert(u.id);
    transactions.push_back(all);
  });
  std::promise<void> release;
  std::shared_future<void> gate = release.get_future().share();
  std::promise<void> started;
  writer_->Submit(
      [gate, &started](core::Repositories& r) {
        started.set_value();
        gate.wait();
        return core::UpsertOrgUnit(r, {"gate", "", "Gate"}).status();
      },
      [](absl::Status) {});
  started.get_future().wait();  // the gate's transaction has begun: the rest queue behind it
  // Queued behind the gate: two shared jobs, one alone, two shared again.
  std::promise<void> last;
  writer_->Submit(AddUnit("a"), [](absl::Status) {});
  writer_->Submit(AddUnit("b"), [](absl::Status) {});
  writer_->SubmitAlone(AddUnit("alone"), [](absl::Status) {});
  writer_->Submit(AddUnit("c"), [](absl::Status) {});
  writer_->Submit(AddUnit("d"), [&](absl::Status) { last.set_value(); });
  release.set_value();
  last.get_future().wait();
  // Units are cumulative: what each commit added is the difference.
  std::vector<std::set<std::string>> added;
  std::set<std::string> before;
  for (const auto& t : transactions) {
    std::set<std::string> fresh;
    for (const auto& id : t) {
      if (!before.count(id)) fresh.insert(id);
    }
    added.push_back(fresh);
    before = t;
  }
  ASSERT_EQ(added.size(), 4u);
  EXPECT_EQ(added[0], std::set<std::string>({"gate"}));
  EXPECT_EQ(added[1], std::set<std::string>({"a", "b"}));
  EXPECT_EQ(added[2], std::set<std::string>({"alone"})) << "nothing shares the alone job's transaction";
  EXPECT_EQ(added[3], std::set<std::string>({"c", "d"}));
}

TEST_P(WriterTest, StopFinishesQueuedJobsAndRefusesNewOnes) {
  std::atomic<int> done{0};
  for (int i = 0; i < 20; ++i) writer_->Submit(AddUnit("q" + std::to_string(i)), [&](absl::Status s) { done += s.ok(); });
  writer_->Stop();
  EXPECT_EQ(done.load(), 20);
  absl::Status late;
  writer_->Submit(AddUnit("late"), [&](absl::Status s) { late = s; });
  EXPECT_EQ(late.code(), absl::StatusCode::kUnavailable);
  EXPECT_EQ(CountUnits(), 20);
}

// PostgreSQL restarted or failed over ends every connection: here the
// server ends the writer's and the readers' (pg_terminate_backend). The
// writer and the pool connect again; what fails meanwhile fails
// UNAVAILABLE, and nothing acknowledged is lost.
class LostConnectionTest : public WriterTest {
 protected:
  void EndOtherConnections() {
    auto admin = pg::Connection::Open(database_.address());
    ASSERT_TRUE(admin.ok()) << admin.status();
    auto ended = (*admin)->Exec(
        "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
        "WHERE datname = current_database() AND pid <> pg_backend_pid()");
    ASSERT_TRUE(ended.ok()) << ended.status();
    EXPECT_GE(ended->Int(0, 0), 1);
  }
};
INSTANTIATE_TEST_SUITE_P(Postgres, LostConnectionTest, ::testing::Values(testing::Backend::kPostgres));

TEST_P(LostConnectionTest, TheWriterConnectsAgainAndLosesNothingAcknowledged) {
  ASSERT_TRUE(writer_->RunAndWait(AddUnit("before")).ok());
  EndOtherConnections();
  // The batch that finds the connection gone fails whole, as UNAVAILABLE.
  absl::Status during = writer_->RunAndWait(AddUnit("during"));
  if (!during.ok()) EXPECT_EQ(during.code(), absl::StatusCode::kUnavailable) << during;
  // The next one connects again (its prepared statements prepared anew).
  ASSERT_TRUE(writer_->RunAndWait(AddUnit("after")).ok());
  std::vector<std::string> want = {"after", "before"};
  if (during.ok()) want = {"after", "before", "during"};
  EXPECT_EQ(Units(), want);
}

TEST_P(LostConnectionTest, TheReadPoolConnectsAgain) {
  ASSERT_TRUE(writer_->RunAndWait(AddUnit("a")).ok());
  auto pool = ReadPool::Open(ReadConnector(database_.address()), 1);
  ASSERT_TRUE(pool.ok()) << pool.status();
  auto count = [&]() -> absl::StatusOr<size_t> {
    size_t n = 0;
    absl::Status s = (*pool)->With([&](core::Repositories& repos) -> absl::Status {
      auto units = repos.org.ListOrgUnits();
      if (!units.ok()) return units.status();
      n = units->size();
      return absl::OkStatus();
    });
    if (!s.ok()) return s;
    return n;
  };
  ASSERT_EQ(count().value_or(0), 1u);
  EndOtherConnections();
  absl::StatusOr<size_t> during = count();
  if (!during.ok()) EXPECT_EQ(during.status().code(), absl::StatusCode::kUnavailable) << during.status();
  EXPECT_EQ(count().value_or(0), 1u);
  // A read connection refuses to write, whatever a caller tries.
  absl::Status write = (*pool)->With([](core::Repositories& repos) { return repos.org.PutOrgUnit({"x", "", "X"}); });
  EXPECT_EQ(write.code(), absl::StatusCode::kUnavailable) << write;
}

}  // namespace
}  // namespace skillpath::db
