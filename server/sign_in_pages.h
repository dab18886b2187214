#pragma once
// What the browser sees of sign-in (issue #12), the HTTP gateway's
// HttpOptions::auth: GET /auth/config tells the sign-in page what to offer
// (the provider's button, the token field), GET /auth/login sends it to
// the OpenID provider, GET
// /auth/callback takes the provider's answer and sets the session cookie (or
// shows, in the person's language, why there is no session), POST
// /auth/logout ends the session here and at the provider where it offers
// RP-initiated logout (a script asking for JSON gets {"next": url} to go to
// instead of the redirect). Runs on the gateway's sign-in pool (it may wait on
// the provider).

#include <functional>
#include <string>

#include "auth/sign_in.h"
#include "auth/token_cache.h"
#include "db/writer.h"
#include "http/http_gateway.h"

namespace skillpath::services {

class SignInPages {
 public:
  // `public_url`: where people reach skillpath (for the address the
  // provider sends them back to after signing out).
  // What the sign-in page offers (GET /auth/config).
  struct Offer {
    std::string button_label = "Logg inn med kommunens konto";
    bool token_sign_in = false;  // the token field too (--allow-token-sign-in)
  };
  SignInPages(SignIn& sign_in, oidc::Provider& provider, db::Writer& writer, TokenCache& tokens, std::string public_url,
              Offer offer, std::function<core::Time()> now);

  AuthAnswer Answer(const AuthRequest& request);

 private:
  AuthAnswer Login(const AuthRequest& request);
  AuthAnswer Callback(const AuthRequest& request);
  AuthAnswer Logout(const AuthRequest& request);
  AuthAnswer Config() const;

  SignIn& sign_in_;
  oidc::Provider& provider_;
  db::Writer& writer_;
  TokenCache& tokens_;
  const std::string public_url_;
  const Offer offer_;
  const std::function<core::Time()> now_;
};

}  // namespace skillpath::services
