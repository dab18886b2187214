#pragma once
// Starts a real Server for service tests: a temporary database, port 0 on
// loopback, an optional fixed clock; and a channel to it over the network.
#include <grpcpp/grpcpp.h>
#include <gtest/gtest.h>

#include <functional>
#include <memory>

#include "services/server.h"

namespace skillpath::services::testing {

inline std::unique_ptr<Server> StartTestServer(const std::string& db_path,
                                               std::function<core::Time()> now = SystemNow) {
  ServerOptions options;
  options.db_path = db_path;
  options.listen = "127.0.0.1:0";
  options.now = std::move(now);
  auto started = Server::Start(options);
  EXPECT_TRUE(started.ok()) << started.status();
  return started.ok() ? std::move(*started) : nullptr;
}

inline std::shared_ptr<grpc::Channel> ChannelTo(const Server& server) {
  return grpc::CreateChannel(server.address(), grpc::InsecureChannelCredentials());
}

}  // namespace skillpath::services::testing
