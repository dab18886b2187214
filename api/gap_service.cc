// GapService adapter: person, team and organisation gaps, computed by the
// core gap engine on the current read-index snapshot. No SQL per request;
// the handlers run inline and never wait for the writer.

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "api/call/adapter.h"
#include "api/call/arena_allocator.h"
#include "api/call/call.h"
#include "api/call/disclosure_cache.h"
#include "api/convert/convert.h"
#include "api/convert/gap_convert.h"
#include "api/services.h"
#include "core/disclosure/disclosure.h"
#include "core/gap/gap.h"
#include "core/index/gap_queries.h"
#include "core/index/read_index.h"
#include "core/model/errors.h"
#include "core/rules/validation.h"
#include "skillpath/v1/gap.grpc.pb.h"

namespace skillpath::services {
namespace {

constexpr int kDefaultTopN = 10;
constexpr int kMaxTopN = 1000;

core::Time AsOf(const ServiceContext& services, bool has, const google::protobuf::Timestamp& t) {
  return has ? FromProto(t) : services.now();
}

class GapServiceImpl final : public v1::GapService::CallbackService, private Adapter {
 public:
  GapServiceImpl(ServiceContext services, int min_group_size)
      : Adapter(std::move(services)), min_group_size_(min_group_size), plans_(min_group_size) {
    SetMessageAllocatorFor_GetPersonGap(&person_allocator_);
    SetMessageAllocatorFor_GetTeamGap(&team_allocator_);
    SetMessageAllocatorFor_GetOrgSummary(&org_allocator_);
  }

  Reactor* GetPersonGap(Context* ctx, const v1::GetPersonGapRequest* req, v1::PersonGap* resp) override {
    return Inline(ctx, "skillpath.v1.GapService/GetPersonGap", About::Person(req->person_id()),
                  [&](Call& call) { return PersonGap(call, *req, resp); });
  }

  Reactor* GetTeamGap(Context* ctx, const v1::GetTeamGapRequest* req, v1::TeamGap* resp) override {
    return Inline(ctx, "skillpath.v1.GapService/GetTeamGap", About::Unit(req->org_unit_id()), [&](Call& call) {
      std::vector<std::string> shown;  // whose rows are answered
      const absl::Status s = TeamGap(call, *req, resp, shown);
      call.AuditReads(shown, s);
      return s;
    });
  }

  Reactor* GetOrgSummary(Context* ctx, const v1::GetOrgSummaryRequest* req, v1::OrgSummary* resp) override {
    return Inline(ctx, "skillpath.v1.GapService/GetOrgSummary", About::Unit(req->org_unit_id()),
                  [&](Call& call) { return OrgSummary(call, *req, resp); });
  }

 private:
  absl::Status PersonGap(Call& call, const v1::GetPersonGapRequest& req, v1::PersonGap* resp) {
    RETURN_IF_ERROR(core::CheckId("person_id", req.person_id()));
    RETURN_IF_ERROR(CheckTimestamp("as_of", req.has_as_of(), req.as_of()));
    const auto& snapshot = call.snapshot();
    // Reused per thread: no allocation for the report once warmed up.
    thread_local core::PersonGapResult result;
    ASSIGN_OR_RETURN(
        const core::PersonState* found,
        core::QueryPersonGap(*snapshot, req.person_id(), AsOf(services_, req.has_as_of(), req.as_of()), result));
    ToProto(result, *found, *snapshot->competences, resp);
    return absl::OkStatus();
  }

