// `skillpath login` against the real OpenID provider (oidc-provider,
// tests/oidc/) and a real server (issue #12): the device flow and the
// loopback browser flow, the credentials file (0600), calls that carry the
// provider's access token, its refresh when it runs out, and logout, which
// revokes the refresh token at the provider and forgets it here.

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <ctime>
#include <filesystem>
#include <fstream>
#include <memory>
#include <regex>
#include <sstream>
#include <string>

#include "auth/oidc/jwt.h"
#include "testing/process/child_process.h"
#include "testing/db/db_files.h"
#include "testing/oidc_browser.h"
#include "testing/process/oidc_provider.h"
#include "testing/test_server.h"

namespace skillpath::services {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;
using skillpath::testing::ChildProcess;
using skillpath::testing::FreePort;
using skillpath::testing::OidcBrowser;
using skillpath::testing::OidcProviderProcess;
using skillpath::testing::RunCommand;

std::string ReadFile(const std::string& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

class CliLoginTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(std::filesystem::exists(std::string(SKILLPATH_SOURCE_DIR) + "/tests/oidc/node_modules/oidc-provider"))
        << "oidc-provider is not installed: ./dev test installs it (npm ci in tests/oidc)";
    const int provider_port = FreePort();
    issuer_ = "http://127.0.0.1:" + std::to_string(provider_port);
    const std::string site = "http://127.0.0.1:" + std::to_string(FreePort());
    ServerOptions options = testing::SignInServerOptions(db_.path(), issuer_, site);
    options.oidc_cli_client_id = "skillpath-cli";
    options.oidc_cli_scope = "openid email offline_access api";
    auto started = Server::Start(options);
    ASSERT_TRUE(started.ok()) << started.status();
    server_ = *std::move(started);
    ASSERT_TRUE(testing::PutKari(*server_).ok());
    OidcProviderProcess::Options o;
    o.port = provider_port;
    o.accounts = {{"kari", "kari@kommune.no", "Kari Nordmann", {}}};
    o.accounts_file = db_.path() + ".accounts.json";
    provider_ = std::make_unique<OidcProviderProcess>(o);
    ASSERT_TRUE(provider_->Start()) << provider_->log();
    config_dir_ = db_.path() + ".config";
  }

  std::string Cli(const std::string& args) const {
    return "SKILLPATH_CONFIG_DIR=" + config_dir_ + " " + SKILLPATH_CLI_BIN + " --server " + server_->address() + " " +
           args;
  }
  // `skillpath login ARGS` as a child process, ready once it has printed
  // where to sign in.
  std::unique_ptr<ChildProcess> StartLogin(std::vector<std::string> args, const std::string& ready) {
    std::vector<std::string> all = {"SKILLPATH_CONFIG_DIR=" + config_dir_, SKILLPATH_CLI_BIN, "--server",
                                    server_->address(), "login"};
    all.insert(all.end(), args.begin(), args.end());
    auto login = std::make_unique<ChildProcess>("/usr/bin/env", all);
    EXPECT_TRUE(login->Start([&](const std::string& log) { return log.find(ready) != std::string::npos; }))
        << login->log();
    return login;
  }
  // The address it printed (the line after "To sign in, open").
  static std::string Printed(const std::string& log) {
    std::smatch m;
    return std::regex_search(log, m, std::regex("To sign in, open\\n  (\\S+)\\n")) ? m[1].str() : "";
  }
  std::string CredentialsFile() const { return config_dir_ + "/credentials.json"; }
  // A member of the stored entry for the server.
  std::string Stored(const std::string& member) const {
    absl::StatusOr<google::protobuf::Struct> all = oidc::ParseJsonObject(ReadFile(CredentialsFile()), "credentials");
    if (!all.ok() || !all->fields().count(server_->address())) return "";
    const auto& entry = all->fields().at(server_->address()).struct_value();
    if (member == "expires_at") return std::to_string(static_cast<int64_t>(entry.fields().at(member).number_value()));
    return oidc::StringMember(entry, member);
  }

  db::testing::TempDbPath db_;
  std::string issuer_, config_dir_;
  std::unique_ptr<Server> server_;
  std::unique_ptr<OidcProviderProcess> provider_;
};

