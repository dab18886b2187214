#pragma once
// Where `skillpath login` keeps what the OpenID provider gave it (issue
// #12): one JSON file, credentials.json, in $SKILLPATH_CONFIG_DIR, else
// $XDG_CONFIG_HOME/skillpath, else ~/.config/skillpath, with one entry per
// server address. Readable by its owner only (0600, in a 0700 directory);
// written whole to a temporary file and renamed over the old one, so a
// crash leaves either the old file or the new one.

#include <cstdint>
#include <optional>
#include <string>

#include "absl/status/statusor.h"

namespace skillpath::cli {

struct Credentials {
  std::string issuer;
  std::string client_id;
  std::string token_endpoint;
  std::string revocation_endpoint;  // may be empty
  std::string scope;
  std::string resource;  // RFC 8707, asked for again on refresh
  std::string access_token;
  std::string refresh_token;  // may be empty: then `skillpath login` again when it runs out
  int64_t expires_at = 0;     // the access token's end, seconds since the epoch (0: not said)
};

// The file's path; INVALID_ARGUMENT when no directory can be found (no
// $HOME and none of the variables).
absl::StatusOr<std::string> CredentialsPath();

// The entry for `server`, if any. A file readable by others is refused
// (FAILED_PRECONDITION, saying to chmod it), as is one that is not ours.
absl::StatusOr<std::optional<Credentials>> LoadCredentials(const std::string& path, const std::string& server);
// Stores the entry for `server`, keeping the others.
absl::Status SaveCredentials(const std::string& path, const std::string& server, const Credentials& credentials);
// Removes the entry for `server`; whether there was one.
absl::StatusOr<bool> ForgetCredentials(const std::string& path, const std::string& server);

}  // namespace skillpath::cli
