#include "auth/tokens.h"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/rand.h>

#include <algorithm>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "core/model/errors.h"
#include "core/rules/validation.h"

namespace skillpath::services {
namespace {

std::string RandomBytes(size_t n) {
  std::string out(n, '\0');
  if (RAND_bytes(reinterpret_cast<unsigned char*>(out.data()), static_cast<int>(n)) != 1) {
    std::abort();  // no trustworthy randomness: nothing safe to do
  }
  return out;
}

std::string Hex(const std::string& bytes) {
  static const char* digits = "0123456789abcdef";
  std::string out;
  for (unsigned char c : bytes) {
    out.push_back(digits[c >> 4]);
    out.push_back(digits[c & 15]);
  }
  return out;
}

std::string Base64Url(const std::string& bytes) {
  static const char* alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  std::string out;
  uint32_t buffer = 0;
  int bits = 0;
  for (unsigned char c : bytes) {
    buffer = (buffer << 8) | c;
    bits += 8;
    while (bits >= 6) {
      bits -= 6;
      out.push_back(alphabet[(buffer >> bits) & 63]);
    }
  }
  if (bits > 0) out.push_back(alphabet[(buffer << (6 - bits)) & 63]);
  return out;
}

}  // namespace

std::string RandomSecret(size_t bytes) { return Base64Url(RandomBytes(bytes)); }

std::string Sha256(const std::string& data) {
  // Fetched once: OpenSSL 3 otherwise looks the algorithm up (under a lock)
  // on every call, and this runs on every authenticated call.
  static EVP_MD* const sha256 = EVP_MD_fetch(nullptr, "SHA256", nullptr);
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  EVP_Digest(data.data(), data.size(), digest, &length, sha256, nullptr);
  return std::string(reinterpret_cast<const char*>(digest), length);
}

std::string Pseudonym(const std::string& salt, const std::string& person_id) {
  unsigned char mac[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  HMAC(EVP_sha256(), salt.data(), static_cast<int>(salt.size()),
       reinterpret_cast<const unsigned char*>(person_id.data()), person_id.size(), mac, &length);
  return "erased:" + Hex(std::string(reinterpret_cast<const char*>(mac), 16));
}

absl::StatusOr<MintedToken> MintToken(core::Grant grant, const std::string& person_id,
                                      std::optional<core::Time> expires_at, const std::string& description,
                                      core::Time now) {
  MintedToken m;
  m.record.id = "tok_" + Hex(RandomBytes(8));
  const std::string secret = Base64Url(RandomBytes(32));
  m.record.secret_hash = Sha256(secret);
  m.record.person_id = person_id;
  m.record.grant = grant;
  m.record.description = description;
  m.record.created_at = now;
  m.record.expires_at = expires_at;
  RETURN_IF_ERROR(core::ValidateTokenRecord(m.record));
  m.token = m.record.id + "." + secret;
  return m;
}

absl::StatusOr<MintedToken> MintSession(const SessionGrant& who, core::Time idle_timeout, core::Time lifetime,
                                        core::Time now) {
  MintedToken m;
  m.record.id = "ses_" + Hex(RandomBytes(8));
  const std::string secret = Base64Url(RandomBytes(32));
  m.record.secret_hash = Sha256(secret);
  m.record.kind = core::TokenKind::kSession;
  m.record.person_id = who.person_id;
  m.record.grant = who.grant;
  m.record.issuer = who.issuer;
  m.record.subject = who.subject;
  m.record.description = "sign-in";
  m.record.created_at = now;
  m.record.expires_at = now + lifetime;
  m.record.idle_timeout = idle_timeout;
  RETURN_IF_ERROR(core::ValidateTokenRecord(m.record));
  m.token = m.record.id + "." + secret;
  return m;
}

absl::StatusOr<MintedToken> MintCalendarFeed(const std::string& person_id, core::Time now) {
  MintedToken m;
  m.record.id = "cal_" + Hex(RandomBytes(8));
  const std::string secret = Base64Url(RandomBytes(32));
  m.record.secret_hash = Sha256(secret);
  m.record.kind = core::TokenKind::kCalendarFeed;
  m.record.person_id = person_id;
  m.record.grant = core::Grant::kEmployee;
  m.record.description = "calendar feed";
  m.record.created_at = now;
  RETURN_IF_ERROR(core::ValidateTokenRecord(m.record));
  m.token = m.record.id + "." + secret;
  return m;
}

absl::StatusOr<absl::string_view> BearerValue(absl::string_view token) {
  token = absl::StripAsciiWhitespace(token);
  if (token.empty()) return absl::UnauthenticatedError("no token: send 'authorization: Bearer <token>'");
  // RFC 6750: the scheme (any case), then the token after one or more spaces.
  // A bare token is refused, so every client states the scheme it uses.
  if (token.size() < 7 || !absl::StartsWithIgnoreCase(token, "Bearer") || token[6] != ' ') {
    return absl::UnauthenticatedError("the token must follow the Bearer scheme: send 'authorization: Bearer <token>'");
  }
  token = absl::StripLeadingAsciiWhitespace(token.substr(7));
  if (token.empty()) return absl::UnauthenticatedError("no token after 'Bearer': send 'authorization: Bearer <token>'");
  return token;
}

bool IsJwt(absl::string_view bearer) { return std::count(bearer.begin(), bearer.end(), '.') == 2; }

absl::StatusOr<std::pair<absl::string_view, absl::string_view>> SplitToken(absl::string_view presented) {
  absl::StatusOr<absl::string_view> token = BearerValue(presented);
  if (!token.ok()) return token.status();
  const size_t dot = token->find('.');
  if (dot == absl::string_view::npos || dot == 0 || dot + 1 == token->size()) {
    return absl::UnauthenticatedError("the token is malformed");
  }
  return std::make_pair(token->substr(0, dot), token->substr(dot + 1));
}

absl::Status CheckSecret(absl::string_view id, absl::string_view secret, const core::TokenRecord* record,
                         core::Time now) {
  // Hash even for an unknown id, so both paths take the same time.
  const std::string hash = Sha256(std::string(secret));
  if (!record || record->secret_hash.size() != hash.size() ||
      CRYPTO_memcmp(record->secret_hash.data(), hash.data(), hash.size()) != 0) {
    return absl::UnauthenticatedError("the token is not valid");
  }
  return CheckValidity(id, *record, now);
}

absl::Status CheckValidity(absl::string_view id, const core::TokenRecord& record, core::Time now) {
  if (record.kind == core::TokenKind::kSession) {
    if (record.revoked_at) return absl::UnauthenticatedError(absl::StrCat("session ", id, " has ended: sign in again"));
    if (record.expires_at && *record.expires_at <= now) {
      return absl::UnauthenticatedError(absl::StrCat("session ", id, " has reached its time limit: sign in again"));
    }
    const core::Time last = record.last_used_at.value_or(record.created_at);
    if (record.idle_timeout > 0 && now - last > record.idle_timeout) {
      return absl::UnauthenticatedError(absl::StrCat("session ", id, " ended after ",
                                                     record.idle_timeout / (60 * core::kMicrosPerSecond),
                                                     " minutes without use: sign in again"));
    }
    return absl::OkStatus();
  }
  if (record.revoked_at) return absl::UnauthenticatedError(absl::StrCat("token ", id, " has been revoked"));
  if (record.expires_at && *record.expires_at <= now) {
    return absl::UnauthenticatedError(absl::StrCat("token ", id, " has expired"));
  }
  return absl::OkStatus();
}

absl::StatusOr<Principal> AuthenticateForTest(const std::string& presented, core::TokenRepository& tokens,
                                              core::Time now) {
  ASSIGN_OR_RETURN(auto parts, SplitToken(presented));
  ASSIGN_OR_RETURN(std::optional<core::TokenRecord> record, tokens.FindToken(std::string(parts.first)));
  RETURN_IF_ERROR(CheckSecret(parts.first, parts.second, record ? &*record : nullptr, now));
  return PrincipalOf(*record);
}

Principal PrincipalOf(const core::TokenRecord& record) {
  Principal who;
  who.token_id = record.id;
  who.kind = record.kind;
  who.person_id = record.person_id;
  who.grant = record.grant;
  return who;
}

}  // namespace skillpath::services
