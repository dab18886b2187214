// Issue #10 item 5: an ImportAssessments stream that is cancelled or passes
// its deadline (or sends a row that cannot be decoded) commits nothing
// more, a retry under the same import key
// stores each row once, and the metrics count such calls by what the client
// saw (DEADLINE_EXCEEDED), not OK.
#include "api/services.h"

#include <gmock/gmock.h>
#include <google/protobuf/util/time_util.h>
#include <gtest/gtest.h>

#include <chrono>
#include <future>
#include <thread>

#include <grpcpp/impl/codegen/sync_stream.h>

#include "testing/service_test.h"

namespace skillpath::services {
namespace {

using ::testing::HasSubstr;

constexpr const char* kImport = "skillpath.v1.AssessmentService/ImportAssessments";

// The small organisation without its role: Kari (E1) in "it".
class ImportTest : public testing::ServiceTest {
 protected:
  void SetUp() override {
    ASSERT_TRUE(StartServer());
    testing::Organisation org = testing::SmallOrg();
    org.roles.clear();
    org.people[0].clear_role_ids();
    ASSERT_TRUE(testing::LoadOrg(org, channel_));
  }

  // Row `i` of an import: the same content on every attempt, no id.
  static v1::Assessment Row(int i) {
    return testing::Assessment("E1", "pv.gdpr", i % 5, v1::MANAGER, testing::kJan2026 + i);
  }

  // Imports rows 0..n-1 under `key` ("" for none) to the end.
  grpc::Status Import(int n, const std::string& key, v1::ImportSummary* summary) {
    grpc::ClientContext ctx;
    if (!key.empty()) ctx.AddMetadata("import-key", key);
    auto stream = assessments_->ImportAssessments(&ctx, summary);
    for (int i = 0; i < n; ++i) {
      if (!stream->Write(Row(i))) break;
    }
    stream->WritesDone();
    return stream->Finish();
  }

  // Calls of `method` the metrics have counted with any of the codes a
  // late call can end with.
  uint64_t Measured(const std::string& method) {
    return CallsWithCode(method, "OK") + CallsWithCode(method, "CANCELLED") +
           CallsWithCode(method, "DEADLINE_EXCEEDED");
  }
  // Between two polls of the server's state.
  static void Pause() { std::this_thread::sleep_for(std::chrono::milliseconds(5)); }

