#pragma once
// Server: wires storage (migrated write connection -> Writer, ReadPool) and
// the service adapters into a running gRPC server with health checking and
// reflection, explicit limits, and an orderly shutdown. The server's main and
// the tests build it the same way.

#include <grpcpp/grpcpp.h>

#include <atomic>
#include <boost/asio/steady_timer.hpp>
#include <chrono>
#include <memory>
#include <mutex>
#include <string>

#include "absl/status/statusor.h"
#include "api/call/call.h"
#include "api/call/handler.h"
#include "api/call/metrics.h"
#include "auth/audit_trail.h"
#include "auth/oidc/provider.h"
#include "auth/sign_in.h"
#include "auth/provider_tokens.h"
#include "auth/token_cache.h"
#include "common/listener_guard.h"
#include "db/read_pool.h"
#include "db/writer.h"
#include "http/http_gateway.h"
#include "server/notifier.h"
#include "server/sign_in_pages.h"

namespace skillpath::db {
class Replica;
}  // namespace skillpath::db

namespace skillpath::services {

struct ServerOptions {
  std::string db_path = "skillpath.db";
  std::string listen = "127.0.0.1:50051";  // port 0 picks a free port
  int max_message_bytes = 16 * 1024 * 1024;
  int max_concurrent_streams = 256;
  // Keepalive: clients may ping this often, with calls in flight or none
  // (grpc-js, grpcio and grpc++ clients with keepalive_permit_without_calls);
  // pinging faster, three times without data between, ends the connection
  // with GOAWAY too_many_pings.
  std::chrono::milliseconds min_client_ping_interval{10000};
  std::chrono::milliseconds drain_deadline{10000};
  std::function<core::Time()> now = SystemNow;

  // TLS for the gRPC port (PEM files). Without them the port is plaintext,
  // which is refused on anything but loopback unless allow_insecure.
  std::string tls_cert_file;
  std::string tls_key_file;
  std::string tls_client_ca_file;  // set: clients must present a certificate it signed
  bool allow_insecure = false;

  // Retention: assessments older than this many years are purged by a
  // periodic job (first a minute after start, then every interval). 0: keep all.
  int retention_years = 0;

  // Figures a token that sees no people (AGGREGATE) gets must rest on at
  // least this many people, also when answers are combined (core/disclosure/disclosure.h).
  int min_group_size = 5;
  std::chrono::seconds retention_interval{24 * 3600};
  // The audit log's retention (issue #10, item 7), purged by the same job:
  // entries older than this many days go. 0: keep all. The default, five
  // years (1826 days), covers the Norwegian limitation period for damages
  // (foreldelsesloven's 3 years from discovery) with margin and matches the
  // bokføringsloven's five-year keeping of records, so a person can still
  // learn who read their data when a claim is possible; beyond that the log
  // itself is personal data kept without a purpose.
  int audit_retention_days = 1826;
  // Repeats of a refused call within this window are one audit entry with a
  // count.
  std::chrono::milliseconds audit_refusal_window{60000};

  // How long a token record is trusted before it is read again: the delay
  // for `skillpathd token revoke` on the database file to reach a running
  // server (revoking through AuthService is immediate).
  std::chrono::milliseconds token_cache_ttl{2000};

  // The HTTP side (http/http_gateway.h): empty http_listen serves none.
  // Like gRPC, plain HTTP only on loopback unless allow_insecure.
  std::string http_listen;
  std::string web_root;

  // Descriptors (issue #10, item 6). HTTP connections open at most (0: a
  // quarter of the open-file limit); a gRPC connection without calls this
  // long is closed (GOAWAY; clients reconnect when they need to), so idle
  // clients cannot hold descriptors for ever. The gRPC listener is watched
  // and taken over when grpc 1.51's gives up (common/listener_guard.h).
  int max_http_connections = 0;
  std::chrono::milliseconds grpc_max_connection_idle{15 * 60 * 1000};
  bool guard_grpc_listener = true;

  // Sign-in with the organisation's OpenID provider (issue #12), off while
  // oidc_issuer is empty: the issuer (https, or http on loopback), where
  // people reach skillpath (the redirect URI is <public_url>/auth/callback)
  // and the client's settings (client id and secret, claims, grants,
  // timeouts; its redirect_uri is set from public_url).
  std::string oidc_issuer;
  std::string public_url;
  SignInOptions oidc;
  std::string oidc_ca_file;          // the provider's TLS: this CA file instead of the system's
  SignInPages::Offer sign_in_offer;  // the sign-in page: the button's label, the token field too
  // Bearer JWTs: the provider's access tokens issued for this audience are
  // accepted on both ports (empty: the client id). The command line's own
  // client at the provider (public, no secret; empty: `skillpath login` is
  // not offered), what it asks for, and the RFC 8707 resource, if needed.
  std::string oidc_audience;
  std::string oidc_cli_client_id;
  std::string oidc_cli_scope = "openid offline_access";
  std::string oidc_cli_resource;

