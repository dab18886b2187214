// Google Benchmark of the single writer on a real file with
// synchronous=FULL: acknowledged assessment inserts per second from many
// concurrent submitters, with group commit (the default) against one
// transaction per write (max_batch = 1), the baseline the design names;
// and group commit on a durable PostgreSQL 15 (issue #16).
#include <SQLiteCpp/Database.h>
#include <benchmark/benchmark.h>

#include <atomic>
#include <future>

#include "core/rules/commands.h"
#include "db/open.h"
#include "db/writer.h"
#include "testing/db/db_files.h"
#include "testing/process/postgres_server.h"

namespace skillpath::db {
namespace {

constexpr core::Time kNow = 1'780'000'000'000'000;

std::unique_ptr<Writer> MakeWriter(const std::string& path, size_t max_batch) {
  auto conn = OpenForWriting(path);
  if (!conn.ok()) std::abort();
  auto writer = std::make_unique<Writer>(std::move(*conn), max_batch);
  absl::Status s = writer->RunAndWait([](core::Repositories& r) -> absl::Status {
    core::Framework f;
    f.id = "fw";
    f.name = "Bench";
    f.scale.levels = {{1, "L1", ""}, {2, "L2", ""}, {3, "L3", ""}, {4, "L4", ""}};
    f.areas = {{"a", "A", "", {{"c", "", "C", "", {}}}}};
    if (auto st = core::UpsertFramework(r, f).status(); !st.ok()) return st;
    if (auto st = core::UpsertOrgUnit(r, {"root", "", "Root"}).status(); !st.ok()) return st;
    return core::UpsertPerson(r, {"E1", "Bench", "", "root", {}, {}, true}).status();
  });
  if (!s.ok()) std::abort();
  return writer;
}

// `in_flight` submitters each keep one write outstanding, like 100 gRPC
// calls in flight; the benchmark counts acknowledged writes.
void RunWrites(benchmark::State& state, size_t max_batch, const std::string& address) {
  const int in_flight = static_cast<int>(state.range(0));
  auto writer = MakeWriter(address, max_batch);
  std::atomic<uint64_t> seq{0};
  uint64_t total = 0;
  for (auto _ : state) {
    // One iteration: 20 rounds of `in_flight` concurrent writes.
    constexpr int kRounds = 20;
    std::atomic<int> remaining{in_flight * kRounds};
    std::promise<void> all_done;
    std::function<void()> submit = [&]() {
      const uint64_t n = seq++;
      core::Assessment a;
      a.id = "b" + std::to_string(n);
      a.person_id = "E1";
      a.competence_id = "c";
      a.level = static_cast<int>(n % 5);
      a.source = core::Source::kSelf;
      a.assessed_at = kNow;
      writer->Submit([a](core::Repositories& r) { return core::RecordAssessment(r, a, kNow).status(); },
                     [&](absl::Status s) {
                       if (!s.ok()) std::abort();
                       int left = --remaining;
                       if (left == 0) all_done.set_value();
                       else if (left >= in_flight) submit();
                     });
    };
    for (int i = 0; i < in_flight; ++i) submit();
    all_done.get_future().wait();
    total += static_cast<uint64_t>(in_flight) * kRounds;
  }
  state.counters["writes_per_s"] = benchmark::Counter(static_cast<double>(total), benchmark::Counter::kIsRate);
  state.counters["commits_per_write"] =
      static_cast<double>(writer->stats().transactions) / static_cast<double>(writer->stats().jobs);
}

void BM_GroupCommit(benchmark::State& state) {
  testing::TempDbPath tmp;
  RunWrites(state, 1024, tmp.path());
}
void BM_OneTransactionPerWrite(benchmark::State& state) {
  testing::TempDbPath tmp;
  RunWrites(state, 1, tmp.path());
}

// A database of its own on a durable PostgreSQL 15 (fsync and
// synchronous_commit on, as a production server) that the benchmark starts
// on loopback once; stopped when the process ends.
std::string FreshPostgresDatabase() {
  static skillpath::testing::PostgresServer* server = [] {
    auto* s = new skillpath::testing::PostgresServer(/*durable=*/true);
    if (!s->Start()) {
      std::fprintf(stderr, "PostgreSQL did not start: %s\n", s->log().c_str());
      std::abort();
    }
    return s;
  }();
  static int made = 0;
  const std::string name = "bench" + std::to_string(made++);
  if (!server->Sql("postgres", "CREATE DATABASE " + name)) std::abort();
  return server->uri(name);
}

void BM_GroupCommitPostgres(benchmark::State& state) { RunWrites(state, 1024, FreshPostgresDatabase()); }

BENCHMARK(BM_OneTransactionPerWrite)->Arg(100)->UseRealTime()->Unit(benchmark::kMillisecond)->MinTime(3);
BENCHMARK(BM_GroupCommit)->Arg(1)->Arg(100)->UseRealTime()->Unit(benchmark::kMillisecond)->MinTime(3);
BENCHMARK(BM_GroupCommitPostgres)->Arg(1)->Arg(100)->UseRealTime()->Unit(benchmark::kMillisecond)->MinTime(3);

}  // namespace
}  // namespace skillpath::db

BENCHMARK_MAIN();
