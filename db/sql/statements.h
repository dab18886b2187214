#pragma once
// Statements is what the repository stores (db/store/) share, whichever the
// backend (issue #16): one connection's cache of prepared statements
// (prepared once, reused) and the change recorder of the writer's current
// job. Query borrows a cached statement; Exec, Rows and FirstRow run one with
// its parameters bound (BindAll) and read rows with Columns or Fields;
// UpsertSql builds the write-whole-row statement; ReplaceChildRows rewrites
// the child rows of one parent. Store<Repository> is the shape of every
// store. Nothing here begins a transaction: every write runs in the
// caller's. Not thread-safe: one thread uses a connection's stores at a time.
//
// SQL is written once, in the dialect both backends share: parameters as
// ?N or ? (PostgreSQL's adapter numbers them), COALESCE, ON CONFLICT ...
// excluded. Where the two differ, dialect() says which one runs.

#include <initializer_list>
#include <optional>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "core/model/changes.h"
#include "db/sql/guard.h"
#include "db/sql/statement.h"

namespace skillpath::db {

enum class Dialect { kSqlite, kPostgres };

// A BLOB (BYTEA) parameter (BindAll binds a std::string as TEXT otherwise).
struct Blob {
  const std::string& bytes;
};
// A TEXT parameter bound without copying it: for a string that outlives the
// statement's run. Exec, Rows and FirstRow qualify (their Query resets the
// statement before it returns); a bulk insert saves a malloc and a copy per
// string per row.
struct TextRef {
  const std::string& text;
};

inline void BindValue(Statement& q, int index, const Blob& blob) { q.BindBlob(index, blob.bytes); }
inline void BindValue(Statement& q, int index, const TextRef& ref) { q.BindText(index, ref.text, false); }
inline void BindValue(Statement& q, int index, const std::string& text) { q.BindText(index, text, true); }
inline void BindValue(Statement& q, int index, const char* text) { q.BindText(index, std::string(text), true); }
inline void BindValue(Statement& q, int index, int value) { q.BindInt64(index, value); }
inline void BindValue(Statement& q, int index, unsigned value) { q.BindInt64(index, value); }
inline void BindValue(Statement& q, int index, long value) { q.BindInt64(index, value); }            // NOLINT(runtime/int)
inline void BindValue(Statement& q, int index, long long value) { q.BindInt64(index, value); }  // NOLINT(runtime/int)
inline void BindValue(Statement& q, int index, double value) { q.BindDouble(index, value); }
// A bool does not compile: callers say which integer they store.
void BindValue(Statement& q, int index, bool value) = delete;
// An empty optional binds NULL.
template <typename T>
void BindValue(Statement& q, int index, const std::optional<T>& value) {
  if (value) {
    BindValue(q, index, *value);
  } else {
    q.BindNull(index);
  }
}

// Binds `values` to the parameters ?first, ?first+1, ... of `q`, in order.
template <typename... Values>
void BindAll(Statement& q, int first, const Values&... values) {
  [[maybe_unused]] int index = first;
  (BindValue(q, index++, values), ...);
}

// Reads the columns of the current row in order, each into a field of its
// type: `Columns(q) >> a.id >> a.level >> a.expires_at;`. Text (NULL reads
// as ""), int, int64_t, double, bool (non-zero), an enum (from its integer)
// and std::optional<int64_t> (NULL reads as nullopt).
class Columns {
 public:
  explicit Columns(Statement& q, int first = 0) : q_(q), next_(first) {}

  Columns& operator>>(std::string& v) {
    v = q_.Text(next_++);
    return *this;
  }
  Columns& operator>>(int& v) {
    v = static_cast<int>(q_.Int64(next_++));
    return *this;
  }
  Columns& operator>>(int64_t& v) {
    v = q_.Int64(next_++);
    return *this;
  }
  Columns& operator>>(double& v) {
    v = q_.Double(next_++);
    return *this;
  }
  Columns& operator>>(bool& v) {
    v = q_.Int64(next_++) != 0;
    return *this;
  }
  Columns& operator>>(std::optional<int64_t>& v) {
    const int c = next_++;
    v = q_.IsNull(c) ? std::nullopt : std::optional<int64_t>(q_.Int64(c));
    return *this;
  }
  template <typename E, std::enable_if_t<std::is_enum_v<E>, int> = 0>
  Columns& operator>>(E& v) {
    v = static_cast<E>(q_.Int64(next_++));
    return *this;
  }
  // The next column as a T, for a field that is not read as it is stored.
  template <typename T>
  T Read() {
    T v{};
    *this >> v;
    return v;
  }
  // The next column's bytes (a BLOB).
  std::string ReadBlob() { return q_.Blob(next_++); }

 private:
  Statement& q_;
  int next_;
};

// A row reader for a plain struct: Fields(&T::a, &T::b)(q) is a T with a and
// b read from the first two columns, as Columns reads them.
template <typename T, typename... Members>
auto Fields(Members T::*... members) {
  return [members...](Statement& q) {
    T row{};
    Columns columns(q);
    ((columns >> row.*members), ...);
    return row;
  };
}

// A borrowed cached statement that is reset (bindings cleared) when the
// borrower is done, so no statement keeps a read transaction open between
// calls.
class Query {
 public:
  explicit Query(Statement& s) : s_(s) {}
  Query(const Query&) = delete;
  Query& operator=(const Query&) = delete;
  ~Query() { s_.Reset(); }
  Statement* operator->() { return &s_; }
  Statement& operator*() { return s_; }

 private:
  Statement& s_;
};

class Statements {
 public:
  Statements() = default;
  virtual ~Statements() = default;
  Statements(const Statements&) = delete;
  Statements& operator=(const Statements&) = delete;

