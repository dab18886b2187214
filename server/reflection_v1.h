#pragma once
// Server reflection v1 (grpc.reflection.v1.ServerReflection), answered from
// protobuf's generated descriptor pool like grpc's v1alpha plugin: grpc 1.51
// serves only v1alpha, and newer clients (grpcurl, grpc-js, grpcio) ask for
// v1 first. The two protocols' messages are the same on the wire, so a client
// sees the same answers from either.
#include <string>
#include <vector>

#include "grpc/reflection/v1/reflection.grpc.pb.h"

namespace skillpath::services {

class ReflectionV1Service final : public grpc::reflection::v1::ServerReflection::CallbackService {
 public:
  // `services`: the full names list_services answers, in that order.
  explicit ReflectionV1Service(std::vector<std::string> services) : services_(std::move(services)) {}

  grpc::ServerBidiReactor<grpc::reflection::v1::ServerReflectionRequest,
                          grpc::reflection::v1::ServerReflectionResponse>*
  ServerReflectionInfo(grpc::CallbackServerContext* context) override;

  // The answer to one request (what the stream writes back for it).
  grpc::reflection::v1::ServerReflectionResponse Answer(
      const grpc::reflection::v1::ServerReflectionRequest& request) const;

 private:
  const std::vector<std::string> services_;
};

}  // namespace skillpath::services