  // `shown`: the people whose rows the answer holds.
  absl::Status TeamGap(Call& call, const v1::GetTeamGapRequest& req, v1::TeamGap* resp,
                       std::vector<std::string>& shown) {
    RETURN_IF_ERROR(core::CheckId("org_unit_id", req.org_unit_id()));
    RETURN_IF_ERROR(CheckTimestamp("as_of", req.has_as_of(), req.as_of()));
    const auto& snapshot = call.snapshot();
    const core::CompetenceTable& competences = *snapshot->competences;
    const bool subunits = req.has_include_subunits() ? req.include_subunits() : true;
    const core::Time as_of = AsOf(services_, req.has_as_of(), req.as_of());
    resp->set_org_unit_id(req.org_unit_id());
    if (!call.sees_people()) {
      // Figures only: what this token may see, judged against every other
      // answer it can get (core/disclosure/disclosure.h).
      const auto plan = plans_.Get(snapshot, as_of);
      ASSIGN_OR_RETURN(core::AggregateTeamView view,
                       core::AggregateTeamGap(*snapshot, *plan, req.org_unit_id(), subunits, as_of));
      resp->set_min_group_size(min_group_size_);
      for (uint32_t c : view.columns) resp->add_competence_ids(competences.ids[c]);
      for (const core::AggregateCoverage& cov : view.coverage) ToProto(cov, competences, resp->add_coverage());
      return absl::OkStatus();
    }
    ASSIGN_OR_RETURN(core::TeamGapQuery q, core::QueryTeamGap(*snapshot, req.org_unit_id(), subunits, as_of));
    for (uint32_t c : q.gap.columns) resp->add_competence_ids(competences.ids[c]);
    // Only a token that sees people gets here: rows with ids and names.
    for (const core::TeamRowResult& row : q.gap.rows) {
      shown.push_back(q.people[row.member]->id);
      ToProto(row, *q.people[row.member], resp->add_rows());
    }
    for (const core::CoverageResult& cov : q.gap.coverage) ToProto(cov, competences, resp->add_coverage());
    return absl::OkStatus();
  }

  absl::Status OrgSummary(Call& call, const v1::GetOrgSummaryRequest& req, v1::OrgSummary* resp) {
    RETURN_IF_ERROR(core::CheckOptionalId("org_unit_id", req.org_unit_id()));
    RETURN_IF_ERROR(CheckTimestamp("as_of", req.has_as_of(), req.as_of()));
    if (req.top_n() < 0 || req.top_n() > kMaxTopN) {
      return core::InvalidField(
          "top_n", absl::StrCat("must be between 0 and ", kMaxTopN, " (0: the default ", kDefaultTopN, ")"));
    }
    const int top_n = req.top_n() == 0 ? kDefaultTopN : req.top_n();
    const auto& snapshot = call.snapshot();
    const core::Time as_of = AsOf(services_, req.has_as_of(), req.as_of());
    const core::UnitTable& units = *snapshot->units;
    const core::CompetenceTable& competences = *snapshot->competences;
    if (!call.sees_people()) {
      // Figures only (core/disclosure/disclosure.h): withheld rows and figures are sent marked.
      const auto plan = plans_.Get(snapshot, as_of);
      ASSIGN_OR_RETURN(core::AggregateOrgView view,
                       core::AggregateOrgSummary(*snapshot, *plan, req.org_unit_id(), top_n, as_of));
      resp->set_min_group_size(min_group_size_);
      ToProto(units, view.unit, view.total, competences, resp->mutable_total());
      for (size_t g = 0; g < view.groups.size(); ++g) {
        if (!view.rows[g].released) continue;  // left out, as rows too small always were
        ToProto(units, view.groups[g], view.rows[g], competences, resp->add_units());
      }
      for (const core::TopGapResult& t : view.top_gaps) ToProto(t, competences, resp->add_top_gaps());
      resp->set_top_gaps_incomplete(view.top_gaps_incomplete);
      return absl::OkStatus();
    }
    ASSIGN_OR_RETURN(core::OrgSummaryQuery q, core::QueryOrgSummary(*snapshot, req.org_unit_id(), top_n, as_of));
    ToProto(units, q.unit, q.summary.total, competences, resp->mutable_total());
    for (size_t g = 0; g < q.groups.size(); ++g) {
      ToProto(units, q.groups[g], q.summary.groups[g], competences, resp->add_units());
    }
    for (const core::TopGapResult& t : q.summary.top_gaps) ToProto(t, competences, resp->add_top_gaps());
    return absl::OkStatus();
  }

  int min_group_size_;
  DisclosurePlanCache plans_;
  ArenaAllocator<v1::GetPersonGapRequest, v1::PersonGap> person_allocator_;
  ArenaAllocator<v1::GetTeamGapRequest, v1::TeamGap> team_allocator_;
  ArenaAllocator<v1::GetOrgSummaryRequest, v1::OrgSummary> org_allocator_;
};

}  // namespace

std::unique_ptr<grpc::Service> NewGapService(ServiceContext services, int min_group_size) {
  return std::make_unique<GapServiceImpl>(std::move(services), min_group_size);
}

}  // namespace skillpath::services
