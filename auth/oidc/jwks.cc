// Jwks::Parse: JWK public keys (RFC 7517, RFC 7518 §6) into OpenSSL keys.

#include <google/protobuf/util/json_util.h>
#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/param_build.h>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "auth/oidc/jwt.h"

namespace skillpath::oidc {
namespace {

using google::protobuf::Struct;
using google::protobuf::Value;

struct ParamBuildFree {
  void operator()(OSSL_PARAM_BLD* b) const { OSSL_PARAM_BLD_free(b); }
};
struct ParamFree {
  void operator()(OSSL_PARAM* p) const { OSSL_PARAM_free(p); }
};
struct PkeyCtxFree {
  void operator()(EVP_PKEY_CTX* c) const { EVP_PKEY_CTX_free(c); }
};
struct BnFree {
  void operator()(BIGNUM* b) const { BN_free(b); }
};

// A member holding base64url bytes; INVALID_ARGUMENT naming it when absent
// or not base64url.
absl::StatusOr<std::string> Bytes(const Struct& key, const std::string& name, size_t index) {
  const std::string text = StringMember(key, name);
  std::optional<std::string> bytes = Base64UrlDecode(text);
  if (text.empty() || !bytes || bytes->empty()) {
    return absl::InvalidArgumentError(absl::StrCat("keys[", index, "].", name, ": must be base64url bytes"));
  }
  return *bytes;
}

// A public key from OpenSSL parameters of `type` ("RSA" or "EC").
absl::StatusOr<std::shared_ptr<EVP_PKEY>> FromParams(const char* type, OSSL_PARAM_BLD* build, size_t index) {
  std::unique_ptr<OSSL_PARAM, ParamFree> params(OSSL_PARAM_BLD_to_param(build));
  std::unique_ptr<EVP_PKEY_CTX, PkeyCtxFree> ctx(EVP_PKEY_CTX_new_from_name(nullptr, type, nullptr));
  EVP_PKEY* key = nullptr;
  if (!params || !ctx || EVP_PKEY_fromdata_init(ctx.get()) != 1 ||
      EVP_PKEY_fromdata(ctx.get(), &key, EVP_PKEY_PUBLIC_KEY, params.get()) != 1 || key == nullptr) {
    return absl::InvalidArgumentError(absl::StrCat("keys[", index, "]: not a valid ", type, " public key"));
  }
  return std::shared_ptr<EVP_PKEY>(key, EVP_PKEY_free);
}

absl::StatusOr<std::shared_ptr<EVP_PKEY>> RsaKey(const Struct& jwk, size_t index) {
  absl::StatusOr<std::string> n = Bytes(jwk, "n", index);
  if (!n.ok()) return n.status();
  absl::StatusOr<std::string> e = Bytes(jwk, "e", index);
  if (!e.ok()) return e.status();
  std::unique_ptr<BIGNUM, BnFree> bn_n(
      BN_bin2bn(reinterpret_cast<const unsigned char*>(n->data()), static_cast<int>(n->size()), nullptr));
  std::unique_ptr<BIGNUM, BnFree> bn_e(
      BN_bin2bn(reinterpret_cast<const unsigned char*>(e->data()), static_cast<int>(e->size()), nullptr));
  std::unique_ptr<OSSL_PARAM_BLD, ParamBuildFree> build(OSSL_PARAM_BLD_new());
  if (!bn_n || !bn_e || !build || OSSL_PARAM_BLD_push_BN(build.get(), OSSL_PKEY_PARAM_RSA_N, bn_n.get()) != 1 ||
      OSSL_PARAM_BLD_push_BN(build.get(), OSSL_PKEY_PARAM_RSA_E, bn_e.get()) != 1) {
    return absl::ResourceExhaustedError("out of memory reading an RSA key");
  }
  return FromParams("RSA", build.get(), index);
}

absl::StatusOr<std::shared_ptr<EVP_PKEY>> P256Key(const Struct& jwk, size_t index) {
  absl::StatusOr<std::string> x = Bytes(jwk, "x", index);
  if (!x.ok()) return x.status();
  absl::StatusOr<std::string> y = Bytes(jwk, "y", index);
  if (!y.ok()) return y.status();
  if (x->size() != 32 || y->size() != 32) {
    return absl::InvalidArgumentError(absl::StrCat("keys[", index, "]: x and y of a P-256 key are 32 bytes each"));
  }
  const std::string point = absl::StrCat("\x04", *x, *y);  // uncompressed (SEC 1 §2.3.3)
  std::unique_ptr<OSSL_PARAM_BLD, ParamBuildFree> build(OSSL_PARAM_BLD_new());
  if (!build || OSSL_PARAM_BLD_push_utf8_string(build.get(), OSSL_PKEY_PARAM_GROUP_NAME, "prime256v1", 0) != 1 ||
      OSSL_PARAM_BLD_push_octet_string(build.get(), OSSL_PKEY_PARAM_PUB_KEY, point.data(), point.size()) != 1) {
    return absl::ResourceExhaustedError("out of memory reading an EC key");
  }
  return FromParams("EC", build.get(), index);
}

}  // namespace

absl::StatusOr<Jwks> Jwks::Parse(absl::string_view json) {
  absl::StatusOr<Struct> doc = ParseJsonObject(json, "the key set");
  if (!doc.ok()) return doc.status();
  auto keys = doc->fields().find("keys");
  if (keys == doc->fields().end() || keys->second.kind_case() != Value::kListValue) {
    return absl::InvalidArgumentError("the key set has no \"keys\" list");
  }
  Jwks set;
  const auto& list = keys->second.list_value().values();
  for (int i = 0; i < list.size(); ++i) {
    const size_t index = static_cast<size_t>(i);
    if (list[i].kind_case() != Value::kStructValue) {
      return absl::InvalidArgumentError(absl::StrCat("keys[", index, "]: must be an object"));
    }
    const Struct& jwk = list[i].struct_value();
    const std::string use = StringMember(jwk, "use"), kty = StringMember(jwk, "kty"), alg = StringMember(jwk, "alg");
    if (!use.empty() && use != "sig") continue;  // an encryption key
    Key key;
    key.kid = StringMember(jwk, "kid");
    if (kty == "RSA" && (alg.empty() || alg == "RS256")) {
      absl::StatusOr<std::shared_ptr<EVP_PKEY>> pkey = RsaKey(jwk, index);
      if (!pkey.ok()) return pkey.status();
      if (EVP_PKEY_get_bits(pkey->get()) < 2048) continue;  // too weak to trust
      key.algorithm = Algorithm::kRS256;
      key.key = *std::move(pkey);
    } else if (kty == "EC" && StringMember(jwk, "crv") == "P-256" && (alg.empty() || alg == "ES256")) {
      absl::StatusOr<std::shared_ptr<EVP_PKEY>> pkey = P256Key(jwk, index);
      if (!pkey.ok()) return pkey.status();
      key.algorithm = Algorithm::kES256;
      key.key = *std::move(pkey);
    } else {
      continue;  // a type, curve or algorithm we do not verify
    }
    set.keys_.push_back(std::move(key));
  }
  return set;
}

const Jwks::Key* Jwks::Find(absl::string_view kid, Algorithm algorithm) const {
  const Key* only = nullptr;
  int of_algorithm = 0;
  for (const Key& key : keys_) {
    if (key.algorithm != algorithm) continue;
    if (!kid.empty() && key.kid == kid) return &key;
    ++of_algorithm;
    only = &key;
  }
  return kid.empty() && of_algorithm == 1 ? only : nullptr;
}

std::string Base64UrlEncode(absl::string_view bytes) { return absl::WebSafeBase64Escape(bytes); }

std::optional<std::string> Base64UrlDecode(absl::string_view text) {
  // JOSE never pads; absl accepts padding, so refuse it here.
  if (text.find('=') != absl::string_view::npos) return std::nullopt;
  std::string out;
  if (!absl::WebSafeBase64Unescape(text, &out)) return std::nullopt;
  return out;
}

absl::StatusOr<Struct> ParseJsonObject(absl::string_view json, absl::string_view what) {
  Struct out;
  const auto status = google::protobuf::util::JsonStringToMessage(std::string(json), &out);
  if (!status.ok()) return absl::InvalidArgumentError(absl::StrCat(what, " is not a JSON object"));
  return out;
}

}  // namespace skillpath::oidc
