#pragma once
// The test OpenID provider (tests/oidc/provider.mjs: oidc-provider from npm)
// as a child process on loopback, for the sign-in tests. Needs Node.js and
// tests/oidc/node_modules, which ./dev test installs; SKILLPATH_NODE and
// SKILLPATH_SOURCE_DIR are compiled in by CMake.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <fstream>
#include <string>
#include <vector>

#include "testing/process/child_process.h"

namespace skillpath::testing {

// A loopback port free a moment ago (the provider and the server must know
// each other's address before either starts).
inline int FreePort() {
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
  socklen_t len = sizeof addr;
  getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
  close(fd);
  return ntohs(addr.sin_port);
}

struct OidcAccount {
  std::string sub;
  std::string email;
  std::string name;
  std::vector<std::string> groups;
};

class OidcProviderProcess {
 public:
  struct Options {
    int port = 0;               // 0: any; a restart on the same port rotates the keys
    std::string kid = "key-1";  // names the fresh signing keys
    std::string client_id = "skillpath";
    std::string client_secret = "skillpath-test-secret";
    std::vector<std::string> redirect_uris;
    std::vector<std::string> post_logout_redirect_uris;
    std::vector<OidcAccount> accounts;
    std::string accounts_file;  // where the accounts are written for the provider
    // A PEM public key: client "skillpath-pkjwt" authenticates with
    // private_key_jwt signed by its private half (written next to the
    // accounts file).
    std::string private_key_jwt_public_key;
  };

  explicit OidcProviderProcess(const Options& options) : child_(SKILLPATH_NODE, Args(options)) {}

  // True once the provider serves; issuer() is then its address.
  bool Start() {
    return child_.Start([&](const std::string& log) {
      issuer_ = ChildProcess::Logged(log, "oidc-provider listening on ");
      return !issuer_.empty();
    });
  }
  const std::string& issuer() const { return issuer_; }
  std::string log() const { return child_.log(); }
  int Terminate() { return child_.Terminate(); }

 private:
  static std::vector<std::string> Args(const Options& o) {
    std::vector<std::string> args = {std::string(SKILLPATH_SOURCE_DIR) + "/tests/oidc/provider.mjs",
                                     "--port",
                                     std::to_string(o.port),
                                     "--kid",
                                     o.kid,
                                     "--client-id",
                                     o.client_id,
                                     "--client-secret",
                                     o.client_secret};
    for (const std::string& uri : o.redirect_uris) args.insert(args.end(), {"--redirect-uri", uri});
    for (const std::string& uri : o.post_logout_redirect_uris) {
      args.insert(args.end(), {"--post-logout-redirect-uri", uri});
    }
    if (!o.accounts_file.empty()) {
      std::ofstream out(o.accounts_file);
      out << "[";
      for (size_t i = 0; i < o.accounts.size(); ++i) {
        const OidcAccount& a = o.accounts[i];
        out << (i ? "," : "") << R"({"sub":")" << a.sub << R"(","email":")" << a.email << R"(","name":")" << a.name
            << R"(","groups":[)";
        for (size_t g = 0; g < a.groups.size(); ++g) out << (g ? "," : "") << '"' << a.groups[g] << '"';
        out << "]}";
      }
      out << "]";
      args.insert(args.end(), {"--accounts", o.accounts_file});
    }
    if (!o.private_key_jwt_public_key.empty()) {
      const std::string file = o.accounts_file + ".pkjwt.pem";
      std::ofstream(file) << o.private_key_jwt_public_key;
      args.insert(args.end(), {"--pkjwt-public-key", file});
    }
    return args;
  }

  ChildProcess child_;
  std::string issuer_;
};

}  // namespace skillpath::testing
