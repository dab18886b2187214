// AssessmentService adapter: recording, listing and bulk-importing assessed
// levels (an append-only history).

#include <algorithm>
#include <chrono>
#include <memory>
#include <mutex>
#include <optional>

#include "absl/strings/str_cat.h"
#include "api/call/adapter.h"
#include "api/call/call.h"
#include "api/convert/convert.h"
#include "api/services.h"
#include "core/index/read_index.h"
#include "core/model/errors.h"
#include "core/rules/assessments.h"
#include "core/rules/commands.h"
#include "core/rules/validation.h"
#include "skillpath/v1/assessment.grpc.pb.h"

namespace skillpath::services {
namespace {

// Reads the stream in batches, the first of AssessmentImport::kBatch rows,
// each next one twice as large up to kMaxBatch while the stream keeps
// coming (a long import pays one fsync per 32,000 rows, a short one is not
// held back); each batch is one write job, alone in its transaction, so it
// can check people against the read index (core::RecordAssessmentBatch).
// A stream message holds one row or many (Assessment.rows); rows are
// numbered over the whole stream either way. The next batch is read while
// the previous one commits, so parsing and disk overlap; with one batch
// committing and one full, reading pauses, so a fast client cannot queue
// unbounded work.
//
// OnReadDone (a gRPC thread) and OnCommitted (the writer thread) can run at
// the same time: mu_ guards the state, and Submit/StartRead/Finish are
// called outside it where they could call back into us.
//
// A call that is cancelled or passes its deadline commits nothing more: the
// batch job checks first, and rows read but not yet submitted are dropped.
// Batches committed before stay (each was acknowledged to nobody, but is
// whole); with an import key the retry stores each of their rows once.
class ImportReactor final : public grpc::ServerReadReactor<grpc::ByteBuffer> {
 public:
  ImportReactor(ServiceContext services, std::shared_ptr<Call> call, grpc::CallbackServerContext* ctx,
                std::string import_key, grpc::ByteBuffer* response)
      : services_(std::move(services)),
        call_(std::move(call)),
        ctx_(ctx),
        import_key_(std::move(import_key)),
        response_(response) {
    summary_.set_import_key(import_key_);
    read_pending_ = true;
    StartRead(&buffer_);
  }

  void OnReadDone(bool ok) override {
    std::unique_lock<std::mutex> lock(mu_);
    read_pending_ = false;
    if (failure_) {
      FinishOnceLocked(lock, *failure_);
      return;
    }
    if (std::optional<grpc::Status> stopped = Stopped()) {
      batch_ = Batch();  // never submitted: nothing of it is stored
      if (!committing_)
        FinishOnceLocked(lock, *stopped);
      else
        failure_ = *stopped;  // OnCommitted finishes
      return;
    }
    if (!ok) {  // the client finished sending
      reading_done_ = true;
      if (!committing_) SubmitOrFinish(lock);
      return;
    }
    // The rows arrive as bytes and are decoded here: grpc++ reports a row
    // it cannot decode as the end of the stream, which would store what
    // came before it and answer OK.
    v1::Assessment row;
    if (!grpc::SerializationTraits<v1::Assessment>::Deserialize(&buffer_, &row).ok()) {
      const grpc::Status undecodable(
          grpc::StatusCode::INVALID_ARGUMENT,
          absl::StrCat("row ", next_index_,
                       " is not a skillpath.v1.Assessment (it could not be decoded); the import "
                       "stopped there: rows after the last committed batch were not stored (",
                       summary_.accepted() + summary_.rejected(), " rows were processed before)"));
      batch_ = Batch();
      if (!committing_)
        FinishOnceLocked(lock, undecodable);
      else
        failure_ = undecodable;  // OnCommitted finishes
      return;
    }
    if (row.rows_size() == 0) {
      AddRow(row);
    } else {
      google::protobuf::RepeatedPtrField<v1::Assessment> rows;
      rows.Swap(row.mutable_rows());
      if (row.ByteSizeLong() != 0) {
        const grpc::Status mixed(
            grpc::StatusCode::INVALID_ARGUMENT,
            absl::StrCat("the message starting at row ", next_index_,
                         " has rows and fields of its own (a message is one row, or carries its rows in `rows` "
                         "with nothing else); the import stopped there: rows after the last committed batch were "
                         "not stored (",
                         summary_.accepted() + summary_.rejected(), " rows were processed before)"));
        batch_ = Batch();
        if (!committing_)
          FinishOnceLocked(lock, mixed);
        else
          failure_ = mixed;  // OnCommitted finishes
        return;
      }
      for (const v1::Assessment& r : rows) AddRow(r);
    }
    if (batch_.size() < batch_limit_) {
      read_pending_ = true;
      lock.unlock();
      StartRead(&buffer_);
    } else if (!committing_) {
      read_pending_ = true;
      SubmitOrFinish(lock);
      StartRead(&buffer_);
    } else {
      paused_ = true;  // resumed by OnCommitted
    }
  }

