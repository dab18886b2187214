#pragma once
// A grpc MessageAllocator that places a call's request and response on one
// protobuf Arena: building a large response (a gap report with a message
// and two strings per line) then costs bump allocations instead of a malloc
// and a free per field, and the whole call is released at once.
#include <google/protobuf/arena.h>
#include <grpcpp/support/message_allocator.h>

namespace skillpath::services {

template <typename Request, typename Response>
class ArenaAllocator final : public grpc::MessageAllocator<Request, Response> {
 public:
  grpc::MessageHolder<Request, Response>* AllocateMessages() override { return new Holder(); }

 private:
  class Holder final : public grpc::MessageHolder<Request, Response> {
   public:
    Holder() : arena_(Options()) {
      this->set_request(google::protobuf::Arena::CreateMessage<Request>(&arena_));
      this->set_response(google::protobuf::Arena::CreateMessage<Response>(&arena_));
    }
    void Release() override { delete this; }

   private:
    static google::protobuf::ArenaOptions Options() {
      google::protobuf::ArenaOptions o;
      o.start_block_size = 4096;
      return o;
    }
    google::protobuf::Arena arena_;
  };
};

}  // namespace skillpath::services
