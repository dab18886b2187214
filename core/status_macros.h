#pragma once
// The two error-propagation macros of the project, defined once. Errors are
// absl::Status values; no exception crosses a layer.

#include "absl/status/status.h"
#include "absl/status/statusor.h"

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
