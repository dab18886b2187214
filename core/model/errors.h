#pragma once
// How errors are made and passed on, defined once. Errors are absl::Status
// values; no exception crosses a layer.

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"

namespace skillpath::core {

// INVALID_ARGUMENT "<field>: <problem>", the field written as a path into
// the request (e.g. "areas[1].competences[0].id"): every bad input says so.
inline absl::Status InvalidField(absl::string_view field, absl::string_view problem) {
  return absl::InvalidArgumentError(absl::StrCat(field, ": ", problem));
}

}  // namespace skillpath::core

#define SKILLPATH_CONCAT_INNER(a, b) a##b
#define SKILLPATH_CONCAT(a, b) SKILLPATH_CONCAT_INNER(a, b)

// Returns from the enclosing function when `expr` is not OK.
#define RETURN_IF_ERROR(expr)                          \
  do {                                                 \
    ::absl::Status skillpath_status_ = (expr);         \
    if (!skillpath_status_.ok()) return skillpath_status_; \
  } while (0)

// `lhs` = value of the StatusOr `rexpr`, or returns its status.
#define ASSIGN_OR_RETURN(lhs, rexpr) \
  ASSIGN_OR_RETURN_IMPL(SKILLPATH_CONCAT(statusor_, __LINE__), lhs, rexpr)
#define ASSIGN_OR_RETURN_IMPL(tmp, lhs, rexpr) \
  auto tmp = (rexpr);                          \
  if (!tmp.ok()) return tmp.status();          \
  lhs = std::move(tmp).value()
