#pragma once
// A person at the test OpenID provider's pages (oidc-provider's own login
// and consent forms, tests/oidc/provider.mjs), played over HTTP with
// libcurl and a cookie jar: follows the provider's redirects from an
// authorization URL, signs in as `login` and consents, and returns where the
// provider finally sends the browser (the client's redirect URI with the
// code and state). For the sign-in tests that do not need a real browser.
#include <curl/curl.h>
#include <openssl/sha.h>

#include <regex>
#include <string>
#include <vector>

#include "absl/strings/escaping.h"
#include "auth/oidc/fetch.h"
#include "auth/oidc/jwt.h"

namespace skillpath::testing {

class OidcBrowser {
 public:
  OidcBrowser() : curl_(curl_easy_init()) {
    curl_easy_setopt(curl_, CURLOPT_COOKIEFILE, "");  // an in-memory cookie jar
    curl_easy_setopt(curl_, CURLOPT_FOLLOWLOCATION, 0L);
    curl_easy_setopt(curl_, CURLOPT_TIMEOUT, 20L);
    curl_easy_setopt(curl_, CURLOPT_WRITEFUNCTION, &Append);
  }
  ~OidcBrowser() { curl_easy_cleanup(curl_); }
  OidcBrowser(const OidcBrowser&) = delete;
  OidcBrowser& operator=(const OidcBrowser&) = delete;

  // The URL the provider redirects to once `login` has signed in and
  // consented, i.e. the first Location that starts with `redirect_uri`;
  // "" (with `error()` saying why) if it never gets there.
  std::string SignIn(const std::string& authorization_url, const std::string& login, const std::string& redirect_uri) {
    return Walk(authorization_url, login, redirect_uri, "");
  }

  // A device sign-in (RFC 8628) confirmed as `login` at the provider's
  // `verification_uri_complete`: its code page, login and consent; true
  // once it says the sign-in succeeded.
  bool ConfirmDevice(const std::string& verification_uri_complete, const std::string& login) {
    return !Walk(verification_uri_complete, login, "", "Sign-in Success").empty();
  }
  const std::string& error() const { return error_; }
  // The page the walk ended on when it did not reach `redirect_uri`.
  long last_status() const { return last_status_; }
  const std::string& last_body() const { return last_body_; }

  // A person's tokens from the test provider by the authorization code flow
  // with PKCE, as the confidential client `client_id` with `secret`
  // (tests/oidc/provider.mjs) whose registered redirect is `redirect_uri`
  // (nobody needs to listen there): the token endpoint's JSON answer
  // (access_token: a JWT for skillpath's API), "" with error() on failure.
  std::string Tokens(const std::string& issuer, const std::string& login, const std::string& redirect_uri,
                     const std::string& scope = "openid email offline_access api", const std::string& client_id = "skillpath",
                     const std::string& secret = "skillpath-test-secret") {
    const std::string verifier = "skillpath-test-verifier-0123456789-abcdefghijklmnop";
    unsigned char digest[32];
    SHA256(reinterpret_cast<const unsigned char*>(verifier.data()), verifier.size(), digest);
    const std::string challenge = oidc::Base64UrlEncode(std::string(reinterpret_cast<char*>(digest), 32));
    const std::string url =
        issuer + "/auth?" +
        oidc::FormEncode({{"response_type", "code"}, {"client_id", client_id}, {"redirect_uri", redirect_uri},
                          {"scope", scope}, {"prompt", "consent"}, {"state", "s"}, {"nonce", "n"},
                          {"code_challenge", challenge}, {"code_challenge_method", "S256"}});
    const std::string back = SignIn(url, login, redirect_uri);
    if (back.empty()) return "";
    const std::string code = oidc::FormValue(back.substr(back.find('?') + 1), "code");
    std::string body, location;
    const long status =
        Post(issuer + "/token",
             oidc::FormEncode({{"grant_type", "authorization_code"}, {"code", code}, {"redirect_uri", redirect_uri},
                               {"code_verifier", verifier}}),
             {"Content-Type: application/x-www-form-urlencoded",
              "Authorization: Basic " + absl::Base64Escape(client_id + ":" + secret)},
             body, location);
    if (status != 200) {
      error_ = "the token endpoint answered " + std::to_string(status) + ": " + body;
      return "";
    }
    return body;
  }

  // The value of cookie `name` in the jar ("" if none).
  std::string Cookie(const std::string& name) const {
    curl_slist* cookies = nullptr;
    curl_easy_getinfo(curl_, CURLINFO_COOKIELIST, &cookies);
    std::string value;
    for (curl_slist* c = cookies; c != nullptr; c = c->next) {
      // Netscape format: domain, flag, path, secure, expiry, name, value (TAB-separated).
      std::string line = c->data;
      size_t tab = 0;
      for (int field = 0; field < 5 && tab != std::string::npos; ++field) tab = line.find('\t', tab) + 1;
      const size_t name_end = line.find('\t', tab);
      if (tab != 0 && name_end != std::string::npos && line.substr(tab, name_end - tab) == name) {
        value = line.substr(name_end + 1);
      }
    }
    curl_slist_free_all(cookies);
    return value;
  }

