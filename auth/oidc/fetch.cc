#include "auth/oidc/fetch.h"

#include <arpa/inet.h>
#include <curl/curl.h>
#include <netinet/in.h>

#include <memory>
#include <mutex>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"

namespace skillpath::oidc {
namespace {

struct EasyFree {
  void operator()(CURL* c) const { curl_easy_cleanup(c); }
};
struct ListFree {
  void operator()(curl_slist* l) const { curl_slist_free_all(l); }
};

struct Sink {
  std::string* body;
  size_t max;
  bool too_large = false;
};

size_t Write(char* data, size_t size, size_t count, void* user) {
  Sink* sink = static_cast<Sink*>(user);
  const size_t n = size * count;
  if (sink->body->size() + n > sink->max) {
    sink->too_large = true;
    return 0;  // aborts the transfer
  }
  sink->body->append(data, n);
  return n;
}

// The host of an absolute URL, lower-cased, without port or brackets.
std::string Host(absl::string_view url) {
  const size_t scheme = url.find("://");
  if (scheme == absl::string_view::npos) return "";
  absl::string_view rest = url.substr(scheme + 3);
  rest = rest.substr(0, rest.find_first_of("/?#"));
  if (const size_t at = rest.rfind('@'); at != absl::string_view::npos) rest = rest.substr(at + 1);
  if (absl::StartsWith(rest, "[")) return absl::AsciiStrToLower(rest.substr(1, rest.find(']') - 1));
  return absl::AsciiStrToLower(rest.substr(0, rest.find(':')));
}

}  // namespace

bool IsHttpsOrLoopback(absl::string_view url) {
  if (absl::StartsWithIgnoreCase(url, "https://")) return !Host(url).empty();
  if (!absl::StartsWithIgnoreCase(url, "http://")) return false;
  const std::string host = Host(url);
  if (host == "localhost") return true;  // libcurl resolves it to loopback itself
  in_addr v4;
  if (inet_pton(AF_INET, host.c_str(), &v4) == 1) return (ntohl(v4.s_addr) >> 24) == 127;
  in6_addr v6;
  return inet_pton(AF_INET6, host.c_str(), &v6) == 1 && IN6_IS_ADDR_LOOPBACK(&v6);
}

std::string FormEncode(const std::vector<std::pair<std::string, std::string>>& fields) {
  std::string out;
  for (const auto& [name, value] : fields) {
    char* n = curl_easy_escape(nullptr, name.data(), static_cast<int>(name.size()));
    char* v = curl_easy_escape(nullptr, value.data(), static_cast<int>(value.size()));
    absl::StrAppend(&out, out.empty() ? "" : "&", n ? n : "", "=", v ? v : "");
    curl_free(n);
    curl_free(v);
  }
  return out;
}

std::string FormValue(absl::string_view form, absl::string_view name) {
  for (absl::string_view pair : absl::StrSplit(form, '&')) {
    const size_t eq = pair.find('=');
    if (pair.substr(0, eq) != name) continue;
    std::string raw(eq == absl::string_view::npos ? "" : pair.substr(eq + 1));
    for (char& c : raw) {
      if (c == '+') c = ' ';
    }
    int length = 0;
    char* decoded = curl_easy_unescape(nullptr, raw.data(), static_cast<int>(raw.size()), &length);
    if (decoded == nullptr) return "";
    std::string out(decoded, static_cast<size_t>(length));
    curl_free(decoded);
    return out;
  }
  return "";
}

Fetcher::Fetcher(Options options) : options_(std::move(options)) {
  static std::once_flag once;
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

absl::StatusOr<HttpResponse> Fetcher::Fetch(const HttpRequest& request) const {
  if (!IsHttpsOrLoopback(request.url)) {
    return absl::InvalidArgumentError(
        absl::StrCat("'", request.url.substr(0, 200), "' must be an https URL (http only to a loopback address)"));
  }
  std::unique_ptr<CURL, EasyFree> curl(curl_easy_init());
  if (!curl) return absl::ResourceExhaustedError("could not start an HTTP request");
  HttpResponse response;
  Sink sink{&response.body, options_.max_body};
  std::unique_ptr<curl_slist, ListFree> headers;
  curl_slist* list = curl_slist_append(nullptr, "Accept: application/json");
  for (const auto& [name, value] : request.headers) list = curl_slist_append(list, (name + ": " + value).c_str());
  headers.reset(list);
  CURL* c = curl.get();
  curl_easy_setopt(c, CURLOPT_URL, request.url.c_str());
  curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, 0L);  // a provider answers where it is asked
  curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(c, CURLOPT_TIMEOUT_MS, static_cast<long>(options_.timeout.count()));
  curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT_MS, static_cast<long>(options_.timeout.count()));
  curl_easy_setopt(c, CURLOPT_SSL_VERIFYPEER, 1L);
  curl_easy_setopt(c, CURLOPT_SSL_VERIFYHOST, 2L);
  if (!options_.ca_file.empty()) curl_easy_setopt(c, CURLOPT_CAINFO, options_.ca_file.c_str());
  curl_easy_setopt(c, CURLOPT_HTTPHEADER, headers.get());
  curl_easy_setopt(c, CURLOPT_USERAGENT, "skillpathd");
  curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, &Write);
  curl_easy_setopt(c, CURLOPT_WRITEDATA, &sink);
  if (!request.form.empty()) {
    curl_easy_setopt(c, CURLOPT_POSTFIELDS, request.form.c_str());
    curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE, static_cast<long>(request.form.size()));
  }
  const CURLcode rc = curl_easy_perform(c);
  if (sink.too_large) {
    return absl::ResourceExhaustedError(
        absl::StrCat("the answer from ", Host(request.url), " is larger than ", options_.max_body, " bytes"));
  }
  if (rc != CURLE_OK) {
    return absl::UnavailableError(absl::StrCat(Host(request.url), " could not be reached: ", curl_easy_strerror(rc)));
  }
  curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &response.status);
  char* type = nullptr;
  curl_easy_getinfo(c, CURLINFO_CONTENT_TYPE, &type);
  if (type != nullptr) response.content_type = type;
  return response;
}

}  // namespace skillpath::oidc
