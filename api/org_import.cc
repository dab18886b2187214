#include "api/org_import.h"

#include <memory>
#include <mutex>
#include <set>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "api/call/call.h"
#include "auth/token_cache.h"
#include "common/table_file.h"
#include "core/model/errors.h"
#include "auth/audit_trail.h"
#include "skillpath/v1/org.grpc.pb.h"

namespace skillpath::services {
namespace {

v1::OrgImportChange::Kind KindOf(core::ChangeKind k) {
  switch (k) {
    case core::ChangeKind::kCreated:
      return v1::OrgImportChange::CREATED;
    case core::ChangeKind::kChanged:
      return v1::OrgImportChange::CHANGED;
    case core::ChangeKind::kDeactivated:
      return v1::OrgImportChange::DEACTIVATED;
  }
  return v1::OrgImportChange::KIND_UNSPECIFIED;
}

void ToProto(const core::ImportProblem& p, v1::OrgImportProblem* out) {
  out->set_line(p.line);
  out->set_column(p.column);
  out->set_id(p.id);
  out->set_message(p.message);
}

std::string Summary(const core::OrgImportPlan& plan, int64_t rejected, bool dry_run) {
  std::string counts = absl::StrCat("created ", plan.created, ", changed ", plan.changed);
  if (plan.kind == core::ImportKind::kPeople) absl::StrAppend(&counts, ", deactivated ", plan.deactivated);
  absl::StrAppend(&counts, ", unchanged ", plan.unchanged, ", rejected ", rejected);
  if (rejected > 0) return absl::StrCat(counts, " - nothing was written: fix the rejected rows and import again");
  if (plan.nothing_to_do()) return absl::StrCat(counts, " - nothing to change");
  if (dry_run) return absl::StrCat(counts, " - dry run: nothing was written");
  return absl::StrCat(counts, " - written");
}

class OrgImportReactor final : public grpc::ServerReadReactor<grpc::ByteBuffer> {
 public:
  OrgImportReactor(ServiceContext& services, std::shared_ptr<Call> call, grpc::CallbackServerContext* ctx,
                   core::ImportKind kind, grpc::ByteBuffer* response)
      : services_(services), call_(std::move(call)), ctx_(ctx), kind_(kind), response_(response) {
    StartRead(&buffer_);
  }

  void OnReadDone(bool ok) override {
    if (!ok) {  // the client finished sending (or the call ended: Run sees it)
      services_.workers.Post([this] { Run(); });
      return;
    }
    v1::OrgImportChunk chunk;
    if (!grpc::SerializationTraits<v1::OrgImportChunk>::Deserialize(&buffer_, &chunk).ok()) {
      Done(absl::InvalidArgumentError(absl::StrCat("message ", messages_,
                                                   " is not a skillpath.v1.OrgImportChunk; nothing was written")));
      return;
    }
    if (chunk.has_options()) {
      if (messages_ > 0) {
        Done(absl::InvalidArgumentError(
            absl::StrCat("message ", messages_, ": options belong in the first message only; nothing was written")));
        return;
      }
      options_ = chunk.options();
    }
    ++messages_;
    if (content_.size() + chunk.content().size() > OrgImport::kMaxBytes) {
      Done(absl::ResourceExhaustedError(absl::StrCat("the file is larger than ", OrgImport::kMaxBytes >> 20,
                                                     " MiB; split it (nothing was written)")));
      return;
    }
    content_ += chunk.content();
    StartRead(&buffer_);
  }

  void OnDone() override { delete this; }

 private:
  std::string FileName() const { return options_.file_name().empty() ? "the file" : options_.file_name(); }

  // On a worker: read the table, then plan (and apply) on the writer.
  void Run() {
    if (ctx_->IsCancelled()) return Done(absl::CancelledError("the import was cancelled; nothing was written"));
    if (messages_ == 0) return Done(absl::InvalidArgumentError("the import sent no message: nothing to read"));
    if (options_.content_length() > 0 && static_cast<int64_t>(content_.size()) != options_.content_length()) {
      return Done(absl::DataLossError(absl::StrCat(FileName(), ": ", content_.size(), " bytes arrived of the ",
                                                   options_.content_length(),
                                                   " announced; the upload was cut, nothing was written")));
    }
    absl::StatusOr<common::TableFormat> format = common::ParseTableFormat(options_.format());
    if (!format.ok()) return Done(format.status());
    absl::StatusOr<common::TableFile> file = common::ReadTable(content_, *format);
    if (!file.ok()) return Done(absl::InvalidArgumentError(absl::StrCat(FileName(), ": ", file.status().message())));
    content_.clear();
    content_.shrink_to_fit();
    format_ = common::TableFormatName(file->format);
    separator_ = file->format != common::TableFormat::kCsv ? ""
                 : file->separator == '\t'                 ? "TAB"
                                                           : std::string(1, file->separator);
    auto table = std::make_shared<core::ImportTable>();
    table->columns = std::move(file->columns);
    table->rows.reserve(file->rows.size());
    for (common::TableRow& r : file->rows) table->rows.push_back({r.line, std::move(r.cells)});
    core::ImportOptions options;
    for (const auto& [field, header] : options_.map()) options.map.emplace_back(field, header);
    std::sort(options.map.begin(), options.map.end());  // a protobuf map keeps no order
    options.ignore.assign(options_.ignore().begin(), options_.ignore().end());
    options.sync = options_.sync();
    options.sync_units.assign(options_.sync_unit_ids().begin(), options_.sync_unit_ids().end());
    const bool dry_run = options_.dry_run();
    auto plan = std::make_shared<core::OrgImportPlan>();
    services_.writer.Submit(
        [this, table, options, dry_run, plan](core::Repositories& repos) -> absl::Status {
          if (ctx_->IsCancelled()) return absl::CancelledError("the import was cancelled; nothing was written");
          ASSIGN_OR_RETURN(*plan, core::PlanOrgImport(repos, kind_, *table, options));
          const bool write = !dry_run && plan->errors.empty() && !plan->nothing_to_do();
          if (write) RETURN_IF_ERROR(core::ApplyOrgImport(repos, *plan));
          // One audit record for the import, committed with it (a dry run
          // commits only this: it showed people's data).
          return repos.access.AppendAudit(call_->Event(
              "", absl::StrCat("OK: ", dry_run ? "dry run of " : "", table->rows.size(), " rows; ",
                               Summary(*plan, Rejected(*plan), dry_run))));
        },
        [this, plan, dry_run](absl::Status s) {
          if (!s.ok()) return Done(s);
          Answer(*plan, dry_run);
        });
  }

