#include "api/auth_service.h"

#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "api/call/call.h"
#include "api/convert/convert.h"
#include "auth/token_cache.h"
#include "auth/tokens.h"
#include "core/model/errors.h"
#include "core/rules/validation.h"

namespace skillpath::services {
namespace {

constexpr absl::string_view kPageTokenPrefix = "after:";

}  // namespace

grpc::ServerUnaryReactor* AuthServiceImpl::WhoAmI(grpc::CallbackServerContext* ctx, const v1::WhoAmIRequest*,
                                                  v1::WhoAmIResponse* resp) {
  auto call = Call::Start(services_, ctx, "skillpath.v1.AuthService/WhoAmI", About::Nothing());
  if (!call.ok()) return FinishWith(ctx, call.status());
  return (*call)->Read([resp, who = (*call)->who()](core::Repositories& repos) -> absl::Status {
    ASSIGN_OR_RETURN(std::optional<core::TokenRecord> token, repos.access.FindToken(who.token_id));
    if (!token) return absl::UnauthenticatedError("the token is no longer stored");
    ToProto(*token, resp->mutable_token());
    if (!who.person_id.empty()) {
      ASSIGN_OR_RETURN(std::optional<core::Person> person, repos.org.FindPerson(who.person_id));
      if (person) ToProto(*person, resp->mutable_person());
    }
    return absl::OkStatus();
  });
}

grpc::ServerUnaryReactor* AuthServiceImpl::CreateToken(grpc::CallbackServerContext* ctx,
                                                       const v1::CreateTokenRequest* req,
                                                       v1::CreateTokenResponse* resp) {
  auto call = Call::Start(services_, ctx, "skillpath.v1.AuthService/CreateToken", About::Person(req->person_id()));
  if (!call.ok()) return FinishWith(ctx, call.status());
  if (req->grant() == v1::GRANT_UNSPECIFIED || !v1::Grant_IsValid(req->grant())) {
    return (*call)->Finish(core::InvalidField("grant", "must be EMPLOYEE, MANAGER, HR, ADMIN or AGGREGATE"));
  }
  if (!req->person_id().empty()) {
    if (absl::Status s = core::CheckId("person_id", req->person_id()); !s.ok()) return (*call)->Finish(s);
  }
  if (absl::Status s = CheckTimestamp("expires_at", req->has_expires_at(), req->expires_at()); !s.ok()) {
    return (*call)->Finish(s);
  }
  if (absl::Status s = core::CheckLine("description", req->description()); !s.ok()) return (*call)->Finish(s);
  std::optional<core::Time> expires;
  if (req->has_expires_at()) expires = FromProto(req->expires_at());
  auto minted = MintToken(static_cast<core::Grant>(req->grant()), req->person_id(), expires, req->description(),
                          services_.now());
  if (!minted.ok()) return (*call)->Finish(minted.status());
  return (*call)->Write([m = std::move(*minted), resp](core::Repositories& repos) -> absl::Status {
    if (!m.record.person_id.empty()) {
      ASSIGN_OR_RETURN(bool known, repos.org.PersonExists(m.record.person_id));
      if (!known) return absl::NotFoundError(absl::StrCat("person '", m.record.person_id, "' not found"));
    }
    RETURN_IF_ERROR(repos.access.PutToken(m.record));
    ToProto(m.record, resp->mutable_info());
    resp->set_token(m.token);
    return absl::OkStatus();
  });
}

grpc::ServerUnaryReactor* AuthServiceImpl::RevokeToken(grpc::CallbackServerContext* ctx,
                                                       const v1::RevokeTokenRequest* req, v1::TokenInfo* resp) {
  auto call = Call::Start(services_, ctx, "skillpath.v1.AuthService/RevokeToken", About::Nothing());
  if (!call.ok()) return FinishWith(ctx, call.status());
  if (absl::Status s = core::CheckId("id", req->id()); !s.ok()) return (*call)->Finish(s);
  TokenCache& cache = services_.tokens;
  return (*call)->Write(
      [id = req->id(), resp, now = services_.now()](core::Repositories& repos) -> absl::Status {
        ASSIGN_OR_RETURN(std::optional<core::TokenRecord> token, repos.access.FindToken(id));
        if (!token) return absl::NotFoundError(absl::StrCat("token '", id, "' not found"));
        if (!token->revoked_at) {
          token->revoked_at = now;
          RETURN_IF_ERROR(repos.access.PutToken(*token));
        }
        ToProto(*token, resp);
        return absl::OkStatus();
      },
      // Dropped from the cache once the revocation is durable: a call after
      // this answer reads the revoked record.
      [&cache, id = req->id()](const absl::Status&) { cache.Forget(id); });
}

grpc::ServerUnaryReactor* AuthServiceImpl::ListTokens(grpc::CallbackServerContext* ctx, const v1::ListTokensRequest*,
                                                      v1::ListTokensResponse* resp) {
  auto call = Call::Start(services_, ctx, "skillpath.v1.AuthService/ListTokens", About::Nothing());
  if (!call.ok()) return FinishWith(ctx, call.status());
  return (*call)->Read([resp](core::Repositories& repos) -> absl::Status {
    ASSIGN_OR_RETURN(std::vector<core::TokenRecord> tokens, repos.access.ListTokens());
    for (const core::TokenRecord& t : tokens) ToProto(t, resp->add_tokens());
    return absl::OkStatus();
  });
}

grpc::ServerUnaryReactor* AuthServiceImpl::ListAuditEvents(grpc::CallbackServerContext* ctx,
                                                           const v1::ListAuditEventsRequest* req,
                                                           v1::ListAuditEventsResponse* resp) {
  auto call = Call::Start(services_, ctx, "skillpath.v1.AuthService/ListAuditEvents", About::Nothing());
  if (!call.ok()) return FinishWith(ctx, call.status());
  absl::Status s = [&]() -> absl::Status {
    if (req->page_size() < 0 || req->page_size() > kMaxPageSize) {
      return core::InvalidField("page_size", absl::StrCat("must be between 0 and ", kMaxPageSize, " (0: the default ",
                                                          kDefaultPageSize, ")"));
    }
    core::AuditQuery query;
    query.subject = req->subject();
    query.actor_person = req->actor_person();
    query.actor_token = req->actor_token();
    RETURN_IF_ERROR(CheckTimestamp("from", req->has_from(), req->from()));
    RETURN_IF_ERROR(CheckTimestamp("to", req->has_to(), req->to()));
    if (req->has_from()) query.from = FromProto(req->from());
    if (req->has_to()) query.to = FromProto(req->to());
    if (query.from && query.to && *query.to <= *query.from) return core::InvalidField("to", "must be after from");
    if (!req->page_token().empty()) {
      if (!absl::StartsWith(req->page_token(), kPageTokenPrefix) ||
          !absl::SimpleAtoi(req->page_token().substr(kPageTokenPrefix.size()), &query.after_seq)) {
        return core::InvalidField("page_token", "not a token from a previous ListAuditEvents answer");
      }
    }
    const int page_size = req->page_size() == 0 ? kDefaultPageSize : req->page_size();
    query.limit = page_size + 1;
    return services_.reads.With([&](core::Repositories& repos) -> absl::Status {
      ASSIGN_OR_RETURN(std::vector<core::AuditEvent> events, repos.access.ListAudit(query));
      const bool more = static_cast<int>(events.size()) > page_size;
      if (more) events.resize(static_cast<size_t>(page_size));
      for (const core::AuditEvent& e : events) ToProto(e, resp->add_events());
      if (more) resp->set_next_page_token(absl::StrCat(kPageTokenPrefix, events.back().seq));
      return absl::OkStatus();
    });
  }();
  return (*call)->Finish(s);
}

}  // namespace skillpath::services
