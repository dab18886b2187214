// BrowserLogin (flows.h): the authorization code flow with PKCE, the
// provider redirecting the person's browser to a listener of ours on
// 127.0.0.1 that takes one answer (RFC 8252 §7.3, §8.3).
#include <openssl/rand.h>
#include <openssl/sha.h>
#include <spawn.h>
#include <fcntl.h>
#include <sys/wait.h>

#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <memory>
#include <optional>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "auth/oidc/jwt.h"
#include "clients/cli/login/flows.h"

extern char** environ;

namespace skillpath::cli {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;

std::string Random(size_t bytes) {
  std::string raw(bytes, '\0');
  RAND_bytes(reinterpret_cast<unsigned char*>(raw.data()), static_cast<int>(raw.size()));
  return oidc::Base64UrlEncode(raw);
}

std::string S256(const std::string& verifier) {
  unsigned char digest[SHA256_DIGEST_LENGTH];
  SHA256(reinterpret_cast<const unsigned char*>(verifier.data()), verifier.size(), digest);
  return oidc::Base64UrlEncode(std::string(reinterpret_cast<const char*>(digest), sizeof digest));
}

// Best effort: the URL is printed anyway.
void OpenInBrowser(const std::string& url) {
  posix_spawn_file_actions_t quiet;
  posix_spawn_file_actions_init(&quiet);
  posix_spawn_file_actions_addopen(&quiet, 1, "/dev/null", O_WRONLY, 0);
  posix_spawn_file_actions_addopen(&quiet, 2, "/dev/null", O_WRONLY, 0);
  std::string program = "xdg-open";
  char* argv[] = {program.data(), const_cast<char*>(url.c_str()), nullptr};
  pid_t pid = 0;
  if (posix_spawnp(&pid, "xdg-open", &quiet, nullptr, argv, environ) == 0) waitpid(pid, nullptr, WNOHANG);
  posix_spawn_file_actions_destroy(&quiet);
}

struct Answer {
  std::string code, error, error_description;
};

// Serves the redirect URI: GET /callback?code=..&state=.. with our state
// ends the wait; anything else is answered and waited past.
class Listener {
 public:
  Listener(asio::io_context& io, std::string state) : io_(io), acceptor_(io), state_(std::move(state)) {}

  absl::StatusOr<int> Open() {
    beast::error_code ec;
    const tcp::endpoint at(asio::ip::address_v4::loopback(), 0);
    acceptor_.open(at.protocol(), ec);
    if (!ec) acceptor_.bind(at, ec);
    if (!ec) acceptor_.listen(asio::socket_base::max_listen_connections, ec);
    if (ec) return absl::UnavailableError(absl::StrCat("cannot listen on 127.0.0.1 for the answer: ", ec.message()));
    Accept();
    return acceptor_.local_endpoint().port();
  }
  const std::optional<Answer>& answer() const { return answer_; }

 private:
  struct Exchange {
    explicit Exchange(tcp::socket s) : stream(std::move(s)) {}
    beast::tcp_stream stream;
    beast::flat_buffer buffer;
    http::request<http::string_body> request;
    http::response<http::string_body> response;
  };

  void Accept() {
    acceptor_.async_accept([this](beast::error_code ec, tcp::socket socket) {
      if (ec) return;
      auto x = std::make_shared<Exchange>(std::move(socket));
      x->stream.expires_after(std::chrono::seconds(10));
      http::async_read(x->stream, x->buffer, x->request, [this, x](beast::error_code read_ec, size_t) {
        if (read_ec) return Accept();
        Respond(x);
      });
    });
  }

