// ReportService adapter: the team heatmap, the organisation summary and the
// training demand as CSV or XLSX files (issue #15 item 4).
//
// An export makes the call it is named after on the server's own in-process
// channel, with the caller's credential and the call's deadline: the figures
// are that call's answer as it came (the small-group rule for AGGREGATE
// tokens included), and so are its access decision and its audit records of
// whose data was read. The export adds the names of competences and areas,
// and lays the answer out (api/formats/report.h) on the worker pool, off the
// callback threads: a heatmap of a thousand people is a large workbook.

#include <grpcpp/grpcpp.h>

#include <memory>
#include <mutex>

#include "absl/strings/str_cat.h"
#include "absl/time/time.h"
#include "api/call/adapter.h"
#include "api/call/call.h"
#include "api/formats/report.h"
#include "api/services.h"
#include "core/model/errors.h"
#include "core/rules/validation.h"
#include "skillpath/v1/gap.grpc.pb.h"
#include "skillpath/v1/plan.grpc.pb.h"
#include "skillpath/v1/report.grpc.pb.h"

namespace skillpath::services {
namespace {

using formats::ReportLanguage;

constexpr char kCsvType[] = "text/csv; charset=utf-8";
constexpr char kXlsxType[] = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

struct FileKind {
  bool xlsx = false;
  ReportLanguage lang = ReportLanguage::kNb;
};

absl::StatusOr<FileKind> CheckFile(const std::string& format, const std::string& language) {
  FileKind kind;
  if (format == "xlsx") {
    kind.xlsx = true;
  } else if (format != "csv") {
    return core::InvalidField("format", absl::StrCat("'", format, "' is not \"csv\" or \"xlsx\""));
  }
  if (language == "en") {
    kind.lang = ReportLanguage::kEn;
  } else if (!language.empty() && language != "nb") {
    return core::InvalidField("language", absl::StrCat("'", language, "' is not \"nb\" or \"en\" (empty: nb)"));
  }
  return kind;
}

absl::Status FromGrpc(const grpc::Status& s) {
  return absl::Status(static_cast<absl::StatusCode>(s.error_code()), s.error_message());
}

// The text of `name` for `lang` ("nb": bokmål, then nynorsk, as the web
// client shows it; "en": English), else the framework's own.
std::string InLanguage(const std::string& name, const std::string& own, const std::vector<core::Translation>& tr,
                       ReportLanguage lang) {
  const std::vector<std::string> wanted =
      lang == ReportLanguage::kNb ? std::vector<std::string>{"nb", "nn"} : std::vector<std::string>{"en"};
  auto primary = [](const std::string& tag) { return tag.substr(0, tag.find('-')); };
  for (const std::string& w : wanted) {
    if (primary(own) == w) return name;
    for (const core::Translation& t : tr) {
      if (primary(t.language) == w && !t.name.empty()) return t.name;
    }
  }
  return name;
}

absl::StatusOr<formats::ReportNames> Names(core::Repositories& repos, ReportLanguage lang) {
  ASSIGN_OR_RETURN(std::vector<core::Framework> frameworks, repos.frameworks.ListFrameworks());
  formats::ReportNames names;
  for (const core::Framework& f : frameworks) {
    for (const core::Area& a : f.areas) {
      names.areas[a.id] = InLanguage(a.name, f.language, a.translations, lang);
      for (const core::Competence& c : a.competences) {
        names.competences[c.id] = InLanguage(c.name, f.language, c.translations, lang);
      }
    }
  }
  return names;
}

// "<name> (<id>)" of a unit in the snapshot; empty for none.
std::string UnitHeading(const core::IndexSnapshot& snapshot, const std::string& id) {
  if (id.empty()) return "";
  auto u = snapshot.units->Find(id);
  return u ? absl::StrCat(snapshot.units->units[*u].name, " (", id, ")") : id;
}

// "skillpath-<what>-<unit|all>-<date>.<ext>", the id reduced to
// [A-Za-z0-9._-] (':' is no file name character on Windows).
std::string FileName(const std::string& what, const std::string& unit, const std::string& date, bool xlsx) {
  std::string id = unit.empty() ? "all" : unit;
  for (char& c : id) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' ||
                    c == '_' || c == '-';
    if (!ok) c = '-';
  }
  return absl::StrCat("skillpath-", what, "-", id, "-", date, xlsx ? ".xlsx" : ".csv");
}

class ReportServiceImpl final : public v1::ReportService::CallbackService, private Adapter {
 public:
  using Adapter::Adapter;

