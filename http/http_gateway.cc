#include "http/http_gateway.h"

#include <spdlog/spdlog.h>

#include <atomic>
#include <chrono>

#include "absl/strings/str_cat.h"
#include "http/gateway_impl.h"
#include "http/http_session.h"

namespace skillpath::services {

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
        using S = HttpSession<beast::ssl_stream<beast::tcp_stream>>;
        std::shared_ptr<S>(new S(std::move(socket), *tls_, *this), release)->Start();
      } else {
        using S = HttpSession<beast::tcp_stream>;
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
