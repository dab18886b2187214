#include "mail/smtp.h"

#include <curl/curl.h>

#include <memory>
#include <mutex>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"

namespace skillpath::mail {
namespace {

struct EasyFree {
  void operator()(CURL* c) const { curl_easy_cleanup(c); }
};
struct ListFree {
  void operator()(curl_slist* l) const { curl_slist_free_all(l); }
};

struct Source {
  const std::string* data;
  size_t offset = 0;
};

size_t Read(char* buffer, size_t size, size_t count, void* user) {
  Source* src = static_cast<Source*>(user);
  const size_t n = std::min(size * count, src->data->size() - src->offset);
  std::copy_n(src->data->data() + src->offset, n, buffer);
  src->offset += n;
  return n;
}

}  // namespace

std::string CheckSmtpUrl(const std::string& url) {
  if (!absl::StartsWith(url, "smtp://") && !absl::StartsWith(url, "smtps://")) {
    return "must start with smtp:// (STARTTLS) or smtps:// (TLS)";
  }
  const std::string rest = url.substr(url.find("://") + 3);
  if (rest.empty() || rest[0] == ':' || rest[0] == '/') return "names no host";
  if (rest.find('@') != std::string::npos) return "must not hold a user or password (give them on their own)";
  return "";
}

absl::Status Send(const SmtpConfig& config, const Message& message) {
  static std::once_flag once;
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
  if (const std::string bad = CheckSmtpUrl(config.url); !bad.empty()) {
    return absl::InvalidArgumentError(absl::StrCat("the SMTP server address ", bad));
  }
  if (message.to.empty()) return absl::InvalidArgumentError("the message has no recipient");
  for (const std::string& to : message.to) {
    if (absl::Status s = CheckAddress(to); !s.ok()) return s;
  }
  if (absl::Status s = CheckAddress(message.from_address); !s.ok()) return s;

  std::unique_ptr<CURL, EasyFree> curl(curl_easy_init());
  if (!curl) return absl::InternalError("libcurl could not start");
  CURL* c = curl.get();
  const std::string data = Compose(message);
  Source source{&data};
  std::unique_ptr<curl_slist, ListFree> rcpt;
  for (const std::string& to : message.to) rcpt.reset(curl_slist_append(rcpt.release(), to.c_str()));
  const std::string from = absl::StrCat("<", message.from_address, ">");
  char error[CURL_ERROR_SIZE] = {0};
  curl_easy_setopt(c, CURLOPT_URL, config.url.c_str());
  curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "smtp,smtps");
  curl_easy_setopt(c, CURLOPT_MAIL_FROM, from.c_str());
  curl_easy_setopt(c, CURLOPT_MAIL_RCPT, rcpt.get());
  curl_easy_setopt(c, CURLOPT_READFUNCTION, Read);
  curl_easy_setopt(c, CURLOPT_READDATA, &source);
  curl_easy_setopt(c, CURLOPT_UPLOAD, 1L);
  curl_easy_setopt(c, CURLOPT_INFILESIZE_LARGE, static_cast<curl_off_t>(data.size()));
  curl_easy_setopt(c, CURLOPT_USE_SSL, config.require_tls ? CURLUSESSL_ALL : CURLUSESSL_TRY);
  curl_easy_setopt(c, CURLOPT_SSL_VERIFYPEER, 1L);
  curl_easy_setopt(c, CURLOPT_SSL_VERIFYHOST, 2L);
  if (!config.ca_file.empty()) curl_easy_setopt(c, CURLOPT_CAINFO, config.ca_file.c_str());
  if (!config.username.empty()) {
    curl_easy_setopt(c, CURLOPT_USERNAME, config.username.c_str());
    curl_easy_setopt(c, CURLOPT_PASSWORD, config.password.c_str());
  }
  curl_easy_setopt(c, CURLOPT_TIMEOUT, static_cast<long>(config.timeout.count()));
  curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT, static_cast<long>(std::min<int64_t>(config.timeout.count(), 10)));
  curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(c, CURLOPT_ERRORBUFFER, error);
  const CURLcode rc = curl_easy_perform(c);
  if (rc == CURLE_OK) return absl::OkStatus();
  long code = 0;
  curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &code);
  const std::string what = absl::StrCat("sending e-mail through ", config.url, " failed: ",
                                        error[0] ? error : curl_easy_strerror(rc),
                                        code > 0 ? absl::StrCat(" (the server answered ", code, ")") : "");
  switch (rc) {
    case CURLE_LOGIN_DENIED:
    case CURLE_USE_SSL_FAILED:
    case CURLE_SSL_CONNECT_ERROR:
    case CURLE_PEER_FAILED_VERIFICATION:
    case CURLE_SSL_CACERT_BADFILE:
      return absl::PermissionDeniedError(what);
    default:
      break;
  }
  if (code >= 500 && code < 600) return absl::FailedPreconditionError(what);
  return absl::UnavailableError(what);
}

}  // namespace skillpath::mail
