#include "auth/oidc/client_key.h"

#include <google/protobuf/struct.pb.h>
#include <google/protobuf/util/json_util.h>
#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/ec.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rand.h>

#include "absl/strings/str_cat.h"

namespace skillpath::oidc {
namespace {

std::string Json(const google::protobuf::Struct& object) {
  std::string out;
  (void)google::protobuf::util::MessageToJsonString(object, &out);
  return out;
}

// ECDSA's DER signature as JWS wants it: r and s, 32 bytes each (RFC 7518 §3.4).
std::string RawEcdsa(const std::string& der) {
  const unsigned char* p = reinterpret_cast<const unsigned char*>(der.data());
  std::unique_ptr<ECDSA_SIG, decltype(&ECDSA_SIG_free)> sig(d2i_ECDSA_SIG(nullptr, &p, static_cast<long>(der.size())),
                                                             ECDSA_SIG_free);
  if (!sig) return "";
  std::string raw(64, '\0');
  const BIGNUM* r = ECDSA_SIG_get0_r(sig.get());
  const BIGNUM* s = ECDSA_SIG_get0_s(sig.get());
  if (BN_bn2binpad(r, reinterpret_cast<unsigned char*>(raw.data()), 32) != 32 ||
      BN_bn2binpad(s, reinterpret_cast<unsigned char*>(raw.data()) + 32, 32) != 32) {
    return "";
  }
  return raw;
}

}  // namespace

absl::StatusOr<ClientKey> ClientKey::FromPem(const std::string& pem, std::string kid, const std::string& flag) {
  std::unique_ptr<BIO, decltype(&BIO_free)> bio(BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())), BIO_free);
  EVP_PKEY* key = bio ? PEM_read_bio_PrivateKey(bio.get(), nullptr, nullptr, nullptr) : nullptr;
  if (key == nullptr) return absl::InvalidArgumentError(absl::StrCat(flag, ": not a PEM private key"));
  ClientKey k;
  k.key_ = std::shared_ptr<EVP_PKEY>(key, EVP_PKEY_free);
  k.kid_ = std::move(kid);
  if (EVP_PKEY_is_a(key, "RSA")) {
    if (EVP_PKEY_get_bits(key) < 2048) return absl::InvalidArgumentError(absl::StrCat(flag, ": an RSA key of at least 2048 bits"));
    k.algorithm_ = Algorithm::kRS256;
  } else if (EVP_PKEY_is_a(key, "EC")) {
    char curve[32] = {0};
    size_t len = 0;
    if (EVP_PKEY_get_utf8_string_param(key, "group", curve, sizeof curve, &len) != 1 ||
        std::string(curve) != "prime256v1") {
      return absl::InvalidArgumentError(absl::StrCat(flag, ": an EC key must be on P-256 (ES256)"));
    }
    k.algorithm_ = Algorithm::kES256;
  } else {
    return absl::InvalidArgumentError(absl::StrCat(flag, ": an RSA or EC P-256 private key"));
  }
  return k;
}

absl::StatusOr<std::string> ClientKey::Assertion(const std::string& client_id, const std::string& token_endpoint,
                                                 int64_t now) const {
  google::protobuf::Struct header, claims;
  (*header.mutable_fields())["alg"].set_string_value(algorithm_ == Algorithm::kRS256 ? "RS256" : "ES256");
  (*header.mutable_fields())["typ"].set_string_value("JWT");
  if (!kid_.empty()) (*header.mutable_fields())["kid"].set_string_value(kid_);
  unsigned char jti[16];
  if (RAND_bytes(jti, sizeof jti) != 1) return absl::InternalError("no random bytes for the client assertion");
  auto& c = *claims.mutable_fields();
  c["iss"].set_string_value(client_id);
  c["sub"].set_string_value(client_id);
  c["aud"].set_string_value(token_endpoint);
  c["jti"].set_string_value(Base64UrlEncode(std::string(reinterpret_cast<char*>(jti), sizeof jti)));
  c["iat"].set_number_value(static_cast<double>(now));
  c["exp"].set_number_value(static_cast<double>(now + 120));
  const std::string input = absl::StrCat(Base64UrlEncode(Json(header)), ".", Base64UrlEncode(Json(claims)));

  std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> ctx(EVP_MD_CTX_new(), EVP_MD_CTX_free);
  size_t length = 0;
  if (!ctx || EVP_DigestSignInit(ctx.get(), nullptr, EVP_sha256(), nullptr, key_.get()) != 1 ||
      EVP_DigestSign(ctx.get(), nullptr, &length, reinterpret_cast<const unsigned char*>(input.data()),
                     input.size()) != 1) {
    return absl::InternalError("the client assertion could not be signed");
  }
  std::string signature(length, '\0');
  if (EVP_DigestSign(ctx.get(), reinterpret_cast<unsigned char*>(signature.data()), &length,
                     reinterpret_cast<const unsigned char*>(input.data()), input.size()) != 1) {
    return absl::InternalError("the client assertion could not be signed");
  }
  signature.resize(length);
  if (algorithm_ == Algorithm::kES256) {
    signature = RawEcdsa(signature);
    if (signature.empty()) return absl::InternalError("the client assertion's signature could not be encoded");
  }
  return absl::StrCat(input, ".", Base64UrlEncode(signature));
}

}  // namespace skillpath::oidc
