#pragma once
#include <SQLiteCpp/Exception.h>

#include <exception>

namespace skillpath::db {

template <typename Fn>
auto Guard(Fn&& fn) -> decltype(fn()) {
  try {
    return fn();
  } catch (const SQLite::Exception& e) {
    return FromSqliteError(e);
  } catch (const std::exception& e) {
    return absl::InternalError(e.what());
  }
}

}  // namespace skillpath::db
