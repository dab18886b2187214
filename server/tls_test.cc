// TLS on the gRPC port: a self-signed certificate made here (OpenSSL),
// calls over TLS, plaintext refused by a TLS port, plaintext refused on a
// non-loopback address unless allowed, and client certificates when asked.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <fstream>

#include "common/host_port.h"
#include "server/server.h"
#include "skillpath/v1/framework.grpc.pb.h"
#include "testing/db/db_files.h"
#include "testing/process/self_signed.h"
#include "testing/service_test.h"

namespace skillpath::services {
namespace {

using ::testing::HasSubstr;

using skillpath::testing::MakeSelfSigned;
using skillpath::testing::Pem;

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
  ServerOptions Options() { return testing::TestServerOptions(tmp_.path()); }
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
  EXPECT_TRUE(ListFrameworks(TlsChannel((*server)->PortForTest(), false), token).ok());
  EXPECT_EQ(ListFrameworks(TlsChannel((*server)->PortForTest(), false), "").error_code(), grpc::UNAUTHENTICATED)
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
  EXPECT_FALSE(ListFrameworks(TlsChannel((*server)->PortForTest(), false), token).ok()) << "no client certificate";
  EXPECT_TRUE(ListFrameworks(TlsChannel((*server)->PortForTest(), true), token).ok());
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
  EXPECT_TRUE(common::IsLoopback("127.0.0.1:50051"));
  EXPECT_TRUE(common::IsLoopback("[::1]:0"));
  EXPECT_TRUE(common::IsLoopback("localhost:1"));
  EXPECT_FALSE(common::IsLoopback("0.0.0.0:50051"));
  EXPECT_FALSE(common::IsLoopback("10.0.0.5:50051"));
}

// One HTTPS request to 127.0.0.1:`port` trusting `ca`; the status, or -1
// when the TLS handshake fails.
int Https(int port, const std::string& ca, const std::string& target, const std::string& token,
          std::string* body = nullptr, std::string* hsts = nullptr) {
  namespace net = boost::asio;
  namespace beast = boost::beast;
  namespace http = beast::http;
  net::io_context io;
  net::ssl::context tls(net::ssl::context::tls_client);
  tls.add_certificate_authority(net::buffer(ca));
  tls.set_verify_mode(net::ssl::verify_peer);
  beast::ssl_stream<beast::tcp_stream> stream(io, tls);
  SSL_set_tlsext_host_name(stream.native_handle(), "localhost");
  stream.set_verify_callback(net::ssl::host_name_verification("localhost"));
  net::ip::tcp::resolver resolver(io);
  beast::get_lowest_layer(stream).connect(resolver.resolve("127.0.0.1", std::to_string(port)));
  beast::error_code ec;
  stream.handshake(net::ssl::stream_base::client, ec);
  if (ec) return -1;
  const bool post = target.rfind("/skillpath.v1.", 0) == 0;
  http::request<http::string_body> req{post ? http::verb::post : http::verb::get, target, 11};
  req.set(http::field::host, "localhost");
  if (post) {
    req.set(http::field::content_type, "application/json");
    req.body() = "{}";
  }
  if (!token.empty()) req.set(http::field::authorization, "Bearer " + token);
  req.prepare_payload();
  http::write(stream, req);
  beast::flat_buffer buffer;
  http::response<http::string_body> res;
  http::read(stream, buffer, res);
  if (body) *body = res.body();
  if (hsts) *hsts = std::string(res["strict-transport-security"]);
  return static_cast<int>(res.result_int());
}

TEST_F(TlsTest, TheHttpSideServesHttpsWithTheSameCertificate) {
  ServerOptions o = Options();
  o.tls_cert_file = cert_;
  o.tls_key_file = key_;
  o.http_listen = "127.0.0.1:0";
  auto server = Server::Start(o);
  ASSERT_TRUE(server.ok()) << server.status();
  const int port = std::stoi((*server)->http_address().substr((*server)->http_address().rfind(':') + 1));
  std::string body, hsts;
  EXPECT_EQ(Https(port, server_pem_.cert, "/healthz", "", &body, &hsts), 200);
  EXPECT_EQ(body, "ok\n");
  EXPECT_EQ(hsts, "max-age=31536000") << "HSTS under TLS (and only there: HttpGatewayTest.SecurityHeaders)";
  const std::string token = testing::MintTestToken(**server, core::Grant::kHr);
  EXPECT_EQ(Https(port, server_pem_.cert, "/skillpath.v1.FrameworkService/ListFrameworks", token, &body), 200) << body;
  EXPECT_EQ(Https(port, server_pem_.cert, "/skillpath.v1.FrameworkService/ListFrameworks", "", &body), 401) << body;
  EXPECT_EQ(Https(port, client_pem_.cert, "/healthz", ""), -1) << "a client that does not trust the certificate";

  // With TLS, a non-loopback HTTP address needs no --allow-insecure.
  ServerOptions wide = Options();
  wide.db_path = tmp_.path() + "-wide";
  wide.tls_cert_file = cert_;
  wide.tls_key_file = key_;
  wide.listen = "0.0.0.0:0";
  wide.http_listen = "0.0.0.0:0";
  auto open = Server::Start(wide);
  EXPECT_TRUE(open.ok()) << open.status();
  if (open.ok()) (*open)->Shutdown();
  for (const char* suffix : {"", "-wal", "-shm"}) std::remove((wide.db_path + suffix).c_str());
}

}  // namespace
}  // namespace skillpath::services
