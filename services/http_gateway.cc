#include "services/http_gateway.h"

#include <google/protobuf/descriptor.h>
#include <google/protobuf/dynamic_message.h>
#include <google/protobuf/util/json_util.h>
#include <grpcpp/generic/generic_stub.h>
#include <spdlog/spdlog.h>

#include <atomic>
#include <boost/asio/dispatch.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <condition_variable>
#include <filesystem>
#include <mutex>
#include <optional>
#include <set>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "services/descriptors.h"
#include "services/json.h"

namespace skillpath::services {

namespace net = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = net::ip::tcp;

const char* ConnectCode(grpc::StatusCode code) {
  switch (code) {
    case grpc::OK: return "ok";
    case grpc::CANCELLED: return "canceled";
    case grpc::UNKNOWN: return "unknown";
    case grpc::INVALID_ARGUMENT: return "invalid_argument";
    case grpc::DEADLINE_EXCEEDED: return "deadline_exceeded";
    case grpc::NOT_FOUND: return "not_found";
    case grpc::ALREADY_EXISTS: return "already_exists";
    case grpc::PERMISSION_DENIED: return "permission_denied";
    case grpc::RESOURCE_EXHAUSTED: return "resource_exhausted";
    case grpc::FAILED_PRECONDITION: return "failed_precondition";
    case grpc::ABORTED: return "aborted";
    case grpc::OUT_OF_RANGE: return "out_of_range";
    case grpc::UNIMPLEMENTED: return "unimplemented";
    case grpc::INTERNAL: return "internal";
    case grpc::UNAVAILABLE: return "unavailable";
    case grpc::DATA_LOSS: return "data_loss";
    case grpc::UNAUTHENTICATED: return "unauthenticated";
    default: return "unknown";
  }
}

int ConnectHttpStatus(grpc::StatusCode code) {
  switch (code) {
    case grpc::OK: return 200;
    case grpc::CANCELLED: return 499;
    case grpc::INVALID_ARGUMENT: return 400;
    case grpc::DEADLINE_EXCEEDED: return 504;
    case grpc::NOT_FOUND: return 404;
    case grpc::ALREADY_EXISTS: return 409;
    case grpc::PERMISSION_DENIED: return 403;
    case grpc::RESOURCE_EXHAUSTED: return 429;
    case grpc::FAILED_PRECONDITION: return 400;
    case grpc::ABORTED: return 409;
    case grpc::OUT_OF_RANGE: return 400;
    case grpc::UNIMPLEMENTED: return 501;
    case grpc::UNAVAILABLE: return 503;
    case grpc::UNAUTHENTICATED: return 401;
    default: return 500;  // unknown, internal, data_loss
  }
}

namespace {

const char* ContentType(const std::filesystem::path& path) {
  const std::string ext = absl::AsciiStrToLower(path.extension().string());
  if (ext == ".html") return "text/html; charset=utf-8";
  if (ext == ".js" || ext == ".mjs") return "text/javascript; charset=utf-8";
  if (ext == ".css") return "text/css; charset=utf-8";
  if (ext == ".json") return "application/json";
  if (ext == ".svg") return "image/svg+xml";
  if (ext == ".png") return "image/png";
  if (ext == ".ico") return "image/x-icon";
  if (ext == ".txt" || ext == ".md") return "text/plain; charset=utf-8";
  if (ext == ".map") return "application/json";
  if (ext == ".woff2") return "font/woff2";
  return "application/octet-stream";
}

}  // namespace

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
    if (options_.tls_cert_file.empty() || options_.tls_key_file.empty()) {
      return absl::InvalidArgumentError("--tls-cert and --tls-key go together");
    }
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
    const size_t colon = options_.listen.rfind(':');
    if (colon == std::string::npos) {
      return absl::InvalidArgumentError(absl::StrCat("--http: '", options_.listen, "' is not HOST:PORT"));
    }
    std::string host = options_.listen.substr(0, colon);
    if (host.size() > 2 && host.front() == '[' && host.back() == ']') host = host.substr(1, host.size() - 2);
    const std::string service = options_.listen.substr(colon + 1);
    beast::error_code ec;
    tcp::resolver resolver(io_);
    auto endpoints = resolver.resolve(host, service, ec);
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
    io_.stop();
    for (std::thread& t : threads_) t.join();
    threads_.clear();
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
  net::steady_timer retry_{acceptor_.get_executor()};
  std::vector<std::thread> threads_;
  std::atomic<bool> stopping_{false};
  std::mutex mu_;
  std::condition_variable calls_done_;
  int calls_in_flight_ = 0;
};

