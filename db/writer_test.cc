#include "db/writer.h"

#include <SQLiteCpp/Database.h>
#include <gtest/gtest.h>

#include <atomic>
#include <future>
#include <set>
#include <thread>

#include "core/rules/commands.h"
#include "db/store/stores.h"
#include "testing/db_files.h"

namespace skillpath::db {
namespace {

class WriterTest : public ::testing::Test {
 protected:
  WriterTest() : writer_(std::make_unique<Writer>(testing::OpenMigrated(tmp_.path()))) {}

  // What another connection sees: only committed data.
  int CountUnits() {
    SQLite::Database reader(tmp_.path());
    return reader.execAndGet("SELECT count(*) FROM org_units").getInt();
  }

  static Writer::Job AddUnit(std::string id) {
    return [id](core::Repositories& r) { return core::UpsertOrgUnit(r, {id, "", "Unit " + id}).status(); };
  }

  testing::TempDbPath tmp_;
  std::unique_ptr<Writer> writer_;
};

TEST_F(WriterTest, AWriteIsVisibleToOtherConnectionsWhenAcknowledged) {
  std::promise<int> seen;
  writer_->Submit(AddUnit("a"), [&](absl::Status s) {
    ASSERT_TRUE(s.ok());
    seen.set_value(CountUnits());
  });
  EXPECT_EQ(seen.get_future().get(), 1);
}

TEST_F(WriterTest, AJobThatFailsHalfWayLeavesNothingAndOthersInTheBatchCommit) {
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
  SQLite::Database reader(tmp_.path());
  EXPECT_EQ(reader.execAndGet("SELECT group_concat(id) FROM (SELECT id FROM org_units ORDER BY id)").getString(), "a,b");
  EXPECT_GE(writer_->stats().largest_batch, 3u);
}

TEST_F(WriterTest, ConcurrentWritesShareTransactions) {
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

TEST_F(WriterTest, AJobSubmittedAloneGetsATransactionOfItsOwn) {
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

TEST_F(WriterTest, StopFinishesQueuedJobsAndRefusesNewOnes) {
  std::atomic<int> done{0};
  for (int i = 0; i < 20; ++i) writer_->Submit(AddUnit("q" + std::to_string(i)), [&](absl::Status s) { done += s.ok(); });
  writer_->Stop();
  EXPECT_EQ(done.load(), 20);
  absl::Status late;
  writer_->Submit(AddUnit("late"), [&](absl::Status s) { late = s; });
  EXPECT_EQ(late.code(), absl::StatusCode::kUnavailable);
  EXPECT_EQ(CountUnits(), 20);
}

}  // namespace
}  // namespace skillpath::db
