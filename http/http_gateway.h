#pragma once
// The HTTP side of skillpathd (Boost.Beast on Boost.Asio): the web client's
// static files, every unary skillpath.v1 method in the Connect protocol's
// unary form (POST /skillpath.v1.<Service>/<Method>, application/json or
// application/proto, gzip or identity), GET /healthz and GET /metrics.
//
// One generic transcoder serves every method (http/connect/connect_codec.h):
// the method is found in the descriptor pool, the body becomes the request
// message, and the call
// goes through grpc's generic stub on the server's in-process channel with
// the request's `authorization` header — so validation, authorisation and
// audit are exactly the gRPC path's, and no method has code of its own here.

#include <grpcpp/grpcpp.h>

#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "absl/status/statusor.h"
#include "http/connect/connect_codec.h"  // ConnectCode, ConnectHttpStatus

namespace skillpath::services {

// Sign-in (issue #12): a request to /auth/... as the handler sees it, and
// its answer. The handler runs on a pool of its own (it may wait on the
// OpenID provider), never on the I/O threads.
struct AuthRequest {
  std::string method;        // GET or POST
  std::string path;          // /auth/login, /auth/callback, /auth/logout, ...
  std::string query;         // after '?', undecoded
  std::string session;       // the session cookie's value ("" for none)
  bool same_origin = false;  // Origin (when sent) is this server's own
  std::string accept_language;
  std::string accept;  // a script's fetch asks for application/json rather than a redirect
};
struct AuthAnswer {
  int status = 302;
  std::string location;  // for a redirect
  std::string body;
  std::string content_type = "text/html; charset=utf-8";
  // Set: the session cookie becomes this value ("": it is cleared).
  std::optional<std::string> set_session;
  int session_max_age_seconds = 0;  // with set_session: how long the browser keeps it
};

// A call authenticates with the session cookie (http/session_cookie.h)
// only when it sends no authorization header, sends "X-Skillpath-Session:
// 1" (which a cross-site form cannot) and an Origin, if any, of this server.

struct HttpOptions {
  std::string listen = "127.0.0.1:8080";  // port 0 picks a free port
  std::string web_root;                   // the web client's files; empty: none served
  size_t max_body_bytes = 4 * 1024 * 1024;  // a request, or one message of a stream
  // A client-streaming call's body (Connect's streaming form: an import
  // file from the web client), read and passed on as it comes, and its
  // deadline.
  size_t max_stream_body_bytes = size_t{512} << 20;
  std::chrono::seconds stream_call_timeout{600};
  std::chrono::seconds idle_timeout{60};  // keep-alive: a connection idle this long is closed
  std::chrono::seconds call_timeout{60};  // deadline of a call made for a request
  int threads = 2;
  // Open connections at most; one beyond is accepted and closed at once.
  // 0: common/descriptors.h's DefaultConnectionLimit().
  int max_connections = 0;
  // HTTPS (PEM files), as for the gRPC port; with a client CA, clients must
  // present a certificate it signed.
  std::string tls_cert_file;
  std::string tls_key_file;
  std::string tls_client_ca_file;
  // GET /demo-users.json: the demo users and their tokens, only while this
  // returns something (skillpathd --demo), so the sign-in page can offer them.
  std::function<std::string()> demo_users;
  // GET/POST /auth/...: sign-in through the OpenID provider, when set.
  std::function<AuthAnswer(const AuthRequest&)> auth;
};

class HttpGateway {
 public:
  // `channel`: where calls go (the server's in-process channel). `metrics`:
  // the body of GET /metrics. `ready`: whether GET /healthz answers 200.
  static absl::StatusOr<std::unique_ptr<HttpGateway>> Start(const HttpOptions& options,
                                                            std::shared_ptr<grpc::Channel> channel,
                                                            std::function<std::string()> metrics,
                                                            std::function<bool()> ready);
  ~HttpGateway();  // Shutdown()s.

  const std::string& address() const { return address_; }
  int PortForTest() const { return port_; }

  // Stops accepting, closes idle connections, lets requests in flight
  // finish (their calls are bounded by the gRPC server's drain), joins.
  void Shutdown();

  class Impl;

 private:
  HttpGateway() = default;
  std::unique_ptr<Impl> impl_;
  std::string address_;
  int port_ = 0;
};

}  // namespace skillpath::services