namespace {

// One connection: requests read one after another (keep-alive), each
// answered before the next is read.
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
    grpc::ClientContext context;
    grpc::ByteBuffer request;
    grpc::ByteBuffer response;
    const google::protobuf::Descriptor* output = nullptr;
  };

  void Read() {
    parser_.emplace();
    parser_->body_limit(gateway_.options().max_body_bytes);
    parser_->header_limit(16 * 1024);
    beast::get_lowest_layer(stream_).expires_after(gateway_.options().idle_timeout);
    http::async_read(stream_, buffer_, *parser_,
                     [self = this->shared_from_this()](beast::error_code ec, std::size_t) { self->OnRead(ec); });
  }

  void OnRead(beast::error_code ec) {
    if (ec == http::error::end_of_stream) return Close();
    if (ec == http::error::body_limit) {
      keep_alive_ = false;
      version_ = 11;
      return SendError(grpc::RESOURCE_EXHAUSTED,
                       absl::StrCat("the request body is larger than ", gateway_.options().max_body_bytes, " bytes"),
                       413);
    }
    if (ec) return;  // timed out, reset or malformed: drop the connection
    request_ = parser_->release();
    keep_alive_ = request_.keep_alive();
    version_ = request_.version();
    beast::get_lowest_layer(stream_).expires_never();  // the call has its own deadline
    Handle();
  }

  void Handle() {
    const std::string target(request_.target());
    const std::string path = target.substr(0, target.find('?'));
    const http::verb verb = request_.method();
    if (absl::StartsWith(path, "/skillpath.v1.")) {
      if (verb != http::verb::post) {
        return SendError(grpc::UNIMPLEMENTED, "methods are called with POST (the Connect protocol's unary form)",
                         405);
      }
      return Rpc(path);
    }
    if (verb != http::verb::get && verb != http::verb::head) {
      return SendText(http::status::method_not_allowed, "only GET and HEAD here\n");
    }
    if (path == "/healthz") {
      const bool ok = gateway_.Ready();
      return SendText(ok ? http::status::ok : http::status::service_unavailable, ok ? "ok\n" : "not serving\n");
    }
    if (path == "/metrics") return SendText(http::status::ok, gateway_.Metrics(), "text/plain; version=0.0.4");
    if (path == "/demo-users.json") {
      std::string users = gateway_.DemoUsers();
      if (users.empty()) return SendText(http::status::not_found, "not a demo server\n");
      return SendText(http::status::ok, std::move(users), "application/json");
    }
    return Static(path);
  }

  void Rpc(const std::string& path) {
    // "/skillpath.v1.GapService/GetPersonGap" -> "skillpath.v1.GapService.GetPersonGap"
    std::string name = path.substr(1);
    const size_t slash = name.find('/');
    const google::protobuf::MethodDescriptor* method = nullptr;
    if (slash != std::string::npos && name.find('/', slash + 1) == std::string::npos) {
      name[slash] = '.';
      method = google::protobuf::DescriptorPool::generated_pool()->FindMethodByName(name);
    }
    if (!method) return SendError(grpc::NOT_FOUND, absl::StrCat("no method ", path.substr(1)), 404);
    if (method->client_streaming() || method->server_streaming()) {
      return SendError(grpc::UNIMPLEMENTED,
                       absl::StrCat(method->full_name(), " streams; over HTTP only unary methods are served"), 404);
    }
    const std::string content_type = absl::AsciiStrToLower(std::string(request_[http::field::content_type]));
    if (!absl::StartsWith(content_type, "application/json")) {
      return SendError(grpc::INVALID_ARGUMENT, "Content-Type must be application/json", 415);
    }
    auto* factory = google::protobuf::MessageFactory::generated_factory();
    std::unique_ptr<google::protobuf::Message> in(factory->GetPrototype(method->input_type())->New());
    google::protobuf::util::JsonParseOptions parse;
    parse.ignore_unknown_fields = false;
    const std::string& body = request_.body();
    const auto parsed = google::protobuf::util::JsonStringToMessage(body.empty() ? "{}" : body, in.get(), parse);
    if (!parsed.ok()) {
      return SendError(grpc::INVALID_ARGUMENT,
                       absl::StrCat("the body is not a ", method->input_type()->full_name(),
                                    " in JSON: ", std::string(parsed.message())),
                       400);
    }
    auto state = std::make_shared<RpcState>();
    std::string bytes;
    in->SerializeToString(&bytes);
    grpc::Slice slice(bytes);
    state->request = grpc::ByteBuffer(&slice, 1);
    state->output = method->output_type();
    state->context.set_deadline(std::chrono::system_clock::now() + gateway_.options().call_timeout);
    const auto auth = request_.find(http::field::authorization);
    if (auth != request_.end()) state->context.AddMetadata("authorization", std::string(auth->value()));
    gateway_.CallStarted();
    gateway_.stub().UnaryCall(&state->context, "/" + method->service()->full_name() + "/" + method->name(),
                              grpc::StubOptions(), &state->request, &state->response,
                              [self = this->shared_from_this(), state](grpc::Status status) {
                                net::post(self->stream_.get_executor(), [self, state, status] {
                                  self->OnRpcDone(*state, status);
                                  self->gateway_.CallEnded();
                                });
                              });
  }

  void OnRpcDone(RpcState& state, const grpc::Status& status) {
    if (!status.ok()) return SendError(status.error_code(), status.error_message(), 0);
    std::vector<grpc::Slice> slices;
    (void)state.response.Dump(&slices);
    std::string bytes;
    for (const grpc::Slice& s : slices) bytes.append(reinterpret_cast<const char*>(s.begin()), s.size());
    auto* factory = google::protobuf::MessageFactory::generated_factory();
    std::unique_ptr<google::protobuf::Message> out(factory->GetPrototype(state.output)->New());
    if (!out->ParseFromString(bytes)) return SendError(grpc::INTERNAL, "the answer could not be decoded", 0);
    http::response<http::string_body> res{http::status::ok, version_};
    res.set(http::field::content_type, "application/json");
    res.body() = ToJson(*out);  // protobuf's JSON mapping, defaults printed
    Send(std::move(res));
  }

  void Static(const std::string& path) {
    const std::filesystem::path& root = gateway_.web_root();
    if (root.empty()) return SendText(http::status::not_found, "no web client is installed\n");
    std::string rel = path;
    if (rel.empty() || rel.back() == '/') rel += "index.html";
    if (rel.find("..") != std::string::npos || rel.find('\\') != std::string::npos ||
        rel.find('\0') != std::string::npos || rel.find('%') != std::string::npos) {
      return SendText(http::status::not_found, "not found\n");
    }
    std::error_code ec;
    const std::filesystem::path file = std::filesystem::weakly_canonical(root / rel.substr(1), ec);
    // Also no way out through a symbolic link.
    const std::string prefix = root.string() + "/";
    if (ec || file.string().compare(0, prefix.size(), prefix) != 0 || !std::filesystem::is_regular_file(file, ec)) {
      return SendText(http::status::not_found, "not found\n");
    }
    http::file_body::value_type body;
    beast::error_code bec;
    body.open(file.c_str(), beast::file_mode::scan, bec);
    if (bec) return SendText(http::status::not_found, "not found\n");
    const auto size = body.size();
    if (request_.method() == http::verb::head) {
      http::response<http::empty_body> res{http::status::ok, version_};
      res.set(http::field::content_type, ContentType(file));
      res.set(http::field::cache_control, "no-cache");
      res.content_length(size);
      return Send(std::move(res));
    }
    http::response<http::file_body> res{std::piecewise_construct, std::make_tuple(std::move(body)),
                                        std::make_tuple(http::status::ok, version_)};
    res.set(http::field::content_type, ContentType(file));
    res.set(http::field::cache_control, "no-cache");
    res.set("x-content-type-options", "nosniff");
    res.content_length(size);
    Send(std::move(res));
  }

  // A Connect error: {"code": "...", "message": "..."} with the matching
  // HTTP status (`http_status` 0: from the code).
  void SendError(grpc::StatusCode code, const std::string& message, int http_status) {
    http::response<http::string_body> res{
        static_cast<http::status>(http_status ? http_status : ConnectHttpStatus(code)), version_};
    res.set(http::field::content_type, "application/json");
    res.body() = absl::StrCat("{\"code\":", JsonQuote(ConnectCode(code)), ",\"message\":", JsonQuote(message), "}");
    Send(std::move(res));
  }

  void SendText(http::status status, std::string text, const char* type = "text/plain; charset=utf-8") {
    if (request_.method() == http::verb::head) {  // the headers only, with the body's length
      http::response<http::empty_body> res{status, version_};
      res.set(http::field::content_type, type);
      res.content_length(text.size());
      return Send(std::move(res));
    }
    http::response<http::string_body> res{status, version_};
    res.set(http::field::content_type, type);
    res.body() = std::move(text);
    Send(std::move(res));
  }

  template <class Body>
  void Send(http::response<Body>&& response) {
    auto res = std::make_shared<http::response<Body>>(std::move(response));
    res->set(http::field::server, "skillpathd");
    res->keep_alive(keep_alive_);
    // HEAD answers keep the length of the body they leave out.
    if constexpr (!std::is_same_v<Body, http::empty_body>) res->prepare_payload();
    beast::get_lowest_layer(stream_).expires_after(gateway_.options().idle_timeout);
    http::async_write(stream_, *res, [self = this->shared_from_this(), res](beast::error_code ec, std::size_t) {
      if (ec) return;
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
  bool keep_alive_ = true;
  unsigned version_ = 11;
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
      const int64_t now = std::chrono::duration_cast<std::chrono::seconds>(
                              std::chrono::steady_clock::now().time_since_epoch()).count();
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
  const size_t colon = options.listen.rfind(':');
  gateway->address_ = absl::StrCat(options.listen.substr(0, colon), ":", gateway->port_);
  return gateway;
}

HttpGateway::~HttpGateway() { Shutdown(); }

void HttpGateway::Shutdown() {
  if (impl_) impl_->Shutdown();
}

}  // namespace skillpath::services
