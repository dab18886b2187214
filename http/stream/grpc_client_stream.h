#pragma once
// One client-streaming call through grpc's generic stub, for the gateway's
// Connect streaming form: messages go out one at a time as the HTTP body
// brings them, the single answer comes back at the end. Every callback runs
// through `post` (the HTTP connection's executor), in the order grpc made
// them, so the connection's state is touched from one place only.

#include <grpcpp/generic/generic_stub.h>
#include <grpcpp/support/client_callback.h>

#include <functional>
#include <memory>
#include <mutex>
#include <string>

namespace skillpath::services {

class GrpcClientStream final : public grpc::ClientBidiReactor<grpc::ByteBuffer, grpc::ByteBuffer> {
 public:
  using Post = std::function<void(std::function<void()>)>;
  struct Handlers {
    std::function<void(bool ok)> write_done;  // false: the call has ended (done follows)
    std::function<void(const grpc::Status& status, std::string response)> done;
  };

  // Starts the call; `context` has its metadata and deadline set. The
  // stream keeps itself alive until `done` has been posted.
  static std::shared_ptr<GrpcClientStream> Start(grpc::GenericStub& stub, const std::string& path,
                                                 std::unique_ptr<grpc::ClientContext> context, Post post,
                                                 Handlers handlers);

  // One message (serialized); the next only after write_done.
  void Write(const std::string& message);
  // No more messages: the answer, then done.
  void Finish();
  // Gives up (the HTTP side failed): done follows, with CANCELLED.
  void Cancel();

  void OnWriteDone(bool ok) override;
  void OnReadDone(bool ok) override;
  void OnDone(const grpc::Status& status) override;

 private:
  GrpcClientStream(std::unique_ptr<grpc::ClientContext> context, Post post, Handlers handlers);
  void ReleaseHold();

  std::unique_ptr<grpc::ClientContext> context_;
  Post post_;
  Handlers handlers_;
  grpc::ByteBuffer out_;
  grpc::ByteBuffer in_;
  bool answered_ = false;  // in_ holds the answer
  std::mutex mu_;
  bool held_ = true;  // the hold that lets Write/Finish start operations from outside grpc's callbacks
  std::shared_ptr<GrpcClientStream> self_;  // until OnDone
};

}  // namespace skillpath::services
