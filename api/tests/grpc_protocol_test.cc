// The gRPC port as independent clients see it (issue #10, item 10), against
// a real server on loopback port 0:
// - keepalive pings without calls at the allowed interval keep the
//   connection (no GOAWAY too_many_pings);
// - an undecodable request is INVALID_ARGUMENT naming the message type, for
//   every unary and server-streaming method in proto/;
// - server reflection v1 (and v1alpha, on the same wire format) lists the
//   services and describes grpc.health.v1 and our files with their imports;
// - health status per service, all NOT_SERVING on shutdown.
#include <google/protobuf/descriptor.h>
#include <google/protobuf/descriptor.pb.h>
#include <grpcpp/generic/generic_stub.h>
#include <gtest/gtest.h>

#include <future>
#include <set>
#include <thread>

#include "grpc/health/v1/health.grpc.pb.h"
#include "grpc/reflection/v1/reflection.grpc.pb.h"
#include "skillpath/v1/auth.grpc.pb.h"
#include "testing/db/db_files.h"
#include "testing/proto_services.h"
#include "testing/test_server.h"

namespace skillpath::services {
namespace {

namespace health = grpc::health::v1;
namespace rv1 = grpc::reflection::v1;

using testing::OurServices;

grpc::Status Unary(const std::shared_ptr<grpc::Channel>& channel, const std::string& method,
                   const std::string& bytes) {
  grpc::GenericStub stub(channel);
  grpc::ClientContext ctx;
  ctx.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(10));
  grpc::Slice slice(bytes);
  grpc::ByteBuffer request(&slice, 1), response;
  std::promise<grpc::Status> done;
  stub.UnaryCall(&ctx, method, grpc::StubOptions(), &request, &response,
                 [&done](grpc::Status s) { done.set_value(std::move(s)); });
  return done.get_future().get();
}

class GrpcProtocolTest : public ::testing::Test {
 protected:
  void Start(ServerOptions options = {}) {
    options.db_path = tmp_.path();
    options.listen = "127.0.0.1:0";
    auto started = Server::Start(options);
    ASSERT_TRUE(started.ok()) << started.status();
    server_ = std::move(*started);
  }

  // One request and its answer on a reflection v1 stream.
  rv1::ServerReflectionResponse Reflect(const rv1::ServerReflectionRequest& request) {
    auto stub = rv1::ServerReflection::NewStub(testing::ChannelAs(*server_, ""));
    grpc::ClientContext ctx;
    ctx.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(10));
    auto stream = stub->ServerReflectionInfo(&ctx);
    rv1::ServerReflectionResponse response;
    EXPECT_TRUE(stream->Write(request));
    EXPECT_TRUE(stream->Read(&response));
    stream->WritesDone();
    EXPECT_TRUE(stream->Finish().ok());
    return response;
  }

  rv1::ServerReflectionResponse Symbol(const std::string& symbol) {
    rv1::ServerReflectionRequest request;
    request.set_file_containing_symbol(symbol);
    return Reflect(request);
  }

  db::testing::TempDbPath tmp_;
  std::unique_ptr<Server> server_;
};

// Pings every second without a call: the connection stays READY for six
// seconds (on the old settings grpc counted each idle ping as a strike and
// sent GOAWAY too_many_pings after the third), and a call still works.
TEST_F(GrpcProtocolTest, IdleKeepalivePingsAtTheAllowedIntervalKeepTheConnection) {
  ServerOptions options;
  options.min_client_ping_interval = std::chrono::milliseconds(1000);
  Start(options);
  grpc::ChannelArguments args;
  args.SetInt(GRPC_ARG_KEEPALIVE_TIME_MS, 1000);
  args.SetInt(GRPC_ARG_KEEPALIVE_TIMEOUT_MS, 5000);
  args.SetInt(GRPC_ARG_KEEPALIVE_PERMIT_WITHOUT_CALLS, 1);
  args.SetInt(GRPC_ARG_HTTP2_MAX_PINGS_WITHOUT_DATA, 0);
  auto channel = grpc::CreateCustomChannel(server_->address(), grpc::InsecureChannelCredentials(), args);
  ASSERT_TRUE(channel->WaitForConnected(std::chrono::system_clock::now() + std::chrono::seconds(10)));
  // Any state change while idle means the transport went away (GOAWAY
  // sends a channel to IDLE; a failed one through TRANSIENT_FAILURE).
  const auto until = std::chrono::system_clock::now() + std::chrono::seconds(6);
  while (std::chrono::system_clock::now() < until) {
    if (channel->WaitForStateChange(GRPC_CHANNEL_READY, until)) {
      FAIL() << "the idle connection left READY for state " << channel->GetState(false)
             << " (GOAWAY too_many_pings?)";
    }
  }
  EXPECT_EQ(channel->GetState(false), GRPC_CHANNEL_READY);
  auto stub = health::Health::NewStub(channel);
  grpc::ClientContext ctx;
  health::HealthCheckRequest req;
  health::HealthCheckResponse resp;
  ASSERT_TRUE(stub->Check(&ctx, req, &resp).ok());
  EXPECT_EQ(resp.status(), health::HealthCheckResponse::SERVING);
}