  // E-mail notifications (issue #15; server/notifier.h): off while
  // notify.smtp.url is empty.
  NotifierOptions notify;
};

class Server {
 public:
  // Opens and migrates the database, starts the writer and the gRPC server.
  static absl::StatusOr<std::unique_ptr<Server>> Start(const ServerOptions& options);
  ~Server();  // Shutdown()s.

  // The address actually bound ("HOST:PORT", the real port when 0 was asked).
  const std::string& address() const { return address_; }
  // The HTTP address ("" when not serving HTTP).
  std::string http_address() const { return http_ ? http_->address() : ""; }
  int PortForTest() const { return port_; }

  // A channel into this server without the network, with the same
  // validation path as any client.
  std::shared_ptr<grpc::Channel> InProcessChannel();
  // The same, with every call carrying `token` (client/bearer.h).
  std::shared_ptr<grpc::Channel> InProcessChannel(const std::string& token);

  // Health NOT_SERVING, stop accepting calls, let the ones in flight finish
  // until the drain deadline (then cancel them), finish queued writes and
  // close the database. Idempotent.
  void Shutdown();

  // Purges assessments older than the retention period now, through the
  // writer; returns how many went. Not from the writer thread.
  absl::StatusOr<int64_t> RunRetentionForTest();
  // Purges audit entries older than audit_retention_days now; how many went.
  absl::StatusOr<int64_t> RunAuditRetention();

  // Whether the server can serve now: not shutting down, the gRPC port
  // accepting, descriptors not nearly exhausted, audit records being written.
  // Both health checks (grpc.health.v1 and GET /healthz) answer this.
  bool Serving() const;

  db::Writer& writer() { return *writer_; }
  const Metrics& MetricsForTest() const { return *metrics_; }
  // In demo mode: the demo users for GET /demo-users.json (a JSON array),
  // made on each request from those whose token still signs in — a demo
  // person erased, set inactive or with the token revoked is not offered.
  using DemoUsers = std::function<std::string(const std::function<bool(const std::string& token)>& usable)>;
  void SetDemoUsers(DemoUsers users) {
    std::lock_guard<std::mutex> lock(demo_mu_);
    demo_users_ = std::move(users);
  }
  // Writer and database gauges in the Prometheus text format.
  std::string Gauges() const;
  db::ReadPool& ReadsForTest() { return *reads_; }
  core::ReadIndex& IndexForTest() { return index_; }
  AuditTrail& AuditForTest() { return *audit_; }

 private:
  Server() = default;
  grpc::ChannelArguments InProcessArgs() const;
  void SubmitRetention(std::function<void(absl::StatusOr<int64_t>)> done);
  void SubmitAuditRetention(std::function<void(absl::StatusOr<int64_t>)> done);
  void ScheduleRetention(std::chrono::seconds after);
  // Item 6: the watch on the gRPC listener and descriptors, and health
  // following Serving().
  void StartListenerGuard();
  // Sign-in (options_.oidc_issuer set): the provider, the web flow and the
  // check of its access tokens; what GetSignInSettings tells goes into
  // `services`.
  void StartProvider(ServiceContext& services);
  // The sign-in pages of the HTTP side.
  void StartSignIn(HttpOptions& http);
  void UpdateHealth();

  ServerOptions options_;
  std::unique_ptr<db::Writer> writer_;
  std::unique_ptr<db::Replica> replica_;  // on PostgreSQL: one of several replicas
  std::unique_ptr<db::ReadPool> reads_;
  core::ReadIndex index_;
  std::unique_ptr<TokenCache> tokens_;
  std::unique_ptr<AuditTrail> audit_;
  std::unique_ptr<Metrics> metrics_;
  // Sign-in (before http_, whose sign-in pool uses them, so they go after it).
  std::unique_ptr<oidc::Provider> oidc_provider_;
  std::unique_ptr<SignIn> sign_in_;
  std::unique_ptr<ProviderTokens> provider_tokens_;
  std::unique_ptr<SignInPages> sign_in_pages_;
  std::unique_ptr<HttpGateway> http_;
  mutable std::mutex demo_mu_;
  DemoUsers demo_users_;
  std::unique_ptr<Workers> workers_;  // outlives the services and gRPC, whose calls it may finish
  std::vector<std::unique_ptr<grpc::Service>> services_;
  std::unique_ptr<grpc::Server> grpc_;
  std::unique_ptr<boost::asio::steady_timer> retention_timer_;
  std::unique_ptr<Notifier> notifier_;
  std::string address_;
  int port_ = 0;
  std::atomic<bool> stopped_{false};
  std::unique_ptr<TlsRelay> tls_relay_;  // the guard's, for a TLS port
  std::unique_ptr<GrpcListenerGuard> guard_;
  std::mutex health_mu_;
  bool health_serving_ = true;  // what grpc.health.v1 was last told
};

}  // namespace skillpath::services