  // Holds the writer until the returned promise is set (what a busy disk
  // does), so a test decides when a queued job runs.
  std::promise<void> BlockWriter() {
    std::promise<void> release;
    std::shared_future<void> released = release.get_future().share();
    std::promise<void> started;
    std::future<void> running = started.get_future();
    server_->writer().Submit(
        [released, &started](core::Repositories&) {
          started.set_value();
          released.wait();
          return absl::OkStatus();
        },
        [](absl::Status) {});
    running.wait();
    return release;
  }

};

TEST_F(ImportTest, ACancelledImportRetriedWithItsKeyStoresEveryRowOnce) {
  constexpr int kRows = 5000;  // two full batches and a partial one
  {
    grpc::ClientContext ctx;
    ctx.AddMetadata("import-key", "hr-2026-01");
    v1::ImportSummary summary;
    auto stream = assessments_->ImportAssessments(&ctx, &summary);
    for (int i = 0; i < 3000; ++i) ASSERT_TRUE(stream->Write(Row(i)));
    // Cancel once the first batch is in, with the rest of the rows read or
    // on their way: what happens to a long import that is given up.
    while (CountAssessments("E1") < static_cast<int>(AssessmentImport::kBatch)) Pause();
    ctx.TryCancel();
    EXPECT_EQ(stream->Finish().error_code(), grpc::CANCELLED);
  }
  // Whatever batch the cancel caught is refused; whole earlier batches stay.
  EXPECT_EQ(CountAssessments("E1"), static_cast<int>(AssessmentImport::kBatch))
      << "the partial batch read before the cancel is not stored";

  v1::ImportSummary summary;
  grpc::Status s = Import(kRows, "hr-2026-01", &summary);
  ASSERT_TRUE(s.ok()) << s.error_message();
  EXPECT_EQ(summary.accepted(), kRows);
  EXPECT_EQ(summary.rejected(), 0);
  EXPECT_EQ(summary.import_key(), "hr-2026-01");
  EXPECT_TRUE(summary.retry_safe());
  EXPECT_EQ(CountAssessments("E1"), kRows) << "every row once, none twice";

  // And the whole import again: still every row once.
  v1::ImportSummary again;
  ASSERT_TRUE(Import(kRows, "hr-2026-01", &again).ok());
  EXPECT_EQ(again.accepted(), kRows);
  EXPECT_EQ(CountAssessments("E1"), kRows);
}

TEST_F(ImportTest, WithoutAKeyTheSummarySaysARetryWouldDuplicate) {
  v1::ImportSummary summary;
  ASSERT_TRUE(Import(10, "", &summary).ok());
  EXPECT_EQ(summary.accepted(), 10);
  EXPECT_EQ(summary.import_key(), "");
  EXPECT_FALSE(summary.retry_safe());

  // Rows with their own ids are safe without a key.
  grpc::ClientContext ctx;
  v1::ImportSummary with_ids;
  auto stream = assessments_->ImportAssessments(&ctx, &with_ids);
  v1::Assessment a = Row(1);
  a.set_id("own-id-1");
  ASSERT_TRUE(stream->Write(a));
  stream->WritesDone();
  ASSERT_TRUE(stream->Finish().ok());
  EXPECT_TRUE(with_ids.retry_safe());
}

TEST_F(ImportTest, ARowThatCannotBeDecodedStopsTheImportInsteadOfEndingItAsDone) {
  // Raw bytes on the wire: a good row, then one whose id (field 1, a proto3
  // string) is not UTF-8, which no Assessment decodes from. grpc++ reports
  // such a message to a typed reactor as the end of the stream, which
  // stored the good row and answered OK.
  auto channel = testing::ChannelTo(*server_);
  grpc::ClientContext ctx;
  v1::ImportSummary summary;
  grpc::internal::RpcMethod method("/skillpath.v1.AssessmentService/ImportAssessments",
                                   grpc::internal::RpcMethod::CLIENT_STREAMING, channel);
  std::unique_ptr<grpc::ClientWriter<grpc::ByteBuffer>> stream(
      grpc::internal::ClientWriterFactory<grpc::ByteBuffer>::Create(channel.get(), method, &ctx, &summary));
  auto bytes = [](const std::string& s) {
    grpc::Slice slice(s);
    return grpc::ByteBuffer(&slice, 1);
  };
  ASSERT_TRUE(stream->Write(bytes(Row(0).SerializeAsString())));
  stream->Write(bytes(std::string("\x0a\x02\xff\xfe", 4)));
  stream->WritesDone();
  const grpc::Status s = stream->Finish();
  EXPECT_EQ(s.error_code(), grpc::INVALID_ARGUMENT) << s.error_message();
  EXPECT_THAT(s.error_message(), HasSubstr("row 1 is not a skillpath.v1.Assessment"));
  EXPECT_EQ(CountAssessments("E1"), 0) << "the rows before it were not committed yet, so nothing is stored";

  // The same rows, all decodable, go in as before.
  v1::ImportSummary ok;
  ASSERT_TRUE(Import(3, "k1", &ok).ok());
  EXPECT_EQ(ok.accepted(), 3);
  EXPECT_EQ(CountAssessments("E1"), 3);
}

TEST_F(ImportTest, ABadImportKeyIsRefusedBeforeAnyRow) {
  for (const std::string& key : {std::string(".."), std::string("a b"), std::string(81, 'k')}) {
    v1::ImportSummary summary;
    grpc::Status s = Import(3, key, &summary);
    EXPECT_EQ(s.error_code(), grpc::INVALID_ARGUMENT) << key;
    EXPECT_THAT(s.error_message(), HasSubstr("import-key:"));
  }
  EXPECT_EQ(CountAssessments("E1"), 0);
}

TEST_F(ImportTest, AnImportPastItsDeadlineStoresNothingMoreAndCountsAsDeadlineExceeded) {
  std::promise<void> release = BlockWriter();
  const auto deadline = std::chrono::system_clock::now() + std::chrono::milliseconds(300);
  {
    grpc::ClientContext ctx;
    ctx.set_deadline(deadline);
    ctx.AddMetadata("import-key", "late");
    v1::ImportSummary summary;
    auto stream = assessments_->ImportAssessments(&ctx, &summary);
    for (int i = 0; i < 10; ++i) stream->Write(Row(i));
    stream->WritesDone();  // the one batch now waits behind the busy writer
    EXPECT_EQ(stream->Finish().error_code(), grpc::DEADLINE_EXCEEDED);
  }
  // The server's deadline runs from when the call reached it: once that has
  // passed too, let the writer go on.
  std::this_thread::sleep_until(deadline + std::chrono::milliseconds(200));
  release.set_value();
  while (Measured(kImport) == 0) Pause();
  EXPECT_EQ(CallsWithCode(kImport, "DEADLINE_EXCEEDED"), 1u);
  EXPECT_EQ(CallsWithCode(kImport, "OK"), 0u);
  EXPECT_EQ(CountAssessments("E1"), 0) << "the batch queued before the deadline was not written after it";
}

TEST_F(ImportTest, AWriteQueuedPastItsDeadlineCountsAsDeadlineExceeded) {
  std::promise<void> release = BlockWriter();
  const auto deadline = std::chrono::system_clock::now() + std::chrono::milliseconds(300);
  {
    grpc::ClientContext ctx;
    ctx.set_deadline(deadline);
    v1::Assessment out;
    EXPECT_EQ(assessments_->RecordAssessment(&ctx, Row(1), &out).error_code(), grpc::DEADLINE_EXCEEDED);
  }
  std::this_thread::sleep_until(deadline + std::chrono::milliseconds(200));
  release.set_value();
  const char* kRecord = "skillpath.v1.AssessmentService/RecordAssessment";
  while (Measured(kRecord) == 0) Pause();
  EXPECT_EQ(CallsWithCode(kRecord, "DEADLINE_EXCEEDED"), 1u);
  EXPECT_EQ(CallsWithCode(kRecord, "CANCELLED"), 0u);
  EXPECT_EQ(CountAssessments("E1"), 0);
}

}  // namespace
}  // namespace skillpath::services
