#pragma once
// `skillpathd token create|list|revoke`: token administration directly on a
// database file (also while the server runs: SQLite serialises the writes).
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "core/model/auth.h"

namespace skillpath::services {

// Makes a token and returns it (the only time it is shown).
absl::StatusOr<std::string> CreateTokenInDatabase(const std::string& db_path, const std::string& grant,
                                                  const std::string& person_id, std::optional<core::Time> expires_at,
                                                  const std::string& description, core::Time now);
absl::StatusOr<std::vector<core::TokenRecord>> ListTokensInDatabase(const std::string& db_path);
// NOT_FOUND for an unknown id; revoking twice keeps the first time.
absl::Status RevokeTokenInDatabase(const std::string& db_path, const std::string& id, core::Time now);

}  // namespace skillpath::services
