#include "server/server.h"

#include <grpcpp/ext/proto_server_reflection_plugin.h>
#include <grpcpp/health_check_service_interface.h>
#include <grpcpp/support/server_interceptor.h>
#include <spdlog/spdlog.h>

#include <unistd.h>

#include <boost/asio/post.hpp>
#include <filesystem>
#include <fstream>
#include <future>
#include <sstream>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "api/call/request_decode.h"
#include "api/services.h"
#include "client/bearer.h"
#include "common/host_port.h"
#include "common/pem.h"
#include "core/model/errors.h"
#include "db/index_loader.h"
#include "db/open.h"
#include "db/replication/replica.h"
#include "db/store/stores.h"
#include "grpc/health/v1/health.pb.h"
#include "server/reflection_v1.h"

namespace skillpath::services {

namespace {

// A replica that has not caught up with the change log for this long (it
// cannot reach the database, or lags) reports NOT_SERVING.
constexpr std::chrono::milliseconds kReplicaMaxLag{5000};

// This replica's name in the change log: host and process.
std::string ReplicaName() {
  char host[256] = {};
  if (::gethostname(host, sizeof(host) - 1) != 0) std::snprintf(host, sizeof(host), "unknown");
  return absl::StrCat(host, ":", ::getpid());
}

using common::IsLoopback;
using common::ReadPemFile;

// Without TLS, a port may listen beyond loopback only with --allow-insecure.
absl::Status CheckPlaintext(const char* flag, const char* what, const std::string& address, const ServerOptions& o) {
  if (!o.tls_cert_file.empty() || IsLoopback(address) || o.allow_insecure) return absl::OkStatus();
  return absl::InvalidArgumentError(absl::StrCat(
      "refusing plaintext ", what, " on ", address, " (", flag,
      "): give --tls-cert and --tls-key, listen on loopback, or pass --allow-insecure (for a trusted network or "
      "behind a TLS proxy, deploy/README.md)"));
}

// The credentials of the listening port, or why the options are refused.
absl::StatusOr<std::shared_ptr<grpc::ServerCredentials>> PortCredentials(const ServerOptions& o) {
  RETURN_IF_ERROR(common::CheckCertAndKey(o.tls_cert_file, o.tls_key_file));
  if (o.tls_cert_file.empty()) {
    if (!o.tls_client_ca_file.empty())
      return absl::InvalidArgumentError("--tls-client-ca needs --tls-cert and --tls-key");
    return grpc::InsecureServerCredentials();
  }
  grpc::SslServerCredentialsOptions ssl;
  ASSIGN_OR_RETURN(std::string cert, ReadPemFile(o.tls_cert_file, "--tls-cert"));
  ASSIGN_OR_RETURN(std::string key, ReadPemFile(o.tls_key_file, "--tls-key"));
  ssl.pem_key_cert_pairs.push_back({key, cert});
  if (!o.tls_client_ca_file.empty()) {
    ASSIGN_OR_RETURN(ssl.pem_root_certs, ReadPemFile(o.tls_client_ca_file, "--tls-client-ca"));
    ssl.client_certificate_request = GRPC_SSL_REQUEST_AND_REQUIRE_CLIENT_CERTIFICATE_AND_VERIFY;
  }
  return grpc::SslServerCredentials(ssl);
}

// Bounds on what idle gRPC clients may hold (item 6). grpc 1.51 has no cap
// on incoming connections (GRPC_ARG_MAX_ALLOWED_INCOMING_CONNECTIONS came
// later); idle ones are closed after a while, and the proxy in front caps
// the rest (deploy/README.md).
void AddConnectionLimits(grpc::ServerBuilder& builder, const ServerOptions& o) {
  if (o.grpc_max_connection_idle.count() > 0) {
    builder.AddChannelArgument(GRPC_ARG_MAX_CONNECTION_IDLE_MS, static_cast<int>(o.grpc_max_connection_idle.count()));
  }
}

// The services the server answers, as health checking and reflection name
// them. The health proto's descriptor is linked (and referenced here, so the
// linker keeps it) only so that reflection can describe grpc.health.v1.
std::vector<std::string> ServedServiceNames() {
  std::vector<std::string> names = ServiceNames();
  names.push_back(grpc::health::v1::HealthCheckRequest::descriptor()->file()->service(0)->full_name());
  names.push_back("grpc.reflection.v1alpha.ServerReflection");
  names.push_back(grpc::reflection::v1::ServerReflection::service_full_name());
  return names;
}

// Sign-in's settings, checked before anything starts (the issuer and the
// public address must be https but on loopback: the provider's answers and
// the session cookie travel there).
absl::Status CheckSignIn(const ServerOptions& o) {
  if (o.oidc_issuer.empty()) return absl::OkStatus();
  if (!oidc::IsHttpsOrLoopback(o.oidc_issuer)) {
    return absl::InvalidArgumentError(
        absl::StrCat("--oidc-issuer: '", o.oidc_issuer, "' must be https (http only on a loopback address)"));
  }
  if (o.oidc.client_id.empty()) return absl::InvalidArgumentError("--oidc-client-id: required with --oidc-issuer");
  if (o.oidc.client_secret.empty() && !o.oidc.client_key) {
    return absl::InvalidArgumentError(
        "--oidc-client-secret-file: required with --oidc-issuer (a file holding it), unless --oidc-client-key-file "
        "is given");
  }
  if (o.public_url.empty() || !oidc::IsHttpsOrLoopback(o.public_url)) {
    return absl::InvalidArgumentError(
        "--public-url: required with --oidc-issuer, the https address people reach skillpath at (http only on "
        "loopback)");
  }
  if (o.http_listen.empty()) return absl::InvalidArgumentError("--oidc-issuer: sign-in needs the HTTP side (--http)");
  if (o.oidc.idle_timeout <= 0 || o.oidc.lifetime < o.oidc.idle_timeout) {
    return absl::InvalidArgumentError("--session-idle-minutes: must be above 0 and at most the session's time limit");
  }
  return absl::OkStatus();
}

// Where people reach skillpath, without a trailing slash.
std::string PublicUrl(const ServerOptions& o) {
  std::string url = o.public_url;
  while (!url.empty() && url.back() == '/') url.pop_back();
  return url;
}

}  // namespace

void Server::StartProvider(ServiceContext& services) {
  const ServerOptions& o = options_;
  oidc::Fetcher::Options fetch;
  fetch.ca_file = o.oidc_ca_file;
  oidc::Provider::Options provider;
  provider.issuer = o.oidc_issuer;
  provider.now = [now = o.now] { return now() / core::kMicrosPerSecond; };
  oidc_provider_ = std::make_unique<oidc::Provider>(provider, oidc::Fetcher(fetch));
  SignInOptions sign_in = o.oidc;
  sign_in.redirect_uri = PublicUrl(o) + "/auth/callback";
  sign_in_ =
      std::make_unique<SignIn>(sign_in, *oidc_provider_, oidc::Fetcher(fetch), *writer_, *reads_, *audit_, o.now);
  const std::string audience = o.oidc_audience.empty() ? sign_in.client_id : o.oidc_audience;
  provider_tokens_ = std::make_unique<ProviderTokens>(sign_in, audience, *oidc_provider_, *reads_);
  tokens_->SetJwtCheck([check = provider_tokens_.get()](absl::string_view jwt, core::Time now) {
    return check->Authenticate(jwt, now);
  });
  services.sign_in.issuer = o.oidc_issuer;
  services.sign_in.client_id = o.oidc_cli_client_id;
  services.sign_in.scope = o.oidc_cli_scope;
  services.sign_in.resource = o.oidc_cli_resource;
  services.sign_in.audience = audience;
  std::string grants;
  for (const auto& [grant, values] : sign_in.grants) {
    absl::StrAppend(&grants, grants.empty() ? "" : "; ", core::GrantName(grant), " <- ", absl::StrJoin(values, ", "));
  }
  spdlog::info("sign-in: OpenID provider {} (client {}, people by {} claim '{}', grants from '{}': {}; redirect {})",
               o.oidc_issuer, sign_in.client_id,
               sign_in.person_field == SignInOptions::PersonField::kEmail ? "e-mail in" : "id in", sign_in.person_claim,
               sign_in.grants_claim, grants.empty() ? "none mapped" : grants, sign_in.redirect_uri);
  spdlog::info("sign-in: the provider's access tokens for audience '{}' are accepted as bearer tokens; "
               "command-line sign-in {}",
               audience, o.oidc_cli_client_id.empty() ? "off (no --oidc-cli-client-id)"
                                                       : absl::StrCat("with client ", o.oidc_cli_client_id));
}

void Server::StartSignIn(HttpOptions& http) {
  sign_in_pages_ = std::make_unique<SignInPages>(*sign_in_, *oidc_provider_, *writer_, *tokens_, PublicUrl(options_),
                                                 options_.sign_in_offer, options_.now);
  http.auth = [pages = sign_in_pages_.get()](const AuthRequest& request) { return pages->Answer(request); };
}

absl::StatusOr<std::unique_ptr<Server>> Server::Start(const ServerOptions& options) {
  // Refused options are refused before anything is opened.
  RETURN_IF_ERROR(CheckPlaintext("--listen", "gRPC", options.listen, options));
  RETURN_IF_ERROR(CheckSignIn(options));
  if (options.min_group_size < 1 || options.min_group_size > 1000) {
    return absl::InvalidArgumentError("--min-group-size: must be between 1 and 1000");
  }
  if (!options.http_listen.empty()) RETURN_IF_ERROR(CheckPlaintext("--http", "HTTP", options.http_listen, options));
  ASSIGN_OR_RETURN(std::shared_ptr<grpc::ServerCredentials> credentials, PortCredentials(options));
  std::unique_ptr<Server> server(new Server());
  server->options_ = options;

  auto db = db::OpenForWriting(options.db_path);
  if (!db.ok()) return db.status();
  // On PostgreSQL this server is one of possibly several replicas: its index
  // is loaded in one snapshot with the change log's position, and follows
  // the log from there (db/replication).
  const bool replicated = db::IsPostgresAddress(options.db_path);
  int64_t loaded_at = 0;
  {
    // The read index is built from the migrated database before any write.
    db::Stores loader((*db)->NewStatements());
    auto load = [&]() -> absl::Status {
      auto snapshot = db::LoadIndex(loader);
      if (!snapshot.ok()) return snapshot.status();
      server->index_.Publish(std::move(*snapshot));
      return absl::OkStatus();
    };
    if (replicated) {
      ASSIGN_OR_RETURN(loaded_at, db::Replica::LoadConsistently(**db, loader, load));
    } else {
      RETURN_IF_ERROR(load());
    }
  }
  server->writer_ = std::make_unique<db::Writer>(std::move(*db));
  Server* self = server.get();
  auto apply = [self](const core::ChangeSet& changes, db::Stores& store, bool own) {
    if (!own && self->tokens_) {
      // Another replica's revocations and person changes: its callers
      // cleared their own server's token cache, this one's is cleared here.
      for (const std::string& id : changes.tokens) self->tokens_->Forget(id);
      if (!changes.people.empty()) self->tokens_->ForgetPeople({changes.people.begin(), changes.people.end()});
    }
    if (changes.OnlyTokens()) return;  // nothing the read index holds
    auto next = db::ApplyChanges(self->index_.Current(), changes, store);
    if (!next.ok()) {
      // The database has the data; only the derived index failed to follow.
      // Rebuild it whole rather than serve stale gaps.
      spdlog::error("read index update failed ({}); rebuilding it", next.status().ToString());
      next = db::LoadIndex(store);
      if (!next.ok()) {
        spdlog::critical("read index rebuild failed: {}", next.status().ToString());
        return;
      }
    }
    self->index_.Publish(std::move(*next));
  };
  if (replicated) {
    db::Replica::Options replica;
    replica.origin = ReplicaName();
    replica.now = options.now;
    server->replica_ = std::make_unique<db::Replica>(*server->writer_, options.db_path, loaded_at, replica, apply);
    spdlog::info("replica {}: following the change log from entry {}", replica.origin, loaded_at);
  } else {
    server->writer_->SetCommitHook(
        [apply](const core::ChangeSet& changes, db::Stores& store) { apply(changes, store, /*own=*/true); });
  }
  auto reads = db::ReadPool::Open(db::ReadConnector(options.db_path));
  if (!reads.ok()) return reads.status();
  server->reads_ = std::move(*reads);

  server->tokens_ = std::make_unique<TokenCache>(*server->reads_, options.token_cache_ttl);
  AuditTrail::Options audit;
  audit.refusal_window = options.audit_refusal_window;
  server->audit_ = std::make_unique<AuditTrail>(*server->writer_, options.now, audit);
  server->metrics_ = std::make_unique<Metrics>();
  server->workers_ = std::make_unique<Workers>(2);
  server->tokens_->SetSessionTouch([writer = server->writer_.get()](const std::string& id, core::Time at) {
    writer->Submit([id, at](core::Repositories& repos) { return repos.access.TouchToken(id, at).status(); },
                   [](absl::Status) {});
  });
  ServiceContext services{*server->writer_, *server->reads_, server->index_,    options.now,
                          *server->tokens_, *server->audit_, *server->metrics_, *server->workers_};
  if (!options.oidc_issuer.empty()) server->StartProvider(services);
  services.in_process = [self = server.get()] { return self->InProcessChannel(); };
  server->services_ = NewServices(services, options.min_group_size);

  // What health and reflection name: each service of ours, and the
  // protocols themselves.
  const std::vector<std::string> service_names = ServedServiceNames();
  server->services_.push_back(std::make_unique<ReflectionV1Service>(service_names));

  grpc::EnableDefaultHealthCheckService(true);
  grpc::reflection::InitProtoReflectionServerBuilderPlugin();
  grpc::ServerBuilder builder;
  builder.AddListeningPort(options.listen, credentials, &server->port_);
  builder.SetMaxReceiveMessageSize(options.max_message_bytes);
  builder.SetMaxSendMessageSize(options.max_message_bytes);
  builder.AddChannelArgument(GRPC_ARG_MAX_CONCURRENT_STREAMS, options.max_concurrent_streams);
  // Keepalive enforcement: a client may ping every min_client_ping_interval
  // whether or not it has calls in flight. Without PERMIT_WITHOUT_CALLS, grpc
  // allows an idle connection one ping per two hours and counts every other
  // one as a strike (so 10 s pings got too_many_pings after ~40 s).
  builder.AddChannelArgument(GRPC_ARG_KEEPALIVE_PERMIT_WITHOUT_CALLS, 1);
  builder.AddChannelArgument(GRPC_ARG_HTTP2_MIN_RECV_PING_INTERVAL_WITHOUT_DATA_MS,
                             static_cast<int>(options.min_client_ping_interval.count()));
  builder.AddChannelArgument(GRPC_ARG_HTTP2_MAX_PING_STRIKES, 2);
  // Our own keepalive pings go on while a connection is idle (the default
  // stops after two pings without data).
  builder.AddChannelArgument(GRPC_ARG_HTTP2_MAX_PINGS_WITHOUT_DATA, 0);
  builder.AddChannelArgument(GRPC_ARG_KEEPALIVE_TIME_MS, 60000);
  builder.AddChannelArgument(GRPC_ARG_KEEPALIVE_TIMEOUT_MS, 20000);
  AddConnectionLimits(builder, options);
  std::vector<std::unique_ptr<grpc::experimental::ServerInterceptorFactoryInterface>> interceptors;
  interceptors.push_back(std::make_unique<RequestDecodeInterceptorFactory>());
  builder.experimental().SetInterceptorCreators(std::move(interceptors));
  for (auto& service : server->services_) builder.RegisterService(service.get());
  server->grpc_ = builder.BuildAndStart();
  if (!server->grpc_ || server->port_ == 0) {
    return absl::UnavailableError(absl::StrCat("cannot listen on ", options.listen));
  }
  server->address_ = common::WithPort(options.listen, server->port_);
  // Per service and overall (""): a client may check the one it uses.
  // Shutdown() sets them all NOT_SERVING.
  grpc::HealthCheckServiceInterface* health = server->grpc_->GetHealthCheckService();
  health->SetServingStatus(true);
  for (const std::string& name : service_names) health->SetServingStatus(name, true);
  server->StartListenerGuard();
  if (!options.http_listen.empty()) {
    HttpOptions http;
    http.listen = options.http_listen;
    http.web_root = options.web_root;
    // The gRPC port's certificate serves HTTPS too.
    http.tls_cert_file = options.tls_cert_file;
    http.tls_key_file = options.tls_key_file;
    http.tls_client_ca_file = options.tls_client_ca_file;
    http.max_connections = options.max_http_connections;
    http.demo_users = [self = server.get()] {
      DemoUsers users;
      {
        std::lock_guard<std::mutex> lock(self->demo_mu_);
        users = self->demo_users_;
      }
      if (!users) return std::string();
      return users([self](const std::string& token) {
        return self->tokens_->Authenticate(absl::StrCat("Bearer ", token), self->options_.now(), /*use=*/false).ok();
      });
    };
    if (!options.oidc_issuer.empty()) server->StartSignIn(http);
    server->metrics_->SetGauges([self] { return self->Gauges(); });
    ASSIGN_OR_RETURN(server->http_, HttpGateway::Start(
                                        http, server->InProcessChannel(), [self] { return self->metrics_->Render(); },
                                        [self] { return self->Serving(); }));
  }
  if (!options.notify.smtp.url.empty()) {
    server->notifier_ = std::make_unique<Notifier>(*server->writer_, *server->reads_, options.notify, options.now);
    server->notifier_->Start();
  }
  if (options.retention_years > 0 || options.audit_retention_days > 0 || server->sign_in_) {
    server->retention_timer_ = std::make_unique<boost::asio::steady_timer>(server->writer_->context());
    server->ScheduleRetention(std::chrono::seconds(60));
    if (options.retention_years > 0) {
      spdlog::info("retention: assessments older than {} years are purged every {} h", options.retention_years,
                   options.retention_interval.count() / 3600);
    }
    if (options.audit_retention_days > 0) {
      spdlog::info("retention: audit entries older than {} days are purged every {} h", options.audit_retention_days,
                   options.retention_interval.count() / 3600);
    }
  }
  return server;
}

void Server::SubmitRetention(std::function<void(absl::StatusOr<int64_t>)> done) {
  constexpr core::Time kYear = 36525LL * 864 * 1000000;  // 365.25 days
  const core::Time cutoff = options_.now() - options_.retention_years * kYear;
  auto removed = std::make_shared<int64_t>(0);
  writer_->Submit(
      [cutoff, removed](core::Repositories& repos) -> absl::Status {
        ASSIGN_OR_RETURN(*removed, repos.assessments.PurgeAssessmentsBefore(cutoff));
        return absl::OkStatus();
      },
      [removed, done = std::move(done)](absl::Status s) {
        if (s.ok()) {
          done(*removed);
        } else {
          done(s);
        }
      });
}

void Server::SubmitAuditRetention(std::function<void(absl::StatusOr<int64_t>)> done) {
  constexpr core::Time kDay = 864LL * 100 * 1000000;
  const core::Time now = options_.now();
  const core::Time cutoff = now - options_.audit_retention_days * kDay;
  auto removed = std::make_shared<int64_t>(0);
  const int days = options_.audit_retention_days;
  writer_->Submit(
      [cutoff, now, days, removed](core::Repositories& repos) -> absl::Status {
        ASSIGN_OR_RETURN(*removed, repos.access.PurgeAuditBefore(cutoff, now));
        // The purge is itself on record, in the same transaction.
        core::AuditEvent e;
        e.at = now;
        e.method = "skillpathd/AuditRetention";
        e.outcome = absl::StrCat("OK: purged ", *removed, " entries older than ", days, " days");
        return repos.access.AppendAudit(e);
      },
      [removed, done = std::move(done)](absl::Status s) {
        if (s.ok()) {
          done(*removed);
        } else {
          done(s);
        }
      });
}

absl::StatusOr<int64_t> Server::RunAuditRetention() {
  if (options_.audit_retention_days <= 0) return absl::FailedPreconditionError("no audit retention period is set");
  std::promise<absl::StatusOr<int64_t>> result;
  SubmitAuditRetention([&result](absl::StatusOr<int64_t> r) { result.set_value(std::move(r)); });
  return result.get_future().get();
}

void Server::ScheduleRetention(std::chrono::seconds after) {
  retention_timer_->expires_after(after);
  retention_timer_->async_wait([this](const boost::system::error_code& ec) {
    if (ec) return;  // cancelled: shutting down
    if (sign_in_) {
      // Sign-ins never finished (each start also purges them; this is for
      // when nobody signs in after a burst).
      const core::Time too_old = options_.now() - sign_in_->options().request_lifetime;
      writer_->Submit([too_old](core::Repositories& repos) {
        return repos.access.PurgeSignInRequestsBefore(too_old).status();
      }, [](absl::Status s) {
        if (!s.ok()) spdlog::error("purging unfinished sign-ins failed: {}", s.ToString());
      });
    }
    if (options_.audit_retention_days > 0) {
      SubmitAuditRetention([this](absl::StatusOr<int64_t> removed) {
        if (removed.ok()) {
          spdlog::info("retention: purged {} audit entries older than {} days", *removed,
                       options_.audit_retention_days);
        } else {
          spdlog::error("audit retention job failed: {}", removed.status().ToString());
        }
      });
    }
    if (options_.retention_years <= 0) {
      ScheduleRetention(options_.retention_interval);
      return;
    }
    SubmitRetention([this](absl::StatusOr<int64_t> removed) {
      if (removed.ok()) {
        spdlog::info("retention: purged {} assessments older than {} years", *removed, options_.retention_years);
      } else {
        spdlog::error("retention job failed: {}", removed.status().ToString());
      }
      ScheduleRetention(options_.retention_interval);
    });
  });
}

absl::StatusOr<int64_t> Server::RunRetentionForTest() {
  if (options_.retention_years <= 0) return absl::FailedPreconditionError("no retention period is set");
  std::promise<absl::StatusOr<int64_t>> result;
  SubmitRetention([&result](absl::StatusOr<int64_t> r) { result.set_value(std::move(r)); });
  return result.get_future().get();
}

void Server::StartListenerGuard() {
  if (!options_.guard_grpc_listener) return;
  GrpcListenerGuard::Options guard;
  guard.plaintext = options_.tls_cert_file.empty();
  if (!guard.plaintext) {
    auto relay = TlsRelay::Make(*grpc_, {options_.tls_cert_file, options_.tls_key_file, options_.tls_client_ca_file});
    if (relay.ok()) {
      tls_relay_ = std::move(*relay);
      guard.relay = tls_relay_.get();
    } else {
      spdlog::warn("gRPC listener guard: the TLS port cannot be taken over: {}", relay.status().ToString());
    }
  }
  guard_ = std::make_unique<GrpcListenerGuard>(*grpc_, port_, guard, [this] { UpdateHealth(); });
}

bool Server::Serving() const {
  if (stopped_) return false;
  if (replica_ && !replica_->Current(kReplicaMaxLag)) return false;  // the database is out of reach, or behind
  if (audit_ && !audit_->Accepting()) return false;  // the database takes no writes
  if (guard_ && (!guard_->accepting() || guard_->descriptors_low())) return false;
  return true;
}

void Server::UpdateHealth() {
  const bool serving = Serving();
  std::lock_guard<std::mutex> lock(health_mu_);
  if (serving == health_serving_ || stopped_) return;
  health_serving_ = serving;
  spdlog::warn("health: {}{}", serving ? "SERVING again" : "NOT_SERVING",
               serving                               ? ""
               : guard_ && !guard_->accepting()      ? " (the gRPC port is not accepting)"
               : guard_ && guard_->descriptors_low() ? " (open files nearly at the limit)"
               : audit_ && !audit_->Accepting()      ? " (audit entries cannot be written)"
               : replica_ && !replica_->Current(kReplicaMaxLag)
                   ? " (this replica cannot reach the database, or is behind the change log)"
                                                     : "");
  grpc_->GetHealthCheckService()->SetServingStatus(serving);
}

Server::~Server() { Shutdown(); }

std::string Server::Gauges() const {
  const db::WriterStats stats = writer_->stats();
  std::string out = absl::StrCat(
      "# HELP skillpath_writer_queue_depth Writes waiting for the writer.\n",
      "# TYPE skillpath_writer_queue_depth gauge\n", "skillpath_writer_queue_depth ", writer_->queue_depth(), "\n",
      "# HELP skillpath_commit_batch_size Writes per committed transaction (group commit).\n",
      "# TYPE skillpath_commit_batch_size histogram\n");
  uint64_t cumulative = 0;
  for (size_t b = 0; b < db::WriterStats::kBatchBuckets; ++b) {
    cumulative += stats.batch_sizes[b];
    const std::string le = b + 1 < db::WriterStats::kBatchBuckets ? std::to_string(1u << b) : "+Inf";
    absl::StrAppend(&out, "skillpath_commit_batch_size_bucket{le=\"", le, "\"} ", cumulative, "\n");
  }
  absl::StrAppend(&out, "skillpath_commit_batch_size_sum ", stats.jobs, "\n", "skillpath_commit_batch_size_count ",
                  stats.transactions, "\n",
                  "# HELP skillpath_writer_failed_jobs_total Writes that were refused or failed.\n",
                  "# TYPE skillpath_writer_failed_jobs_total counter\n", "skillpath_writer_failed_jobs_total ",
                  stats.failed_jobs, "\n");
  if (db::IsPostgresAddress(options_.db_path)) return out;  // PostgreSQL has its own metrics
  std::error_code ec;
  uintmax_t bytes = 0;
  for (const char* suffix : {"", "-wal"}) {
    const uintmax_t size = std::filesystem::file_size(options_.db_path + suffix, ec);
    if (!ec) bytes += size;
  }
  absl::StrAppend(&out, "# HELP skillpath_database_bytes Size of the database file and its WAL.\n",
                  "# TYPE skillpath_database_bytes gauge\n", "skillpath_database_bytes ", bytes, "\n");
  return out;
}

grpc::ChannelArguments Server::InProcessArgs() const {
  grpc::ChannelArguments args;
  args.SetMaxReceiveMessageSize(options_.max_message_bytes);
  args.SetMaxSendMessageSize(options_.max_message_bytes);
  return args;
}

std::shared_ptr<grpc::Channel> Server::InProcessChannel() { return grpc_->InProcessChannel(InProcessArgs()); }

std::shared_ptr<grpc::Channel> Server::InProcessChannel(const std::string& token) {
  return grpc_->experimental().InProcessChannelWithInterceptors(InProcessArgs(), BearerInterceptors(Always(token)));
}

void Server::Shutdown() {
  if (stopped_) return;
  stopped_ = true;
  // The guard first: it polls and may accept on sockets grpc closes.
  if (guard_) guard_->Stop();
  tls_relay_.reset();  // its connections end before the server they feed
  if (grpc_) {
    grpc_->GetHealthCheckService()->SetServingStatus(false);
    grpc_->Shutdown(std::chrono::system_clock::now() + options_.drain_deadline);
    grpc_->Wait();
  }
  // After gRPC: HTTP requests in flight are calls on the in-process channel,
  // which the drain above has answered.
  if (http_) http_->Shutdown();
  if (notifier_) notifier_->Stop();  // its records go through the writer
  if (retention_timer_) {
    // The timer lives on the writer's thread: cancel it there, so the
    // writer's loop has nothing left to wait for and can stop.
    std::promise<void> cancelled;
    boost::asio::post(writer_->context(), [this, &cancelled] {
      retention_timer_->cancel();
      cancelled.set_value();
    });
    cancelled.get_future().wait();
  }
  // What the audit trail still holds is written (or logged) while the
  // writer runs.
  if (audit_) audit_->Close();
  if (replica_) replica_->Stop();  // no more catch-ups queued for the writer
  if (writer_) writer_->Stop();
  replica_.reset();
  reads_.reset();
}

}  // namespace skillpath::services
