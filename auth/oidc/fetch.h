#pragma once
// Outbound HTTP for the OpenID provider (discovery, keys, the token
// endpoint), with libcurl. TLS is verified against the system's CAs (or a
// given CA file); plain http is refused except to a loopback address (for
// tests and trials); answers are capped in size and time; the proxy comes
// from the environment (HTTPS_PROXY, NO_PROXY) as libcurl reads it, which
// is how municipal networks usually reach the internet.

#include <chrono>
#include <cstddef>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace skillpath::oidc {

struct HttpRequest {
  std::string url;
  // Empty: GET. Otherwise POSTed as application/x-www-form-urlencoded.
  std::string form;
  std::vector<std::pair<std::string, std::string>> headers;
};

struct HttpResponse {
  long status = 0;
  std::string content_type;
  std::string body;
};

class Fetcher {
 public:
  struct Options {
    std::chrono::milliseconds timeout{10000};
    size_t max_body = 1 << 20;
    std::string ca_file;  // empty: the system's
  };
  Fetcher() : Fetcher(Options{}) {}
  explicit Fetcher(Options options);

  // Any HTTP status is an answer; UNAVAILABLE when the provider cannot be
  // reached (naming the host and libcurl's reason), INVALID_ARGUMENT for a
  // URL that is neither https nor http to loopback, RESOURCE_EXHAUSTED for
  // an answer over max_body. Thread-safe.
  absl::StatusOr<HttpResponse> Fetch(const HttpRequest& request) const;

 private:
  Options options_;
};

// Whether `url` is https, or http to 127.0.0.0/8, [::1] or localhost.
bool IsHttpsOrLoopback(absl::string_view url);

// application/x-www-form-urlencoded: name=value pairs, percent-encoded.
std::string FormEncode(const std::vector<std::pair<std::string, std::string>>& fields);
// The decoded value of `name` in such a string (a URL's query), "" if absent.
std::string FormValue(absl::string_view form, absl::string_view name);

}  // namespace skillpath::oidc
