#pragma once
// One prepared SQL statement of either backend (issue #16), as the stores
// see it: parameters bound by position (1-based), rows stepped through,
// columns read by position (0-based). db/sqlite and db/postgres implement
// it; db/store is written against it alone. A failure throws SqlError with
// the status a caller can act on; Guard (db/sql/guard.h) turns it back into
// that status at the store's edge.

#include <cstdint>
#include <stdexcept>
#include <string>
#include <utility>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"

namespace skillpath::db {

// What a statement throws: the status (FAILED_PRECONDITION for a
// constraint, UNAVAILABLE for a busy or lost database, ...).
class SqlError : public std::runtime_error {
 public:
  explicit SqlError(absl::Status status) : std::runtime_error(std::string(status.message())), status_(std::move(status)) {}
  const absl::Status& status() const { return status_; }

 private:
  absl::Status status_;
};

class Statement {
 public:
  virtual ~Statement() = default;

  virtual void BindNull(int index) = 0;
  virtual void BindInt64(int index, int64_t value) = 0;
  virtual void BindDouble(int index, double value) = 0;
  // `copy` false: the text outlives the statement's run (a bulk insert's
  // rows), so a backend may keep a pointer instead of a copy.
  virtual void BindText(int index, const std::string& text, bool copy) = 0;
  virtual void BindBlob(int index, absl::string_view bytes) = 0;

  // Runs the statement if it has not run since its last reset and moves to
  // the next row: false when there is none.
  virtual bool Step() = 0;
  // Runs a statement that returns no rows: the rows it changed.
  virtual int Exec() = 0;
  // Runs a write whose count is not needed. A backend may send it without
  // waiting for it (PostgreSQL's pipeline), so its failure may be thrown by
  // the next statement on the connection or by Statements::Finish.
  virtual void Send() { Exec(); }
  // Back to before the first Step, bindings cleared; never throws.
  virtual void Reset() noexcept = 0;

  // The current row's columns.
  virtual bool IsNull(int column) = 0;
  virtual int64_t Int64(int column) = 0;
  virtual double Double(int column) = 0;
  virtual std::string Text(int column) = 0;  // NULL reads as ""
  virtual std::string Blob(int column) = 0;
};

}  // namespace skillpath::db
