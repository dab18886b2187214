#pragma once
// The base of every service adapter (api/<name>_service.cc): the
// dependencies it is built with (`services_`) and the two shapes most
// handlers have, "start the call, then read" and "start the call, then
// write", so that a handler is one statement:
//   return Read(ctx, "skillpath.v1.OrgService/GetRole", About::Nothing(),
//               [req, resp](core::Repositories& repos) -> absl::Status { ... });
// Start's refusal (no token, not allowed) finishes the call instead. A job
// that needs the call (to Allow once it knows whose data it touches, for
// About::Later()) takes it as its first argument; a handler that needs it
// before reading (Defer, the snapshot) starts it with Call::Start
// (api/call/call.h).

#include <grpcpp/grpcpp.h>

#include <functional>

#include "absl/status/status.h"
#include "api/call/call.h"
#include "api/call/handler.h"
#include "core/ports/repository.h"

namespace skillpath::services {

class Adapter {
 public:
  explicit Adapter(ServiceContext services) : services_(std::move(services)) {}

 protected:
  using Reactor = grpc::ServerUnaryReactor;
  using Context = grpc::CallbackServerContext;
  using Job = std::function<absl::Status(core::Repositories&)>;
  using CallJob = std::function<absl::Status(Call&, core::Repositories&)>;

  // Call::Start, then Call::Read(fn).
  Reactor* Read(Context* ctx, const char* method, const About& about, const Job& fn);
  // Call::Start, then Call::Write(job, after).
  Reactor* Write(Context* ctx, const char* method, const About& about, Job job,
                 std::function<void(const absl::Status&)> after = nullptr);
  Reactor* Read(Context* ctx, const char* method, const About& about, CallJob fn);
  Reactor* Write(Context* ctx, const char* method, const About& about, CallJob job,
                 std::function<void(const absl::Status&)> after = nullptr);
  // Call::Start, then Call::Finish(answer(call)): for answers computed
  // here, on the callback thread, from the call's snapshot of the read
  // index (no SQL, no waiting).
  Reactor* Inline(Context* ctx, const char* method, const About& about,
                  const std::function<absl::Status(Call&)>& answer);

  ServiceContext services_;
};

}  // namespace skillpath::services
