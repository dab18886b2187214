#include "api/call/handler.h"

#include <openssl/rand.h>

#include <cstdio>

#include "absl/strings/str_cat.h"

namespace skillpath::services {

core::Time SystemNow() {
  return std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::system_clock::now().time_since_epoch())
      .count();
}

grpc::Status ToGrpcStatus(const absl::Status& status) {
  if (status.ok()) return grpc::Status::OK;
  return grpc::Status(static_cast<grpc::StatusCode>(status.code()), std::string(status.message()));
}

std::string NewId() {
  unsigned char b[16];
  if (RAND_bytes(b, sizeof b) != 1) {
    // OpenSSL's CSPRNG failing means the process cannot be trusted to go on.
    std::fprintf(stderr, "skillpath: RAND_bytes failed\n");
    std::abort();
  }
  // UUID version 7: the first 48 bits are the Unix time in milliseconds, so
  // ids generated one after another sort together and inserting them
  // appends to the unique index instead of touching random pages.
  const uint64_t ms = static_cast<uint64_t>(SystemNow() / 1000);
  for (int i = 0; i < 6; ++i) b[i] = static_cast<unsigned char>(ms >> (40 - 8 * i));
  b[6] = (b[6] & 0x0f) | 0x70;  // version 7
  b[8] = (b[8] & 0x3f) | 0x80;  // variant 1
  char out[37];
  std::snprintf(out, sizeof out, "%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x", b[0], b[1],
                b[2], b[3], b[4], b[5], b[6], b[7], b[8], b[9], b[10], b[11], b[12], b[13], b[14], b[15]);
  return out;
}

grpc::ServerUnaryReactor* ServeWrite(grpc::CallbackServerContext* ctx, db::Writer& writer,
                                     std::function<absl::Status(core::Repositories&)> job,
                                     std::function<void(const absl::Status&)> on_done) {
  grpc::ServerUnaryReactor* reactor = ctx->DefaultReactor();
  writer.Submit(
      [ctx, job = std::move(job)](core::Repositories& repos) -> absl::Status {
        // The deadline first: gRPC cancels a call whose deadline passed, and
        // such a call is counted as DEADLINE_EXCEEDED, not CANCELLED.
        if (ctx->deadline() < std::chrono::system_clock::now()) {
          return absl::DeadlineExceededError("the deadline passed before the write; nothing was written");
        }
        if (ctx->IsCancelled()) return absl::CancelledError("the call was cancelled before it was written");
        return job(repos);
      },
      [reactor, on_done = std::move(on_done)](absl::Status s) {
        if (on_done) on_done(s);
        reactor->Finish(ToGrpcStatus(s));
      });
  return reactor;
}

grpc::ServerUnaryReactor* FinishWith(grpc::CallbackServerContext* ctx, const absl::Status& status) {
  grpc::ServerUnaryReactor* reactor = ctx->DefaultReactor();
  reactor->Finish(ToGrpcStatus(status));
  return reactor;
}

absl::Status NotImplementedYet(const std::string& method, const std::string& arrives_with) {
  return absl::UnimplementedError(
      absl::StrCat(method, " is not implemented in this version; it arrives with ", arrives_with));
}

}  // namespace skillpath::services
