// skillpath login|logout: the command line signed in with the organisation's
// OpenID provider (issue #12), so that people need no API token. The server
// says which provider and client (GetSignInSettings); the flows are in
// clients/cli/login/.
#include <chrono>
#include <ctime>
#include <iostream>
#include <thread>

#include "auth/oidc/provider.h"
#include "clients/cli/client.h"
#include "clients/cli/commands.h"
#include "clients/cli/format.h"
#include "clients/cli/login/credentials.h"
#include "clients/cli/login/flows.h"

namespace skillpath::cli {
namespace {

template <typename T>
T OrFail(absl::StatusOr<T> value) {
  if (!value.ok()) throw Failure{std::string(value.status().message())};
  return *std::move(value);
}

void Login(Client& c, bool browser, bool no_open, int timeout_s) {
  c.UseToken("");  // a stale sign-in must not stand in the way of a new one
  const auto settings = c.Call(c.auth(), &v1::AuthService::Stub::GetSignInSettings, {}, "GetSignInSettings");
  if (settings.issuer().empty()) {
    throw Failure{"this server signs nobody in (it has no --oidc-issuer): use an API token (--token)"};
  }
  if (settings.client_id().empty()) {
    throw Failure{"this server offers no command-line sign-in (it has no --oidc-cli-client-id): use an API token "
                  "(--token)"};
  }
  const oidc::Fetcher fetcher;
  oidc::Provider::Options p;
  p.issuer = settings.issuer();
  p.now = [] { return static_cast<int64_t>(std::time(nullptr)); };
  oidc::Provider provider(p, fetcher);
  LoginContext login{fetcher,
                     OrFail(provider.Metadata()),
                     {settings.client_id(), settings.scope(), settings.resource()},
                     [] { return static_cast<int64_t>(std::time(nullptr)); },
                     [](int64_t s) { std::this_thread::sleep_for(std::chrono::seconds(s)); }};
  const bool device = !browser && !login.provider.device_authorization_endpoint.empty();
  Credentials credentials = OrFail(device ? DeviceLogin(login, std::cerr)
                                          : BrowserLogin(login, std::cerr, !no_open, std::chrono::seconds(timeout_s)));
  // Who the server says this is, before anything is kept.
  c.UseToken(credentials.access_token);
  const auto who = c.Call(c.auth(), &v1::AuthService::Stub::WhoAmI, {}, "WhoAmI");
  const std::string path = OrFail(CredentialsPath());
  if (absl::Status s = SaveCredentials(path, c.options().server, credentials); !s.ok()) {
    throw Failure{std::string(s.message())};
  }
  if (PrintedJson(c, who)) return;
  std::cout << "signed in as " << (who.has_person() ? who.person().name() + " (" + who.person().id() + ")" : "?")
            << ", " << GrantLabel(who.token().grant()) << "; kept in " << path << "\n";
}

void Logout(Client& c) {
  const std::string path = OrFail(CredentialsPath());
  const std::optional<Credentials> stored = OrFail(LoadCredentials(path, c.options().server));
  if (!stored) {
    std::cout << "not signed in to " << c.options().server << "\n";
    return;
  }
  // Forgotten here even when the provider cannot be told.
  const absl::Status revoked = Revoke(oidc::Fetcher(), *stored);
  OrFail(ForgetCredentials(path, c.options().server));
  if (!revoked.ok()) std::cerr << "skillpath: " << revoked.message() << " (forgotten here all the same)\n";
  std::cout << "signed out of " << c.options().server << "\n";
}

}  // namespace

void AddLoginCommands(Commands& c) {
  struct Args {
    bool browser = false, no_open = false;
    int timeout_s = 300;
  };
  auto& a = c.Keep<Args>();
  CLI::App& app = c.app();
  auto* login = app.add_subcommand(
      "login", "Sign in with the organisation's account (the device code, or --browser on this machine)");
  login->add_flag("--browser", a.browser, "Sign in with a browser on this machine instead of a device code");
  login->add_flag("--no-open", a.no_open, "With --browser: only print the address, do not open a browser");
  login->add_option("--wait", a.timeout_s, "With --browser: seconds to wait for the sign-in")
      ->capture_default_str()
      ->check(CLI::Range(10, 3600));
  c.On(login, [&a](Client& cl) { Login(cl, a.browser, a.no_open, a.timeout_s); });
  c.On(app.add_subcommand("logout", "Forget the sign-in (and revoke it at the provider)"),
       [](Client& cl) { Logout(cl); });
}

}  // namespace skillpath::cli
