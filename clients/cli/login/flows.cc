#include "clients/cli/login/flows.h"

#include "absl/strings/str_cat.h"
#include "auth/oidc/token_endpoint.h"

namespace skillpath::cli {

namespace {
constexpr const char* kDeviceGrant = "urn:ietf:params:oauth:grant-type:device_code";
}  // namespace

absl::StatusOr<Credentials> CredentialsOf(const LoginContext& login, const oidc::TokenAnswer& answer, int64_t now) {
  if (answer.access_token.empty()) return absl::UnauthenticatedError("the provider's answer holds no access_token");
  Credentials c;
  c.issuer = login.provider.issuer;
  c.client_id = login.settings.client_id;
  c.token_endpoint = login.provider.token_endpoint;
  c.revocation_endpoint = login.provider.revocation_endpoint;
  c.scope = login.settings.scope;
  c.resource = login.settings.resource;
  c.access_token = answer.access_token;
  c.refresh_token = answer.refresh_token;
  c.expires_at = answer.expires_in > 0 ? now + answer.expires_in : 0;
  return c;
}

std::vector<std::pair<std::string, std::string>> WithResource(std::vector<std::pair<std::string, std::string>> form,
                                                              const std::string& resource) {
  if (!resource.empty()) form.emplace_back("resource", resource);
  return form;
}

absl::StatusOr<Credentials> DeviceLogin(const LoginContext& login, std::ostream& out) {
  const oidc::ProviderMetadata& p = login.provider;
  if (p.device_authorization_endpoint.empty()) {
    return absl::FailedPreconditionError("the provider offers no device sign-in: use --browser");
  }
  const LoginSettings& s = login.settings;
  absl::StatusOr<oidc::TokenAnswer> device = oidc::PostForm(
      login.fetcher, p.device_authorization_endpoint,
      WithResource({{"client_id", s.client_id}, {"scope", s.scope}}, s.resource));
  if (!device.ok()) return device.status();
  if (!device->error.empty()) {
    return absl::UnauthenticatedError(absl::StrCat("the provider refused the sign-in: ", oidc::RefusalText(*device)));
  }
  if (device->device_code.empty() || device->user_code.empty() || device->verification_uri.empty()) {
    return absl::UnavailableError("the provider's device answer lacks device_code, user_code or verification_uri");
  }
  const int64_t start = login.now();
  const int64_t ends = start + (device->expires_in > 0 ? device->expires_in : 600);
  int64_t interval = device->interval > 0 ? device->interval : 5;  // RFC 8628 §3.2: 5 by default
  out << "To sign in, open\n  "
      << (device->verification_uri_complete.empty() ? device->verification_uri : device->verification_uri_complete)
      << "\nin a browser and confirm the code " << device->user_code << "\nWaiting for the sign-in..." << std::endl;
  while (login.now() < ends) {
    login.sleep(interval);
    absl::StatusOr<oidc::TokenAnswer> answer = oidc::PostForm(
        login.fetcher, p.token_endpoint,
        {{"grant_type", kDeviceGrant}, {"device_code", device->device_code}, {"client_id", s.client_id}});
    if (!answer.ok()) return answer.status();
    if (answer->error == "authorization_pending") continue;
    if (answer->error == "slow_down") {
      interval += 5;  // §3.5
      continue;
    }
    if (answer->error == "access_denied") {
      return absl::PermissionDeniedError("the sign-in was refused at the provider");
    }
    if (answer->error == "expired_token") break;
    if (!answer->error.empty()) {
      return absl::UnauthenticatedError(absl::StrCat("the provider refused the sign-in: ", oidc::RefusalText(*answer)));
    }
    return CredentialsOf(login, *answer, login.now());
  }
  return absl::DeadlineExceededError("the code ran out before the sign-in was confirmed: run `skillpath login` again");
}

absl::StatusOr<Credentials> Refresh(const oidc::Fetcher& fetcher, const Credentials& old, int64_t now) {
  if (old.refresh_token.empty()) {
    return absl::UnauthenticatedError("the sign-in has run out and holds no refresh token: run `skillpath login`");
  }
  absl::StatusOr<oidc::TokenAnswer> answer =
      oidc::PostForm(fetcher, old.token_endpoint,
                     WithResource({{"grant_type", "refresh_token"},
                                   {"refresh_token", old.refresh_token},
                                   {"client_id", old.client_id}},
                                  old.resource));
  if (!answer.ok()) return answer.status();
  if (!answer->error.empty()) {
    return absl::UnauthenticatedError(absl::StrCat("the provider did not renew the sign-in (",
                                                   oidc::RefusalText(*answer), "): run `skillpath login`"));
  }
  if (answer->access_token.empty()) return absl::UnauthenticatedError("the provider's answer holds no access_token");
  Credentials c = old;
  c.access_token = answer->access_token;
  if (!answer->refresh_token.empty()) c.refresh_token = answer->refresh_token;  // rotated
  c.expires_at = answer->expires_in > 0 ? now + answer->expires_in : 0;
  return c;
}

absl::Status Revoke(const oidc::Fetcher& fetcher, const Credentials& c) {
  if (c.revocation_endpoint.empty()) return absl::OkStatus();
  const bool refresh = !c.refresh_token.empty();
  absl::StatusOr<oidc::TokenAnswer> answer = oidc::PostForm(
      fetcher, c.revocation_endpoint,
      {{"token", refresh ? c.refresh_token : c.access_token},
       {"token_type_hint", refresh ? "refresh_token" : "access_token"},
       {"client_id", c.client_id}});
  if (!answer.ok()) return answer.status();
  if (!answer->error.empty()) {
    return absl::UnavailableError(absl::StrCat("the provider did not revoke the token: ", oidc::RefusalText(*answer)));
  }
  return absl::OkStatus();
}

}  // namespace skillpath::cli
