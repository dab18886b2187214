#pragma once
// Counters for GET /metrics (Prometheus text format): calls per method and
// status code with a latency histogram, recorded by api/call/call.h for
// every skillpath.v1 call (gRPC and HTTP alike, since HTTP goes through the
// in-process channel), plus gauges read at scrape time (writer queue depth,
// commit batch sizes, database size).
//
// Thread-safety: Record may be called from any thread (atomics only; the
// table of methods is fixed at construction from the access policy).

#include <array>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <string_view>

namespace skillpath::services {

class Metrics {
 public:
  // Upper bounds of the latency buckets, in seconds (+Inf implied).
  static constexpr std::array<double, 12> kBuckets = {0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025,
                                                      0.05,   0.1,   0.25,   0.5,   1,    2.5};
  static constexpr int kCodes = 17;  // gRPC status codes 0..16

  Metrics();

  // `method` is a string literal (the handlers' method names): looked up by
  // its address in a per-thread cache after the first time.
  void Record(const char* method, int code, std::chrono::nanoseconds latency);

  // Extra lines at scrape time (gauges of the writer and the database).
  void SetGauges(std::function<std::string()> gauges) { gauges_ = std::move(gauges); }

  // The whole exposition, Prometheus text format 0.0.4.
  std::string Render() const;

 private:
  // Counters are sharded by thread, each shard on its own cache lines, so
  // threads counting the same method do not fight over one line; a scrape
  // adds the shards up.
  static constexpr size_t kShards = 4;
  struct alignas(64) Shard {
    std::array<std::atomic<uint64_t>, kCodes> calls{};
    std::array<std::atomic<uint64_t>, kBuckets.size() + 1> buckets{};
    std::atomic<uint64_t> sum_ns{0};
  };
  struct Method {
    std::array<Shard, kShards> shards;
    uint64_t Calls(int code) const;
    uint64_t Bucket(size_t b) const;
    uint64_t SumNs() const;
  };
  Method* Find(std::string_view method);
  std::map<std::string, std::unique_ptr<Method>, std::less<>> methods_;
  const uint64_t serial_;  // tells this instance's per-thread cache entries from an earlier one's
  std::function<std::string()> gauges_;
};

}  // namespace skillpath::services
