#include "api/call/metrics.h"

#include <grpcpp/grpcpp.h>

#include <sstream>

#include "absl/container/flat_hash_map.h"
#include "absl/status/status.h"
#include "core/access/access.h"

namespace skillpath::services {

namespace {
uint64_t NextSerial() {
  static std::atomic<uint64_t> next{1};
  return next.fetch_add(1);
}
}  // namespace

Metrics::Metrics() : serial_(NextSerial()) {
  for (const auto& [method, rule] : core::Policy()) methods_.emplace(method, std::make_unique<Method>());
}

Metrics::Method* Metrics::Find(std::string_view method) {
  auto it = methods_.find(method);
  return it == methods_.end() ? nullptr : it->second.get();
}

uint64_t Metrics::Method::Calls(int code) const {
  uint64_t n = 0;
  for (const Shard& s : shards) n += s.calls[static_cast<size_t>(code)].load(std::memory_order_relaxed);
  return n;
}

uint64_t Metrics::Method::Bucket(size_t b) const {
  uint64_t n = 0;
  for (const Shard& s : shards) n += s.buckets[b].load(std::memory_order_relaxed);
  return n;
}

uint64_t Metrics::Method::SumNs() const {
  uint64_t n = 0;
  for (const Shard& s : shards) n += s.sum_ns.load(std::memory_order_relaxed);
  return n;
}

void Metrics::Record(const char* method, int code, std::chrono::nanoseconds latency) {
  if (code < 0 || code >= kCodes) return;
  // Per thread: method name address -> counters of this Metrics.
  struct Cached {
    uint64_t owner;
    Method* method;
  };
  thread_local absl::flat_hash_map<const char*, Cached> cache;
  thread_local const size_t shard = [] {
    static std::atomic<size_t> next{0};
    return next.fetch_add(1) % kShards;
  }();
  Method* m = nullptr;
  if (auto it = cache.find(method); it != cache.end() && it->second.owner == serial_) {
    m = it->second.method;
  } else {
    m = Find(method);
    if (cache.size() > 4096) cache.clear();
    cache[method] = Cached{serial_, m};
  }
  if (!m) return;
  Shard& s = m->shards[shard];
  s.calls[static_cast<size_t>(code)].fetch_add(1, std::memory_order_relaxed);
  const double seconds = std::chrono::duration<double>(latency).count();
  size_t b = 0;
  while (b < kBuckets.size() && seconds > kBuckets[b]) ++b;
  s.buckets[b].fetch_add(1, std::memory_order_relaxed);
  s.sum_ns.fetch_add(static_cast<uint64_t>(latency.count()), std::memory_order_relaxed);
}

std::string Metrics::Render() const {
  std::ostringstream out;
  out << "# HELP skillpath_calls_total Calls of skillpath.v1 methods by status code (gRPC and HTTP).\n"
      << "# TYPE skillpath_calls_total counter\n";
  for (const auto& [name, m] : methods_) {
    for (int c = 0; c < kCodes; ++c) {
      const uint64_t n = m->Calls(c);
      if (n == 0) continue;
      out << "skillpath_calls_total{method=\"" << name << "\",code=\""
          << absl::StatusCodeToString(static_cast<absl::StatusCode>(c)) << "\"} " << n << "\n";
    }
  }
  out << "# HELP skillpath_call_seconds Time from the start of a call to its answer.\n"
      << "# TYPE skillpath_call_seconds histogram\n";
  for (const auto& [name, m] : methods_) {
    uint64_t cumulative = 0;
    for (size_t b = 0; b <= kBuckets.size(); ++b) cumulative += m->Bucket(b);
    if (cumulative == 0) continue;
    cumulative = 0;
    for (size_t b = 0; b <= kBuckets.size(); ++b) {
      cumulative += m->Bucket(b);
      out << "skillpath_call_seconds_bucket{method=\"" << name << "\",le=\"";
      if (b < kBuckets.size()) {
        out << kBuckets[b];
      } else {
        out << "+Inf";
      }
      out << "\"} " << cumulative << "\n";
    }
    out << "skillpath_call_seconds_sum{method=\"" << name << "\"} " << static_cast<double>(m->SumNs()) / 1e9 << "\n";
    out << "skillpath_call_seconds_count{method=\"" << name << "\"} " << cumulative << "\n";
  }
  if (gauges_) out << gauges_();
  return out.str();
}

}  // namespace skillpath::services