  static int64_t Rejected(const core::OrgImportPlan& plan) {
    std::set<int64_t> lines;
    for (const core::ImportProblem& p : plan.errors) lines.insert(p.line);
    return static_cast<int64_t>(lines.size());
  }

  void Answer(const core::OrgImportPlan& plan, bool dry_run) {
    const bool applied = !dry_run && plan.errors.empty() && !plan.nothing_to_do();
    if (applied) {
      // Their units, roles or active flag changed: their tokens and
      // sessions are looked at again on the next call.
      std::vector<std::string> ids;
      for (const core::Person& p : plan.people) ids.push_back(p.id);
      services_.tokens.ForgetPeople(ids);
    }
    v1::OrgImportResult r;
    r.set_dry_run(dry_run);
    r.set_applied(applied);
    r.set_rows(plan.rows);
    r.set_created(plan.created);
    r.set_changed(plan.changed);
    r.set_deactivated(plan.deactivated);
    r.set_unchanged(plan.unchanged);
    r.set_rejected(Rejected(plan));
    r.set_format(format_);
    r.set_separator(separator_);
    r.set_summary(Summary(plan, r.rejected(), dry_run));
    for (const core::EntityChange& c : plan.changes) {
      if (static_cast<size_t>(r.changes_size()) >= OrgImport::kMaxListed) {
        r.set_changes_truncated(true);
        break;
      }
      v1::OrgImportChange* m = r.add_changes();
      m->set_kind(KindOf(c.kind));
      m->set_id(c.id);
      m->set_name(c.name);
      m->set_line(c.line);
      for (const core::FieldChange& f : c.fields) {
        v1::FieldChange* fm = m->add_fields();
        fm->set_field(f.field);
        fm->set_before(f.before);
        fm->set_after(f.after);
      }
    }
    for (const core::ImportProblem& p : plan.errors) {
      if (static_cast<size_t>(r.errors_size()) >= OrgImport::kMaxListed) {
        r.set_errors_truncated(true);
        break;
      }
      ToProto(p, r.add_errors());
    }
    for (const core::ImportProblem& p : plan.warnings) {
      if (static_cast<size_t>(r.warnings_size()) >= OrgImport::kMaxListed) break;
      ToProto(p, r.add_warnings());
    }
    bool own = false;
    (void)grpc::SerializationTraits<v1::OrgImportResult>::Serialize(r, response_, &own);
    Done(absl::OkStatus());
  }

  // Finishes once, measured; a failure is audited (a success was, with its write).
  void Done(const absl::Status& status) {
    {
      std::lock_guard<std::mutex> lock(mu_);
      if (finished_) return;
      finished_ = true;
    }
    call_->Measure(status);
    if (!status.ok()) services_.audit.Record(call_->Event("", Outcome(status)));
    Finish(ToGrpcStatus(status));
  }

  ServiceContext& services_;
  std::shared_ptr<Call> call_;
  grpc::CallbackServerContext* ctx_;
  const core::ImportKind kind_;
  grpc::ByteBuffer* response_;
  grpc::ByteBuffer buffer_;
  v1::OrgImportOptions options_;
  std::string content_;
  int64_t messages_ = 0;
  std::string format_, separator_;
  std::mutex mu_;
  bool finished_ = false;
};

class RefusedOrgImport final : public grpc::ServerReadReactor<grpc::ByteBuffer> {
 public:
  explicit RefusedOrgImport(const grpc::Status& status) { Finish(status); }
  void OnDone() override { delete this; }
};

}  // namespace

grpc::ServerReadReactor<grpc::ByteBuffer>* StartOrgImport(ServiceContext& services, grpc::CallbackServerContext* ctx,
                                                          core::ImportKind kind, const char* method,
                                                          grpc::ByteBuffer* response) {
  auto call = Call::Start(services, ctx, method, About::Nothing());
  if (!call.ok()) return new RefusedOrgImport(ToGrpcStatus(call.status()));
  return new OrgImportReactor(services, std::move(*call), ctx, kind, response);
}

}  // namespace skillpath::services
