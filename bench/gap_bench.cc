// Google Benchmark of the gap queries on the in-memory read index of a
// synthetic organisation (bench/synth.h): a person's gap, a team of 1,000
// (a department) and the organisation summary, at 1,000 and 50,000 people
// (and 500,000 with SKILLPATH_BENCH_500K=1).
#include <benchmark/benchmark.h>

#include <cstdlib>
#include <map>
#include <mutex>

#include "bench/synth.h"
#include "core/disclosure.h"
#include "core/gap_queries.h"
#include "core/read_index.h"

namespace skillpath::bench {
namespace {

constexpr core::Time kNow = 1795000000LL * 1000000;  // 2026-11-18

const core::IndexSnapshot& Org(int people) {
  static std::mutex mu;
  static std::map<int, std::shared_ptr<const core::IndexSnapshot>> cache;
  std::lock_guard<std::mutex> lock(mu);
  auto& slot = cache[people];
  if (!slot) {
    SyntheticOrg org = MakeSyntheticOrg(people);
    core::IndexBuilder b(std::make_shared<const core::IndexSnapshot>());
    b.SetFrameworks({org.framework});
    b.SetUnits(org.units);
    b.SetRoles(org.roles);
    for (const auto& p : org.people) b.UpsertPerson(p);
    for (const auto& a : org.assessments) b.AddAssessment(a);
    slot = b.Build();
  }
  return *slot;
}

void BM_PersonGap(benchmark::State& state) {
  const int people = static_cast<int>(state.range(0));
  const auto& index = Org(people);
  int i = 0;
  core::PersonGapResult gap;
  for (auto _ : state) {
    auto q = core::QueryPersonGap(index, SyntheticPersonId(i), kNow, gap);
    benchmark::DoNotOptimize(q);
    i = (i + 7919) % people;
  }
}

void BM_TeamGap1000(benchmark::State& state) {
  const auto& index = Org(static_cast<int>(state.range(0)));
  size_t rows = 0;
  for (auto _ : state) {
    auto q = core::QueryTeamGap(index, "d0000", true, kNow);
    rows = q->gap.rows.size();
    benchmark::DoNotOptimize(q);
  }
  state.counters["rows"] = static_cast<double>(rows);
}

void BM_OrgSummary(benchmark::State& state) {
  const auto& index = Org(static_cast<int>(state.range(0)));
  for (auto _ : state) {
    auto q = core::QueryOrgSummary(index, "", 10, kNow);
    benchmark::DoNotOptimize(q);
  }
}

// What an AGGREGATE call adds: the disclosure plan over everyone
// (core/disclosure.h), then the organisation summary through it.
void BM_AggregateOrgSummary(benchmark::State& state) {
  const auto& index = Org(static_cast<int>(state.range(0)));
  for (auto _ : state) {
    const core::DisclosurePlan plan = core::DisclosurePlan::Make(index, kNow, 5);
    auto q = core::AggregateOrgSummary(index, plan, "", 10, kNow);
    benchmark::DoNotOptimize(q);
  }
}

// The same answer with the plan made once: what the server pays while its
// cached plan holds (services/disclosure_cache.h).
void BM_AggregateOrgSummaryCachedPlan(benchmark::State& state) {
  const auto& index = Org(static_cast<int>(state.range(0)));
  const core::DisclosurePlan plan = core::DisclosurePlan::Make(index, kNow, 5);
  for (auto _ : state) {
    auto q = core::AggregateOrgSummary(index, plan, "", 10, kNow);
    benchmark::DoNotOptimize(q);
  }
}

BENCHMARK(BM_PersonGap)->Arg(50000)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_TeamGap1000)->Arg(1000)->Arg(50000)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_OrgSummary)->Arg(1000)->Arg(50000)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_AggregateOrgSummary)->Arg(1000)->Arg(50000)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_AggregateOrgSummaryCachedPlan)->Arg(1000)->Arg(50000)->Unit(benchmark::kMillisecond);

// 500,000 people take a while to generate and about 1 GiB: opt in.
[[maybe_unused]] const bool kLarge = [] {
  if (const char* v = std::getenv("SKILLPATH_BENCH_500K"); v && std::string(v) == "1") {
    benchmark::RegisterBenchmark("BM_OrgSummary/500000", [](benchmark::State& s) {
      const auto& index = Org(500000);
      for (auto _ : s) {
        auto q = core::QueryOrgSummary(index, "", 10, kNow);
        benchmark::DoNotOptimize(q);
      }
    })->Unit(benchmark::kMillisecond);
    benchmark::RegisterBenchmark("BM_TeamGap1000/500000", [](benchmark::State& s) {
      const auto& index = Org(500000);
      for (auto _ : s) {
        auto q = core::QueryTeamGap(index, "d0000", true, kNow);
        benchmark::DoNotOptimize(q);
      }
    })->Unit(benchmark::kMillisecond);
  }
  return true;
}();

}  // namespace
}  // namespace skillpath::bench

BENCHMARK_MAIN();
