#include "api/call/handler.h"

#include <openssl/rand.h>

#include <cstdio>
#include <cstring>

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
  // Random bytes are drawn from OpenSSL's CSPRNG 4 KiB at a time, not 16
  // per id: an import without ids makes one per row, and a RAND_bytes call
  // for each was most of the time spent reading the stream.
  thread_local unsigned char pool[4096];
  thread_local size_t used = sizeof pool;
  if (used + 16 > sizeof pool) {
    if (RAND_bytes(pool, sizeof pool) != 1) {
      // OpenSSL's CSPRNG failing means the process cannot be trusted to go on.
      std::fprintf(stderr, "skillpath: RAND_bytes failed\n");
      std::abort();
    }
    used = 0;
  }
  unsigned char b[16];
  std::memcpy(b, pool + used, sizeof b);
  std::memset(pool + used, 0, sizeof b);  // each random byte is used once
  used += sizeof b;
  // UUID version 7: the first 48 bits are the Unix time in milliseconds, so
  // ids generated one after another sort together and inserting them
  // appends to the unique index instead of touching random pages.
  const uint64_t ms = static_cast<uint64_t>(SystemNow() / 1000);
  for (int i = 0; i < 6; ++i) b[i] = static_cast<unsigned char>(ms >> (40 - 8 * i));
  b[6] = (b[6] & 0x0f) | 0x70;  // version 7
  b[8] = (b[8] & 0x3f) | 0x80;  // variant 1
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out(36, '-');
  size_t at = 0;
  for (int i = 0; i < 16; ++i) {
    if (i == 4 || i == 6 || i == 8 || i == 10) ++at;  // the dashes
    out[at++] = kHex[b[i] >> 4];
    out[at++] = kHex[b[i] & 0x0f];
  }
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
