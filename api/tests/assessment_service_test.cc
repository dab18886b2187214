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
#include <set>
#include <vector>
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

// Issue #13: many rows per stream message (Assessment.rows).
TEST_F(ImportTest, RowsPerMessageAreStoredAndErrorsCountRowsNotMessages) {
  constexpr int kRows = 4500;
  const std::set<int64_t> bad = {3, 1999, 2000, 2001, 4499};
  grpc::ClientContext ctx;
  v1::ImportSummary summary;
  auto stream = assessments_->ImportAssessments(&ctx, &summary);
  v1::Assessment message;
  int messages = 0;
  for (int i = 0; i < kRows; ++i) {
    v1::Assessment a = Row(i);
    if (i == 3) a.set_person_id("ghost");
    if (i == 1999) a.set_level(9);
    if (i == 2000) a.set_source(v1::ASSESSMENT_SOURCE_UNSPECIFIED);
    if (i == 2001) *a.add_rows() = Row(0);  // a row inside a row
    if (i == 4499) a.set_competence_id("ghost");
    if (i >= 2500 && i < 2510) {
      // Single-row messages in between: the numbering goes on across them.
      if (message.rows_size() > 0) {
        ASSERT_TRUE(stream->Write(message));
        message.clear_rows();
        ++messages;
      }
      ASSERT_TRUE(stream->Write(a));
      ++messages;
      continue;
    }
    *message.add_rows() = a;
    if (message.rows_size() == 700 || i + 1 == kRows) {
      ASSERT_TRUE(stream->Write(message));
      message.clear_rows();
      ++messages;
    }
  }
  stream->WritesDone();
  const grpc::Status s = stream->Finish();
  ASSERT_TRUE(s.ok()) << s.error_message();
  EXPECT_LT(messages, 30);
  EXPECT_EQ(summary.accepted(), kRows - static_cast<int64_t>(bad.size()));
  EXPECT_EQ(summary.rejected(), static_cast<int64_t>(bad.size()));
  ASSERT_EQ(summary.errors_size(), static_cast<int>(bad.size()));
  std::vector<int64_t> indices;
  for (const auto& e : summary.errors()) indices.push_back(e.index());
  EXPECT_EQ(indices, std::vector<int64_t>(bad.begin(), bad.end())) << "row numbers, in stream order";
  EXPECT_THAT(summary.errors(0).message(), HasSubstr("unknown person 'ghost'"));
  EXPECT_THAT(summary.errors(1).message(), HasSubstr("level 9 is outside"));
  EXPECT_THAT(summary.errors(2).message(), HasSubstr("source:"));
  EXPECT_THAT(summary.errors(3).message(), HasSubstr("rows: a row carries no rows"));
  EXPECT_THAT(summary.errors(4).message(), HasSubstr("unknown competence 'ghost'"));
  EXPECT_EQ(CountAssessments("E1"), kRows - static_cast<int>(bad.size()));

  // The same rows again under a key, then retried: each row once.
  v1::ImportSummary first, again;
  ASSERT_TRUE(Import(50, "rpm-key", &first).ok());
  ASSERT_TRUE(Import(50, "rpm-key", &again).ok());
  EXPECT_EQ(again.accepted(), 50);
  EXPECT_EQ(CountAssessments("E1"), kRows - static_cast<int>(bad.size()) + 50);
}

TEST_F(ImportTest, AMessageWithRowsAndFieldsOfItsOwnStopsTheImport) {
  grpc::ClientContext ctx;
  v1::ImportSummary summary;
  auto stream = assessments_->ImportAssessments(&ctx, &summary);
  ASSERT_TRUE(stream->Write(Row(0)));
  v1::Assessment mixed = Row(1);
  *mixed.add_rows() = Row(2);
  stream->Write(mixed);
  stream->WritesDone();
  const grpc::Status s = stream->Finish();
  EXPECT_EQ(s.error_code(), grpc::INVALID_ARGUMENT);
  EXPECT_THAT(s.error_message(), HasSubstr("the message starting at row 1 has rows and fields of its own"));
  EXPECT_EQ(CountAssessments("E1"), 0);

  // RecordAssessment takes one assessment, not rows.
  grpc::ClientContext c2;
  v1::Assessment out;
  const grpc::Status one = assessments_->RecordAssessment(&c2, mixed, &out);
  EXPECT_EQ(one.error_code(), grpc::INVALID_ARGUMENT);
  EXPECT_THAT(one.error_message(), HasSubstr("rows: only ImportAssessments takes rows"));
}

TEST_F(ImportTest, BatchesGrowWhileTheStreamKeepsComing) {
  // 2,000 + 4,000 + 8,000 + 16,000 rows: four transactions where batches of
  // a fixed 2,000 would take fifteen.
  constexpr int kRows = 30000;
  const uint64_t before = server_->writer().stats().transactions;
  grpc::ClientContext ctx;
  v1::ImportSummary summary;
  auto stream = assessments_->ImportAssessments(&ctx, &summary);
  v1::Assessment message;
  for (int i = 0; i < kRows; ++i) {
    *message.add_rows() = Row(i);
    if (message.rows_size() == 1000) {
      ASSERT_TRUE(stream->Write(message));
      message.clear_rows();
    }
  }
  stream->WritesDone();
  ASSERT_TRUE(stream->Finish().ok());
  EXPECT_EQ(summary.accepted(), kRows);
  const uint64_t transactions = server_->writer().stats().transactions - before;
  EXPECT_GE(transactions, 4u);
  EXPECT_LE(transactions, 6u) << "(a write of the call's own, such as its audit, may add one)";
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
