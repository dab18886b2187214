#pragma once
// The numbered schema migrations, compiled in from db/migrations/NNNN_*.sql.
// A database's PRAGMA user_version is the number of the last one applied.

#include <string_view>
#include <vector>

namespace skillpath::db {

struct Migration {
  int version;
  std::string_view name;
  std::string_view sql;
};

// In ascending version order, numbered 1..N without gaps.
const std::vector<Migration>& Migrations();

}  // namespace skillpath::db
