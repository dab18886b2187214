#include "services/server.h"

#include <SQLiteCpp/Database.h>
#include <grpcpp/ext/proto_server_reflection_plugin.h>
#include <grpcpp/health_check_service_interface.h>
#include <spdlog/spdlog.h>

#include "absl/strings/str_cat.h"
#include "db/database.h"
#include "db/index_loader.h"
#include "db/store.h"
#include "services/assessment_service.h"
#include "services/catalog_service.h"
#include "services/framework_service.h"
#include "services/gap_service.h"
#include "services/plan_service.h"
#include "services/org_service.h"

namespace skillpath::services {

absl::StatusOr<std::unique_ptr<Server>> Server::Start(const ServerOptions& options) {
  std::unique_ptr<Server> server(new Server());
  server->options_ = options;

  auto db = db::OpenDatabase(options.db_path, db::OpenMode::kReadWrite);
  if (!db.ok()) return db.status();
  absl::Status migrated = db::Migrate(**db);
  if (!migrated.ok()) return migrated;
  {
    // The read index is built from the migrated database before any write.
    db::SqliteStore loader(**db);
    auto snapshot = db::LoadIndex(loader);
    if (!snapshot.ok()) return snapshot.status();
    server->index_.Publish(std::move(*snapshot));
  }
  server->writer_ = std::make_unique<db::Writer>(std::move(*db));
  core::ReadIndex* index = &server->index_;
  server->writer_->SetCommitHook([index](const core::ChangeSet& changes, db::SqliteStore& store) {
    auto next = db::ApplyChanges(index->Current(), changes, store);
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
    index->Publish(std::move(*next));
  });
  auto reads = db::ReadPool::Open(options.db_path);
  if (!reads.ok()) return reads.status();
  server->reads_ = std::move(*reads);

  ServiceContext ctx{*server->writer_, *server->reads_, server->index_, options.now};
  server->services_.push_back(std::make_unique<FrameworkServiceImpl>(ctx));
  server->services_.push_back(std::make_unique<OrgServiceImpl>(ctx));
  server->services_.push_back(std::make_unique<AssessmentServiceImpl>(ctx));
  server->services_.push_back(std::make_unique<CatalogServiceImpl>(ctx));
  server->services_.push_back(std::make_unique<GapServiceImpl>(ctx));
  server->services_.push_back(std::make_unique<PlanServiceImpl>(ctx));

  grpc::EnableDefaultHealthCheckService(true);
  grpc::reflection::InitProtoReflectionServerBuilderPlugin();
  grpc::ServerBuilder builder;
  builder.AddListeningPort(options.listen, grpc::InsecureServerCredentials(), &server->port_);
  builder.SetMaxReceiveMessageSize(options.max_message_bytes);
  builder.SetMaxSendMessageSize(options.max_message_bytes);
  builder.AddChannelArgument(GRPC_ARG_MAX_CONCURRENT_STREAMS, options.max_concurrent_streams);
  // Keepalive enforcement: clients may ping at most every 10 s without data.
  builder.AddChannelArgument(GRPC_ARG_HTTP2_MIN_RECV_PING_INTERVAL_WITHOUT_DATA_MS, 10000);
  builder.AddChannelArgument(GRPC_ARG_HTTP2_MAX_PING_STRIKES, 2);
  builder.AddChannelArgument(GRPC_ARG_KEEPALIVE_TIME_MS, 60000);
  builder.AddChannelArgument(GRPC_ARG_KEEPALIVE_TIMEOUT_MS, 20000);
  for (auto& service : server->services_) builder.RegisterService(service.get());
  server->grpc_ = builder.BuildAndStart();
  if (!server->grpc_ || server->port_ == 0) {
    return absl::UnavailableError(absl::StrCat("cannot listen on ", options.listen));
  }
  const size_t colon = options.listen.rfind(':');
  server->address_ = absl::StrCat(options.listen.substr(0, colon), ":", server->port_);
  server->grpc_->GetHealthCheckService()->SetServingStatus(true);
  return server;
}

Server::~Server() { Shutdown(); }

std::shared_ptr<grpc::Channel> Server::InProcessChannel() {
  grpc::ChannelArguments args;
  args.SetMaxReceiveMessageSize(options_.max_message_bytes);
  args.SetMaxSendMessageSize(options_.max_message_bytes);
  return grpc_->InProcessChannel(args);
}

void Server::Shutdown() {
  if (stopped_) return;
  stopped_ = true;
  if (grpc_) {
    grpc_->GetHealthCheckService()->SetServingStatus(false);
    grpc_->Shutdown(std::chrono::system_clock::now() + options_.drain_deadline);
    grpc_->Wait();
  }
  if (writer_) writer_->Stop();
  reads_.reset();
}

}  // namespace skillpath::services
