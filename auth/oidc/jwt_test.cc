// Jwks and Verify against tokens signed here with OpenSSL keys made for the
// test: what a provider signs passes, and every way a token can be wrong,
// foreign or stale is refused with its reason; and the client assertions
// skillpath signs itself (client_key.h).

#include "auth/oidc/jwt.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/ecdsa.h>
#include <openssl/evp.h>
#include <openssl/pem.h>

#include <memory>
#include <string>

#include "absl/strings/str_cat.h"
#include "auth/oidc/client_key.h"

namespace skillpath::oidc {
namespace {

using ::testing::HasSubstr;

constexpr int64_t kNow = 1780000000;  // 2026-05-28

std::string BnBytes(const EVP_PKEY* key, const char* name, int width = 0) {
  BIGNUM* bn = nullptr;
  EXPECT_EQ(EVP_PKEY_get_bn_param(key, name, &bn), 1);
  std::string out(width > 0 ? width : BN_num_bytes(bn), '\0');
  BN_bn2binpad(bn, reinterpret_cast<unsigned char*>(out.data()), static_cast<int>(out.size()));
  BN_free(bn);
  return out;
}

// A signing key and its public JWK.
struct TestKey {
  std::shared_ptr<EVP_PKEY> key;
  std::string alg;
  std::string kid;

  static TestKey Rsa(const std::string& kid, unsigned bits = 2048) {
    return {
        std::shared_ptr<EVP_PKEY>(EVP_PKEY_Q_keygen(nullptr, nullptr, "RSA", static_cast<size_t>(bits)), EVP_PKEY_free),
        "RS256", kid};
  }
  static TestKey P256(const std::string& kid) {
    return {std::shared_ptr<EVP_PKEY>(EVP_PKEY_Q_keygen(nullptr, nullptr, "EC", "P-256"), EVP_PKEY_free), "ES256", kid};
  }

  std::string Jwk() const {
    if (alg == "RS256") {
      return absl::StrCat(R"({"kty":"RSA","use":"sig","alg":"RS256","kid":")", kid, R"(","n":")",
                          Base64UrlEncode(BnBytes(key.get(), OSSL_PKEY_PARAM_RSA_N)), R"(","e":")",
                          Base64UrlEncode(BnBytes(key.get(), OSSL_PKEY_PARAM_RSA_E)), R"("})");
    }
    return absl::StrCat(R"({"kty":"EC","crv":"P-256","use":"sig","kid":")", kid, R"(","x":")",
                        Base64UrlEncode(BnBytes(key.get(), OSSL_PKEY_PARAM_EC_PUB_X, 32)), R"(","y":")",
                        Base64UrlEncode(BnBytes(key.get(), OSSL_PKEY_PARAM_EC_PUB_Y, 32)), R"("})");
  }

  std::string Sign(const std::string& signed_part) const {
    EVP_MD_CTX* md = EVP_MD_CTX_new();
    size_t len = 0;
    EXPECT_EQ(EVP_DigestSignInit(md, nullptr, EVP_sha256(), nullptr, key.get()), 1);
    EXPECT_EQ(EVP_DigestSign(md, nullptr, &len, reinterpret_cast<const unsigned char*>(signed_part.data()),
                             signed_part.size()),
              1);
    std::string sig(len, '\0');
    EXPECT_EQ(EVP_DigestSign(md, reinterpret_cast<unsigned char*>(sig.data()), &len,
                             reinterpret_cast<const unsigned char*>(signed_part.data()), signed_part.size()),
              1);
    EVP_MD_CTX_free(md);
    sig.resize(len);
    if (alg == "RS256") return sig;
    // DER -> r||s, as JWS writes ES256.
    const unsigned char* p = reinterpret_cast<const unsigned char*>(sig.data());
    ECDSA_SIG* ecdsa = d2i_ECDSA_SIG(nullptr, &p, static_cast<long>(sig.size()));
    std::string raw(64, '\0');
    BN_bn2binpad(ECDSA_SIG_get0_r(ecdsa), reinterpret_cast<unsigned char*>(raw.data()), 32);
    BN_bn2binpad(ECDSA_SIG_get0_s(ecdsa), reinterpret_cast<unsigned char*>(raw.data()) + 32, 32);
    ECDSA_SIG_free(ecdsa);
    return raw;
  }

  // A compact JWS of `claims` (JSON) with this key's alg and kid.
  std::string Token(const std::string& claims, const std::string& header_extra = "") const {
    const std::string header =
        absl::StrCat(R"({"alg":")", alg, R"(","typ":"JWT","kid":")", kid, "\"", header_extra, "}");
    const std::string signed_part = absl::StrCat(Base64UrlEncode(header), ".", Base64UrlEncode(claims));
    return absl::StrCat(signed_part, ".", Base64UrlEncode(Sign(signed_part)));
  }
};