  void Respond(const std::shared_ptr<Exchange>& x) {
    const std::string target(x->request.target());
    const size_t q = target.find('?');
    const std::string path = target.substr(0, q), query = q == std::string::npos ? "" : target.substr(q + 1);
    bool done = false;
    if (x->request.method() != http::verb::get || path != "/callback") {
      Reply(*x, http::status::not_found, "Not here.");
    } else if (oidc::FormValue(query, "state") != state_) {
      Reply(*x, http::status::bad_request, "This answer is not for the sign-in under way. Try `skillpath login` again.");
    } else {
      answer_ = Answer{oidc::FormValue(query, "code"), oidc::FormValue(query, "error"),
                            oidc::FormValue(query, "error_description")};
      Reply(*x, http::status::ok,
            answer_->error.empty() ? "Du er logget inn i skillpath. Lukk fanen og gå tilbake til terminalen. / "
                                     "You are signed in to skillpath: close this tab and go back to the terminal."
                                   : "Innloggingen ble avbrutt. / The sign-in did not complete.");
      done = true;
    }
    http::async_write(x->stream, x->response, [this, x, done](beast::error_code, size_t) {
      beast::error_code ignored;
      x->stream.socket().shutdown(tcp::socket::shutdown_both, ignored);
      if (done) {
        io_.stop();
      } else {
        Accept();
      }
    });
  }

  static void Reply(Exchange& x, http::status status, const std::string& text) {
    x.response = http::response<http::string_body>(status, x.request.version());
    x.response.set(http::field::content_type, "text/html; charset=utf-8");
    x.response.set(http::field::cache_control, "no-store");
    x.response.body() = absl::StrCat("<!doctype html><meta charset=\"utf-8\"><title>skillpath</title><p>", text,
                                     "</p>");
    x.response.keep_alive(false);
    x.response.prepare_payload();
  }

  asio::io_context& io_;
  tcp::acceptor acceptor_;
  const std::string state_;
  std::optional<Answer> answer_;
};

}  // namespace

absl::StatusOr<Credentials> BrowserLogin(const LoginContext& login, std::ostream& out, bool open_browser,
                                         std::chrono::seconds timeout) {
  const oidc::ProviderMetadata& p = login.provider;
  const LoginSettings& s = login.settings;
  const std::string state = Random(32), verifier = Random(32);
  asio::io_context io;
  Listener listener(io, state);
  absl::StatusOr<int> port = listener.Open();
  if (!port.ok()) return port.status();
  const std::string redirect_uri = absl::StrCat("http://127.0.0.1:", *port, "/callback");
  std::vector<std::pair<std::string, std::string>> query = {{"response_type", "code"},
                                                            {"client_id", s.client_id},
                                                            {"redirect_uri", redirect_uri},
                                                            {"scope", s.scope},
                                                            {"state", state},
                                                            {"code_challenge", S256(verifier)},
                                                            {"code_challenge_method", "S256"}};
  // OpenID Connect Core §11: a refresh token (offline_access) is asked for
  // with the person's consent.
  if (absl::StrContains(absl::StrCat(" ", s.scope, " "), " offline_access ")) query.emplace_back("prompt", "consent");
  const std::string url =
      absl::StrCat(p.authorization_endpoint, p.authorization_endpoint.find('?') == std::string::npos ? "?" : "&",
                   oidc::FormEncode(WithResource(std::move(query), s.resource)));
  out << "To sign in, open\n  " << url << "\nin a browser on this machine.\nWaiting for the sign-in..." << std::endl;
  if (open_browser) OpenInBrowser(url);
  io.run_for(timeout);
  if (!listener.answer()) {
    return absl::DeadlineExceededError("no answer from the browser in time: run `skillpath login` again");
  }
  const Answer& a = *listener.answer();
  if (a.error == "access_denied") return absl::PermissionDeniedError("the sign-in was refused at the provider");
  if (!a.error.empty() || a.code.empty()) {
    return absl::UnauthenticatedError(
        absl::StrCat("the provider answered ", a.error.empty() ? "without a code" : a.error.substr(0, 60), " ",
                     a.error_description.substr(0, 200)));
  }
  absl::StatusOr<oidc::TokenAnswer> answer = oidc::PostForm(login.fetcher, p.token_endpoint,
                                                            WithResource({{"grant_type", "authorization_code"},
                                                                          {"code", a.code},
                                                                          {"redirect_uri", redirect_uri},
                                                                          {"client_id", s.client_id},
                                                                          {"code_verifier", verifier}},
                                                                         s.resource));
  if (!answer.ok()) return answer.status();
  if (!answer->error.empty()) {
    return absl::UnauthenticatedError(absl::StrCat("the provider refused the code: ", oidc::RefusalText(*answer)));
  }
  return CredentialsOf(login, *answer, login.now());
}

}  // namespace skillpath::cli
