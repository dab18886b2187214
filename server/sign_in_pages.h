#pragma once
// What the browser sees of sign-in (issue #12), the HTTP gateway's
// HttpOptions::auth: GET /auth/login sends it to the OpenID provider, GET
// /auth/callback takes the provider's answer and sets the session cookie (or
// shows, in the person's language, why there is no session), POST
// /auth/logout ends the session here and at the provider where it offers
// RP-initiated logout. Runs on the gateway's sign-in pool (it may wait on
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
  SignInPages(SignIn& sign_in, oidc::Provider& provider, db::Writer& writer, TokenCache& tokens, std::string public_url,
              std::function<core::Time()> now);

  AuthAnswer Answer(const AuthRequest& request);

 private:
  AuthAnswer Login(const AuthRequest& request);
  AuthAnswer Callback(const AuthRequest& request);
  AuthAnswer Logout(const AuthRequest& request);

  SignIn& sign_in_;
  oidc::Provider& provider_;
  db::Writer& writer_;
  TokenCache& tokens_;
  const std::string public_url_;
  const std::function<core::Time()> now_;
};

}  // namespace skillpath::services
