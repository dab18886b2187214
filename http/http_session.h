#pragma once
// One HTTP connection of the gateway (http/http_gateway.cc): requests read
// one after another, routed, and answered; a client-streaming call's body
// read a piece at a time for http/stream/stream_relay.h. Included by
// http/http_gateway.cc only.

#include <boost/asio/dispatch.hpp>
#include <boost/asio/post.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <optional>
#include <variant>

#include "absl/strings/str_cat.h"
#include "http/calendar_route.h"
#include "http/connect/connect_codec.h"
#include "http/connect/connect_stream.h"
#include "http/gateway_impl.h"
#include "http/stream/grpc_client_stream.h"
#include "http/session_cookie.h"
#include "http/stream/stream_relay.h"
#include "http/web_files.h"

namespace skillpath::services {

// One connection: requests read one after another (keep-alive), each
// answered before the next is read. What a request means is decided in
// http/connect/ and http/web_files.h, a client-streaming call is relayed by
// http/stream/stream_relay.h; this class moves bytes.
//
// `Stream` is beast::tcp_stream (plain HTTP) or beast::ssl_stream of one
// (HTTPS: the TLS handshake comes first, a TLS shutdown last).
template <class Stream>
class HttpSession : public std::enable_shared_from_this<HttpSession<Stream>> {
 public:
  static constexpr bool kTls = !std::is_same_v<Stream, beast::tcp_stream>;

  HttpSession(tcp::socket&& socket, HttpGateway::Impl& gateway) : stream_(std::move(socket)), gateway_(gateway) {}
  HttpSession(tcp::socket&& socket, net::ssl::context& tls, HttpGateway::Impl& gateway)
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
    // The larger of the two limits until the header says which applies
    // (OnHeader); a Content-Length beyond both is refused right away.
    parser_->body_limit(std::max(gateway_.options().max_body_bytes, gateway_.options().max_stream_body_bytes));
    parser_->header_limit(16 * 1024);
    beast::get_lowest_layer(stream_).expires_after(gateway_.options().idle_timeout);
    http::async_read_header(
        stream_, buffer_, *parser_,
        [self = this->shared_from_this()](beast::error_code ec, std::size_t) { self->OnHeader(ec); });
  }

