#pragma once
// GapService adapter: person, team and organisation gaps, computed by the
// core gap engine on the current read-index snapshot. No SQL per request;
// the handlers run inline and never wait for the writer.
#include "api/call/arena_allocator.h"
#include "api/call/disclosure_cache.h"
#include "api/call/handler.h"
#include "skillpath/v1/gap.grpc.pb.h"

namespace skillpath::services {

class GapServiceImpl final : public v1::GapService::CallbackService {
 public:
  static constexpr int kDefaultTopN = 10;
  static constexpr int kMaxTopN = 1000;

  // `min_group_size`: the threshold of core/disclosure/disclosure.h for tokens that
  // see figures only.
  GapServiceImpl(ServiceContext services, int min_group_size)
      : services_(std::move(services)), min_group_size_(min_group_size), plans_(min_group_size) {
    SetMessageAllocatorFor_GetPersonGap(&person_allocator_);
    SetMessageAllocatorFor_GetTeamGap(&team_allocator_);
    SetMessageAllocatorFor_GetOrgSummary(&org_allocator_);
  }

  grpc::ServerUnaryReactor* GetPersonGap(grpc::CallbackServerContext* ctx, const v1::GetPersonGapRequest* req,
                                         v1::PersonGap* resp) override;
  grpc::ServerUnaryReactor* GetTeamGap(grpc::CallbackServerContext* ctx, const v1::GetTeamGapRequest* req,
                                       v1::TeamGap* resp) override;
  grpc::ServerUnaryReactor* GetOrgSummary(grpc::CallbackServerContext* ctx, const v1::GetOrgSummaryRequest* req,
                                          v1::OrgSummary* resp) override;

 private:
  ServiceContext services_;
  int min_group_size_;
  DisclosurePlanCache plans_;
  ArenaAllocator<v1::GetPersonGapRequest, v1::PersonGap> person_allocator_;
  ArenaAllocator<v1::GetTeamGapRequest, v1::TeamGap> team_allocator_;
  ArenaAllocator<v1::GetOrgSummaryRequest, v1::OrgSummary> org_allocator_;
};

}  // namespace skillpath::services
