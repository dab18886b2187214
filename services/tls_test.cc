// TLS on the gRPC port: a self-signed certificate made here (OpenSSL),
// calls over TLS, plaintext refused by a TLS port, plaintext refused on a
// non-loopback address unless allowed, and client certificates when asked.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <fstream>

#include "db/test_util.h"
#include "services/server.h"
#include "services/test_server.h"
#include "skillpath/v1/framework.grpc.pb.h"

namespace skillpath::services {
namespace {

using ::testing::HasSubstr;

struct Pem {
  std::string cert, key;
};

// A self-signed EC certificate for localhost and 127.0.0.1 that may also
// sign (so it serves as its own CA for client-certificate checks).
Pem MakeSelfSigned(const std::string& cn) {
  EVP_PKEY* key = EVP_PKEY_Q_keygen(nullptr, nullptr, "EC", "P-256");
  X509* x = X509_new();
  X509_set_version(x, 2);
  ASN1_INTEGER_set(X509_get_serialNumber(x), 1);
  X509_gmtime_adj(X509_getm_notBefore(x), -60);
  X509_gmtime_adj(X509_getm_notAfter(x), 3600);
  X509_set_pubkey(x, key);
  X509_NAME* name = X509_get_subject_name(x);
  X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC, reinterpret_cast<const unsigned char*>(cn.c_str()), -1, -1, 0);
  X509_set_issuer_name(x, name);
  X509V3_CTX ctx;
  X509V3_set_ctx(&ctx, x, x, nullptr, nullptr, 0);
  for (auto [nid, value] : std::vector<std::pair<int, const char*>>{{NID_subject_alt_name, "DNS:localhost,IP:127.0.0.1"},
                                                                     {NID_basic_constraints, "critical,CA:TRUE"},
                                                                     {NID_key_usage, "digitalSignature,keyCertSign"}}) {
    X509_EXTENSION* ext = X509V3_EXT_conf_nid(nullptr, &ctx, nid, value);
    X509_add_ext(x, ext, -1);
    X509_EXTENSION_free(ext);
  }
  X509_sign(x, key, EVP_sha256());
  auto to_string = [](BIO* bio) {
    char* data = nullptr;
    long n = BIO_get_mem_data(bio, &data);
    std::string s(data, static_cast<size_t>(n));
    BIO_free(bio);
    return s;
  };
  BIO* cert_bio = BIO_new(BIO_s_mem());
  PEM_write_bio_X509(cert_bio, x);
  BIO* key_bio = BIO_new(BIO_s_mem());
  PEM_write_bio_PrivateKey(key_bio, key, nullptr, nullptr, 0, nullptr, nullptr);
  Pem pem{to_string(cert_bio), to_string(key_bio)};
  X509_free(x);
  EVP_PKEY_free(key);
  return pem;
}

std::string WriteTemp(const std::string& name, const std::string& content) {
  const std::string path = std::string("/tmp/skillpath-tls-") + std::to_string(getpid()) + "-" + name;
  std::ofstream(path) << content;
  return path;
}

grpc::Status ListFrameworks(const std::shared_ptr<grpc::Channel>& channel, const std::string& token) {
  auto stub = v1::FrameworkService::NewStub(channel);
  grpc::ClientContext ctx;
  ctx.AddMetadata("authorization", "Bearer " + token);
  ctx.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(5));
  v1::ListFrameworksResponse resp;
  return stub->ListFrameworks(&ctx, {}, &resp);
}

class TlsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    server_pem_ = MakeSelfSigned("localhost");
    client_pem_ = MakeSelfSigned("skillpath-client");
    cert_ = WriteTemp("server.crt", server_pem_.cert);
    key_ = WriteTemp("server.key", server_pem_.key);
    client_ca_ = WriteTemp("client-ca.crt", client_pem_.cert);
  }
  ServerOptions Options() {
    ServerOptions o;
    o.db_path = tmp_.path();
    o.listen = "127.0.0.1:0";
    return o;
  }
  std::shared_ptr<grpc::Channel> TlsChannel(int port, bool with_client_cert) {
    grpc::SslCredentialsOptions ssl;
    ssl.pem_root_certs = server_pem_.cert;
    if (with_client_cert) {
      ssl.pem_cert_chain = client_pem_.cert;
      ssl.pem_private_key = client_pem_.key;
    }
    return grpc::CreateChannel("localhost:" + std::to_string(port), grpc::SslCredentials(ssl));
  }
  db::testing::TempDbPath tmp_;
  Pem server_pem_, client_pem_;
  std::string cert_, key_, client_ca_;
};

TEST_F(TlsTest, CallsOverTlsAndPlaintextIsRefusedOnTheTlsPort) {
  ServerOptions o = Options();
  o.tls_cert_file = cert_;
  o.tls_key_file = key_;
  auto server = Server::Start(o);
  ASSERT_TRUE(server.ok()) << server.status();
  const std::string token = testing::MintTestToken(**server, core::Grant::kHr);
  EXPECT_TRUE(ListFrameworks(TlsChannel((*server)->port(), false), token).ok());
  EXPECT_EQ(ListFrameworks(TlsChannel((*server)->port(), false), "").error_code(), grpc::UNAUTHENTICATED)
      << "TLS does not replace the token";
  auto plaintext = grpc::CreateChannel((*server)->address(), grpc::InsecureChannelCredentials());
  EXPECT_EQ(ListFrameworks(plaintext, token).error_code(), grpc::UNAVAILABLE);
}

TEST_F(TlsTest, ClientCertificatesAreRequiredWhenAsked) {
  ServerOptions o = Options();
  o.tls_cert_file = cert_;
  o.tls_key_file = key_;
  o.tls_client_ca_file = client_ca_;
  auto server = Server::Start(o);
  ASSERT_TRUE(server.ok()) << server.status();
  const std::string token = testing::MintTestToken(**server, core::Grant::kHr);
  EXPECT_FALSE(ListFrameworks(TlsChannel((*server)->port(), false), token).ok()) << "no client certificate";
  EXPECT_TRUE(ListFrameworks(TlsChannel((*server)->port(), true), token).ok());
}

TEST_F(TlsTest, PlaintextOnlyOnLoopbackUnlessAllowed) {
  ServerOptions o = Options();
  o.listen = "0.0.0.0:0";
  auto refused = Server::Start(o);
  ASSERT_FALSE(refused.ok());
  EXPECT_THAT(std::string(refused.status().message()), HasSubstr("--allow-insecure"));
  o.allow_insecure = true;
  auto allowed = Server::Start(o);
  EXPECT_TRUE(allowed.ok()) << allowed.status();
}

TEST_F(TlsTest, BadTlsOptionsAreRefusedWithTheFlag) {
  ServerOptions o = Options();
  o.tls_cert_file = cert_;
  auto half = Server::Start(o);
  EXPECT_THAT(std::string(half.status().message()), HasSubstr("--tls-cert and --tls-key go together"));
  o.tls_key_file = "/nonexistent/key.pem";
  auto missing = Server::Start(o);
  EXPECT_THAT(std::string(missing.status().message()), HasSubstr("--tls-key: cannot read"));
  EXPECT_TRUE(IsLoopback("127.0.0.1:50051"));
  EXPECT_TRUE(IsLoopback("[::1]:0"));
  EXPECT_TRUE(IsLoopback("localhost:1"));
  EXPECT_FALSE(IsLoopback("0.0.0.0:50051"));
  EXPECT_FALSE(IsLoopback("10.0.0.5:50051"));
}

}  // namespace
}  // namespace skillpath::services
