#pragma once
// Seeds the demo municipality "Eksempel kommune" from the data files under
// db/seed/ (compiled into the binary) through the public API on a channel —
// the same validation and write path as any client. Deterministic: the same
// files give the same database.

#include <grpcpp/grpcpp.h>

#include <memory>
#include <string>
#include <vector>

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
// The channel's calls must carry an ADMIN token.
absl::StatusOr<SeedCounts> SeedDemo(const std::shared_ptr<grpc::Channel>& channel);

// A sign-in token of a demo user (db/seed/demo/tokens.json).
struct DemoToken {
  std::string grant;
  std::string person_id;
  std::string description;
  std::string token;
};

// Makes the demo users' tokens through AuthService (ADMIN channel).
absl::StatusOr<std::vector<DemoToken>> CreateDemoTokens(const std::shared_ptr<grpc::Channel>& channel);

// The demo tokens are kept next to the database ("<db>.demo-tokens", mode
// 0600, one "GRANT<TAB>PERSON<TAB>TOKEN<TAB>DESCRIPTION" line each) so that
// later runs can show them again: only their hashes are in the database.
std::string DemoTokensPath(const std::string& db_path);
// The demo users as GET /demo-users.json serves them:
// [{"grant", "personId", "description", "token"}, ...].
std::string DemoUsersJson(const std::vector<DemoToken>& tokens);
absl::Status WriteDemoTokens(const std::string& path, const std::vector<DemoToken>& tokens);
absl::StatusOr<std::vector<DemoToken>> ReadDemoTokens(const std::string& path);

}  // namespace skillpath::services