  void OnCancel() override {
    // A read in flight completes with ok=false and finishes the call there;
    // a batch in flight is refused by its job. Nothing to do but note it.
  }

  void OnDone() override { delete this; }

 private:
  // CANCELLED or DEADLINE_EXCEEDED once the call can no longer be answered.
  std::optional<grpc::Status> Stopped() const {
    const bool expired = ctx_->deadline() < std::chrono::system_clock::now();
    if (!expired && !ctx_->IsCancelled()) return std::nullopt;
    return grpc::Status(
        expired ? grpc::StatusCode::DEADLINE_EXCEEDED : grpc::StatusCode::CANCELLED,
        absl::StrCat("import ", expired ? "passed its deadline" : "was cancelled", " at row ", next_index_,
                     "; rows read after the last committed batch were not stored (",
                     summary_.accepted() + summary_.rejected(), " rows were processed before)",
                     import_key_.empty() ? "" : "; retry with the same import-key to store each row once"));
  }

  struct Rejected {
    int64_t index;
    std::string message;
  };
  // The rows of one write job: those to store (with their row numbers) and
  // those refused while reading.
  struct Batch {
    int64_t first = -1, last = -1;  // row numbers of the first and last row
    std::vector<int64_t> indexes;
    std::vector<core::Assessment> rows;
    std::vector<Rejected> refused;
    size_t size() const { return rows.size() + refused.size(); }
    bool empty() const { return size() == 0; }
  };

  // Row `next_index_` of the stream, into the batch being read.
  void AddRow(const v1::Assessment& row) {
    const int64_t index = next_index_++;
    if (batch_.first < 0) batch_.first = index;
    batch_.last = index;
    if (row.rows_size() > 0) {
      batch_.refused.push_back({index, "rows: a row carries no rows of its own (only a stream message does)"});
      return;
    }
    core::Assessment a = FromProto(row);
    if (a.id.empty()) {
      if (import_key_.empty()) {
        a.id = NewId();
        retry_safe_ = false;
      } else {
        // The same key and row index make the same id, so a retry of the
        // same rows finds each one stored (RecordAssessment is idempotent
        // for equal content) instead of adding it again.
        a.id = absl::StrCat("import:", import_key_, ":", index);
      }
    }
    batch_.indexes.push_back(index);
    batch_.rows.push_back(std::move(a));
  }

  // Submits the filled batch, or finishes the call when nothing is left.
  // Releases the lock.
  void SubmitOrFinish(std::unique_lock<std::mutex>& lock) {
    if (batch_.empty()) {
      FinishOnceLocked(lock, grpc::Status::OK);
      return;
    }
    auto batch = std::make_shared<Batch>(std::move(batch_));
    batch_ = Batch();
    batch_limit_ = std::min(batch_limit_ * 2, AssessmentImport::kMaxBatch);
    committing_ = true;
    lock.unlock();
    auto rejected = std::make_shared<std::vector<Rejected>>();
    // Alone in its transaction: the read index is then exactly what the
    // database holds as the batch starts, so people are checked in memory.
    services_.writer.SubmitAlone(
        [batch, rejected, now = services_.now, index = &services_.index, call = call_,
         ctx = ctx_](core::Repositories& repos) -> absl::Status {
          // The call stays open until this batch's callback, so ctx is alive.
          if (ctx->deadline() < std::chrono::system_clock::now()) {
            return absl::DeadlineExceededError("the import passed its deadline before this batch was written");
          }
          if (ctx->IsCancelled()) return absl::CancelledError("the import was cancelled before this batch was written");
          const std::shared_ptr<const core::IndexSnapshot> snapshot = index->Current();
          // A row fails before or at its single INSERT, which SQLite undoes
          // as a whole: a rejected row leaves nothing behind. A storage
          // failure fails the batch.
          std::vector<absl::Status> results;
          RETURN_IF_ERROR(core::RecordAssessmentBatch(repos, snapshot.get(), batch->rows, now(), results));
          *rejected = batch->refused;
          for (size_t i = 0; i < results.size(); ++i) {
            if (!results[i].ok()) rejected->push_back({batch->indexes[i], std::string(results[i].message())});
          }
          if (!batch->refused.empty()) {
            std::stable_sort(rejected->begin(), rejected->end(),
                             [](const Rejected& x, const Rejected& y) { return x.index < y.index; });
          }
          // One audit record per batch, committed with it.
          return repos.access.AppendAudit(
              call->Event("", absl::StrCat("OK: rows ", batch->first, "..", batch->last, ", ",
                                           batch->size() - rejected->size(), " stored, ", rejected->size(),
                                           " rejected")));
        },
        [this, batch, rejected](absl::Status s) { OnCommitted(s, *batch, *rejected); });
  }

