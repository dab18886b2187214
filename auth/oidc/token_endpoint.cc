#include "auth/oidc/token_endpoint.h"

#include <cmath>

#include "absl/strings/str_cat.h"
#include "auth/oidc/jwt.h"

namespace skillpath::oidc {
namespace {

int64_t Seconds(const google::protobuf::Struct& body, const std::string& name) {
  auto it = body.fields().find(name);
  if (it == body.fields().end()) return 0;
  if (it->second.has_number_value() && std::isfinite(it->second.number_value()) && it->second.number_value() > 0 &&
      it->second.number_value() < 1e9) {
    return static_cast<int64_t>(it->second.number_value());
  }
  // Some providers send numbers as strings.
  int64_t n = 0;
  const std::string& text = it->second.string_value();
  for (char c : text) {
    if (c < '0' || c > '9' || n > 100000000) return 0;
    n = n * 10 + (c - '0');
  }
  return n;
}

std::string Shortened(const std::string& text, size_t n) { return text.size() <= n ? text : text.substr(0, n) + "..."; }

}  // namespace

absl::StatusOr<TokenAnswer> PostForm(const Fetcher& fetcher, const std::string& url,
                                     const std::vector<std::pair<std::string, std::string>>& form,
                                     std::vector<std::pair<std::string, std::string>> headers) {
  HttpRequest request;
  request.url = url;
  request.form = FormEncode(form);
  headers.emplace_back("Accept", "application/json");
  request.headers = std::move(headers);
  absl::StatusOr<HttpResponse> response = fetcher.Fetch(request);
  if (!response.ok()) return response.status();
  TokenAnswer answer;
  answer.http_status = response->status;
  // RFC 7009 §2.2: a revocation answers 200 with an empty body.
  if (response->status == 200 && response->body.find_first_not_of(" \r\n\t") == std::string::npos) return answer;
  absl::StatusOr<google::protobuf::Struct> body = ParseJsonObject(response->body, "the provider's answer");
  if (!body.ok()) {
    return absl::UnavailableError(
        absl::StrCat("the provider answered HTTP ", response->status, " at ", url, " with something other than JSON"));
  }
  answer.error = StringMember(*body, "error");
  answer.error_description = StringMember(*body, "error_description");
  if (response->status != 200 && answer.error.empty()) {
    return absl::UnavailableError(absl::StrCat("the provider answered HTTP ", response->status, " at ", url));
  }
  answer.access_token = StringMember(*body, "access_token");
  answer.token_type = StringMember(*body, "token_type");
  answer.refresh_token = StringMember(*body, "refresh_token");
  answer.id_token = StringMember(*body, "id_token");
  answer.scope = StringMember(*body, "scope");
  answer.expires_in = Seconds(*body, "expires_in");
  answer.device_code = StringMember(*body, "device_code");
  answer.user_code = StringMember(*body, "user_code");
  answer.verification_uri = StringMember(*body, "verification_uri");
  answer.verification_uri_complete = StringMember(*body, "verification_uri_complete");
  answer.interval = Seconds(*body, "interval");
  return answer;
}

std::string RefusalText(const TokenAnswer& answer) {
  std::string text = Shortened(answer.error, 60);
  if (!answer.error_description.empty()) absl::StrAppend(&text, ": ", Shortened(answer.error_description, 200));
  return text;
}

}  // namespace skillpath::oidc
