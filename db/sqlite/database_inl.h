#pragma once
#include <SQLiteCpp/Exception.h>

#include <exception>

#include "db/sql/statement.h"

namespace skillpath::db {

template <typename Fn>
auto SqliteGuard(Fn&& fn) -> decltype(fn()) {
  try {
    return fn();
  } catch (const SQLite::Exception& e) {
    return FromSqliteError(e);
  } catch (const SqlError& e) {
    return e.status();
  } catch (const std::exception& e) {
    return absl::InternalError(e.what());
  }
}

}  // namespace skillpath::db
