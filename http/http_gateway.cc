#include "http/http_gateway.h"

#include <grpcpp/generic/generic_stub.h>
#include <spdlog/spdlog.h>

#include <atomic>
#include <boost/asio/dispatch.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/thread_pool.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <condition_variable>
#include <filesystem>
#include <mutex>
#include <optional>
#include <variant>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "common/descriptors.h"
#include "common/host_port.h"
#include "common/pem.h"
#include "http/connect_codec.h"
#include "http/session_cookie.h"
#include "http/web_files.h"

namespace skillpath::services {

namespace net = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = net::ip::tcp;

class HttpGateway::Impl {
 public:
  Impl(const HttpOptions& options, std::shared_ptr<grpc::Channel> channel, std::function<std::string()> metrics,
       std::function<bool()> ready)
      : options_(options),
        io_(options.threads),
        acceptor_(net::make_strand(io_)),
        stub_(std::move(channel)),
        metrics_(std::move(metrics)),
        ready_(std::move(ready)) {
    if (!options_.web_root.empty()) {
      std::error_code ec;
      web_root_ = std::filesystem::canonical(options_.web_root, ec);
      if (ec) web_root_.clear();
    }
  }

  // HTTPS with the certificate and key (and client certificates signed by
  // the CA, when given).
  absl::Status SetUpTls() {
    if (options_.tls_cert_file.empty() && options_.tls_key_file.empty()) return absl::OkStatus();
    if (absl::Status s = common::CheckCertAndKey(options_.tls_cert_file, options_.tls_key_file); !s.ok()) return s;
    tls_ = std::make_unique<net::ssl::context>(net::ssl::context::tls_server);
    tls_->set_options(net::ssl::context::default_workarounds | net::ssl::context::no_sslv2 |
                      net::ssl::context::no_sslv3 | net::ssl::context::no_tlsv1 | net::ssl::context::no_tlsv1_1);
    beast::error_code ec;
    tls_->use_certificate_chain_file(options_.tls_cert_file, ec);
    if (ec) return absl::InvalidArgumentError(absl::StrCat("--tls-cert ", options_.tls_cert_file, ": ", ec.message()));
    tls_->use_private_key_file(options_.tls_key_file, net::ssl::context::pem, ec);
    if (ec) return absl::InvalidArgumentError(absl::StrCat("--tls-key ", options_.tls_key_file, ": ", ec.message()));
    if (!options_.tls_client_ca_file.empty()) {
      tls_->load_verify_file(options_.tls_client_ca_file, ec);
      if (ec) {
        return absl::InvalidArgumentError(
            absl::StrCat("--tls-client-ca ", options_.tls_client_ca_file, ": ", ec.message()));
      }
      tls_->set_verify_mode(net::ssl::verify_peer | net::ssl::verify_fail_if_no_peer_cert);
    }
    return absl::OkStatus();
  }

  absl::Status Listen(int* port) {
    if (absl::Status s = SetUpTls(); !s.ok()) return s;
    absl::StatusOr<common::HostPort> where = common::SplitHostPort("--http", options_.listen);
    if (!where.ok()) return where.status();
    beast::error_code ec;
    tcp::resolver resolver(io_);
    auto endpoints = resolver.resolve(where->host, where->port, ec);
    if (ec || endpoints.empty()) {
      return absl::InvalidArgumentError(absl::StrCat("--http: cannot resolve '", options_.listen, "': ", ec.message()));
    }
    const tcp::endpoint endpoint = endpoints.begin()->endpoint();
    acceptor_.open(endpoint.protocol(), ec);
    if (!ec) acceptor_.set_option(net::socket_base::reuse_address(true), ec);
    if (!ec) acceptor_.bind(endpoint, ec);
    if (!ec) acceptor_.listen(net::socket_base::max_listen_connections, ec);
    if (ec) return absl::UnavailableError(absl::StrCat("cannot listen on ", options_.listen, ": ", ec.message()));
    *port = acceptor_.local_endpoint().port();
    Accept();
    for (int i = 0; i < std::max(1, options_.threads); ++i) threads_.emplace_back([this] { io_.run(); });
    return absl::OkStatus();
  }

