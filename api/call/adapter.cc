#include "api/call/adapter.h"

namespace skillpath::services {

grpc::ServerUnaryReactor* Adapter::Read(Context* ctx, const char* method, const About& about, const Job& fn) {
  auto call = Call::Start(services_, ctx, method, about);
  if (!call.ok()) return FinishWith(ctx, call.status());
  return (*call)->Read(fn);
}

grpc::ServerUnaryReactor* Adapter::Write(Context* ctx, const char* method, const About& about, Job job,
                                         std::function<void(const absl::Status&)> after) {
  auto call = Call::Start(services_, ctx, method, about);
  if (!call.ok()) return FinishWith(ctx, call.status());
  return (*call)->Write(std::move(job), std::move(after));
}

grpc::ServerUnaryReactor* Adapter::Read(Context* ctx, const char* method, const About& about, CallJob fn) {
  auto call = Call::Start(services_, ctx, method, about);
  if (!call.ok()) return FinishWith(ctx, call.status());
  return (*call)->Read([fn = std::move(fn), call = *call](core::Repositories& repos) { return fn(*call, repos); });
}

grpc::ServerUnaryReactor* Adapter::Write(Context* ctx, const char* method, const About& about, CallJob job,
                                         std::function<void(const absl::Status&)> after) {
  auto call = Call::Start(services_, ctx, method, about);
  if (!call.ok()) return FinishWith(ctx, call.status());
  return (*call)->Write([job = std::move(job), call = *call](core::Repositories& repos) { return job(*call, repos); },
                        std::move(after));
}

grpc::ServerUnaryReactor* Adapter::Inline(Context* ctx, const char* method, const About& about,
                                          const std::function<absl::Status(Call&)>& answer) {
  auto call = Call::Start(services_, ctx, method, about);
  if (!call.ok()) return FinishWith(ctx, call.status());
  return (*call)->Finish(answer(**call));
}

}  // namespace skillpath::services
