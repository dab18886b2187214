#include "services/metrics.h"

#include <grpcpp/grpcpp.h>

#include <sstream>

#include "absl/status/status.h"
#include "core/access.h"

namespace skillpath::services {

Metrics::Metrics() {
  for (const auto& [method, rule] : core::Policy()) methods_.emplace(method, std::make_unique<Method>());
}

void Metrics::Record(std::string_view method, int code, std::chrono::nanoseconds latency) {
  auto it = methods_.find(method);
  if (it == methods_.end() || code < 0 || code >= kCodes) return;
  Method& m = *it->second;
  m.calls[static_cast<size_t>(code)].fetch_add(1, std::memory_order_relaxed);
  const double seconds = std::chrono::duration<double>(latency).count();
  size_t b = 0;
  while (b < kBuckets.size() && seconds > kBuckets[b]) ++b;
  m.buckets[b].fetch_add(1, std::memory_order_relaxed);
  m.sum_ns.fetch_add(static_cast<uint64_t>(latency.count()), std::memory_order_relaxed);
}

std::string Metrics::Render() const {
  std::ostringstream out;
  out << "# HELP skillpath_calls_total Calls of skillpath.v1 methods by status code (gRPC and HTTP).\n"
      << "# TYPE skillpath_calls_total counter\n";
  for (const auto& [name, m] : methods_) {
    for (int c = 0; c < kCodes; ++c) {
      const uint64_t n = m->calls[static_cast<size_t>(c)].load(std::memory_order_relaxed);
      if (n == 0) continue;
      out << "skillpath_calls_total{method=\"" << name << "\",code=\""
          << absl::StatusCodeToString(static_cast<absl::StatusCode>(c)) << "\"} " << n << "\n";
    }
  }
  out << "# HELP skillpath_call_seconds Time from the start of a call to its answer.\n"
      << "# TYPE skillpath_call_seconds histogram\n";
  for (const auto& [name, m] : methods_) {
    uint64_t cumulative = 0;
    for (size_t b = 0; b <= kBuckets.size(); ++b) cumulative += m->buckets[b].load(std::memory_order_relaxed);
    if (cumulative == 0) continue;
    cumulative = 0;
    for (size_t b = 0; b <= kBuckets.size(); ++b) {
      cumulative += m->buckets[b].load(std::memory_order_relaxed);
      out << "skillpath_call_seconds_bucket{method=\"" << name << "\",le=\"";
      if (b < kBuckets.size()) {
        out << kBuckets[b];
      } else {
        out << "+Inf";
      }
      out << "\"} " << cumulative << "\n";
    }
    out << "skillpath_call_seconds_sum{method=\"" << name << "\"} "
        << static_cast<double>(m->sum_ns.load(std::memory_order_relaxed)) / 1e9 << "\n";
    out << "skillpath_call_seconds_count{method=\"" << name << "\"} " << cumulative << "\n";
  }
  if (gauges_) out << gauges_();
  return out.str();
}

}  // namespace skillpath::services
