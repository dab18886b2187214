#include "http/stream/grpc_client_stream.h"

#include <vector>

namespace skillpath::services {

GrpcClientStream::GrpcClientStream(std::unique_ptr<grpc::ClientContext> context, Post post, Handlers handlers)
    : context_(std::move(context)), post_(std::move(post)), handlers_(std::move(handlers)) {}

std::shared_ptr<GrpcClientStream> GrpcClientStream::Start(grpc::GenericStub& stub, const std::string& path,
                                                          std::unique_ptr<grpc::ClientContext> context, Post post,
                                                          Handlers handlers) {
  std::shared_ptr<GrpcClientStream> stream(
      new GrpcClientStream(std::move(context), std::move(post), std::move(handlers)));
  stream->self_ = stream;
  stub.PrepareBidiStreamingCall(stream->context_.get(), path, grpc::StubOptions(), stream.get());
  // Writes start from the HTTP side, outside grpc's callbacks: the hold
  // keeps OnDone back until the last of them (Finish or Cancel).
  stream->AddHold();
  stream->StartRead(&stream->in_);
  stream->StartCall();
  return stream;
}

void GrpcClientStream::Write(const std::string& message) {
  grpc::Slice slice(message);
  out_ = grpc::ByteBuffer(&slice, 1);
  StartWrite(&out_);
}

void GrpcClientStream::Finish() {
  StartWritesDone();
  ReleaseHold();
}

void GrpcClientStream::Cancel() {
  context_->TryCancel();
  ReleaseHold();
}

void GrpcClientStream::ReleaseHold() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (!held_) return;
    held_ = false;
  }
  RemoveHold();
}

void GrpcClientStream::OnWriteDone(bool ok) {
  post_([this, keep = self_, ok] { handlers_.write_done(ok); });
}

void GrpcClientStream::OnReadDone(bool ok) { answered_ = ok; }

void GrpcClientStream::OnDone(const grpc::Status& status) {
  std::string response;
  if (status.ok() && answered_) {
    std::vector<grpc::Slice> slices;
    (void)in_.Dump(&slices);
    for (const grpc::Slice& s : slices) response.append(reinterpret_cast<const char*>(s.begin()), s.size());
  }
  std::shared_ptr<GrpcClientStream> keep = std::move(self_);
  post_([keep, status, response = std::move(response)]() mutable {
    Handlers handlers = std::move(keep->handlers_);  // what they hold (the connection) goes with them
    handlers.done(status, std::move(response));
  });
}

}  // namespace skillpath::services