  void Shutdown() {
    if (stopping_.exchange(true)) return;
    net::post(acceptor_.get_executor(), [this] {
      beast::error_code ec;
      acceptor_.close(ec);
    });
    // Calls still running answer first (the gRPC server drains before this).
    {
      std::unique_lock<std::mutex> lock(mu_);
      calls_done_.wait_for(lock, options_.call_timeout, [this] { return calls_in_flight_ == 0; });
    }
    auth_pool_.join();  // sign-ins under way finish (each is bounded by its fetch timeouts)
    io_.stop();
    for (std::thread& t : threads_) t.join();
    threads_.clear();
  }

  // Runs the sign-in handler off the I/O threads; `done` gets its answer.
  void Authenticate(AuthRequest request, std::function<void(AuthAnswer)> done) {
    net::post(auth_pool_,
              [this, request = std::move(request), done = std::move(done)] { done(options_.auth(request)); });
  }

  void CallStarted() {
    std::lock_guard<std::mutex> lock(mu_);
    ++calls_in_flight_;
  }
  void CallEnded() {
    std::lock_guard<std::mutex> lock(mu_);
    if (--calls_in_flight_ == 0) calls_done_.notify_all();
  }

  const HttpOptions& options() const { return options_; }
  grpc::GenericStub& stub() { return stub_; }
  const std::filesystem::path& web_root() const { return web_root_; }
  std::string Metrics() const { return metrics_ ? metrics_() : ""; }
  std::string DemoUsers() const { return options_.demo_users ? options_.demo_users() : ""; }
  bool Ready() const { return !stopping_ && (!ready_ || ready_()); }

 private:
  void Accept();

  HttpOptions options_;
  // Accept(): open connections (each Session's lifetime), and the descriptor
  // given up to accept-and-close when there is none left.
  std::atomic<int> connections_{0};
  SpareDescriptor spare_;
  net::io_context io_;
  tcp::acceptor acceptor_;
  grpc::GenericStub stub_;
  std::function<std::string()> metrics_;
  std::function<bool()> ready_;
  std::filesystem::path web_root_;
  std::unique_ptr<net::ssl::context> tls_;  // set: HTTPS
  net::thread_pool auth_pool_{2};           // /auth/...: may wait on the OpenID provider
  net::steady_timer retry_{acceptor_.get_executor()};
  std::vector<std::thread> threads_;
  std::atomic<bool> stopping_{false};
  std::mutex mu_;
  std::condition_variable calls_done_;
  int calls_in_flight_ = 0;
};

namespace {

// One connection: requests read one after another (keep-alive), each
// answered before the next is read. What a request means is decided in
// http/connect_codec.h and http/web_files.h; this class moves bytes.
//
// `Stream` is beast::tcp_stream (plain HTTP) or beast::ssl_stream of one
// (HTTPS: the TLS handshake comes first, a TLS shutdown last).
template <class Stream>
class Session : public std::enable_shared_from_this<Session<Stream>> {
 public:
  static constexpr bool kTls = !std::is_same_v<Stream, beast::tcp_stream>;

  Session(tcp::socket&& socket, HttpGateway::Impl& gateway) : stream_(std::move(socket)), gateway_(gateway) {}
  Session(tcp::socket&& socket, net::ssl::context& tls, HttpGateway::Impl& gateway)
      : stream_(std::move(socket), tls), gateway_(gateway) {}

  void Start() {
    net::dispatch(stream_.get_executor(), [self = this->shared_from_this()] {
      if constexpr (kTls) {
        beast::get_lowest_layer(self->stream_).expires_after(std::chrono::seconds(30));
        self->stream_.async_handshake(net::ssl::stream_base::server, [self](beast::error_code ec) {
          if (!ec) self->Read();
        });
      } else {
        self->Read();
      }
    });
  }

 private:
  struct RpcState {
    UnaryCall call;
    grpc::ClientContext context;
    grpc::ByteBuffer request;
    grpc::ByteBuffer response;
  };