  // A GET with this browser's cookies: its status, body and Location.
  long Get(const std::string& url, std::string& body, std::string& location) { return Request(url, "", body, location); }

  // A POST with this browser's cookies and `headers`; its status, and the
  // body and Location in `body` and `location`.
  long Post(const std::string& url, const std::string& data, const std::vector<std::string>& headers, std::string& body,
            std::string& location) {
    curl_slist* list = nullptr;
    for (const std::string& h : headers) list = curl_slist_append(list, h.c_str());
    curl_easy_setopt(curl_, CURLOPT_HTTPHEADER, list);
    const long status = Request(url, data.empty() ? std::string(" ") : data, body, location);
    curl_easy_setopt(curl_, CURLOPT_HTTPHEADER, nullptr);
    curl_slist_free_all(list);
    return status;
  }

 private:
  // Follows the provider's pages from `url`: redirects, its login and
  // consent prompts (as `login`), and forms of hidden fields (its device
  // pages); ends at a Location starting with `redirect_uri` (returned) or a
  // page holding `done_text` ("done").
  std::string Walk(const std::string& start, const std::string& login, const std::string& redirect_uri,
                   const std::string& done_text) {
    std::string url = start, form;
    for (int step = 0; step < 20; ++step) {
      std::string body, location;
      long status = Request(url, form, body, location);
      form.clear();
      if (status == 0) return "";
      if (!location.empty()) {
        if (!redirect_uri.empty() && location.rfind(redirect_uri, 0) == 0) return location;
        url = Absolute(location);
        continue;
      }
      if (status == 200 && !done_text.empty() && body.find(done_text) != std::string::npos) return "done";
      std::smatch action, prompt;
      if (status == 200 && std::regex_search(body, action, std::regex(R"re(<form[^>]*action="([^"]+)")re"))) {
        url = Absolute(action[1]);
        if (std::regex_search(body, prompt, std::regex(R"re(name="prompt" value="([a-z]+)")re"))) {
          form = "prompt=" + prompt[1].str();
          if (prompt[1] == "login") form += "&login=" + login + "&password=test";
          continue;
        }
        std::vector<std::pair<std::string, std::string>> hidden;
        const std::regex input(R"re(<input type="hidden" name="([^"]+)" value="([^"]*)"/?>)re");
        for (auto it = std::sregex_iterator(body.begin(), body.end(), input); it != std::sregex_iterator(); ++it) {
          hidden.emplace_back((*it)[1], (*it)[2]);
        }
        if (!hidden.empty()) {
          form = oidc::FormEncode(hidden);
          continue;
        }
      }
      last_status_ = status;
      last_body_ = body;
      error_ = "the provider answered " + std::to_string(status) + " at " + url + ":\n" + body.substr(0, 2000);
      return "";
    }
    error_ = "too many steps at the provider";
    return "";
  }

  static size_t Append(char* data, size_t size, size_t n, void* out) {
    static_cast<std::string*>(out)->append(data, size * n);
    return size * n;
  }
  long Request(const std::string& url, const std::string& form, std::string& body, std::string& location) {
    curl_easy_setopt(curl_, CURLOPT_URL, url.c_str());
    curl_easy_setopt(curl_, CURLOPT_WRITEDATA, &body);
    if (form.empty()) {
      curl_easy_setopt(curl_, CURLOPT_HTTPGET, 1L);
    } else {
      curl_easy_setopt(curl_, CURLOPT_POSTFIELDS, form.c_str());
    }
    const CURLcode rc = curl_easy_perform(curl_);
    if (rc != CURLE_OK) {
      error_ = std::string("request to ") + url + " failed: " + curl_easy_strerror(rc);
      return 0;
    }
    long status = 0;
    char* redirect = nullptr;
    curl_easy_getinfo(curl_, CURLINFO_RESPONSE_CODE, &status);
    curl_easy_getinfo(curl_, CURLINFO_REDIRECT_URL, &redirect);
    if (redirect != nullptr && status >= 300 && status < 400) location = redirect;
    char* effective = nullptr;
    curl_easy_getinfo(curl_, CURLINFO_EFFECTIVE_URL, &effective);
    if (effective != nullptr) current_ = effective;
    return status;
  }
  std::string Absolute(const std::string& url) const {
    if (url.rfind("http", 0) == 0) return url;
    const size_t host_end = current_.find('/', current_.find("://") + 3);
    return current_.substr(0, host_end) + url;
  }

  CURL* curl_;
  std::string current_;
  std::string error_;
  long last_status_ = 0;
  std::string last_body_;
};

}  // namespace skillpath::testing