std::string KeySet(const std::vector<const TestKey*>& keys) {
  std::string out = R"({"keys":[)";
  for (size_t i = 0; i < keys.size(); ++i) absl::StrAppend(&out, i ? "," : "", keys[i]->Jwk());
  return out + "]}";
}

std::string Claims(const std::string& extra = "") {
  return absl::StrCat(R"({"iss":"https://idp.example.no","sub":"kari","aud":"skillpath","iat":)", kNow - 10,
                      R"(,"exp":)", kNow + 300, R"(,"nonce":"n-0S6","email":"kari@kommune.no")", extra, "}");
}

Expectations Expect() {
  Expectations e;
  e.issuer = "https://idp.example.no";
  e.audience = "skillpath";
  e.nonce = "n-0S6";
  e.now = kNow;
  return e;
}

class JwtTest : public ::testing::Test {
 protected:
  JwtTest() {
    absl::StatusOr<Jwks> parsed = Jwks::Parse(KeySet({&rsa_, &ec_}));
    EXPECT_TRUE(parsed.ok()) << parsed.status();
    if (parsed.ok()) keys_ = *std::move(parsed);
  }
  // Replaces what is after "\"<name>\":" up to the next , or } in Claims().
  static std::string With(const std::string& name, const std::string& value) {
    std::string c = Claims();
    const std::string key = "\"" + name + "\":";
    const size_t at = c.find(key);
    if (at == std::string::npos) return c.substr(0, c.size() - 1) + "," + key + value + "}";
    const size_t from = at + key.size();
    const size_t to = c.find_first_of(",}", from);
    return c.substr(0, from) + value + c.substr(to);
  }
  absl::Status Check(const std::string& token, const Expectations& e = Expect()) {
    return Verify(token, keys_, e).status();
  }

  // Made once: RSA key generation takes a while.
  static const TestKey& SharedRsa() {
    static const TestKey key = TestKey::Rsa("rsa-1");
    return key;
  }
  static const TestKey& SharedEc() {
    static const TestKey key = TestKey::P256("ec-1");
    return key;
  }

  const TestKey& rsa_ = SharedRsa();
  const TestKey& ec_ = SharedEc();
  Jwks keys_;
};

TEST_F(JwtTest, AcceptsRs256AndEs256FromTheKeySet) {
  for (const TestKey* key : {&rsa_, &ec_}) {
    absl::StatusOr<VerifiedJwt> jwt = Verify(key->Token(Claims(R"(,"groups":["g-hr","g-it"])")), keys_, Expect());
    ASSERT_TRUE(jwt.ok()) << key->alg << ": " << jwt.status();
    EXPECT_EQ(jwt->subject, "kari");
    EXPECT_EQ(jwt->expires_at, kNow + 300);
    EXPECT_EQ(jwt->String("email"), "kari@kommune.no");
    EXPECT_THAT(jwt->Strings("groups"), ::testing::ElementsAre("g-hr", "g-it"));
    EXPECT_THAT(jwt->Strings("email"), ::testing::ElementsAre("kari@kommune.no"));
    EXPECT_EQ(jwt->String("missing"), std::nullopt);
  }
}

TEST_F(JwtTest, ANumericClaimReadsAsItsDecimalForm) {
  absl::StatusOr<VerifiedJwt> jwt = Verify(rsa_.Token(Claims(R"(,"employee_number":10234)")), keys_, Expect());
  ASSERT_TRUE(jwt.ok()) << jwt.status();
  EXPECT_EQ(jwt->String("employee_number"), "10234");
}

TEST_F(JwtTest, RefusesATamperedPayloadOrSignature) {
  const std::string token = rsa_.Token(Claims());
  const size_t dot = token.find('.');
  const std::string other = Base64UrlEncode(With("sub", "\"admin\""));
  const std::string tampered = token.substr(0, dot + 1) + other + token.substr(token.rfind('.'));
  EXPECT_THAT(Check(tampered).message(), HasSubstr("signature does not match"));
  std::string flipped = ec_.Token(Claims());
  flipped[flipped.size() - 5] = flipped[flipped.size() - 5] == 'A' ? 'B' : 'A';
  EXPECT_TRUE(absl::IsUnauthenticated(Check(flipped)));
  // An ES256 signature checked as if it were from the RSA key: its kid.
  const std::string ec_token = ec_.Token(Claims());
  const std::string header = Base64UrlEncode(R"({"alg":"RS256","kid":"rsa-1"})");
  EXPECT_TRUE(absl::IsUnauthenticated(Check(header + ec_token.substr(ec_token.find('.')))));
}