  // The headers first: a body too large for the limit is refused from its
  // Content-Length, and a call's deadline counts from here.
  void Read() {
    parser_.emplace();
    parser_->body_limit(gateway_.options().max_body_bytes);
    parser_->header_limit(16 * 1024);
    beast::get_lowest_layer(stream_).expires_after(gateway_.options().idle_timeout);
    http::async_read_header(
        stream_, buffer_, *parser_,
        [self = this->shared_from_this()](beast::error_code ec, std::size_t) { self->OnHeader(ec); });
  }

  void OnHeader(beast::error_code ec) {
    if (ec == http::error::end_of_stream) return Close();
    if (ec == http::error::body_limit) return TooLarge();
    if (ec) return;  // timed out, reset or malformed: drop the connection
    received_ = std::chrono::system_clock::now();
    const auto& head = parser_->get();
    if (head.version() == 11 && beast::iequals(head[http::field::expect], "100-continue") && !parser_->is_done()) {
      // curl and others wait for this before sending a large body.
      auto go_on = std::make_shared<http::response<http::empty_body>>(http::status::continue_, 11);
      return http::async_write(stream_, *go_on,
                               [self = this->shared_from_this(), go_on](beast::error_code ec, std::size_t) {
                                 if (!ec) self->ReadBody();
                               });
    }
    ReadBody();
  }

  void ReadBody() {
    http::async_read(stream_, buffer_, *parser_,
                     [self = this->shared_from_this()](beast::error_code ec, std::size_t) { self->OnRead(ec); });
  }

  void OnRead(beast::error_code ec) {
    if (ec == http::error::body_limit) return TooLarge();  // chunked: found out on the way
    if (ec) return;
    request_ = parser_->release();
    keep_alive_ = request_.keep_alive();
    version_ = request_.version();
    beast::get_lowest_layer(stream_).expires_never();  // the call has its own deadline
    Handle();
  }

  // 413, then the rest of the body read and dropped (bounded) before the
  // connection closes: closing with unread data would reset it, and the
  // client, still writing, would see EPIPE instead of the answer.
  void TooLarge() {
    keep_alive_ = false;
    drain_ = true;
    version_ = 11;
    request_ = {};
    SendError(
        ConnectError{grpc::RESOURCE_EXHAUSTED,
                     absl::StrCat("the request body is larger than ", gateway_.options().max_body_bytes, " bytes"),
                     413,
                     {}});
  }

  void Drain() {
    if constexpr (!kTls) {
      beast::error_code ec;  // the answer is complete: FIN now, so the client may read it at once
      stream_.socket().shutdown(tcp::socket::shutdown_send, ec);
    }
    beast::get_lowest_layer(stream_).expires_after(std::chrono::seconds(10));
    drain_left_ = 2 * gateway_.options().max_body_bytes + (1 << 20);
    DrainSome();
  }

  void DrainSome() {
    discard_.resize(16 * 1024);
    stream_.async_read_some(net::buffer(discard_),
                            [self = this->shared_from_this()](beast::error_code ec, std::size_t n) {
                              if (ec || n >= self->drain_left_) {
                                if constexpr (kTls) self->Close();
                                return;  // plain TCP: the socket closes with the session
                              }
                              self->drain_left_ -= n;
                              self->DrainSome();
                            });
  }

  void Handle() {
    const std::string_view path = PathOf(std::string_view(request_.target().data(), request_.target().size()));
    const Route route = RouteOf(path);
    if (route == Route::kRpc) return Rpc();
    const http::verb verb = request_.method();
    if (route == Route::kAuth) return Auth(verb);
    if (verb != http::verb::get && verb != http::verb::head) {
      return SendText(http::status::method_not_allowed, "only GET and HEAD here\n", "text/plain; charset=utf-8",
                      "GET, HEAD");
    }
    switch (route) {
      case Route::kHealth: {
        const bool ok = gateway_.Ready();
        return SendText(ok ? http::status::ok : http::status::service_unavailable, ok ? "ok\n" : "not serving\n");
      }
      case Route::kMetrics:
        return SendText(http::status::ok, gateway_.Metrics(), "text/plain; version=0.0.4");
      case Route::kDemoUsers: {
        std::string users = gateway_.DemoUsers();
        if (users.empty()) return SendText(http::status::not_found, "not a demo server\n");
        // The demo tokens sign anyone in: only for the server's own machine.
        beast::error_code ec;
        const auto peer = beast::get_lowest_layer(stream_).socket().remote_endpoint(ec);
        if (ec || !IsLoopbackPeer(peer.address())) {
          return SendText(http::status::forbidden, "the demo users are offered on the server's own machine only\n");
        }
        return SendText(http::status::ok, std::move(users), "application/json");
      }
      default:
        return Static(path);
    }
  }

