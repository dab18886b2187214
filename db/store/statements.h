#pragma once
// Statements is what the repository stores of db/store/ share: one SQLite
// connection, its cache of prepared statements (prepared once, reused) and
// the change recorder of the writer's current job. Query borrows a cached
// statement; ReplaceChildRows rewrites the child rows of one parent. Nothing
// here begins a transaction: every write runs in the caller's. Not
// thread-safe: one thread uses a connection's stores at a time.

#include <SQLiteCpp/Column.h>
#include <SQLiteCpp/Statement.h>

#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include "core/model/changes.h"

namespace SQLite {
class Database;
}  // namespace SQLite

namespace skillpath::db {

// A borrowed cached statement that is reset when the borrower is done, so no
// statement keeps a read transaction open between calls.
class Query {
 public:
  explicit Query(SQLite::Statement& s) : s_(s) {}
  Query(const Query&) = delete;
  Query& operator=(const Query&) = delete;
  ~Query();
  SQLite::Statement* operator->() { return &s_; }
  SQLite::Statement& operator*() { return s_; }

 private:
  SQLite::Statement& s_;
};

class Statements {
 public:
  explicit Statements(SQLite::Database& db);
  ~Statements();
  Statements(const Statements&) = delete;
  Statements& operator=(const Statements&) = delete;

  // The cached statement for `sql` (a string literal or a string that lives
  // as long as this object: keyed by address), reset and with its bindings
  // cleared. Throws SQLite::Exception; callers run inside Guard.
  Query Prepare(const char* sql);

  // While set, every successful write is also noted in `changes` (the
  // writer sets one per job). nullptr: nothing is recorded.
  void set_recorder(core::ChangeSet* changes) { recorder_ = changes; }
  core::ChangeSet* recorder() const { return recorder_; }

  // Runs `delete_sql`, whose one parameter is the parent key `parent`.
  void DeleteChildRows(const char* delete_sql, const std::string& parent);

  // Runs `insert_sql` once per element of `rows`, with ?1 bound to `parent`
  // and `bind(statement, position, row)` binding the rest (position is the
  // row's index in `rows`).
  template <typename Row, typename Bind>
  void InsertChildRows(const char* insert_sql, const std::string& parent, const std::vector<Row>& rows,
                       const Bind& bind) {
    for (size_t i = 0; i < rows.size(); ++i) {
      Query q = Prepare(insert_sql);
      q->bind(1, parent);
      bind(*q, static_cast<int>(i), rows[i]);
      q->exec();
    }
  }

  // The child-row rewrite of every Put: deletes the rows of `parent`, then
  // inserts `rows` as InsertChildRows does.
  template <typename Row, typename Bind>
  void ReplaceChildRows(const char* delete_sql, const char* insert_sql, const std::string& parent,
                        const std::vector<Row>& rows, const Bind& bind) {
    DeleteChildRows(delete_sql, parent);
    InsertChildRows(insert_sql, parent, rows, bind);
  }

 private:
  SQLite::Database& db_;
  core::ChangeSet* recorder_ = nullptr;
  std::unordered_map<const char*, std::unique_ptr<SQLite::Statement>> statements_;
};

// The binder for a child table that lists ids in order, (parent, id,
// position): role_inherits, person_roles, person_manages,
// resource_prerequisites.
inline void BindIdAtPosition(SQLite::Statement& q, int position, const std::string& id) {
  q.bind(2, id);
  q.bind(3, position);
}

}  // namespace skillpath::db
