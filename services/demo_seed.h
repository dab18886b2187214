#pragma once
// Seeds the demo municipality "Eksempel kommune" from the data files under
// db/seed/ (compiled into the binary) through the public API on a channel —
// the same validation and write path as any client. Deterministic: the same
// files give the same database.

#include <grpcpp/grpcpp.h>

#include <memory>

#include "absl/status/statusor.h"

namespace skillpath::services {

struct SeedCounts {
  int frameworks = 0;
  int org_units = 0;
  int roles = 0;
  int people = 0;
  int resources = 0;
  int64_t assessments = 0;
};

// True when the database behind `channel` holds no frameworks, units or people.
absl::StatusOr<bool> DatabaseIsEmpty(const std::shared_ptr<grpc::Channel>& channel);

// Writes the demo data; fails on the first rejected record, naming it.
absl::StatusOr<SeedCounts> SeedDemo(const std::shared_ptr<grpc::Channel>& channel);

}  // namespace skillpath::services
