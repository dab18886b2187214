// AuthService adapter: API tokens and the audit log (ADMIN only).

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "api/call/adapter.h"
#include "api/call/call.h"
#include "api/call/paging.h"
#include "api/convert/convert.h"
#include "api/services.h"
#include "auth/token_cache.h"
#include "auth/tokens.h"
#include "core/model/errors.h"
#include "core/rules/validation.h"
#include "skillpath/v1/auth.grpc.pb.h"

namespace skillpath::services {
namespace {

// The query a ListAuditEvents request asks for, one more than a page long
// (to tell whether another page follows).
absl::StatusOr<core::AuditQuery> AuditQueryOf(const v1::ListAuditEventsRequest& req) {
  core::AuditQuery query;
  ASSIGN_OR_RETURN(Page page, ParsePage(req.page_size(), req.page_token(), "ListAuditEvents"));
  if (!page.after.empty() && !absl::SimpleAtoi(page.after, &query.after_seq)) {
    return core::InvalidField("page_token", "not a token from a previous ListAuditEvents answer");
  }
  query.subject = req.subject();
  query.actor_person = req.actor_person();
  query.actor_token = req.actor_token();
  RETURN_IF_ERROR(CheckTimestamp("from", req.has_from(), req.from()));
  RETURN_IF_ERROR(CheckTimestamp("to", req.has_to(), req.to()));
  if (req.has_from()) query.from = FromProto(req.from());
  if (req.has_to()) query.to = FromProto(req.to());
  if (query.from && query.to && *query.to <= *query.from) return core::InvalidField("to", "must be after from");
  query.limit = page.size + 1;
  return query;
}

class AuthServiceImpl final : public v1::AuthService::CallbackService, private Adapter {
 public:
  using Adapter::Adapter;

  // Public (core::IsPublicMethod): answered without a token.
  Reactor* GetSignInSettings(Context* ctx, const v1::GetSignInSettingsRequest*, v1::SignInSettings* resp) override {
    const PublicSignIn& s = services_.sign_in;
    resp->set_issuer(s.issuer);
    resp->set_client_id(s.client_id);
    resp->set_scope(s.scope);
    resp->set_resource(s.resource);
    resp->set_audience(s.audience);
    return FinishWith(ctx, absl::OkStatus());
  }

  Reactor* WhoAmI(Context* ctx, const v1::WhoAmIRequest*, v1::WhoAmIResponse* resp) override {
    auto call = Call::Start(services_, ctx, "skillpath.v1.AuthService/WhoAmI", About::Nothing());
    if (!call.ok()) return FinishWith(ctx, call.status());
    return (*call)->Read([resp, who = (*call)->who()](core::Repositories& repos) -> absl::Status {
      // A provider's access token is not stored: its principal describes it.
      std::optional<core::TokenRecord> token;
      if (who.provider_token) {
        token = *who.provider_token;
      } else {
        ASSIGN_OR_RETURN(token, repos.access.FindToken(who.token_id));
      }
      if (!token) return absl::UnauthenticatedError("the token is no longer stored");
      ToProto(*token, resp->mutable_token());
      if (!who.person_id.empty()) {
        ASSIGN_OR_RETURN(std::optional<core::Person> person, repos.org.FindPerson(who.person_id));
        if (person) ToProto(*person, resp->mutable_person());
      }
      return absl::OkStatus();
    });
  }

  Reactor* CreateToken(Context* ctx, const v1::CreateTokenRequest* req, v1::CreateTokenResponse* resp) override {
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

  Reactor* RevokeToken(Context* ctx, const v1::RevokeTokenRequest* req, v1::TokenInfo* resp) override {
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

  Reactor* ListTokens(Context* ctx, const v1::ListTokensRequest* req, v1::ListTokensResponse* resp) override {
    if (!v1::TokenKind_IsValid(req->kind())) {
      return FinishWith(ctx, core::InvalidField("kind", "must be API_TOKEN, SESSION or unspecified"));
    }
    return Read(ctx, "skillpath.v1.AuthService/ListTokens", About::Nothing(),
                [req, resp, now = services_.now()](core::Repositories& repos) -> absl::Status {
                  ASSIGN_OR_RETURN(std::vector<core::TokenRecord> tokens, repos.access.ListTokens());
                  for (const core::TokenRecord& t : tokens) {
                    if (req->kind() != v1::TOKEN_KIND_UNSPECIFIED && static_cast<int>(t.kind) != req->kind()) continue;
                    if (req->valid_only() && !CheckValidity(t.id, t, now).ok()) continue;
                    ToProto(t, resp->add_tokens());
                  }
                  return absl::OkStatus();
                });
  }

  Reactor* ListAuditEvents(Context* ctx, const v1::ListAuditEventsRequest* req,
                           v1::ListAuditEventsResponse* resp) override {
    return Read(ctx, "skillpath.v1.AuthService/ListAuditEvents", About::Nothing(),
                [req, resp](core::Repositories& repos) -> absl::Status {
                  ASSIGN_OR_RETURN(core::AuditQuery query, AuditQueryOf(*req));
                  const int page_size = query.limit - 1;
                  ASSIGN_OR_RETURN(std::vector<core::AuditEvent> events, repos.access.ListAudit(query));
                  const bool more = static_cast<int>(events.size()) > page_size;
                  if (more) events.resize(static_cast<size_t>(page_size));
                  for (const core::AuditEvent& e : events) ToProto(e, resp->add_events());
                  if (more) resp->set_next_page_token(NextPageToken(absl::StrCat(events.back().seq)));
                  return absl::OkStatus();
                });
  }
};

}  // namespace

std::unique_ptr<grpc::Service> NewAuthService(ServiceContext services) {
  return std::make_unique<AuthServiceImpl>(std::move(services));
}

}  // namespace skillpath::services