TEST_F(JwtTest, RefusesNoneHmacAndCriticalHeaders) {
  const std::string body = "." + Base64UrlEncode(Claims()) + ".";
  EXPECT_THAT(Check(Base64UrlEncode(R"({"alg":"none"})") + body).message(), HasSubstr("'none' is not accepted"));
  EXPECT_THAT(Check(Base64UrlEncode(R"({"alg":"HS256","kid":"rsa-1"})") + body + "c2ln").message(),
              HasSubstr("'HS256' is not accepted"));
  EXPECT_THAT(Check(rsa_.Token(Claims(), R"(,"crit":["exp"])")).message(), HasSubstr("critical"));
}

TEST_F(JwtTest, RefusesMalformedTokens) {
  for (const char* bad : {"", "a.b", "a.b.c.d", "!!!.e30.sig", "e30.e30.sig=", "bm90IGpzb24.e30.c2ln"}) {
    EXPECT_TRUE(absl::IsUnauthenticated(Check(bad))) << bad;
  }
  EXPECT_THAT(Check(std::string(20000, 'a')).message(), HasSubstr("16 KiB"));
}

TEST_F(JwtTest, AnUnknownKeyIsNotFoundSoThatTheCallerRefetches) {
  const TestKey rotated = TestKey::Rsa("rsa-2");
  const absl::Status s = Check(rotated.Token(Claims()));
  EXPECT_TRUE(absl::IsNotFound(s)) << s;
  EXPECT_THAT(s.message(), HasSubstr("'rsa-2'"));
  absl::StatusOr<Jwks> renewed = Jwks::Parse(KeySet({&rsa_, &rotated}));
  ASSERT_TRUE(renewed.ok());
  EXPECT_TRUE(Verify(rotated.Token(Claims()), *renewed, Expect()).ok());
}

TEST_F(JwtTest, ATokenWithoutKidNeedsTheOnlyKeyOfItsAlgorithm) {
  TestKey no_kid = rsa_;
  no_kid.kid = "";
  const std::string header = Base64UrlEncode(R"({"alg":"RS256"})");
  const std::string signed_part = header + "." + Base64UrlEncode(Claims());
  const std::string token = signed_part + "." + Base64UrlEncode(rsa_.Sign(signed_part));
  EXPECT_TRUE(Check(token).ok()) << Check(token);
  const TestKey second = TestKey::Rsa("rsa-2");
  absl::StatusOr<Jwks> two = Jwks::Parse(KeySet({&rsa_, &second}));
  ASSERT_TRUE(two.ok());
  EXPECT_TRUE(absl::IsNotFound(Verify(token, *two, Expect()).status())) << "which of two keys is not guessed";
}

TEST_F(JwtTest, ChecksIssuerAudienceAndAuthorizedParty) {
  EXPECT_THAT(Check(rsa_.Token(With("iss", "\"https://evil.example\""))).message(), HasSubstr("(iss)"));
  EXPECT_THAT(Check(rsa_.Token(With("aud", "\"other-app\""))).message(), HasSubstr("(aud)"));
  EXPECT_TRUE(Check(rsa_.Token(With("aud", R"(["other-app","skillpath"],"azp":"skillpath")"))).ok());
  EXPECT_THAT(Check(rsa_.Token(With("aud", R"(["other-app","skillpath"])"))).message(), HasSubstr("(azp)"));
  EXPECT_THAT(Check(rsa_.Token(With("aud", R"("skillpath","azp":"other-app")"))).message(), HasSubstr("(azp)"));
  // An access token's azp is the client that asked for it (the CLI), not us.
  Expectations access = Expect();
  access.access_token = true;
  EXPECT_TRUE(Check(rsa_.Token(With("aud", R"("skillpath","azp":"skillpath-cli")")), access).ok());
  EXPECT_THAT(Check(rsa_.Token(With("aud", R"("other-app","azp":"skillpath")")), access).message(), HasSubstr("(aud)"));
}

