#pragma once
// TokenCache: who is calling, without a query per call. The token records
// (and their person's units and active flag) that Call::Start
// (api/call/call.h) authenticates every call against.

#include <grpcpp/grpcpp.h>

#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <shared_mutex>
#include <string>
#include <unordered_map>
#include <vector>

#include "absl/status/statusor.h"
#include "auth/tokens.h"
#include "core/model/auth.h"
#include "db/read_pool.h"

namespace skillpath::services {

// Token records (and their person's units and active flag) cached for
// `ttl`, so a call costs a hash and a map lookup, not a query. Revocation
// through AuthService and changes to the person through OrgService take
// effect at once (Forget, ForgetPerson); `skillpathd token revoke` on the
// database file within `ttl`. A person set inactive cannot use their tokens.
class TokenCache {
 public:
  TokenCache(db::ReadPool& reads, std::chrono::milliseconds ttl);

  // The caller of `ctx` (its `authorization` metadata); UNAUTHENTICATED if
  // the token is missing or not valid now.
  absl::StatusOr<Principal> Authenticate(const grpc::ServerContextBase& ctx, core::Time now);
  // The same for an `authorization` value ("Bearer TOKEN") held elsewhere.
  // `use`: a sign-in session checked this way counts as used (its idle
  // timeout starts again); false for a look that is no use of it.
  absl::StatusOr<Principal> Authenticate(absl::string_view presented, core::Time now, bool use = true);
  void Forget(const std::string& token_id);
  // How a sign-in session's use is recorded (the server: TouchToken
  // through the writer, not waited for). A session used is recorded at
  // most once a minute, so its idle timeout counts from its last use to
  // within a minute.
  void SetSessionTouch(std::function<void(const std::string& id, core::Time at)> touch) { touch_ = std::move(touch); }
  // Drops the tokens of this person (their units or active flag changed).
  void ForgetPerson(const std::string& person_id);
  // ForgetPerson for many at once, in one pass (an import's people).
  void ForgetPeople(const std::vector<std::string>& person_ids);
  // How a bearer JWT (an access token from the organisation's OpenID
  // provider) is checked: auth/provider_tokens.h. Without it a JWT is
  // refused. Accepted ones are kept for `ttl` (never past their `exp`),
  // so a call costs a hash and a lookup, not a signature check.
  using JwtCheck = std::function<absl::StatusOr<Principal>(absl::string_view jwt, core::Time now)>;
  void SetJwtCheck(JwtCheck check) { jwt_check_ = std::move(check); }

 private:
  struct Entry {
    std::optional<core::TokenRecord> record;
    std::vector<std::string> manages;
    bool person_inactive = false;
    std::chrono::steady_clock::time_point fetched;
  };
  absl::StatusOr<std::shared_ptr<const Entry>> Lookup(const std::string& id);

  db::ReadPool& reads_;
  const std::chrono::milliseconds ttl_;
  // Each thread keeps the tokens it verified last (with their secrets, so a
  // repeat costs a constant-time compare instead of a hash); Forget and
  // ForgetPerson move the generation on, which empties those at once.
  const uint64_t serial_;  // tells this cache's thread-local entries from another server's
  std::atomic<uint64_t> generation_{0};
  std::shared_mutex mu_;
  std::unordered_map<std::string, std::shared_ptr<const Entry>> entries_;
  std::function<void(const std::string&, core::Time)> touch_;
  absl::StatusOr<Principal> AuthenticateJwt(absl::string_view jwt, core::Time now);
  struct VerifiedJwt {
    Principal who;
    std::chrono::steady_clock::time_point verified;
    uint64_t generation;
  };
  JwtCheck jwt_check_;
  std::mutex jwt_mu_;
  std::unordered_map<std::string, VerifiedJwt> jwts_;  // by SHA-256 of the token
  std::mutex touched_mu_;
  std::unordered_map<std::string, core::Time> touched_;  // sessions: the last use recorded from here
  void Touch(const core::TokenRecord& session, core::Time now);
};

}  // namespace skillpath::services
