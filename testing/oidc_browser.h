#pragma once
// A person at the test OpenID provider's pages (oidc-provider's own login
// and consent forms, tests/oidc/provider.mjs), played over HTTP with
// libcurl and a cookie jar: follows the provider's redirects from an
// authorization URL, signs in as `login` and consents, and returns where the
// provider finally sends the browser (the client's redirect URI with the
// code and state). For the sign-in tests that do not need a real browser.
#include <curl/curl.h>

#include <regex>
#include <string>
#include <vector>

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
    std::string url = authorization_url, form;
    for (int step = 0; step < 20; ++step) {
      std::string body, location;
      long status = Request(url, form, body, location);
      form.clear();
      if (status == 0) return "";
      if (!location.empty()) {
        if (location.rfind(redirect_uri, 0) == 0) return location;
        url = Absolute(location);
        continue;
      }
      std::smatch action, prompt;
      if (status == 200 && std::regex_search(body, action, std::regex(R"re(<form[^>]*action="([^"]+)")re")) &&
          std::regex_search(body, prompt, std::regex(R"re(name="prompt" value="([a-z]+)")re"))) {
        url = Absolute(action[1]);
        form = "prompt=" + prompt[1].str();
        if (prompt[1] == "login") form += "&login=" + login + "&password=test";
        continue;
      }
      last_status_ = status;
      last_body_ = body;
      error_ = "the provider answered " + std::to_string(status) + " at " + url + ":\n" + body.substr(0, 2000);
      return "";
    }
    error_ = "too many steps at the provider";
    return "";
  }
  const std::string& error() const { return error_; }
  // The page the walk ended on when it did not reach `redirect_uri`.
  long last_status() const { return last_status_; }
  const std::string& last_body() const { return last_body_; }

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
