#pragma once
// The shared plumbing of every service adapter: the dependencies a handler
// gets (ServiceContext), the single absl -> grpc status mapping, and the two
// ways a unary call is served — a write through the writer (acknowledged
// after commit) or a read on the read pool.

#include <grpcpp/grpcpp.h>

#include <chrono>
#include <functional>
#include <string>

#include "absl/status/status.h"
#include "api/call/workers.h"
#include "core/index/read_index.h"
#include "core/model/types.h"
#include "core/ports/repository.h"
#include "db/read_pool.h"
#include "db/writer.h"

namespace skillpath::services {

// What the service adapters need; built by the server's main.
class TokenCache;
class AuditTrail;
class Metrics;

// What GetSignInSettings tells (issue #12): how a client gets an access
// token from the organisation's OpenID provider that this server accepts.
struct PublicSignIn {
  std::string issuer;     // empty: no provider
  std::string client_id;  // the command line's client (public); empty: none
  std::string scope;
  std::string resource;
  std::string audience;
};

struct ServiceContext {
  db::Writer& writer;
  db::ReadPool& reads;
  core::ReadIndex& index;           // gap reads; updated by the writer after each commit
  std::function<core::Time()> now;  // the clock, replaceable in tests
  TokenCache& tokens;               // who is calling (api/call/call.h)
  AuditTrail& audit;                // audit records outside a write's transaction
  Metrics& metrics;                 // calls per method and code, latency (GET /metrics)
  Workers& workers;                 // long CPU-bound work off the callback threads (api/call/workers.h)
  PublicSignIn sign_in = {};        // set by the server when sign-in is on
  // The server's own in-process channel, once it serves: the report exports
  // make their underlying calls on it (api/report_service.cc). Unset: none.
  std::function<std::shared_ptr<grpc::Channel>()> in_process = nullptr;
};

core::Time SystemNow();

// The one mapping from domain status to gRPC status (codes share numbers).
grpc::Status ToGrpcStatus(const absl::Status& status);

// A new id (UUID version 7: time-ordered, 74 random bits) for an entity
// written with an empty id.
std::string NewId();

// Serves a write: `job` runs on the writer inside the group-commit
// transaction and fills the response; the call finishes once the
// transaction has committed. A call whose deadline passed or that was
// cancelled before its turn is not written.
// `on_done`, if set, sees the final status first (on the writer thread).
grpc::ServerUnaryReactor* ServeWrite(grpc::CallbackServerContext* ctx, db::Writer& writer,
                                     std::function<absl::Status(core::Repositories&)> job,
                                     std::function<void(const absl::Status&)> on_done = nullptr);

// Finishes a unary call computed inline (from the read index) with `status`.
grpc::ServerUnaryReactor* FinishWith(grpc::CallbackServerContext* ctx, const absl::Status& status);

// UNIMPLEMENTED, saying which later work brings the method.
absl::Status NotImplementedYet(const std::string& method, const std::string& arrives_with);

}  // namespace skillpath::services
