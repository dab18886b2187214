#include "server/sign_in_pages.h"

#include <iterator>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "auth/oidc/fetch.h"
#include "http/connect/json.h"

namespace skillpath::services {
namespace {

bool English(const AuthRequest& request) { return absl::StartsWithIgnoreCase(request.accept_language, "en"); }

std::string Escape(absl::string_view text) {
  std::string out;
  for (char c : text) {
    switch (c) {
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '&':
        out += "&amp;";
        break;
      case '"':
        out += "&quot;";
        break;
      default:
        out.push_back(c);
    }
  }
  return out;
}

// A small page in the person's language with a way back to the start.
AuthAnswer Page(int status, bool en, const std::string& title, const std::string& text) {
  AuthAnswer a;
  a.status = status;
  a.body = absl::StrCat("<!doctype html><html lang=\"", en ? "en" : "nb",
                        "\"><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width\">"
                        "<title>skillpath: ",
                        Escape(title),
                        "</title><link rel=\"stylesheet\" href=\"/style.css\">"
                        "<main class=\"sign-in-result\"><h1>",
                        Escape(title), "</h1><p>", Escape(text), "</p><p><a href=\"/\">",
                        en ? "Back to skillpath" : "Tilbake til skillpath", "</a></p></main>");
  return a;
}

// What a refused sign-in tells the person (the reason itself is audited),
// in Norwegian and English.
struct RefusalText {
  SignInRefusal why;
  int status;
  const char* title[2];  // nb, en
  const char* text[2];
};
constexpr RefusalText kRefusals[] = {
    {SignInRefusal::kUnknownPerson,
     403,
     {"Du finnes ikke i skillpath ennå", "You are not in skillpath yet"},
     {"Kontoen din er ikke knyttet til noen i skillpath. Kontakt HR.",
      "Your account is not linked to anyone in skillpath. Contact HR."}},
    {SignInRefusal::kInactive,
     403,
     {"Tilgangen din er avsluttet", "Your access has ended"},
     {"Du er registrert som ikke lenger aktiv. Kontakt HR hvis det er feil.",
      "You are registered as no longer active. Contact HR if this is wrong."}},
    {SignInRefusal::kAmbiguous,
     409,
     {"Flere personer passer", "More than one person matches"},
     {"E-postadressen din hører til flere personer i skillpath. Kontakt HR.",
      "Your e-mail address belongs to more than one person in skillpath. Contact HR."}},
    {SignInRefusal::kExpiredOrReplayed,
     400,
     {"Innloggingen er utløpt", "The sign-in has expired"},
     {"Denne innloggingen er allerede brukt eller tok for lang tid. Logg inn på nytt.",
      "This sign-in was already used or took too long. Please sign in again."}},
    {SignInRefusal::kProviderRefused,
     403,
     {"Innloggingen ble ikke fullført", "The sign-in was not completed"},
     {"Innloggingen ble avbrutt eller avvist hos kommunens innlogging.",
      "The sign-in was cancelled or refused at your organisation's sign-in page."}},
    {SignInRefusal::kUnavailable,
     503,
     {"Innlogging er ikke tilgjengelig", "Sign-in is unavailable"},
     {"skillpath fikk ikke kontakt med innloggingstjenesten. Prøv igjen om litt.",
      "skillpath could not reach the sign-in service. Try again in a moment."}},
    {SignInRefusal::kTokenRefused,
     403,
     {"Innloggingen ble avvist", "The sign-in was refused"},
     {"Svaret fra innloggingstjenesten besto ikke skillpaths kontroller. Prøv igjen.",
      "The answer from the sign-in service did not pass skillpath's checks. Please try again."}},
};

AuthAnswer RefusalPage(SignInRefusal why, bool en) {
  const RefusalText* text = &kRefusals[std::size(kRefusals) - 1];  // token refused: the default
  for (const RefusalText& r : kRefusals) {
    if (r.why == why) text = &r;
  }
  return Page(text->status, en, text->title[en ? 1 : 0], text->text[en ? 1 : 0]);
}

AuthAnswer Redirect(std::string location, int status = 302) {
  AuthAnswer a;
  a.status = status;
  a.location = std::move(location);
  return a;
}

}  // namespace

SignInPages::SignInPages(SignIn& sign_in, oidc::Provider& provider, db::Writer& writer, TokenCache& tokens,
                         std::string public_url, Offer offer, std::function<core::Time()> now)
    : sign_in_(sign_in),
      provider_(provider),
      writer_(writer),
      tokens_(tokens),
      public_url_(std::move(public_url)),
      offer_(std::move(offer)),
      now_(std::move(now)) {}

AuthAnswer SignInPages::Answer(const AuthRequest& request) {
  if (request.path == "/auth/config" && request.method == "GET") return Config();
  if (request.path == "/auth/login" && request.method == "GET") return Login(request);
  if (request.path == "/auth/callback" && request.method == "GET") return Callback(request);
  if (request.path == "/auth/logout" && request.method == "POST") return Logout(request);
  AuthAnswer a = Page(404, English(request), English(request) ? "Not found" : "Finnes ikke",
                      "GET /auth/login, GET /auth/callback, POST /auth/logout");
  return a;
}

AuthAnswer SignInPages::Config() const {
  AuthAnswer a;
  a.status = 200;
  a.content_type = "application/json";
  a.body = absl::StrCat(R"({"provider":true,"label":)", JsonQuote(offer_.button_label), R"(,"tokenSignIn":)",
                        offer_.token_sign_in ? "true" : "false", "}");
  return a;
}

AuthAnswer SignInPages::Login(const AuthRequest& request) {
  absl::StatusOr<std::string> url = sign_in_.Start(oidc::FormValue(request.query, "return_to"));
  if (!url.ok()) return RefusalPage(SignInRefusal::kUnavailable, English(request));
  return Redirect(*url);
}

AuthAnswer SignInPages::Callback(const AuthRequest& request) {
  const std::string& q = request.query;
  SignIn::Result result = sign_in_.Finish(oidc::FormValue(q, "code"), oidc::FormValue(q, "state"),
                                          oidc::FormValue(q, "error"), oidc::FormValue(q, "error_description"));
  if (!result.session.ok()) return RefusalPage(result.refusal, English(request));
  AuthAnswer a = Redirect(result.session->return_to);
  a.set_session = result.session->session;
  a.session_max_age_seconds = static_cast<int>(sign_in_.options().lifetime / core::kMicrosPerSecond);
  return a;
}

AuthAnswer SignInPages::Logout(const AuthRequest& request) {
  // A form on another site must not sign people out.
  if (!request.same_origin) {
    return Page(403, English(request), English(request) ? "Not from skillpath" : "Ikke fra skillpath",
                English(request) ? "Sign out from skillpath's own pages." : "Logg ut fra skillpaths egne sider.");
  }
  const size_t dot = request.session.find('.');
  if (dot != std::string::npos && absl::StartsWith(request.session, "ses_")) {
    const std::string id = request.session.substr(0, dot);
    const core::Time now = now_();
    // Only a session whose secret is presented may be ended this way.
    (void)writer_.RunAndWait([&](core::Repositories& repos) -> absl::Status {
      absl::StatusOr<std::optional<core::TokenRecord>> found = repos.access.FindToken(id);
      if (!found.ok() || !*found || (*found)->kind != core::TokenKind::kSession || (*found)->revoked_at) {
        return absl::OkStatus();
      }
      if (!CheckSecret(id, request.session.substr(dot + 1), &**found, now).ok()) return absl::OkStatus();
      core::TokenRecord ended = **found;
      ended.revoked_at = now;
      if (absl::Status s = repos.access.PutToken(ended); !s.ok()) return s;
      core::AuditEvent event;
      event.at = now;
      event.actor_token = id;
      event.actor_person = ended.person_id;
      event.method = "auth/sign-out";
      event.subject = ended.person_id;
      event.outcome = "OK";
      return repos.access.AppendAudit(event);
    });
    tokens_.Forget(id);
  }
  std::string after = "/";
  absl::StatusOr<oidc::ProviderMetadata> metadata = provider_.Metadata();
  if (metadata.ok() && !metadata->end_session_endpoint.empty()) {
    const std::string& end = metadata->end_session_endpoint;
    after = absl::StrCat(end, end.find('?') == std::string::npos ? "?" : "&",
                         oidc::FormEncode({{"client_id", sign_in_.options().client_id},
                                           {"post_logout_redirect_uri", public_url_ + "/"}}));
  }
  AuthAnswer a = Redirect(after, 303);
  if (absl::StrContains(request.accept, "application/json")) {
    // The web client's sign-out (its pages allow form posts to themselves
    // only, so it navigates to the provider itself).
    a.status = 200;
    a.location.clear();
    a.content_type = "application/json";
    a.body = absl::StrCat(R"({"next":)", JsonQuote(after), "}");
  }
  a.set_session = "";
  return a;
}

}  // namespace skillpath::services
