#include "common/tls_relay.h"

#include <grpcpp/server_posix.h>
#include <openssl/ssl.h>
#include <spdlog/spdlog.h>
#include <sys/socket.h>
#include <unistd.h>

#include <array>
#include <boost/asio.hpp>
#include <boost/asio/ssl.hpp>
#include <chrono>
#include <mutex>
#include <thread>

#include "absl/strings/str_cat.h"

namespace skillpath::services {
namespace {

namespace net = boost::asio;
using tcp = net::ip::tcp;
using boost::system::error_code;

constexpr auto kHandshakeTimeout = std::chrono::seconds(10);

// ALPN: gRPC clients refuse a TLS connection that did not select "h2".
int SelectH2(SSL*, const unsigned char** out, unsigned char* outlen, const unsigned char* in, unsigned int inlen,
             void*) {
  static const unsigned char kH2[] = {2, 'h', '2'};
  unsigned char* selected = nullptr;
  if (SSL_select_next_proto(&selected, outlen, kH2, sizeof kH2, in, inlen) != OPENSSL_NPN_NEGOTIATED) {
    return SSL_TLSEXT_ERR_ALERT_FATAL;
  }
  *out = selected;
  return SSL_TLSEXT_ERR_OK;
}

}  // namespace

struct TlsRelay::Impl {
  explicit Impl(grpc::Server& s) : server(s), work(io.get_executor()) {}
  grpc::Server& server;
  net::ssl::context tls{net::ssl::context::tls_server};
  std::once_flag started;
  std::thread thread;
  // Last, so destroyed first: the connections still in it close while the
  // context above lives.
  net::io_context io;
  net::executor_work_guard<net::io_context::executor_type> work;
};

namespace {

// One client: the TLS side (the accepted TCP connection) and the plaintext
// side (our end of the socket pair whose other end grpc serves).
class Connection : public std::enable_shared_from_this<Connection> {
 public:
  Connection(TlsRelay::Impl& relay, tcp::socket socket)
      : relay_(relay), outer_(std::move(socket), relay.tls), inner_(relay.io), timer_(relay.io) {}

  void Start() {
    auto self = shared_from_this();
    timer_.expires_after(kHandshakeTimeout);
    timer_.async_wait([self](error_code ec) {
      if (!ec) self->Close();
    });
    outer_.async_handshake(net::ssl::stream_base::server, [self](error_code ec) { self->Handshaken(ec); });
  }

 private:
  void Handshaken(error_code ec) {
    timer_.cancel();
    if (ec || closed_) return Close();
    int pair[2];
    if (::socketpair(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0, pair) != 0) {
      spdlog::warn("gRPC over TLS: no socket pair for an accepted connection: {}", std::strerror(errno));
      return Close();
    }
    inner_.assign(net::local::stream_protocol(), pair[0], ec);
    if (ec) {
      ::close(pair[0]);
      ::close(pair[1]);
      return Close();
    }
    grpc::AddInsecureChannelFromFd(&relay_.server, pair[1]);  // grpc owns pair[1] now
    Pump(outer_, inner_, to_inner_);
    Pump(inner_, outer_, to_outer_);
  }
  // Copies from `from` to `to` until either side ends.
  template <typename From, typename To>
  void Pump(From& from, To& to, std::array<char, 16384>& buffer) {
    auto self = shared_from_this();
    from.async_read_some(net::buffer(buffer), [self, &from, &to, &buffer](error_code ec, size_t n) {
      if (ec || self->closed_) return self->Close();
      net::async_write(to, net::buffer(buffer.data(), n), [self, &from, &to, &buffer](error_code ec, size_t) {
        if (ec || self->closed_) return self->Close();
        self->Pump(from, to, buffer);
      });
    });
  }
  void Close() {
    if (closed_) return;
    closed_ = true;
    error_code ignored;
    timer_.cancel();
    outer_.lowest_layer().shutdown(tcp::socket::shutdown_both, ignored);
    outer_.lowest_layer().close(ignored);
    inner_.close(ignored);
  }

  TlsRelay::Impl& relay_;
  net::ssl::stream<tcp::socket> outer_;
  net::local::stream_protocol::socket inner_;
  net::steady_timer timer_;
  std::array<char, 16384> to_inner_{}, to_outer_{};
  bool closed_ = false;  // only the relay's thread touches it
};

}  // namespace

absl::StatusOr<std::unique_ptr<TlsRelay>> TlsRelay::Make(grpc::Server& server, const Files& files) {
  auto impl = std::make_unique<Impl>(server);
  net::ssl::context& tls = impl->tls;
  tls.set_options(net::ssl::context::default_workarounds | net::ssl::context::no_sslv2 |
                  net::ssl::context::no_sslv3 | net::ssl::context::no_tlsv1 | net::ssl::context::no_tlsv1_1);
  error_code ec;
  tls.use_certificate_chain_file(files.cert, ec);
  if (ec) return absl::InvalidArgumentError(absl::StrCat("--tls-cert ", files.cert, ": ", ec.message()));
  tls.use_private_key_file(files.key, net::ssl::context::pem, ec);
  if (ec) return absl::InvalidArgumentError(absl::StrCat("--tls-key ", files.key, ": ", ec.message()));
  if (!files.client_ca.empty()) {
    tls.load_verify_file(files.client_ca, ec);
    if (ec) return absl::InvalidArgumentError(absl::StrCat("--tls-client-ca ", files.client_ca, ": ", ec.message()));
    tls.set_verify_mode(net::ssl::verify_peer | net::ssl::verify_fail_if_no_peer_cert);
  }
  SSL_CTX_set_alpn_select_cb(tls.native_handle(), SelectH2, nullptr);
  return std::unique_ptr<TlsRelay>(new TlsRelay(std::move(impl)));
}

TlsRelay::TlsRelay(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}

TlsRelay::~TlsRelay() {
  impl_->work.reset();
  impl_->io.stop();
  if (impl_->thread.joinable()) impl_->thread.join();
  // Connections still queued in `io` close with it.
}

void TlsRelay::Adopt(int fd) {
  Impl& impl = *impl_;
  std::call_once(impl.started, [&impl] { impl.thread = std::thread([&impl] { impl.io.run(); }); });
  net::post(impl.io, [&impl, fd] {
    sockaddr_storage addr{};
    socklen_t len = sizeof addr;
    const bool v6 = ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) == 0 && addr.ss_family == AF_INET6;
    tcp::socket socket(impl.io);
    error_code ec;
    socket.assign(v6 ? tcp::v6() : tcp::v4(), fd, ec);
    if (ec) {
      ::close(fd);
      return;
    }
    std::make_shared<Connection>(impl, std::move(socket))->Start();
  });
}

}  // namespace skillpath::services
