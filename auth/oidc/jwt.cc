// Verify: the compact JWS (RFC 7515 §7.1), its signature with OpenSSL, and
// the claims (RFC 7519 §4.1, OpenID Connect Core 1.0 §3.1.3.7).

#include "auth/oidc/jwt.h"

#include <openssl/bn.h>
#include <openssl/ecdsa.h>
#include <openssl/evp.h>

#include <cmath>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"

namespace skillpath::oidc {
namespace {

using google::protobuf::Struct;
using google::protobuf::Value;

absl::Status Refused(absl::string_view why) { return absl::UnauthenticatedError(absl::StrCat("token refused: ", why)); }

const Value* Member(const Struct& object, absl::string_view name) {
  auto it = object.fields().find(std::string(name));
  return it == object.fields().end() ? nullptr : &it->second;
}

// A NumericDate (RFC 7519 §2): seconds since the epoch.
std::optional<int64_t> Seconds(const Struct& claims, absl::string_view name) {
  const Value* v = Member(claims, name);
  if (v == nullptr || v->kind_case() != Value::kNumberValue || !std::isfinite(v->number_value())) return std::nullopt;
  const double d = v->number_value();
  if (d < 0 || d > 1e11) return std::nullopt;  // beyond year 5000: not a date
  return static_cast<int64_t>(d);
}

// ES256 signatures are r||s (RFC 7518 §3.4); OpenSSL verifies DER.
std::optional<std::string> EcdsaDer(absl::string_view raw) {
  if (raw.size() != 64) return std::nullopt;
  ECDSA_SIG* sig = ECDSA_SIG_new();
  BIGNUM* r = BN_bin2bn(reinterpret_cast<const unsigned char*>(raw.data()), 32, nullptr);
  BIGNUM* s = BN_bin2bn(reinterpret_cast<const unsigned char*>(raw.data()) + 32, 32, nullptr);
  std::optional<std::string> der;
  if (sig != nullptr && r != nullptr && s != nullptr && ECDSA_SIG_set0(sig, r, s) == 1) {
    r = s = nullptr;  // owned by sig now
    unsigned char* out = nullptr;
    const int len = i2d_ECDSA_SIG(sig, &out);
    if (len > 0) der.emplace(reinterpret_cast<char*>(out), static_cast<size_t>(len));
    OPENSSL_free(out);
  }
  BN_free(r);
  BN_free(s);
  ECDSA_SIG_free(sig);
  return der;
}

bool SignatureMatches(const Jwks::Key& key, absl::string_view signed_part, absl::string_view signature) {
  std::string der;
  if (key.algorithm == Algorithm::kES256) {
    std::optional<std::string> converted = EcdsaDer(signature);
    if (!converted) return false;
    der = *std::move(converted);
    signature = der;
  }
  EVP_MD_CTX* md = EVP_MD_CTX_new();
  const bool ok = md != nullptr && EVP_DigestVerifyInit(md, nullptr, EVP_sha256(), nullptr, key.key.get()) == 1 &&
                  EVP_DigestVerify(md, reinterpret_cast<const unsigned char*>(signature.data()), signature.size(),
                                   reinterpret_cast<const unsigned char*>(signed_part.data()), signed_part.size()) == 1;
  EVP_MD_CTX_free(md);
  return ok;
}

absl::Status CheckClaims(const VerifiedJwt& jwt, const Expectations& expect) {
  const Struct& claims = jwt.claims;
  if (StringMember(claims, "iss") != expect.issuer) return Refused("issued by another issuer (iss)");
  const std::vector<std::string> audiences = jwt.Strings("aud");
  bool ours = false;
  for (const std::string& a : audiences) ours = ours || a == expect.audience;
  if (!ours) return Refused("meant for another audience (aud)");
  const std::string azp = StringMember(claims, "azp");
  if (!expect.access_token && (audiences.size() > 1 || !azp.empty()) && azp != expect.audience) {
    return Refused("authorized for another party (azp)");
  }
  std::optional<int64_t> exp = Seconds(claims, "exp");
  if (!exp) return Refused("no expiry (exp)");
  if (expect.now >= *exp + expect.skew_seconds) return Refused("expired (exp)");
  std::optional<int64_t> iat = Seconds(claims, "iat");
  if (Member(claims, "iat") != nullptr && !iat) return Refused("iat is not a time");
  if (iat && *iat > expect.now + expect.skew_seconds) return Refused("issued in the future (iat)");
  std::optional<int64_t> nbf = Seconds(claims, "nbf");
  if (Member(claims, "nbf") != nullptr && !nbf) return Refused("nbf is not a time");
  if (nbf && *nbf > expect.now + expect.skew_seconds) return Refused("not valid yet (nbf)");
  if (jwt.subject.empty()) return Refused("no subject (sub)");
  if (expect.nonce && StringMember(claims, "nonce") != *expect.nonce) {
    return Refused("the nonce is not the one this sign-in sent");
  }
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<VerifiedJwt> Verify(absl::string_view token, const Jwks& keys, const Expectations& expect) {
  if (token.size() > 16384) return Refused("longer than 16 KiB");
  std::vector<absl::string_view> parts = absl::StrSplit(token, '.');
  if (parts.size() != 3) return Refused("not a compact JWS (three parts)");
  std::optional<std::string> header_json = Base64UrlDecode(parts[0]);
  std::optional<std::string> claims_json = Base64UrlDecode(parts[1]);
  std::optional<std::string> signature = Base64UrlDecode(parts[2]);
  if (!header_json || !claims_json || !signature) return Refused("a part is not base64url");
  VerifiedJwt jwt;
  absl::StatusOr<Struct> header = ParseJsonObject(*header_json, "the header");
  if (!header.ok()) return Refused(header.status().message());
  jwt.header = *std::move(header);
  if (Member(jwt.header, "crit") != nullptr) return Refused("critical header extensions are not supported");
  const std::string alg = StringMember(jwt.header, "alg");
  Algorithm algorithm;
  if (alg == "RS256") {
    algorithm = Algorithm::kRS256;
  } else if (alg == "ES256") {
    algorithm = Algorithm::kES256;
  } else {
    return Refused(absl::StrCat("algorithm '", alg.substr(0, 16), "' is not accepted (RS256 or ES256)"));
  }
  const std::string kid = StringMember(jwt.header, "kid");
  const Jwks::Key* key = keys.Find(kid, algorithm);
  if (key == nullptr) {
    return absl::NotFoundError(absl::StrCat("token refused: its key ",
                                            kid.empty() ? "(no kid)" : "'" + kid.substr(0, 64) + "'",
                                            " is not among the provider's ", alg, " keys"));
  }
  const absl::string_view signed_part(token.data(), parts[0].size() + 1 + parts[1].size());
  if (!SignatureMatches(*key, signed_part, *signature)) return Refused("the signature does not match");
  absl::StatusOr<Struct> claims = ParseJsonObject(*claims_json, "the claims");
  if (!claims.ok()) return Refused(claims.status().message());
  jwt.claims = *std::move(claims);
  jwt.subject = StringMember(jwt.claims, "sub");
  jwt.expires_at = Seconds(jwt.claims, "exp").value_or(0);
  if (absl::Status s = CheckClaims(jwt, expect); !s.ok()) return s;
  return jwt;
}

std::optional<std::string> VerifiedJwt::String(absl::string_view name) const {
  const Value* v = Member(claims, name);
  if (v == nullptr) return std::nullopt;
  if (v->kind_case() == Value::kStringValue) return v->string_value();
  if (v->kind_case() == Value::kNumberValue && std::isfinite(v->number_value()) &&
      v->number_value() == std::floor(v->number_value()) && std::fabs(v->number_value()) < 1e15) {
    return absl::StrCat(static_cast<int64_t>(v->number_value()));
  }
  return std::nullopt;
}

std::vector<std::string> VerifiedJwt::Strings(absl::string_view name) const { return StringsMember(claims, name); }

std::string StringMember(const Struct& object, absl::string_view name) {
  const Value* v = Member(object, name);
  return v != nullptr && v->kind_case() == Value::kStringValue ? v->string_value() : "";
}

std::vector<std::string> StringsMember(const Struct& object, absl::string_view name) {
  std::vector<std::string> out;
  const Value* v = Member(object, name);
  if (v == nullptr) return out;
  if (v->kind_case() == Value::kStringValue) {
    out.push_back(v->string_value());
  } else if (v->kind_case() == Value::kListValue) {
    for (const Value& item : v->list_value().values()) {
      if (item.kind_case() == Value::kStringValue) out.push_back(item.string_value());
    }
  }
  return out;
}

}  // namespace skillpath::oidc