  void OnCommitted(const absl::Status& s, const Batch& rows, const std::vector<Rejected>& rejected) {
    std::unique_lock<std::mutex> lock(mu_);
    committing_ = false;
    if (!s.ok()) {
      failure_ = grpc::Status(
          static_cast<grpc::StatusCode>(s.code()),
          absl::StrCat("import stopped at the batch starting at row ", rows.first,
                       " (nothing of it was stored; ", summary_.accepted(), " earlier rows were): ", s.message()));
      // With a read outstanding, OnReadDone finishes the call.
      if (!read_pending_) FinishOnceLocked(lock, *failure_);
      return;
    }
    summary_.set_accepted(summary_.accepted() + static_cast<int64_t>(rows.size() - rejected.size()));
    summary_.set_rejected(summary_.rejected() + static_cast<int64_t>(rejected.size()));
    for (const Rejected& r : rejected) {
      if (static_cast<size_t>(summary_.errors_size()) >= AssessmentImport::kMaxListedErrors) {
        summary_.set_errors_truncated(true);
        break;
      }
      v1::ImportError* e = summary_.add_errors();
      e->set_index(r.index);
      e->set_message(r.message);
    }
    if (failure_) {  // stopped while this batch committed (see OnReadDone)
      if (!read_pending_) FinishOnceLocked(lock, *failure_);
      return;
    }
    if (paused_) {
      paused_ = false;
      read_pending_ = true;
      SubmitOrFinish(lock);
      StartRead(&buffer_);
    } else if (reading_done_) {
      SubmitOrFinish(lock);
    }
  }

  void FinishOnceLocked(std::unique_lock<std::mutex>& lock, const grpc::Status& status) {
    if (status.ok()) {
      summary_.set_retry_safe(retry_safe_);
      bool own_buffer = false;
      (void)grpc::SerializationTraits<v1::ImportSummary>::Serialize(summary_, response_, &own_buffer);
    }
    const bool first = !finished_;
    finished_ = true;
    lock.unlock();
    if (!first) return;
    call_->Measure(absl::Status(static_cast<absl::StatusCode>(status.error_code()), status.error_message()));
    Finish(status);
  }

  ServiceContext services_;
  std::shared_ptr<Call> call_;
  grpc::CallbackServerContext* ctx_;  // valid until Finish
  const std::string import_key_;      // "" when the client sent none
  grpc::ByteBuffer* response_;        // the ImportSummary, serialised when the call succeeds
  v1::ImportSummary summary_;         // written only under mu_
  grpc::ByteBuffer buffer_;           // the read buffer; one read at a time