  Reactor* ExportTeamGap(Context* ctx, const v1::ExportTeamGapRequest* req, v1::ReportFile* resp) override {
    const v1::GetTeamGapRequest& inner = req->request();
    return Export<v1::TeamGap>(
        ctx, "skillpath.v1.ReportService/ExportTeamGap", About::Unit(inner.org_unit_id()), req->format(),
        req->language(), resp,
        [this, &inner](grpc::ClientContext* c, v1::TeamGap* answer, std::function<void(grpc::Status)> done) {
          Stubs().gaps->async()->GetTeamGap(c, &inner, answer, std::move(done));
        },
        [&inner](const v1::TeamGap& answer, const Layout& l) {
          formats::ReportHeading heading{UnitHeading(*l.snapshot, inner.org_unit_id()), l.date};
          return std::make_pair(formats::TeamGapReport(answer, l.names, heading, l.lang),
                                FileName("team", inner.org_unit_id(), l.date, l.xlsx));
        });
  }

  Reactor* ExportOrgSummary(Context* ctx, const v1::ExportOrgSummaryRequest* req, v1::ReportFile* resp) override {
    const v1::GetOrgSummaryRequest& inner = req->request();
    return Export<v1::OrgSummary>(
        ctx, "skillpath.v1.ReportService/ExportOrgSummary", About::Unit(inner.org_unit_id()), req->format(),
        req->language(), resp,
        [this, &inner](grpc::ClientContext* c, v1::OrgSummary* answer, std::function<void(grpc::Status)> done) {
          Stubs().gaps->async()->GetOrgSummary(c, &inner, answer, std::move(done));
        },
        [&inner](const v1::OrgSummary& answer, const Layout& l) {
          // The answer's total names the unit (the root, when none was asked).
          const std::string& id = answer.total().org_unit_id();
          formats::ReportHeading heading{
              id.empty() ? "" : absl::StrCat(answer.total().name(), " (", id, ")"), l.date};
          return std::make_pair(formats::OrgSummaryReport(answer, l.names, heading, l.lang),
                                FileName("summary", inner.org_unit_id(), l.date, l.xlsx));
        });
  }

  Reactor* ExportTrainingDemand(Context* ctx, const v1::ExportTrainingDemandRequest* req,
                                v1::ReportFile* resp) override {
    const v1::GetTrainingDemandRequest& inner = req->request();
    return Export<v1::TrainingDemand>(
        ctx, "skillpath.v1.ReportService/ExportTrainingDemand", About::Nothing(), req->format(), req->language(),
        resp,
        [this, &inner](grpc::ClientContext* c, v1::TrainingDemand* answer, std::function<void(grpc::Status)> done) {
          Stubs().plans->async()->GetTrainingDemand(c, &inner, answer, std::move(done));
        },
        [&inner](const v1::TrainingDemand& answer, const Layout& l) {
          formats::ReportHeading heading{UnitHeading(*l.snapshot, inner.org_unit_id()), l.date};
          return std::make_pair(formats::TrainingDemandReport(answer, inner.budget(), heading, l.lang),
                                FileName("demand", inner.org_unit_id(), l.date, l.xlsx));
        });
  }