  // The cached statement for `sql` (a string literal or a string that lives
  // as long as this object: keyed by address), reset and with its bindings
  // cleared. Throws SqlError; callers run inside Guard.
  virtual Query Prepare(const char* sql) = 0;
  virtual Dialect dialect() const = 0;

  // Runs `sql` with `values` bound to ?1, ?2, ... (BindAll); returns the
  // number of rows it changed.
  template <typename... Values>
  int Exec(const char* sql, const Values&... values) {
    Query q = Prepare(sql);
    BindAll(*q, 1, values...);
    return q->Exec();
  }

  // Runs `sql` as Exec does, for a write whose count is not needed: a
  // backend may send it and go on (Statement::Send). A store that writes so
  // calls Finish before it returns, so its caller sees its failure.
  template <typename... Values>
  void Write(const char* sql, const Values&... values) {
    Query q = Prepare(sql);
    BindAll(*q, 1, values...);
    q->Send();
  }
  // Waits for what Write sent; throws SqlError for the first that failed.
  virtual void Finish() {}

  // Every row `sql` selects (with `values` bound as Exec binds them), each
  // read by `read(statement)`: Fields(...), or a function of the row.
  template <typename Read, typename... Values>
  auto Rows(const char* sql, const Read& read, const Values&... values) {
    std::vector<std::decay_t<decltype(read(std::declval<Statement&>()))>> out;
    Query q = Prepare(sql);
    BindAll(*q, 1, values...);
    while (q->Step()) out.push_back(read(*q));
    return out;
  }

  // The first row `sql` selects, read as Rows reads it; nullopt for none.
  template <typename Read, typename... Values>
  auto FirstRow(const char* sql, const Read& read, const Values&... values)
      -> std::optional<std::decay_t<decltype(read(std::declval<Statement&>()))>> {
    Query q = Prepare(sql);
    BindAll(*q, 1, values...);
    if (!q->Step()) return std::nullopt;
    return read(*q);
  }

  // While set, every successful write is also noted in `changes` (the
  // writer sets one per job). nullptr: nothing is recorded.
  void set_recorder(core::ChangeSet* changes) { recorder_ = changes; }
  core::ChangeSet* recorder() const { return recorder_; }

  // Runs `delete_sql`, whose one parameter is the parent key `parent`.
  void DeleteChildRows(const char* delete_sql, const std::string& parent) { Write(delete_sql, parent); }

  // Runs `insert_sql` once per element of `rows`, with ?1 bound to `parent`
  // and `bind(statement, position, row)` binding the rest (position is the
  // row's index in `rows`); sent as Write sends (the caller Finishes).
  template <typename Row, typename Bind>
  void InsertChildRows(const char* insert_sql, const std::string& parent, const std::vector<Row>& rows,
                       const Bind& bind) {
    for (size_t i = 0; i < rows.size(); ++i) {
      Query q = Prepare(insert_sql);
      BindValue(*q, 1, parent);
      bind(*q, static_cast<int>(i), rows[i]);
      q->Send();
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
  core::ChangeSet* recorder_ = nullptr;
};

// The binder for a child table that lists ids in order, (parent, id,
// position): role_inherits, person_roles, person_manages,
// resource_prerequisites.
inline void BindIdAtPosition(Statement& q, int position, const std::string& id) { BindAll(q, 2, id, position); }

// "INSERT INTO <table> (<columns>) VALUES (?, ...) ON CONFLICT(id) DO UPDATE
// SET <column> = excluded.<column>, ...": the statement that writes one row
// whole. The first column is the key `id`, every other one is replaced.
// Statements caches statements by address, so callers keep the text in a
// static.
std::string UpsertSql(absl::string_view table, std::initializer_list<absl::string_view> columns);

// The first column as text: the reader of Rows and FirstRow for a list of ids.
inline std::string TextColumn(Statement& q) { return Columns(q).Read<std::string>(); }

// The shape every store shares: one of core/'s repository interfaces,
// implemented on the connection's Statements (which must outlive it).
template <typename Repository>
class Store : public Repository {
 public:
  explicit Store(Statements& statements) : statements_(statements) {}

 protected:
  // Statements::Rows and FirstRow inside Guard: a method that is one query.
  template <typename Read, typename... Values>
  auto GuardedRows(const char* sql, const Read& read, const Values&... values)
      -> absl::StatusOr<decltype(std::declval<Statements&>().Rows(sql, read, values...))> {
    return Guard([&]() -> absl::StatusOr<decltype(statements_.Rows(sql, read, values...))> {
      return statements_.Rows(sql, read, values...);
    });
  }
  template <typename Read, typename... Values>
  auto GuardedFirstRow(const char* sql, const Read& read, const Values&... values)
      -> absl::StatusOr<decltype(std::declval<Statements&>().FirstRow(sql, read, values...))> {
    return Guard([&]() -> absl::StatusOr<decltype(statements_.FirstRow(sql, read, values...))> {
      return statements_.FirstRow(sql, read, values...);
    });
  }
  // GuardedFirstRow for a row with child rows: `links(row)` loads them once
  // the row's statement is done.
  template <typename Read, typename Links, typename... Values>
  auto GuardedFindWithLinks(const char* sql, const Read& read, const Links& links, const Values&... values)
      -> absl::StatusOr<decltype(std::declval<Statements&>().FirstRow(sql, read, values...))> {
    return Guard([&]() -> absl::StatusOr<decltype(statements_.FirstRow(sql, read, values...))> {
      auto row = statements_.FirstRow(sql, read, values...);
      if (row) *row = links(std::move(*row));
      return row;
    });
  }

  Statements& statements_;
};

}  // namespace skillpath::db
