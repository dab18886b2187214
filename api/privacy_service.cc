// PrivacyService adapter: a person's rights over their data (GDPR art. 15,
// 17 and 20): export everything stored about them, and erasure.

#include <google/protobuf/util/json_util.h>

#include "absl/strings/str_cat.h"
#include "api/call/adapter.h"
#include "api/call/call.h"
#include "api/convert/convert.h"
#include "api/services.h"
#include "auth/token_cache.h"
#include "auth/tokens.h"
#include "core/model/errors.h"
#include "core/rules/validation.h"
#include "skillpath/v1/auth.grpc.pb.h"

namespace skillpath::services {
namespace {

class PrivacyServiceImpl final : public v1::PrivacyService::CallbackService, private Adapter {
 public:
  using Adapter::Adapter;

  Reactor* ExportPersonData(Context* ctx, const v1::ExportPersonDataRequest* req,
                            v1::ExportPersonDataResponse* resp) override {
    return Read(
        ctx, "skillpath.v1.PrivacyService/ExportPersonData", About::Person(req->person_id()),
        [this, req, resp](core::Repositories& repos) -> absl::Status {
          RETURN_IF_ERROR(core::CheckId("person_id", req->person_id()));
          ASSIGN_OR_RETURN(std::optional<core::PersonData> data, repos.access.CollectPersonData(req->person_id()));
          if (!data) return absl::NotFoundError(absl::StrCat("person '", req->person_id(), "' not found"));
          v1::PersonDataExport* out = resp->mutable_data();
          ToProto(data->person, out->mutable_person());
          for (const core::Assessment& a : data->assessments) ToProto(a, out->add_assessments());
          for (const core::Assessment& a : data->assessments_given) ToProto(a, out->add_assessments_given());
          for (const std::string& id : data->plan_ids) {
            ASSIGN_OR_RETURN(std::optional<core::LearningPlan> plan, repos.plans.FindPlan(id));
            if (plan) ToProto(*plan, out->add_plans());
          }
          for (const auto& [plan_id, comment] : data->comments_given) {
            v1::PlanCommentGiven* given = out->add_plan_comments_given();
            given->set_plan_id(plan_id);
            ToProto(comment, given->mutable_comment());
          }
          for (const core::TokenRecord& t : data->tokens) ToProto(t, out->add_tokens());
          for (const core::AuditEvent& e : data->audit) ToProto(e, out->add_audit());
          ToProto(services_.now(), out->mutable_exported_at());
          google::protobuf::util::JsonPrintOptions options;
          options.add_whitespace = true;
          options.always_print_primitive_fields = true;
          std::string json;
          const auto printed = google::protobuf::util::MessageToJsonString(*out, &json, options);
          if (!printed.ok())
            return absl::InternalError(absl::StrCat("the export could not be printed as JSON: ", printed.ToString()));
          resp->set_json(std::move(json));
          return absl::OkStatus();
        });
  }

  Reactor* ErasePerson(Context* ctx, const v1::ErasePersonRequest* req, v1::ErasePersonResponse* resp) override {
    auto call = Call::Start(services_, ctx, "skillpath.v1.PrivacyService/ErasePerson", About::Nothing());
    if (!call.ok()) return FinishWith(ctx, call.status());
    if (absl::Status s = core::CheckId("person_id", req->person_id()); !s.ok()) return (*call)->Finish(s);
    auto erased_tokens = std::make_shared<std::vector<std::string>>();
    TokenCache& cache = services_.tokens;
    return (*call)->Write(
        [id = req->person_id(), resp, call = *call, erased_tokens](core::Repositories& repos) -> absl::Status {
          ASSIGN_OR_RETURN(std::optional<core::PersonData> data, repos.access.CollectPersonData(id));
          if (!data) return absl::NotFoundError(absl::StrCat("person '", id, "' not found"));
          for (const core::TokenRecord& t : data->tokens) erased_tokens->push_back(t.id);
          ASSIGN_OR_RETURN(std::string salt, repos.access.PseudonymSalt());
          const std::string pseudonym = Pseudonym(salt, id);
          // The erasure's own record names only the pseudonym.
          call->AuditedByJob();
          ASSIGN_OR_RETURN(bool erased,
                           repos.access.ErasePerson(
                               id, call->Event(pseudonym, absl::StrCat("OK: erased ", data->assessments.size(),
                                                                       " assessments, ", data->plan_ids.size(),
                                                                       " plans, ", data->tokens.size(), " tokens"))));
          if (!erased) return absl::NotFoundError(absl::StrCat("person '", id, "' not found"));
          resp->set_pseudonym(pseudonym);
          return absl::OkStatus();
        },
        [&cache, erased_tokens](const absl::Status&) {
          for (const std::string& t : *erased_tokens) cache.Forget(t);
        });
  }
};

}  // namespace

std::unique_ptr<grpc::Service> NewPrivacyService(ServiceContext services) {
  return std::make_unique<PrivacyServiceImpl>(std::move(services));
}

}  // namespace skillpath::services