  // Sign-in (HttpOptions::auth): the answer is computed on the gateway's
  // pool, then sent from this connection's executor.
  void Auth(http::verb verb) {
    if (!gateway_.options().auth) return SendText(http::status::not_found, "sign-in is not configured\n");
    if (verb != http::verb::get && verb != http::verb::post) {
      return SendText(http::status::method_not_allowed, "only GET and POST here\n", "text/plain; charset=utf-8",
                      "GET, POST");
    }
    const std::string_view target(request_.target().data(), request_.target().size());
    AuthRequest auth;
    auth.method = verb == http::verb::post ? "POST" : "GET";
    auth.path = std::string(PathOf(target));
    auth.query = target.size() > auth.path.size() ? std::string(target.substr(auth.path.size() + 1)) : "";
    auth.session = SessionFromCookie();
    auth.same_origin =
        SameOrigin(Header(http::field::origin), Header(http::field::host), kTls, Header("sec-fetch-site"));
    auth.accept_language = std::string(Header(http::field::accept_language));
    auth.accept = std::string(Header(http::field::accept));
    gateway_.Authenticate(std::move(auth), [self = this->shared_from_this()](AuthAnswer answer) {
      net::post(self->stream_.get_executor(), [self, answer = std::move(answer)]() mutable {
        http::response<http::string_body> res{static_cast<http::status>(answer.status), self->version_};
        res.set(http::field::content_type, answer.content_type);
        res.set(http::field::cache_control, "no-store");
        if (!answer.location.empty()) res.set(http::field::location, answer.location);
        if (answer.set_session) {
          res.set(http::field::set_cookie, SessionSetCookie(kTls, *answer.set_session, answer.session_max_age_seconds));
        }
        res.body() = std::move(answer.body);
        self->Send(std::move(res));
      });
    });
  }

  std::string_view Header(http::field field) const {
    auto it = request_.find(field);
    return it == request_.end() ? std::string_view() : std::string_view(it->value().data(), it->value().size());
  }
  std::string_view Header(std::string_view name) const {
    auto it = request_.find(beast::string_view(name.data(), name.size()));
    return it == request_.end() ? std::string_view() : std::string_view(it->value().data(), it->value().size());
  }
  std::string SessionFromCookie() const { return CookieValue(Header(http::field::cookie), SessionCookieName(kTls)); }

  void Rpc() {
    auto parsed = ParseUnary(
        request_,
        ConnectLimits{gateway_.options().max_body_bytes,
                      std::chrono::duration_cast<std::chrono::milliseconds>(gateway_.options().call_timeout)});
    if (auto* error = std::get_if<ConnectError>(&parsed)) return SendError(*error);
    auto state = std::make_shared<RpcState>();
    state->call = std::move(std::get<UnaryCall>(parsed));
    grpc::Slice slice(state->call.request);
    state->request = grpc::ByteBuffer(&slice, 1);
    state->context.set_deadline(received_ + state->call.timeout);
    // Checked printable ASCII by ParseUnary: grpc++ aborts on anything else.
    if (!state->call.authorization.empty()) {
      state->context.AddMetadata("authorization", state->call.authorization);
    } else if (const std::string session = SessionFromCookie(); !session.empty()) {
      // The web client's session: only from our own pages (see http_gateway.h).
      if (Header("x-skillpath-session") != "1" ||
          !SameOrigin(Header(http::field::origin), Header(http::field::host), kTls, Header("sec-fetch-site"))) {
        return SendError(ConnectError{
            grpc::UNAUTHENTICATED, "the session cookie is accepted only from skillpath's own pages", 0, {}});
      }
      if (!IsMetadataValue(session)) {
        return SendError(ConnectError{grpc::UNAUTHENTICATED, "the session cookie is not a session", 0, {}});
      }
      state->context.AddMetadata("authorization", "Bearer " + session);
    }
    gateway_.CallStarted();
    gateway_.stub().UnaryCall(&state->context, state->call.grpc_path, grpc::StubOptions(), &state->request,
                              &state->response, [self = this->shared_from_this(), state](grpc::Status status) {
                                net::post(self->stream_.get_executor(), [self, state, status] {
                                  self->OnRpcDone(*state, status);
                                  self->gateway_.CallEnded();
                                });
                              });
  }

