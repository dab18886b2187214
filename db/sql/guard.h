#pragma once
// Guard runs a store's work and turns what a statement threw (SqlError, or
// any other exception) into a status, so no exception leaves db/.
#include <exception>

#include "absl/status/status.h"
#include "db/sql/statement.h"

namespace skillpath::db {

template <typename Fn>
auto Guard(Fn&& fn) -> decltype(fn()) {
  try {
    return fn();
  } catch (const SqlError& e) {
    return e.status();
  } catch (const std::exception& e) {
    return absl::InternalError(e.what());
  }
}

}  // namespace skillpath::db
