#include "cmd/skillpathd/sign_in_flags.h"

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "cmd/skillpathd/private_file.h"

namespace skillpath::services {

void AddSignInFlags(CLI::App& app, SignInFlags& f) {
  const std::string group = "Sign-in with the organisation's OpenID provider";
  app.add_option("--oidc-issuer", f.issuer, "The provider's issuer URL (https; enables sign-in)")->group(group);
  app.add_option("--oidc-client-id", f.client_id, "skillpath's client id at the provider")->group(group);
  app.add_option("--oidc-client-secret-file", f.client_secret_file, "A file holding the client secret (mode 0600)")
      ->group(group);
  app.add_option("--oidc-client-key-file", f.client_key_file,
                 "Instead of a secret: a PEM private key (RSA or EC P-256, mode 0600) for private_key_jwt")
      ->group(group);
  app.add_option("--oidc-client-key-id", f.client_key_id, "The key's id (kid) as registered at the provider")
      ->group(group);
  app.add_option("--oidc-person-claim", f.person_claim, "The claim that names the person")
      ->capture_default_str()
      ->group(group);
  app.add_option("--oidc-person-field", f.person_field, "What that claim is: email or id")
      ->capture_default_str()
      ->check(CLI::IsMember({"email", "id"}))
      ->group(group);
  app.add_option("--oidc-grants-claim", f.grants_claim, "The claim whose values --oidc-grant maps (groups, roles)")
      ->capture_default_str()
      ->group(group);
  app.add_option("--oidc-grant", f.grant_flags, "GRANT=value: that claim value gives HR, ADMIN or AGGREGATE")
      ->group(group);
  app.add_option("--oidc-audience", f.audience,
                 "The audience of the provider's access tokens accepted as bearer tokens (default: the client id)")
      ->group(group);
  app.add_option("--oidc-cli-client-id", f.cli_client_id,
                 "The command line's client at the provider (public, no secret): enables `skillpath login`")
      ->group(group);
  app.add_option("--oidc-cli-scope", f.cli_scope, "What `skillpath login` asks the provider for")
      ->capture_default_str()
      ->group(group);
  app.add_option("--oidc-cli-resource", f.cli_resource,
                 "The resource (RFC 8707) `skillpath login` asks a token for, where the provider needs one")
      ->group(group);
  app.add_option("--oidc-ca-file", f.ca_file, "CA certificates for the provider's TLS (default: the system's)")
      ->group(group);
  app.add_option("--public-url", f.public_url, "Where people reach skillpath (the redirect is <url>/auth/callback)")
      ->group(group);
  app.add_option("--session-idle-minutes", f.idle_minutes, "A session ends after this long unused")
      ->capture_default_str()
      ->check(CLI::Range(1, 24 * 60))
      ->group(group);
  app.add_option("--session-hours", f.session_hours, "A session ends this long after signing in")
      ->capture_default_str()
      ->check(CLI::Range(1, 24 * 31))
      ->group(group);
  app.add_option("--oidc-button-label", f.button_label, "The sign-in button's text")
      ->capture_default_str()
      ->group(group);
  app.add_flag("--allow-token-sign-in", f.allow_token_sign_in,
               "With sign-in through the provider, offer the API token field too (on with --demo)")
      ->group(group);
  // [oidc.grants] in the TOML file: CLI11 reads a section as a subcommand.
  CLI::App* oidc = app.add_subcommand("oidc", "")->configurable()->group("");
  CLI::App* grants = oidc->add_subcommand("grants", "")->configurable()->group("");
  grants->add_option("--HR", f.hr);
  grants->add_option("--ADMIN", f.admin);
  grants->add_option("--AGGREGATE", f.aggregate);
}

absl::Status ApplySignInFlags(const SignInFlags& f, ServerOptions& options) {
  if (f.issuer.empty()) {
    if (!f.client_id.empty()) return absl::InvalidArgumentError("--oidc-issuer: required with --oidc-client-id");
    options.public_url = f.public_url;  // the links in e-mail notifications
    return absl::OkStatus();
  }
  options.oidc_issuer = f.issuer;
  options.public_url = f.public_url;
  options.oidc_ca_file = f.ca_file;
  options.oidc_audience = f.audience;
  options.oidc_cli_client_id = f.cli_client_id;
  options.oidc_cli_scope = f.cli_scope;
  options.oidc_cli_resource = f.cli_resource;
  options.sign_in_offer.button_label = f.button_label;
  options.sign_in_offer.token_sign_in = f.allow_token_sign_in;
  SignInOptions& o = options.oidc;
  o.client_id = f.client_id;
  if (!f.client_secret_file.empty()) {
    absl::StatusOr<std::string> secret = ReadPrivateFile(f.client_secret_file, "--oidc-client-secret-file");
    if (!secret.ok()) return secret.status();
    o.client_secret = std::string(absl::StripAsciiWhitespace(*secret));
    if (o.client_secret.empty()) {
      return absl::InvalidArgumentError(
          absl::StrCat("--oidc-client-secret-file: '", f.client_secret_file, "' is empty"));
    }
  }
  if (!f.client_key_file.empty()) {
    absl::StatusOr<std::string> pem = ReadPrivateFile(f.client_key_file, "--oidc-client-key-file");
    if (!pem.ok()) return pem.status();
    absl::StatusOr<oidc::ClientKey> key = oidc::ClientKey::FromPem(*pem, f.client_key_id, "--oidc-client-key-file");
    if (!key.ok()) return key.status();
    o.client_key = std::make_shared<const oidc::ClientKey>(*std::move(key));
  }
  o.person_claim = f.person_claim;
  o.person_field = f.person_field == "id" ? SignInOptions::PersonField::kId : SignInOptions::PersonField::kEmail;
  o.grants_claim = f.grants_claim;
  o.idle_timeout = static_cast<core::Time>(f.idle_minutes) * 60 * core::kMicrosPerSecond;
  o.lifetime = static_cast<core::Time>(f.session_hours) * 3600 * core::kMicrosPerSecond;
  for (const std::string& v : f.hr) o.grants[core::Grant::kHr].push_back(v);
  for (const std::string& v : f.admin) o.grants[core::Grant::kAdmin].push_back(v);
  for (const std::string& v : f.aggregate) o.grants[core::Grant::kAggregate].push_back(v);
  for (const std::string& flag : f.grant_flags) {
    const size_t eq = flag.find('=');
    absl::StatusOr<core::Grant> grant =
        eq == std::string::npos ? absl::InvalidArgumentError("") : core::ParseGrant(flag.substr(0, eq));
    if (!grant.ok() || eq + 1 >= flag.size() ||
        (*grant != core::Grant::kHr && *grant != core::Grant::kAdmin && *grant != core::Grant::kAggregate)) {
      return absl::InvalidArgumentError(
          absl::StrCat("--oidc-grant: '", flag, "' must be HR=<value>, ADMIN=<value> or AGGREGATE=<value>"));
    }
    o.grants[*grant].push_back(flag.substr(eq + 1));
  }
  return absl::OkStatus();
}

}  // namespace skillpath::services