 private:
  // What laying an answer out needs besides the answer.
  struct Layout {
    std::shared_ptr<const core::IndexSnapshot> snapshot;
    formats::ReportNames names;
    ReportLanguage lang = ReportLanguage::kNb;
    bool xlsx = false;
    std::string date;  // YYYY-MM-DD, UTC
  };

  struct InProcessStubs {
    std::unique_ptr<v1::GapService::Stub> gaps;
    std::unique_ptr<v1::PlanService::Stub> plans;
  };

  // Made on the first export: the channel exists once the server serves.
  InProcessStubs& Stubs() {
    std::lock_guard<std::mutex> lock(mu_);
    if (!stubs_.gaps) {
      std::shared_ptr<grpc::Channel> channel = services_.in_process();
      stubs_.gaps = v1::GapService::NewStub(channel);
      stubs_.plans = v1::PlanService::NewStub(channel);
    }
    return stubs_;
  }

  // Starts the call (`about`: the underlying call's subject, so that a
  // refusal comes from here, audited, before anything is computed), checks
  // the file's format and language, makes the underlying call with `start`
  // and lays its answer out with `layout` -> (report, file name).
  template <typename Answer, typename Start, typename LayoutFn>
  Reactor* Export(Context* ctx, const char* method, const About& about, const std::string& format,
                  const std::string& language, v1::ReportFile* resp, Start start, LayoutFn layout) {
    auto started = Call::Start(services_, ctx, method, about);
    if (!started.ok()) return FinishWith(ctx, started.status());
    std::shared_ptr<Call> call = *started;
    auto kind = CheckFile(format, language);
    if (!kind.ok()) return call->Finish(kind.status());
    if (!services_.in_process) return call->Finish(absl::UnavailableError("reports are not served by this server"));
    struct Job {
      Layout layout;
      Answer answer;
      std::unique_ptr<grpc::ClientContext> context;
    };
    auto job = std::make_shared<Job>();
    job->layout.snapshot = call->snapshot();
    job->layout.lang = kind->lang;
    job->layout.xlsx = kind->xlsx;
    job->layout.date = absl::FormatTime("%Y-%m-%d", absl::FromUnixMicros(services_.now()), absl::UTCTimeZone());
    absl::Status named = services_.reads.With([&](core::Repositories& repos) -> absl::Status {
      ASSIGN_OR_RETURN(job->layout.names, Names(repos, kind->lang));
      return absl::OkStatus();
    });
    if (!named.ok()) return call->Finish(named);
    // The caller's credential and deadline; cancelling this call cancels that one.
    job->context = grpc::ClientContext::FromCallbackServerContext(*ctx);
    const auto& metadata = ctx->client_metadata();
    if (auto it = metadata.find("authorization"); it != metadata.end()) {
      job->context->AddMetadata("authorization", std::string(it->second.data(), it->second.size()));
    }
    Reactor* reactor = call->Defer();
    start(job->context.get(), &job->answer, [this, job, call, resp, layout](grpc::Status s) {
      if (!s.ok()) {
        call->Complete(FromGrpc(s));
        return;
      }
      services_.workers.Post([job, call, resp, layout] {
        auto [report, file_name] = layout(job->answer, job->layout);
        if (job->layout.xlsx) {
          absl::StatusOr<std::string> bytes = formats::WriteReportXlsx(report);
          if (!bytes.ok()) {
            call->Complete(bytes.status());
            return;
          }
          resp->set_content(std::move(*bytes));
          resp->set_content_type(kXlsxType);
        } else {
          resp->set_content(formats::WriteReportCsv(report, job->layout.lang));
          resp->set_content_type(kCsvType);
        }
        resp->set_file_name(file_name);
        call->Complete(absl::OkStatus());
      });
    });
    return reactor;
  }

  std::mutex mu_;
  InProcessStubs stubs_;
};

}  // namespace

std::unique_ptr<grpc::Service> NewReportService(ServiceContext services) {
  return std::make_unique<ReportServiceImpl>(std::move(services));
}

}  // namespace skillpath::services
