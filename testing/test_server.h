#pragma once
// Starts a real Server for service tests: a temporary database, port 0 on
// loopback, an optional fixed clock; and a channel to it over the network.
#include <gmock/gmock.h>
#include <grpcpp/grpcpp.h>
#include <gtest/gtest.h>

#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "auth/tokens.h"
#include "client/bearer.h"
#include "core/access/access.h"
#include "server/server.h"

// A call refused with INVALID_ARGUMENT whose message holds `text` (the
// field and its problem).
#define EXPECT_INVALID(call, text)                                              \
  do {                                                                          \
    grpc::Status s_ = (call);                                                   \
    EXPECT_EQ(s_.error_code(), grpc::INVALID_ARGUMENT) << s_.error_message();   \
    EXPECT_THAT(s_.error_message(), ::testing::HasSubstr(text));                \
  } while (0)

namespace skillpath::services::testing {

// What StartTestServer starts with: `db_path`, port 0 on loopback; for a
// test that sets more options before Server::Start.
inline ServerOptions TestServerOptions(const std::string& db_path) {
  ServerOptions options;
  options.db_path = db_path;
  options.listen = "127.0.0.1:0";
  return options;
}

// A test server with sign-in through the test OpenID provider at `issuer`
// (tests/oidc/provider.mjs, client "skillpath"), its HTTP side at `site`
// ("http://127.0.0.1:PORT").
inline ServerOptions SignInServerOptions(const std::string& db_path, const std::string& issuer,
                                         const std::string& site) {
  ServerOptions options = TestServerOptions(db_path);
  options.http_listen = site.substr(7);
  options.oidc_issuer = issuer;
  options.public_url = site;
  options.oidc.client_id = "skillpath";
  options.oidc.client_secret = "skillpath-test-secret";
  return options;
}

// The sign-in tests' person: unit "it" and Kari Nordmann (E1, kari@kommune.no).
inline absl::Status PutKari(Server& server) {
  return server.writer().RunAndWait([](core::Repositories& repos) -> absl::Status {
    if (absl::Status s = repos.org.PutOrgUnit({"it", "", "IT"}); !s.ok()) return s;
    return repos.org.PutPerson({"E1", "Kari Nordmann", "kari@kommune.no", "it", {}, {}, true});
  });
}

inline std::unique_ptr<Server> StartTestServer(const std::string& db_path,
                                               std::function<core::Time()> now = SystemNow) {
  ServerOptions options = TestServerOptions(db_path);
  options.now = std::move(now);
  auto started = Server::Start(options);
  EXPECT_TRUE(started.ok()) << started.status();
  return started.ok() ? std::move(*started) : nullptr;
}

// A token of `grant` stored straight into the server's database.
inline std::string MintTestToken(Server& server, core::Grant grant, const std::string& person_id = "",
                                 std::optional<core::Time> expires_at = std::nullopt) {
  auto minted = MintToken(grant, person_id, expires_at, "test", SystemNow());
  EXPECT_TRUE(minted.ok()) << minted.status();
  if (!minted.ok()) return "";
  absl::Status s = server.writer().RunAndWait(
      [&](core::Repositories& repos) { return repos.access.PutToken(minted->record); });
  EXPECT_TRUE(s.ok()) << s;
  return minted->token;
}

// A channel for tests of what the services do (not of who may call them):
// each call carries an ADMIN token where the policy allows ADMIN, an HR
// token otherwise (between them they may call every method).
inline std::shared_ptr<grpc::Channel> ChannelTo(Server& server) {
  const std::string admin = MintTestToken(server, core::Grant::kAdmin);
  const std::string hr = MintTestToken(server, core::Grant::kHr);
  return BearerChannel(server.address(), grpc::InsecureChannelCredentials(), AdminWhereAllowed(admin, hr));
}

// A channel whose calls carry exactly `token` ("" for none).
inline std::shared_ptr<grpc::Channel> ChannelAs(const Server& server, const std::string& token) {
  return BearerChannel(server.address(), grpc::InsecureChannelCredentials(), Always(token));
}

}  // namespace skillpath::services::testing