  std::mutex mu_;
  Batch batch_;
  size_t batch_limit_ = AssessmentImport::kBatch;  // rows that fill the batch being read
  int64_t next_index_ = 0;
  bool read_pending_ = false;
  bool committing_ = false;
  bool paused_ = false;
  bool reading_done_ = false;
  bool finished_ = false;
  bool retry_safe_ = true;  // every row so far has a client id or one derived from the key
  std::optional<grpc::Status> failure_;
};

// Answers an import that may not start (no token, or not allowed) without
// reading the stream.
class RefusedImport final : public grpc::ServerReadReactor<grpc::ByteBuffer> {
 public:
  explicit RefusedImport(const grpc::Status& status) { Finish(status); }
  void OnDone() override { delete this; }
};

class AssessmentServiceImpl final
    : public v1::AssessmentService::WithRawCallbackMethod_ImportAssessments<v1::AssessmentService::CallbackService>,
      private Adapter {
 public:
  using Adapter::Adapter;

  Reactor* RecordAssessment(Context* ctx, const v1::Assessment* req, v1::Assessment* resp) override {
    core::Assessment a = FromProto(*req);
    if (a.id.empty()) a.id = NewId();
    // The source is what the policy limits (EMPLOYEE: SELF; MANAGER: MANAGER);
    // an unset one is left to validation to name.
    const std::string action =
        req->source() == v1::ASSESSMENT_SOURCE_UNSPECIFIED ? "" : v1::AssessmentSource_Name(req->source());
    auto call = Call::Start(services_, ctx, "skillpath.v1.AssessmentService/RecordAssessment",
                            About::Person(a.person_id, action));
    if (!call.ok()) return FinishWith(ctx, call.status());
    if (req->rows_size() > 0) {
      return (*call)->Finish(core::InvalidField("rows", "only ImportAssessments takes rows; RecordAssessment records one"));
    }
    // A person's token assesses as that person: an empty assessor is filled
    // in, and an employee or manager cannot sign as someone else.
    const Principal& who = (*call)->who();
    if (!who.person_id.empty() && a.assessor_id.empty()) a.assessor_id = who.person_id;
    if ((who.grant == core::Grant::kEmployee || who.grant == core::Grant::kManager) && a.assessor_id != who.person_id) {
      return (*call)->Finish(absl::PermissionDeniedError(
          absl::StrCat("assessor_id: a ", core::GrantName(who.grant), " token records assessments as its own person")));
    }
    return (*call)->Write([a = std::move(a), resp, now = services_.now](core::Repositories& repos) {
      ASSIGN_OR_RETURN(core::Assessment stored, core::RecordAssessment(repos, a, now()));
      ToProto(stored, resp);
      return absl::OkStatus();
    });
  }

  Reactor* ListAssessments(Context* ctx, const v1::ListAssessmentsRequest* req,
                           v1::ListAssessmentsResponse* resp) override {
    return Read(ctx, "skillpath.v1.AssessmentService/ListAssessments", About::Person(req->person_id()),
                [req, resp](core::Repositories& repos) -> absl::Status {
                  RETURN_IF_ERROR(core::CheckId("person_id", req->person_id()));
                  RETURN_IF_ERROR(core::CheckOptionalId("competence_id", req->competence_id()));
                  ASSIGN_OR_RETURN(bool known, repos.org.PersonExists(req->person_id()));
                  if (!known) return absl::NotFoundError(absl::StrCat("person '", req->person_id(), "' not found"));
                  if (!req->competence_id().empty()) {
                    ASSIGN_OR_RETURN(std::optional<int> top, repos.frameworks.CompetenceTopLevel(req->competence_id()));
                    if (!top)
                      return absl::NotFoundError(absl::StrCat("competence '", req->competence_id(), "' not found"));
                  }
                  ASSIGN_OR_RETURN(std::vector<core::Assessment> list,
                                   repos.assessments.ListAssessments(req->person_id(), req->competence_id()));
                  for (const core::Assessment& a : list) ToProto(a, resp->add_assessments());
                  return absl::OkStatus();
                });
  }

  grpc::ServerReadReactor<grpc::ByteBuffer>* ImportAssessments(Context* ctx, grpc::ByteBuffer* resp) override {
    auto call = Call::Start(services_, ctx, "skillpath.v1.AssessmentService/ImportAssessments", About::Nothing());
    if (!call.ok()) return new RefusedImport(ToGrpcStatus(call.status()));
    std::string key;
    if (auto it = ctx->client_metadata().find(AssessmentImport::kKeyMetadata); it != ctx->client_metadata().end()) {
      key.assign(it->second.data(), it->second.size());
      absl::Status valid = core::CheckId(AssessmentImport::kKeyMetadata, key);
      if (valid.ok() && key.size() > AssessmentImport::kMaxKeyLength) {
        valid =
            core::InvalidField(AssessmentImport::kKeyMetadata, absl::StrCat("longer than ", AssessmentImport::kMaxKeyLength, " characters"));
      }
      if (!valid.ok()) {
        (*call)->Measure(valid);
        return new RefusedImport(ToGrpcStatus(valid));
      }
    }
    return new ImportReactor(services_, std::move(*call), ctx, std::move(key), resp);
  }
};

}  // namespace

std::unique_ptr<grpc::Service> NewAssessmentService(ServiceContext services) {
  return std::make_unique<AssessmentServiceImpl>(std::move(services));
}

}  // namespace skillpath::services
