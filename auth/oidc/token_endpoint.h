#pragma once
// A provider's token endpoint (RFC 6749 §3.2) and the endpoints shaped like
// it (device authorization, RFC 8628 §3.1; revocation, RFC 7009): a form
// POSTed, a JSON answer read. Shared by the server's sign-in and the
// command line's `skillpath login`.

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "auth/oidc/fetch.h"

namespace skillpath::oidc {

struct TokenAnswer {
  long http_status = 0;
  // RFC 6749 §5.2 when refused (e.g. "invalid_grant", or RFC 8628's
  // "authorization_pending"); empty when it answered with tokens.
  std::string error;
  std::string error_description;
  // §5.1 (and OpenID Connect's id_token).
  std::string access_token;
  std::string token_type;
  std::string refresh_token;
  std::string id_token;
  std::string scope;
  int64_t expires_in = 0;  // seconds; 0: not said
  // RFC 8628 §3.2, a device authorization's answer.
  std::string device_code;
  std::string user_code;
  std::string verification_uri;
  std::string verification_uri_complete;
  int64_t interval = 0;
};

// POSTs `form` (with `headers`, e.g. client authentication) to `url` and
// reads the JSON answer. A refusal with an OAuth error is an answer (its
// `error` set); UNAVAILABLE when the endpoint cannot be reached or answers
// something that is neither tokens nor an OAuth error (named with the
// HTTP status).
absl::StatusOr<TokenAnswer> PostForm(const Fetcher& fetcher, const std::string& url,
                                     const std::vector<std::pair<std::string, std::string>>& form,
                                     std::vector<std::pair<std::string, std::string>> headers = {});

// "error: description" of a refused answer, shortened, for messages.
std::string RefusalText(const TokenAnswer& answer);

}  // namespace skillpath::oidc