TEST_F(JwtTest, ChecksTimesWithAMinuteOfSkew) {
  EXPECT_TRUE(Check(rsa_.Token(With("exp", absl::StrCat(kNow - 30)))).ok()) << "within the skew";
  EXPECT_THAT(Check(rsa_.Token(With("exp", absl::StrCat(kNow - 61)))).message(), HasSubstr("expired"));
  EXPECT_THAT(Check(rsa_.Token(With("exp", "\"tomorrow\""))).message(), HasSubstr("no expiry"));
  EXPECT_TRUE(Check(rsa_.Token(With("iat", absl::StrCat(kNow + 30)))).ok());
  EXPECT_THAT(Check(rsa_.Token(With("iat", absl::StrCat(kNow + 120)))).message(), HasSubstr("future"));
  EXPECT_THAT(Check(rsa_.Token(With("nbf", absl::StrCat(kNow + 120)))).message(), HasSubstr("not valid yet"));
}

TEST_F(JwtTest, ChecksNonceAndSubject) {
  EXPECT_THAT(Check(rsa_.Token(With("nonce", "\"replayed\""))).message(), HasSubstr("nonce"));
  Expectations access = Expect();
  access.nonce.reset();
  EXPECT_TRUE(Check(rsa_.Token(With("nonce", "\"anything\"")), access).ok()) << "access tokens carry no nonce";
  EXPECT_THAT(Check(rsa_.Token(With("sub", "\"\""))).message(), HasSubstr("(sub)"));
}

TEST(Jwks, KeepsOnlyKeysItCanVerifyWith) {
  const TestKey weak = TestKey::Rsa("weak", 1024);
  const TestKey ok = TestKey::P256("ec");
  const std::string doc = absl::StrCat(R"({"keys":[)", weak.Jwk(), ",", ok.Jwk(),
                                       R"(,{"kty":"RSA","use":"enc","kid":"e","n":"AQAB","e":"AQAB"})",
                                       R"(,{"kty":"OKP","crv":"Ed25519","kid":"ed","x":"AAAA"})", "]}");
  absl::StatusOr<Jwks> keys = Jwks::Parse(doc);
  ASSERT_TRUE(keys.ok()) << keys.status();
  ASSERT_EQ(keys->keys().size(), 1u);
  EXPECT_EQ(keys->keys()[0].kid, "ec");
}

// private_key_jwt (client_key.h): what skillpath signs, a provider verifies
// as any JWS; here with our own Verify and the key's public half.
TEST_F(JwtTest, AClientAssertionIsASignedJwtForTheTokenEndpoint) {
  for (const TestKey* key : {&rsa_, &ec_}) {
    std::unique_ptr<BIO, decltype(&BIO_free)> bio(BIO_new(BIO_s_mem()), BIO_free);
    ASSERT_EQ(PEM_write_bio_PrivateKey(bio.get(), key->key.get(), nullptr, nullptr, 0, nullptr, nullptr), 1);
    char* data = nullptr;
    const long n = BIO_get_mem_data(bio.get(), &data);
    absl::StatusOr<ClientKey> client = ClientKey::FromPem(std::string(data, static_cast<size_t>(n)), key->kid, "--k");
    ASSERT_TRUE(client.ok()) << client.status();
    absl::StatusOr<std::string> assertion = client->Assertion("skillpath", "https://idp.example.no/token", kNow);
    ASSERT_TRUE(assertion.ok()) << assertion.status();
    Expectations e;
    e.issuer = "skillpath";
    e.audience = "https://idp.example.no/token";
    e.now = kNow + 60;
    absl::StatusOr<VerifiedJwt> verified = Verify(*assertion, keys_, e);
    ASSERT_TRUE(verified.ok()) << verified.status() << " " << key->alg;
    EXPECT_EQ(verified->subject, "skillpath");
    EXPECT_EQ(verified->expires_at, kNow + 120);
    EXPECT_NE(*client->Assertion("skillpath", "https://idp.example.no/token", kNow), *assertion) << "a fresh jti";
  }
  EXPECT_THAT(ClientKey::FromPem("not a key", "", "--oidc-client-key-file").status().message(),
              HasSubstr("--oidc-client-key-file: not a PEM private key"));
}

TEST(Jwks, NamesTheFieldOfAMalformedKey) {
  EXPECT_THAT(Jwks::Parse("[1,2]").status().message(), HasSubstr("not a JSON object"));
  EXPECT_THAT(Jwks::Parse(R"({"keys":{}})").status().message(), HasSubstr("no \"keys\" list"));
  EXPECT_THAT(Jwks::Parse(R"({"keys":[{"kty":"RSA","n":"***","e":"AQAB"}]})").status().message(),
              HasSubstr("keys[0].n: must be base64url"));
  EXPECT_THAT(Jwks::Parse(R"({"keys":[{"kty":"EC","crv":"P-256","x":"AAAA","y":"AAAA"}]})").status().message(),
              HasSubstr("32 bytes"));
}

}  // namespace
}  // namespace skillpath::oidc
