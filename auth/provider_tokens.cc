#include "auth/provider_tokens.h"

#include "absl/strings/escaping.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "core/access/sign_in_grant.h"

namespace skillpath::services {

ProviderTokens::ProviderTokens(SignInOptions identity, std::string audience, oidc::Provider& provider,
                               db::ReadPool& reads)
    : identity_(std::move(identity)), audience_(std::move(audience)), provider_(provider), reads_(reads) {}

std::string ProviderTokens::TokenId(const std::string& issuer, const std::string& subject) {
  return absl::StrCat("jwt_", absl::BytesToHexString(Sha256(absl::StrCat(issuer, "\n", subject)).substr(0, 8)));
}

absl::StatusOr<Principal> ProviderTokens::Authenticate(absl::string_view jwt, core::Time now) {
  oidc::Expectations expect;
  expect.audience = audience_;
  expect.access_token = true;
  expect.now = now / core::kMicrosPerSecond;
  absl::StatusOr<oidc::VerifiedJwt> verified = provider_.Verify(jwt, expect);
  if (!verified.ok()) {
    if (absl::IsUnavailable(verified.status())) {
      return absl::UnavailableError(
          absl::StrCat("the access token cannot be checked now: ", verified.status().message()));
    }
    return absl::UnauthenticatedError(absl::StrCat("the access token is refused: ", verified.status().message()));
  }
  if (verified->claims.fields().count("nonce")) {
    return absl::UnauthenticatedError("an ID token is not an access token: send the provider's access token");
  }
  ClaimedPerson claimed = FindClaimedPerson(*verified, identity_, reads_, "access token");
  if (!claimed.status.ok()) {
    if (absl::IsPermissionDenied(claimed.status)) {
      return absl::UnauthenticatedError("the access token belongs to a person who is not active");
    }
    if (absl::IsNotFound(claimed.status) || absl::IsFailedPrecondition(claimed.status)) {
      return absl::UnauthenticatedError(absl::StrCat("the access token is refused: ", claimed.status.message()));
    }
    return claimed.status;
  }
  const core::Person& person = *claimed.person;
  const std::string issuer = verified->String("iss").value_or("");
  auto record = std::make_shared<core::TokenRecord>();
  record->id = TokenId(issuer, verified->subject);
  record->kind = core::TokenKind::kProvider;
  record->person_id = person.id;
  record->grant = core::SignInGrant(person, verified->Strings(identity_.grants_claim), identity_.grants);
  record->issuer = issuer;
  record->subject = verified->subject;
  record->created_at = now;
  if (std::optional<std::string> iat = verified->String("iat")) {
    int64_t seconds = 0;
    if (absl::SimpleAtoi(*iat, &seconds)) record->created_at = seconds * core::kMicrosPerSecond;
  }
  record->expires_at = verified->expires_at * core::kMicrosPerSecond;
  const std::optional<std::string> client = verified->String("client_id");
  const std::optional<std::string> azp = verified->String("azp");
  record->description = absl::StrCat("access token from ", issuer,
                                     client || azp ? absl::StrCat(" for ", client ? *client : *azp) : "");
  Principal who = PrincipalOf(*record);
  if (who.grant == core::Grant::kManager) who.manages_unit_ids = person.manages_unit_ids;
  who.provider_token = std::move(record);
  return who;
}

}  // namespace skillpath::services