// Bytes that are no protobuf message (an unterminated varint as the first
// tag) to every method that decodes its request before running.
TEST_F(GrpcProtocolTest, UndecodableRequestIsInvalidArgumentNamingTheTypeForEveryMethod) {
  Start();
  auto channel = testing::ChannelTo(*server_);
  const std::string garbage = "\xff\xff\xff\xff\xff\xff";
  int methods = 0;
  for (const auto* service : OurServices()) {
    for (int m = 0; m < service->method_count(); ++m) {
      const auto* method = service->method(m);
      // Client-streaming methods see an undecodable message as the end of
      // the stream (api/call/request_decode.h).
      if (method->client_streaming()) continue;
      const grpc::Status s = Unary(channel, "/" + service->full_name() + "/" + method->name(), garbage);
      EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT) << method->full_name() << ": " << s.error_message();
      EXPECT_NE(s.error_message().find(method->input_type()->full_name()), std::string::npos)
          << method->full_name() << ": " << s.error_message();
      ++methods;
    }
  }
  EXPECT_GT(methods, 30);
  // A good request on the same channel is still served.
  const grpc::Status ok = Unary(channel, "/skillpath.v1.AuthService/WhoAmI", "");
  EXPECT_TRUE(ok.ok()) << ok.error_message();
  // An unknown method is still UNIMPLEMENTED.
  EXPECT_EQ(Unary(channel, "/skillpath.v1.GapService/NoSuchMethod", garbage).error_code(),
            grpc::StatusCode::UNIMPLEMENTED);
}

TEST_F(GrpcProtocolTest, ReflectionV1ListsEveryServiceWeServe) {
  Start();
  rv1::ServerReflectionRequest request;
  request.set_host("skillpath");
  request.set_list_services("");
  const rv1::ServerReflectionResponse response = Reflect(request);
  EXPECT_EQ(response.valid_host(), "skillpath");
  EXPECT_EQ(response.original_request().list_services(), "");
  std::set<std::string> listed;
  for (const auto& s : response.list_services_response().service()) listed.insert(s.name());
  std::set<std::string> expected = {"grpc.health.v1.Health", "grpc.reflection.v1.ServerReflection",
                                    "grpc.reflection.v1alpha.ServerReflection"};
  for (const auto* service : OurServices()) expected.insert(service->full_name());
  EXPECT_EQ(listed, expected);
}

TEST_F(GrpcProtocolTest, ReflectionV1DescribesHealthAndOurFilesWithTheirImports) {
  Start();
  for (const std::string symbol : {"grpc.health.v1.Health", "grpc.health.v1.HealthCheckResponse.ServingStatus",
                                   "skillpath.v1.GapService", "skillpath.v1.GapService.GetPersonGap",
                                   "grpc.reflection.v1.ServerReflection"}) {
    SCOPED_TRACE(symbol);
    const rv1::ServerReflectionResponse response = Symbol(symbol);
    ASSERT_TRUE(response.has_file_descriptor_response()) << response.error_response().error_message();
    std::vector<google::protobuf::FileDescriptorProto> files;
    std::set<std::string> names;
    for (const std::string& bytes : response.file_descriptor_response().file_descriptor_proto()) {
      files.emplace_back();
      ASSERT_TRUE(files.back().ParseFromString(bytes));
      names.insert(files.back().name());
    }
    ASSERT_FALSE(files.empty());
    // The file declaring the symbol comes first, then everything it needs.
    const auto* declared = google::protobuf::DescriptorPool::generated_pool()->FindFileContainingSymbol(symbol);
    ASSERT_NE(declared, nullptr);
    EXPECT_EQ(files.front().name(), declared->name());
    for (const auto& file : files) {
      for (const std::string& dep : file.dependency()) EXPECT_TRUE(names.count(dep)) << file.name() << " needs " << dep;
    }
  }
  const rv1::ServerReflectionResponse health = Symbol("grpc.health.v1.Health");
  google::protobuf::FileDescriptorProto file;
  ASSERT_TRUE(file.ParseFromString(health.file_descriptor_response().file_descriptor_proto(0)));
  EXPECT_EQ(file.name(), "grpc/health/v1/health.proto");
  ASSERT_EQ(file.service_size(), 1);
  EXPECT_EQ(file.service(0).name(), "Health");
}

TEST_F(GrpcProtocolTest, ReflectionV1AnswersUnknownNamesWithNotFound) {
  Start();
  rv1::ServerReflectionRequest request;
  request.set_file_by_filename("skillpath/v1/nothing.proto");
  EXPECT_EQ(Reflect(request).error_response().error_code(), grpc::StatusCode::NOT_FOUND);
  EXPECT_EQ(Symbol("skillpath.v1.NoSuchThing").error_response().error_code(), grpc::StatusCode::NOT_FOUND);
  request.set_file_by_filename("skillpath/v1/gap.proto");
  const rv1::ServerReflectionResponse gap = Reflect(request);
  EXPECT_GE(gap.file_descriptor_response().file_descriptor_proto_size(), 2);  // gap.proto and its imports
  EXPECT_EQ(Reflect(rv1::ServerReflectionRequest()).error_response().error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);
}

