#include "auth/token_cache.h"

#include <set>

#include <openssl/crypto.h>

#include <algorithm>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/str_cat.h"
#include "core/model/errors.h"

namespace skillpath::services {
namespace {

// A bound on cached tokens, so unknown ids cannot grow it without end
// (unknown ids are not cached at all; this guards many valid ones).
constexpr size_t kMaxCachedTokens = 100000;
constexpr size_t kMaxVerifiedPerThread = 1024;

uint64_t NextCacheSerial() {
  static std::atomic<uint64_t> next{1};
  return next.fetch_add(1);
}

}  // namespace

absl::StatusOr<std::shared_ptr<const TokenCache::Entry>> TokenCache::Lookup(const std::string& id) {
  const auto now = std::chrono::steady_clock::now();
  {
    std::shared_lock lock(mu_);
    auto it = entries_.find(id);
    if (it != entries_.end() && now - it->second->fetched < ttl_) return it->second;
  }
  // A Forget while this reads (a revocation committing) must not be undone
  // by caching what was read before it.
  const uint64_t generation = generation_.load(std::memory_order_acquire);
  auto fresh = std::make_shared<Entry>();
  Entry& entry = *fresh;
  entry.fetched = now;
  RETURN_IF_ERROR(reads_.With([&](core::Repositories& repos) -> absl::Status {
    ASSIGN_OR_RETURN(entry.record, repos.access.FindToken(id));
    if (entry.record && !entry.record->person_id.empty()) {
      ASSIGN_OR_RETURN(std::optional<core::Person> person, repos.org.FindPerson(entry.record->person_id));
      if (person && entry.record->grant == core::Grant::kManager) entry.manages = person->manages_unit_ids;
      entry.person_inactive = person && !person->active;
    }
    return absl::OkStatus();
  }));
  if (entry.record) {
    std::unique_lock lock(mu_);
    if (generation_.load(std::memory_order_acquire) == generation) {
      if (entries_.size() >= kMaxCachedTokens) entries_.clear();
      entries_[id] = fresh;
    }
  }
  return std::shared_ptr<const Entry>(std::move(fresh));
}

TokenCache::TokenCache(db::ReadPool& reads, std::chrono::milliseconds ttl)
    : reads_(reads), ttl_(ttl), serial_(NextCacheSerial()) {}

absl::StatusOr<Principal> TokenCache::Authenticate(const grpc::ServerContextBase& ctx, core::Time now) {
  const auto& metadata = ctx.client_metadata();
  auto it = metadata.find("authorization");
  return Authenticate(
      it == metadata.end() ? absl::string_view() : absl::string_view(it->second.data(), it->second.size()), now);
}

absl::StatusOr<Principal> TokenCache::Authenticate(absl::string_view presented, core::Time now, bool use) {
  ASSIGN_OR_RETURN(absl::string_view bearer, BearerValue(presented));
  if (IsJwt(bearer)) return AuthenticateJwt(bearer, now);
  ASSIGN_OR_RETURN(auto parts, SplitToken(presented));
  const auto [id, secret] = parts;

  struct Verified {
    std::shared_ptr<const Entry> entry;
    std::string secret;
    uint64_t serial;
    uint64_t generation;
  };
  thread_local absl::flat_hash_map<std::string, Verified> verified;
  const uint64_t generation = generation_.load(std::memory_order_acquire);
  std::shared_ptr<const Entry> entry;
  if (auto v = verified.find(id);
      v != verified.end() && v->second.serial == serial_ && v->second.generation == generation &&
      std::chrono::steady_clock::now() - v->second.entry->fetched < ttl_ && v->second.secret.size() == secret.size() &&
      CRYPTO_memcmp(v->second.secret.data(), secret.data(), secret.size()) == 0) {
    entry = v->second.entry;
    RETURN_IF_ERROR(CheckValidity(id, *entry->record, now));
  } else {
    ASSIGN_OR_RETURN(entry, Lookup(std::string(id)));
    RETURN_IF_ERROR(CheckSecret(id, secret, entry->record ? &*entry->record : nullptr, now));
    if (verified.size() >= kMaxVerifiedPerThread) verified.clear();
    verified[id] = Verified{entry, std::string(secret), serial_, generation};
  }
  if (entry->person_inactive) {
    return absl::UnauthenticatedError(absl::StrCat("token ", id, " belongs to a person who is not active"));
  }
  if (use && entry->record->kind == core::TokenKind::kSession) Touch(*entry->record, now);
  Principal who = PrincipalOf(*entry->record);
  if (who.grant == core::Grant::kManager) who.manages_unit_ids = entry->manages;
  return who;
}

absl::StatusOr<Principal> TokenCache::AuthenticateJwt(absl::string_view jwt, core::Time now) {
  if (!jwt_check_) {
    return absl::UnauthenticatedError(
        "the token is a JWT, but this server accepts no provider's tokens (no --oidc-issuer): send an API token");
  }
  const std::string key = Sha256(std::string(jwt));
  const uint64_t generation = generation_.load(std::memory_order_acquire);
  const auto steady = std::chrono::steady_clock::now();
  {
    std::lock_guard<std::mutex> lock(jwt_mu_);
    if (auto it = jwts_.find(key); it != jwts_.end()) {
      const VerifiedJwt& v = it->second;
      if (v.generation == generation && steady - v.verified < ttl_ && now < *v.who.provider_token->expires_at) {
        return v.who;
      }
      jwts_.erase(it);
    }
  }
  ASSIGN_OR_RETURN(Principal who, jwt_check_(jwt, now));
  if (who.provider_token && who.provider_token->expires_at) {
    std::lock_guard<std::mutex> lock(jwt_mu_);
    if (jwts_.size() >= kMaxCachedTokens) jwts_.clear();
    jwts_[key] = VerifiedJwt{who, steady, generation};
  }
  return who;
}

void TokenCache::Touch(const core::TokenRecord& session, core::Time now) {
  constexpr core::Time kEvery = 60 * core::kMicrosPerSecond;
  if (!touch_) return;
  {
    std::lock_guard<std::mutex> lock(touched_mu_);
    core::Time& last = touched_[session.id];
    last = std::max(last, session.last_used_at.value_or(session.created_at));
    if (now - last < kEvery) return;
    last = now;
    if (touched_.size() > 100000) touched_.clear();  // bounded; a cleared session is recorded again
  }
  touch_(session.id, now);
}

void TokenCache::Forget(const std::string& token_id) {
  std::unique_lock lock(mu_);
  entries_.erase(token_id);
  generation_.fetch_add(1, std::memory_order_acq_rel);
}

void TokenCache::ForgetPerson(const std::string& person_id) {
  std::unique_lock lock(mu_);
  generation_.fetch_add(1, std::memory_order_acq_rel);
  for (auto it = entries_.begin(); it != entries_.end();) {
    it = it->second->record && it->second->record->person_id == person_id ? entries_.erase(it) : std::next(it);
  }
}

void TokenCache::ForgetPeople(const std::vector<std::string>& person_ids) {
  if (person_ids.empty()) return;
  std::set<std::string> ids(person_ids.begin(), person_ids.end());
  ids.erase("");  // no person: service tokens stay
  if (ids.empty()) return;
  std::unique_lock lock(mu_);
  generation_.fetch_add(1, std::memory_order_acq_rel);
  for (auto it = entries_.begin(); it != entries_.end();) {
    it = it->second->record && ids.count(it->second->record->person_id) ? entries_.erase(it) : std::next(it);
  }
}

}  // namespace skillpath::services
