#pragma once
// The Connect protocol's code and HTTP status for the gRPC codes the
// gateway answers with most, asserted where the codec is tested
// (http/connect/connect_codec_test.cc) and where the gateway maps them
// (http/http_gateway_test.cc), from one table.
#include <gtest/gtest.h>

#include "http/connect/connect_codec.h"

namespace skillpath::services::testing {

inline void ExpectConnectCodesAndStatuses() {
  EXPECT_STREQ(ConnectCode(grpc::CANCELLED), "canceled");
  EXPECT_EQ(ConnectHttpStatus(grpc::CANCELLED), 499);
  EXPECT_EQ(ConnectHttpStatus(grpc::DEADLINE_EXCEEDED), 504);
  EXPECT_EQ(ConnectHttpStatus(grpc::FAILED_PRECONDITION), 400);
  EXPECT_EQ(ConnectHttpStatus(grpc::UNIMPLEMENTED), 501);
  EXPECT_EQ(ConnectHttpStatus(grpc::RESOURCE_EXHAUSTED), 429);
  EXPECT_EQ(ConnectHttpStatus(grpc::UNAVAILABLE), 503);
  EXPECT_EQ(ConnectHttpStatus(grpc::DATA_LOSS), 500);
}

}  // namespace skillpath::services::testing