// The v1alpha service (grpc's plugin) and ours answer the same bytes with
// the same answer, since the protocols' messages are wire-identical; so
// v1alpha describes grpc.health.v1 too.
TEST_F(GrpcProtocolTest, ReflectionV1alphaAnswersTheSameOnTheSameWire) {
  Start();
  rv1::ServerReflectionRequest request;
  request.set_file_containing_symbol("grpc.health.v1.Health");
  std::string bytes;
  request.SerializeToString(&bytes);

  grpc::GenericStub stub(testing::ChannelAs(*server_, ""));
  grpc::ClientContext ctx;
  ctx.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(10));
  grpc::CompletionQueue cq;
  auto call = stub.PrepareCall(&ctx, "/grpc.reflection.v1alpha.ServerReflection/ServerReflectionInfo", &cq);
  auto step = [&cq](intptr_t tag) {
    void* got = nullptr;
    bool ok = false;
    EXPECT_TRUE(cq.Next(&got, &ok));
    EXPECT_EQ(reinterpret_cast<intptr_t>(got), tag);
    return ok;
  };
  call->StartCall(reinterpret_cast<void*>(1));
  ASSERT_TRUE(step(1));
  grpc::Slice slice(bytes);
  grpc::ByteBuffer out(&slice, 1), in;
  call->Write(out, reinterpret_cast<void*>(2));
  ASSERT_TRUE(step(2));
  call->Read(&in, reinterpret_cast<void*>(3));
  ASSERT_TRUE(step(3));
  call->WritesDone(reinterpret_cast<void*>(4));
  ASSERT_TRUE(step(4));
  grpc::Status status;
  call->Finish(&status, reinterpret_cast<void*>(5));
  ASSERT_TRUE(step(5));
  EXPECT_TRUE(status.ok()) << status.error_message();
  cq.Shutdown();

  std::vector<grpc::Slice> slices;
  ASSERT_TRUE(in.Dump(&slices).ok());
  std::string answer;
  for (const auto& s : slices) answer.append(reinterpret_cast<const char*>(s.begin()), s.size());
  rv1::ServerReflectionResponse v1alpha;
  ASSERT_TRUE(v1alpha.ParseFromString(answer));
  const rv1::ServerReflectionResponse v1 = Symbol("grpc.health.v1.Health");
  ASSERT_TRUE(v1alpha.has_file_descriptor_response()) << v1alpha.error_response().error_message();
  EXPECT_EQ(v1alpha.file_descriptor_response().SerializeAsString(),
            v1.file_descriptor_response().SerializeAsString());
}

TEST_F(GrpcProtocolTest, HealthPerServiceAndAllNotServingOnShutdown) {
  ServerOptions options;
  options.drain_deadline = std::chrono::milliseconds(1000);
  Start(options);
  auto stub = health::Health::NewStub(testing::ChannelAs(*server_, ""));
  auto check = [&](const std::string& service) {
    grpc::ClientContext ctx;
    health::HealthCheckRequest req;
    req.set_service(service);
    health::HealthCheckResponse resp;
    const grpc::Status s = stub->Check(&ctx, req, &resp);
    return s.ok() ? resp.status() : health::HealthCheckResponse::SERVICE_UNKNOWN;
  };
  EXPECT_EQ(check(""), health::HealthCheckResponse::SERVING);
  std::vector<std::string> names;
  for (const auto* service : OurServices()) names.push_back(service->full_name());
  for (const std::string& name : names) EXPECT_EQ(check(name), health::HealthCheckResponse::SERVING) << name;
  EXPECT_EQ(check("skillpath.v1.NoSuchService"), health::HealthCheckResponse::SERVICE_UNKNOWN);

  // Watchers of each service hear NOT_SERVING when the server shuts down.
  struct Watch {
    grpc::ClientContext ctx;
    std::unique_ptr<grpc::ClientReader<health::HealthCheckResponse>> reader;
  };
  std::vector<std::unique_ptr<Watch>> watches;
  for (const std::string& name : names) {
    auto w = std::make_unique<Watch>();
    w->ctx.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(20));
    health::HealthCheckRequest req;
    req.set_service(name);
    w->reader = stub->Watch(&w->ctx, req);
    health::HealthCheckResponse first;
    ASSERT_TRUE(w->reader->Read(&first)) << name;
    EXPECT_EQ(first.status(), health::HealthCheckResponse::SERVING) << name;
    watches.push_back(std::move(w));
  }
  std::thread stop([&] { server_->Shutdown(); });
  for (size_t i = 0; i < watches.size(); ++i) {
    health::HealthCheckResponse next;
    ASSERT_TRUE(watches[i]->reader->Read(&next)) << names[i];
    EXPECT_EQ(next.status(), health::HealthCheckResponse::NOT_SERVING) << names[i];
  }
  stop.join();
  for (auto& w : watches) w->ctx.TryCancel();
}

}  // namespace
}  // namespace skillpath::services