  void OnRpcDone(RpcState& state, const grpc::Status& status) {
    if (!status.ok()) return SendError(ConnectError{status.error_code(), status.error_message(), 0, {}});
    std::vector<grpc::Slice> slices;
    (void)state.response.Dump(&slices);
    std::string bytes;
    for (const grpc::Slice& s : slices) bytes.append(reinterpret_cast<const char*>(s.begin()), s.size());
    auto body = EncodeResponse(*state.call.method, state.call.codec, bytes);
    if (auto* error = std::get_if<ConnectError>(&body)) return SendError(*error);
    http::response<http::string_body> res{http::status::ok, version_};
    res.set(http::field::content_type, ContentTypeOf(state.call.codec));
    res.body() = std::move(std::get<std::string>(body));
    Send(std::move(res));
  }

  void Static(std::string_view path) {
    const std::filesystem::path& root = gateway_.web_root();
    if (root.empty()) return SendText(http::status::not_found, "no web client is installed\n");
    const std::optional<std::filesystem::path> file = ResolveStatic(root, path);
    if (!file) return SendText(http::status::not_found, "not found\n");
    http::file_body::value_type body;
    beast::error_code bec;
    body.open(file->c_str(), beast::file_mode::scan, bec);
    if (bec) return SendText(http::status::not_found, "not found\n");
    const auto size = body.size();
    if (request_.method() == http::verb::head) {
      http::response<http::empty_body> res{http::status::ok, version_};
      res.set(http::field::content_type, FileContentType(*file));
      res.set(http::field::cache_control, "no-cache");
      res.content_length(size);
      return Send(std::move(res));
    }
    http::response<http::file_body> res{std::piecewise_construct, std::make_tuple(std::move(body)),
                                        std::make_tuple(http::status::ok, version_)};
    res.set(http::field::content_type, FileContentType(*file));
    res.set(http::field::cache_control, "no-cache");
    res.content_length(size);
    Send(std::move(res));
  }

  // A Connect error: {"code": "...", "message": "..."}, always JSON.
  void SendError(const ConnectError& error) {
    http::response<http::string_body> res{static_cast<http::status>(error.status()), version_};
    res.set(http::field::content_type, "application/json");
    for (const auto& [name, value] : error.headers) res.set(name, value);
    res.body() = error.Body();
    Send(std::move(res));
  }

  void SendText(http::status status, std::string text, const char* type = "text/plain; charset=utf-8",
                const char* allow = nullptr) {
    if (request_.method() == http::verb::head) {  // the headers only, with the body's length
      http::response<http::empty_body> res{status, version_};
      res.set(http::field::content_type, type);
      if (allow) res.set(http::field::allow, allow);
      res.content_length(text.size());
      return Send(std::move(res));
    }
    http::response<http::string_body> res{status, version_};
    res.set(http::field::content_type, type);
    if (allow) res.set(http::field::allow, allow);
    res.body() = std::move(text);
    Send(std::move(res));
  }

  template <class Body>
  void Send(http::response<Body>&& response) {
    auto res = std::make_shared<http::response<Body>>(std::move(response));
    res->set(http::field::server, "skillpathd");
    for (const auto& [name, value] : SecurityHeaders(kTls)) res->set(name, value);
    res->keep_alive(keep_alive_);
    // HEAD answers keep the length of the body they leave out.
    if constexpr (!std::is_same_v<Body, http::empty_body>) res->prepare_payload();
    beast::get_lowest_layer(stream_).expires_after(gateway_.options().idle_timeout);
    http::async_write(stream_, *res, [self = this->shared_from_this(), res](beast::error_code ec, std::size_t) {
      if (ec) return;
      if (self->drain_) return self->Drain();
      if (res->need_eof()) return self->Close();
      self->Read();
    });
  }

