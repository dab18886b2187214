#include "cmd/skillpathd/token_admin.h"

#include "absl/strings/str_cat.h"
#include "auth/tokens.h"
#include "core/model/errors.h"
#include "db/open.h"
#include "db/store/stores.h"

namespace skillpath::services {
namespace {

// Runs `fn` on a migrated database (either backend) inside one
// transaction.
template <typename Fn>
auto InTransaction(const std::string& db_path, Fn fn) -> decltype(fn(std::declval<db::Stores&>())) {
  ASSIGN_OR_RETURN(std::unique_ptr<db::Connection> db, db::OpenForWriting(db_path));
  db::Stores store(db->NewStatements());
  return db::Guard([&]() -> decltype(fn(std::declval<db::Stores&>())) {
    db->BeginWrite();
    auto result = fn(store);
    db->Execute(result.ok() ? "COMMIT" : "ROLLBACK");
    return result;
  });
}

}  // namespace

absl::StatusOr<std::string> CreateTokenInDatabase(const std::string& db_path, const std::string& grant_text,
                                                  const std::string& person_id, std::optional<core::Time> expires_at,
                                                  const std::string& description, core::Time now) {
  ASSIGN_OR_RETURN(core::Grant grant, core::ParseGrant(grant_text));
  return InTransaction(db_path, [&](db::Stores& store) -> absl::StatusOr<std::string> {
    if (!person_id.empty()) {
      ASSIGN_OR_RETURN(bool known, store.org().PersonExists(person_id));
      if (!known) return absl::InvalidArgumentError(absl::StrCat("person: unknown person '", person_id, "'"));
    }
    ASSIGN_OR_RETURN(MintedToken minted, MintToken(grant, person_id, expires_at, description, now));
    RETURN_IF_ERROR(store.access().PutToken(minted.record));
    return minted.token;
  });
}

absl::StatusOr<std::vector<core::TokenRecord>> ListTokensInDatabase(const std::string& db_path) {
  return InTransaction(db_path, [](db::Stores& store) { return store.access().ListTokens(); });
}

absl::Status RevokeTokenInDatabase(const std::string& db_path, const std::string& id, core::Time now) {
  return InTransaction(db_path, [&](db::Stores& store) -> absl::Status {
    ASSIGN_OR_RETURN(std::optional<core::TokenRecord> token, store.access().FindToken(id));
    if (!token) return absl::NotFoundError(absl::StrCat("token '", id, "' not found"));
    if (!token->revoked_at) token->revoked_at = now;
    return store.access().PutToken(*token);
  });
}

}  // namespace skillpath::services
