// Google Benchmark of the gap queries on the in-memory read index of a
// synthetic organisation (bench/synth.h): a person's gap, a team of 1,000
// (a department) and the organisation summary, at 1,000 and 50,000 people
// (and 500,000 with SKILLPATH_BENCH_500K=1).
#include <benchmark/benchmark.h>

#include <cstdlib>
#include <map>
#include <mutex>

#include "bench/synth.h"
#include "core/disclosure/disclosure.h"
#include "core/index/gap_queries.h"
#include "core/index/read_index.h"

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
// (core/disclosure/disclosure.h), then the organisation summary through it.
void BM_AggregateOrgSummary(benchmark::State& state) {
  const auto& index = Org(static_cast<int>(state.range(0)));
  for (auto _ : state) {
    const core::DisclosurePlan plan = core::DisclosurePlan::Make(index, kNow, 5);
    auto q = core::AggregateOrgSummary(index, plan, "", 10, kNow);
    benchmark::DoNotOptimize(q);
  }
}

// The same answer with the plan made once: what the server pays while its
// cached plan holds (api/call/disclosure_cache.h).
void BM_AggregateOrgSummaryCachedPlan(benchmark::State& state) {
  const auto& index = Org(static_cast<int>(state.range(0)));
  const core::DisclosurePlan plan = core::DisclosurePlan::Make(index, kNow, 5);
  for (auto _ : state) {
    auto q = core::AggregateOrgSummary(index, plan, "", 10, kNow);
    benchmark::DoNotOptimize(q);
  }
}

// A wide organisation where complementary suppression must look far: one
// person with a requirement directly under the root, and W teams of 5
// without it (a review's case for the side-by-side search).
void BM_DisclosurePlanWide(benchmark::State& state) {
  const int w = static_cast<int>(state.range(0));
  core::IndexBuilder b(std::make_shared<const core::IndexSnapshot>());
  core::Framework f;
  f.id = "fw";
  f.name = "FW";
  f.scale.levels = {{1, "1", ""}, {2, "2", ""}, {3, "3", ""}};
  f.areas = {{"a", "A", "", {{"a.one", "", "One", "", {}}}}};
  b.SetFrameworks({f});
  std::vector<core::OrgUnit> units = {{"root", "", "Root"}};
  for (int i = 0; i < w; ++i) units.push_back({"t" + std::to_string(i), "root", "T"});
  b.SetUnits(units);
  b.SetRoles({core::Role{"r", "r", "", {}, {{"a.one", 2, core::Priority::kRequired, 1}}}});
  int n = 0;
  auto person = [&](const std::string& unit, std::vector<std::string> roles) {
    const std::string id = "p" + std::to_string(n++);
    b.UpsertPerson({id, id, "", unit, std::move(roles), {}, true});
  };
  person("root", {"r"});
  for (int i = 0; i < w; ++i) {
    for (int j = 0; j < 5; ++j) person("t" + std::to_string(i), {});
  }
  auto index = b.Build();
  for (auto _ : state) {
    const core::DisclosurePlan plan = core::DisclosurePlan::Make(*index, kNow, 5);
    benchmark::DoNotOptimize(plan.Released(core::Group::Subtree(0)));
  }
}

BENCHMARK(BM_PersonGap)->Arg(50000)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_TeamGap1000)->Arg(1000)->Arg(50000)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_OrgSummary)->Arg(1000)->Arg(50000)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_AggregateOrgSummary)->Arg(1000)->Arg(50000)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_DisclosurePlanWide)->Arg(1000)->Arg(12000)->Unit(benchmark::kMillisecond);
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