  void Close() {
    if constexpr (kTls) {
      stream_.async_shutdown([self = this->shared_from_this()](beast::error_code) {});
    } else {
      beast::error_code ec;
      stream_.socket().shutdown(tcp::socket::shutdown_send, ec);
    }
  }

  Stream stream_;
  HttpGateway::Impl& gateway_;
  beast::flat_buffer buffer_;
  std::optional<http::request_parser<http::string_body>> parser_;
  http::request<http::string_body> request_;
  std::chrono::system_clock::time_point received_;  // when the request's headers were read
  bool keep_alive_ = true;
  unsigned version_ = 11;
  bool drain_ = false;  // after this answer, drop what the client still sends, then close
  size_t drain_left_ = 0;
  std::string discard_;
};

}  // namespace

void HttpGateway::Impl::Accept() {
  acceptor_.async_accept(net::make_strand(io_), [this](beast::error_code ec, tcp::socket socket) {
    if (stopping_) return;
    if (ec) {
      // Out of descriptors: the clients waiting in the backlog are closed
      // (with the spare descriptor) rather than left hanging; then, as for
      // any failure, try again shortly instead of spinning.
      const int closed = OutOfDescriptors(ec.value()) ? spare_.DrainBacklog(acceptor_.native_handle()) : 0;
      spdlog::warn("HTTP accept failed: {}{}", ec.message(),
                   closed > 0 ? absl::StrCat(" (closed ", closed, " waiting connections)") : "");
      retry_.expires_after(std::chrono::milliseconds(100));
      retry_.async_wait([this](beast::error_code) {
        if (!stopping_) Accept();
      });
      return;
    }
    const int limit = options_.max_connections > 0 ? options_.max_connections : DefaultConnectionLimit();
    if (connections_.fetch_add(1) >= limit) {
      // Over the cap: closed at once (the socket's destructor), so idle
      // clients cannot take the descriptors the gRPC port and the database need.
      connections_.fetch_sub(1);
      static std::atomic<int64_t> last_warned{0};
      const int64_t now =
          std::chrono::duration_cast<std::chrono::seconds>(std::chrono::steady_clock::now().time_since_epoch()).count();
      if (last_warned.exchange(now) != now) {
        spdlog::warn("HTTP: {} connections open (the limit, --max-http-connections): closing new ones", limit);
      }
    } else {
      // The count follows each session's lifetime: its deleter gives it back.
      auto release = [this](auto* session) {
        delete session;
        connections_.fetch_sub(1);
      };
      if (tls_) {
        using S = Session<beast::ssl_stream<beast::tcp_stream>>;
        std::shared_ptr<S>(new S(std::move(socket), *tls_, *this), release)->Start();
      } else {
        using S = Session<beast::tcp_stream>;
        std::shared_ptr<S>(new S(std::move(socket), *this), release)->Start();
      }
    }
    Accept();
  });
}

absl::StatusOr<std::unique_ptr<HttpGateway>> HttpGateway::Start(const HttpOptions& options,
                                                                std::shared_ptr<grpc::Channel> channel,
                                                                std::function<std::string()> metrics,
                                                                std::function<bool()> ready) {
  std::unique_ptr<HttpGateway> gateway(new HttpGateway());
  gateway->impl_ = std::make_unique<Impl>(options, std::move(channel), std::move(metrics), std::move(ready));
  if (!options.web_root.empty() && gateway->impl_->web_root().empty()) {
    return absl::InvalidArgumentError(absl::StrCat("--web-root: '", options.web_root, "' is not a directory"));
  }
  if (absl::Status s = gateway->impl_->Listen(&gateway->port_); !s.ok()) return s;
  gateway->address_ = common::WithPort(options.listen, gateway->port_);
  return gateway;
}

HttpGateway::~HttpGateway() { Shutdown(); }

void HttpGateway::Shutdown() {
  if (impl_) impl_->Shutdown();
}

}  // namespace skillpath::services
