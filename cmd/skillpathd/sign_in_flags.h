#pragma once
// skillpathd's sign-in settings (issue #12), as flags and in the TOML file
// (a key is the flag without its dashes; the grants mapping is its own
// section):
//   oidc-issuer = "https://login.microsoftonline.com/<tenant>/v2.0"
//   oidc-client-id = "..."            oidc-client-secret-file = "/etc/skillpath/oidc-secret"
//   (or oidc-client-key-file = "/etc/skillpath/oidc-key.pem" and oidc-client-key-id = "...")
//   oidc-person-claim = "email"       oidc-person-field = "email"   # or "id"
//   oidc-grants-claim = "groups"      public-url = "https://skillpath.kommune.no"
//   oidc-audience = "api://skillpath" oidc-cli-client-id = "..."  # skillpath login
//   oidc-cli-scope = "openid offline_access api://skillpath/access"
//   [oidc.grants]
//   HR = ["<group id>"]               ADMIN = ["..."]   AGGREGATE = ["..."]
// On the command line the mapping is --oidc-grant HR=<value>, repeated.

#include <CLI/CLI.hpp>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "server/server.h"

namespace skillpath::services {

struct SignInFlags {
  std::string issuer, client_id, client_secret_file, public_url, ca_file, client_key_file, client_key_id;
  std::string person_claim = "email", person_field = "email", grants_claim = "groups";
  std::string audience, cli_client_id, cli_scope = "openid offline_access", cli_resource;
  std::vector<std::string> grant_flags;           // GRANT=value
  std::vector<std::string> hr, admin, aggregate;  // [oidc.grants]
  int idle_minutes = 30;
  int session_hours = 10;
  std::string button_label = "Logg inn med kommunens konto";
  bool allow_token_sign_in = false;
};

void AddSignInFlags(CLI::App& app, SignInFlags& flags);

// Into `options`: reads the client secret's file (which must not be
// readable by others) and the grants mapping. INVALID_ARGUMENT naming the
// flag otherwise. Nothing is set without --oidc-issuer.
absl::Status ApplySignInFlags(const SignInFlags& flags, ServerOptions& options);

}  // namespace skillpath::services