TEST_F(CliLoginTest, DeviceFlowThenCallsRefreshAndLogout) {
  auto login = StartLogin({}, "Waiting for the sign-in");
  const std::string url = Printed(login->log());
  ASSERT_THAT(url, HasSubstr("user_code=")) << login->log();
  OidcBrowser person;
  ASSERT_TRUE(person.ConfirmDevice(url, "kari")) << person.error();
  ASSERT_EQ(login->Wait(std::chrono::seconds(60)), 0) << login->log();
  EXPECT_THAT(login->log(), HasSubstr("signed in as Kari Nordmann (E1), EMPLOYEE"));

  // Kept for its owner only, with a refresh token.
  struct stat st {};
  ASSERT_EQ(stat(CredentialsFile().c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600);
  const std::string first = Stored("access_token");
  ASSERT_FALSE(first.empty());
  ASSERT_FALSE(Stored("refresh_token").empty()) << ReadFile(CredentialsFile());

  // Calls carry it.
  std::string out;
  ASSERT_EQ(RunCommand(Cli("whoami"), &out), 0) << out;
  EXPECT_THAT(out, HasSubstr("Kari Nordmann (E1)"));
  EXPECT_THAT(out, HasSubstr("sign-in jwt_"));

  // Run out: the next command refreshes it first.
  std::string text = ReadFile(CredentialsFile());
  text = std::regex_replace(text, std::regex("\"expires_at\": *[0-9.e+]+"), "\"expires_at\": 1000");
  { std::ofstream(CredentialsFile()) << text; }
  ASSERT_EQ(RunCommand(Cli("whoami"), &out), 0) << out;
  EXPECT_THAT(out, HasSubstr("Kari Nordmann (E1)"));
  EXPECT_NE(Stored("access_token"), first);
  EXPECT_GT(std::stoll(Stored("expires_at")), static_cast<int64_t>(std::time(nullptr)));
  const std::string refresh = Stored("refresh_token");

  // Logout forgets it here and revokes it at the provider.
  ASSERT_EQ(RunCommand(Cli("logout"), &out), 0) << out;
  EXPECT_THAT(out, HasSubstr("signed out of"));
  EXPECT_EQ(Stored("access_token"), "");
  EXPECT_EQ(RunCommand(Cli("whoami"), &out), 1) << out;
  EXPECT_THAT(out, HasSubstr("skillpath login"));
  OidcBrowser client;
  std::string body, location;
  EXPECT_EQ(client.Post(issuer_ + "/token",
                        oidc::FormEncode({{"grant_type", "refresh_token"},
                                          {"refresh_token", refresh},
                                          {"client_id", "skillpath-cli"}}),
                        {"Content-Type: application/x-www-form-urlencoded"}, body, location),
            400)
      << body;
  EXPECT_THAT(body, HasSubstr("invalid_grant"));
}

TEST_F(CliLoginTest, BrowserFlowWithALoopbackRedirect) {
  auto login = StartLogin({"--browser", "--no-open"}, "Waiting for the sign-in");
  const std::string url = Printed(login->log());
  ASSERT_THAT(url, HasSubstr("code_challenge_method=S256")) << login->log();
  const std::string redirect_uri = oidc::FormValue(url.substr(url.find('?') + 1), "redirect_uri");
  ASSERT_THAT(redirect_uri, ::testing::MatchesRegex("http://127\\.0\\.0\\.1:[0-9]+/callback"));
  OidcBrowser person;
  const std::string back = person.SignIn(url, "kari", redirect_uri);
  ASSERT_THAT(back, HasSubstr("/callback?")) << person.error();
  std::string page, location;
  EXPECT_EQ(person.Get(back, page, location), 200) << page;
  EXPECT_THAT(page, HasSubstr("signed in"));
  ASSERT_EQ(login->Wait(std::chrono::seconds(60)), 0) << login->log();
  EXPECT_THAT(login->log(), HasSubstr("signed in as Kari Nordmann (E1), EMPLOYEE"));
  std::string out;
  ASSERT_EQ(RunCommand(Cli("whoami"), &out), 0) << out;
  EXPECT_THAT(out, HasSubstr("Kari Nordmann (E1)"));
}

TEST_F(CliLoginTest, ACredentialsFileOthersCanReadIsRefused) {
  std::filesystem::create_directories(config_dir_);
  { std::ofstream(CredentialsFile()) << "{}"; }
  chmod(CredentialsFile().c_str(), 0644);
  std::string out;
  EXPECT_EQ(RunCommand(Cli("whoami"), &out), 1) << out;
  EXPECT_THAT(out, HasSubstr("chmod 600"));
}

}  // namespace
}  // namespace skillpath::services
