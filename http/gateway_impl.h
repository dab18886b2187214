#pragma once
// HttpGateway's inside, for http/http_gateway.cc and http/http_session.h
// only: the listener, the threads, the stub calls go out through, the
// count of calls in flight that Shutdown waits for.

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

}  // namespace skillpath::services