  void OnHeader(beast::error_code ec) {
    if (ec == http::error::end_of_stream) return Close();
    const auto& head = parser_->get();
    const std::string_view path = PathOf(std::string_view(head.target().data(), head.target().size()));
    const bool streams = RouteOf(path) == Route::kRpc && IsClientStreaming(MethodOf(path));
    if (ec == http::error::body_limit) return TooLarge(streams ? gateway_.options().max_stream_body_bytes : 0);
    if (ec) return;  // timed out, reset or malformed: drop the connection
    received_ = std::chrono::system_clock::now();
    if (!streams) {
      const size_t limit = gateway_.options().max_body_bytes;
      if (parser_->content_length() && *parser_->content_length() > limit) return TooLarge();
      parser_->body_limit(limit);
    }
    if (head.version() == 11 && beast::iequals(head[http::field::expect], "100-continue") && !parser_->is_done()) {
      // curl and others wait for this before sending a large body.
      auto go_on = std::make_shared<http::response<http::empty_body>>(http::status::continue_, 11);
      return http::async_write(stream_, *go_on,
                               [self = this->shared_from_this(), go_on, streams](beast::error_code ec, std::size_t) {
                                 if (ec) return;
                                 if (streams) return self->StartStream();
                                 self->ReadBody();
                               });
    }
    if (streams) return StartStream();
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
  void TooLarge(size_t limit = 0) {
    keep_alive_ = false;
    drain_ = true;
    version_ = 11;
    request_ = {};
    if (limit == 0) limit = gateway_.options().max_body_bytes;
    SendError(ConnectError{
        grpc::RESOURCE_EXHAUSTED, absl::StrCat("the request body is larger than ", limit, " bytes"), 413, {}});
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
        // The demo tokens sign anyone in: only for the server's own machine,
        // which alone makes the list (each token checked, without using it).
        beast::error_code ec;
        const auto peer = beast::get_lowest_layer(stream_).socket().remote_endpoint(ec);
        if (ec || !IsLoopbackPeer(peer.address())) {
          return SendText(http::status::forbidden, "the demo users are offered on the server's own machine only\n");
        }
        std::string users = gateway_.DemoUsers();
        if (users.empty()) return SendText(http::status::not_found, "not a demo server\n");
        return SendText(http::status::ok, std::move(users), "application/json");
      }
      case Route::kCalendar:
        return Calendar(path);
      default:
        return Static(path);
    }
  }

  // GET /calendar/<secret>.ics or /calendar/me.ics (http/calendar_route.h):
  // PlanService.GetCalendarFeed with the secret, or the session, as the
  // bearer token.
  void Calendar(std::string_view path) {
    const std::string session = SessionFromCookie();
    const std::string_view site = Header("sec-fetch-site");
    const bool same_site = site == "none" || SameOrigin(Header(http::field::origin), Header(http::field::host), kTls, site);
    const std::optional<std::string> authorization = CalendarAuthorization(path, session, same_site);
    if (!authorization) return SendCalendar(CalendarAnswerOf(path, 5, ""));
    auto state = std::make_shared<RpcState>();
    state->context.set_deadline(received_ + gateway_.options().call_timeout);
    state->context.AddMetadata("authorization", *authorization);
    // GetCalendarFeedRequest has no fields: its encoding is empty.
    grpc::Slice slice(std::string{});
    state->request = grpc::ByteBuffer(&slice, 1);
    gateway_.CallStarted();
    gateway_.stub().UnaryCall(&state->context, std::string(kCalendarFeedPath), grpc::StubOptions(), &state->request,
                              &state->response,
                              [self = this->shared_from_this(), state, path = std::string(path)](grpc::Status status) {
                                net::post(self->stream_.get_executor(), [self, state, status, path] {
                                  std::vector<grpc::Slice> slices;
                                  std::string bytes;
                                  if (status.ok() && state->response.Dump(&slices).ok()) {
                                    for (const grpc::Slice& s : slices) {
                                      bytes.append(reinterpret_cast<const char*>(s.begin()), s.size());
                                    }
                                  }
                                  self->SendCalendar(CalendarAnswerOf(path, status.error_code(), bytes));
                                  self->gateway_.CallEnded();
                                });
                              });
  }

  void SendCalendar(CalendarAnswer answer) {
    http::response<http::string_body> res{static_cast<http::status>(answer.status), version_};
    res.set(http::field::content_type, answer.content_type);
    // Personal data: neither shared caches nor the browser's keep it.
    res.set(http::field::cache_control, "private, no-store");
    if (!answer.content_disposition.empty()) res.set(http::field::content_disposition, answer.content_disposition);
    if (request_.method() == http::verb::head) {
      http::response<http::empty_body> head{res.result(), version_};
      for (const auto& field : res) head.set(field.name_string(), field.value());
      head.content_length(answer.body.size());
      return Send(std::move(head));
    }
    res.body() = std::move(answer.body);
    Send(std::move(res));
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
    if (auto error = Authorize(state->call, state->context)) return SendError(*error);
    gateway_.CallStarted();
    gateway_.stub().UnaryCall(&state->context, state->call.grpc_path, grpc::StubOptions(), &state->request,
                              &state->response, [self = this->shared_from_this(), state](grpc::Status status) {
                                net::post(self->stream_.get_executor(), [self, state, status] {
                                  self->OnRpcDone(*state, status);
                                  self->gateway_.CallEnded();
                                });
                              });
  }

  // The call's credentials on `context`: the authorization header, or else
  // the web client's session cookie.
  std::optional<ConnectError> Authorize(const CallHead& call, grpc::ClientContext& context) {
    // Checked printable ASCII by ParseCallHead: grpc++ aborts on anything else.
    if (!call.authorization.empty()) {
      context.AddMetadata("authorization", call.authorization);
    } else if (const std::string session = SessionFromCookie(); !session.empty()) {
      // The web client's session: only from our own pages (see http_gateway.h).
      if (Header("x-skillpath-session") != "1" ||
          !SameOrigin(Header(http::field::origin), Header(http::field::host), kTls, Header("sec-fetch-site"))) {
        return ConnectError{grpc::UNAUTHENTICATED, "the session cookie is accepted only from skillpath's own pages", 0, {}};
      }
      if (!IsMetadataValue(session)) {
        return ConnectError{grpc::UNAUTHENTICATED, "the session cookie is not a session", 0, {}};
      }
      context.AddMetadata("authorization", "Bearer " + session);
    }
    return std::nullopt;
  }

  // A client-streaming call (Connect's streaming form, http/stream/stream_relay.h):
  // the body is read a piece at a time into chunk_.
  void StartStream() {
    http::request_header<> head = parser_->get().base();
    keep_alive_ = parser_->keep_alive();
    version_ = head.version();
    body_parser_.emplace(std::move(*parser_));
    parser_.reset();
    request_ = HttpRequest(std::move(head));  // the headers, for Header() and the answers
    auto self = this->shared_from_this();
    relay_ = std::make_shared<StreamRelay>([self] { self->ReadStreamBody(); },
                                           [self](StreamRelay::Answer answer) { self->AnswerStream(std::move(answer)); });
    const HttpOptions& options = gateway_.options();
    auto parsed = ParseClientStream(request_.base(), ConnectLimits{options.max_body_bytes, options.stream_call_timeout});
    if (auto* error = std::get_if<ConnectError>(&parsed)) return relay_->Refuse(std::move(*error));
    StreamCall& call = std::get<StreamCall>(parsed);
    auto context = std::make_unique<grpc::ClientContext>();
    context->set_deadline(received_ + call.timeout);
    if (auto error = Authorize(call, *context)) return relay_->Refuse(std::move(*error));
    const std::string path = call.grpc_path;
    const google::protobuf::MethodDescriptor& method = *call.method;
    gateway_.CallStarted();
    std::shared_ptr<StreamRelay> relay = relay_;
    auto grpc = GrpcClientStream::Start(
        gateway_.stub(), path, std::move(context),
        [self](std::function<void()> f) { net::post(self->stream_.get_executor(), std::move(f)); },
        GrpcClientStream::Handlers{[relay](bool ok) { relay->OnWritten(ok); },
                                   [self, relay](const grpc::Status& status, std::string response) {
                                     relay->OnDone(status, std::move(response));
                                     self->gateway_.CallEnded();
                                   }});
    relay_->Start(method, EnvelopeReader(std::move(call), options.max_body_bytes), std::move(grpc));
  }

  void ReadStreamBody() {
    chunk_.resize(64 * 1024);
    body_parser_->get().body().data = chunk_.data();
    body_parser_->get().body().size = chunk_.size();
    beast::get_lowest_layer(stream_).expires_after(gateway_.options().idle_timeout);
    http::async_read(stream_, buffer_, *body_parser_,
                     [self = this->shared_from_this()](beast::error_code ec, std::size_t) { self->OnStreamBody(ec); });
  }

  void OnStreamBody(beast::error_code ec) {
    beast::get_lowest_layer(stream_).expires_never();
    if (ec == http::error::need_buffer) ec = {};
    std::shared_ptr<StreamRelay> relay = relay_;
    if (ec == http::error::body_limit) return relay->OnBodyTooLarge(gateway_.options().max_stream_body_bytes);
    if (ec) return relay->OnBodyBroken();
    const size_t n = chunk_.size() - body_parser_->get().body().size;
    relay->OnBody(std::string_view(chunk_.data(), n), body_parser_->is_done());
  }

  void AnswerStream(StreamRelay::Answer answer) {
    relay_.reset();
    body_parser_.reset();
    if (answer.broken) return;  // the session ends with its last reference
    if (answer.close) {
      keep_alive_ = false;
      drain_ = true;
    }
    if (answer.refused) return SendError(*answer.refused);
    http::response<http::string_body> res{http::status::ok, version_};
    res.set(http::field::content_type, StreamContentTypeOf(answer.codec));
    res.body() = std::move(answer.body);
    Send(std::move(res));
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
  // A client-streaming call under way: its body's parser and piece, and
  // the relay to gRPC.
  std::optional<http::request_parser<http::buffer_body>> body_parser_;
  std::string chunk_;
  std::shared_ptr<StreamRelay> relay_;
  http::request<http::string_body> request_;
  std::chrono::system_clock::time_point received_;  // when the request's headers were read
  bool keep_alive_ = true;
  unsigned version_ = 11;
  bool drain_ = false;  // after this answer, drop what the client still sends, then close
  size_t drain_left_ = 0;
  std::string discard_;
};

}  // namespace skillpath::services
