#pragma once
// SQL straight on a test's database of either backend (issue #16), behind
// the server's and the stores' back: for what a test checks in the tables
// themselves (nothing about a person left after erasure, a trigger that
// refuses an edit). Text in, rows of text out.
#include <SQLiteCpp/Database.h>
#include <gtest/gtest.h>

#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "db/open.h"
#include "db/postgres/connection.h"
#include "db/sqlite/database.h"

namespace skillpath::db::testing {

class RawSql {
 public:
  // A cell: its text (NULL: nullopt) and whether the column holds text.
  struct Cell {
    std::optional<std::string> value;
    bool text = false;
  };
  using Row = std::vector<Cell>;

  explicit RawSql(const std::string& address) {
    if (IsPostgresAddress(address)) {
      auto conn = pg::Connection::Open(address);
      EXPECT_TRUE(conn.ok()) << conn.status();
      if (conn.ok()) pg_ = std::move(*conn);
    } else {
      auto db = OpenDatabase(address, OpenMode::kReadWrite);  // the server's pragmas (foreign keys)
      EXPECT_TRUE(db.ok()) << db.status();
      if (db.ok()) sqlite_ = std::move(*db);
    }
  }

  // `sql` (no parameters, several statements allowed): its status, so a
  // refusal by a trigger or a constraint is an error.
  absl::Status Exec(const std::string& sql) {
    if (pg_) return pg_->ExecScript(sql);
    try {
      sqlite_->exec(sql);
      return absl::OkStatus();
    } catch (const SQLite::Exception& e) {
      return absl::FailedPreconditionError(e.what());
    }
  }

  // Every row of `sql`.
  std::vector<Row> Rows(const std::string& sql) {
    std::vector<Row> out;
    if (pg_) {
      auto r = pg_->Exec(sql);
      EXPECT_TRUE(r.ok()) << r.status() << " in " << sql;
      for (int i = 0; r.ok() && i < r->rows(); ++i) {
        Row row;
        for (int c = 0; c < r->columns(); ++c) {
          row.push_back({r->IsNull(i, c) ? std::nullopt : std::optional<std::string>(r->Text(i, c)),
                         r->IsTextColumn(c)});
        }
        out.push_back(std::move(row));
      }
      return out;
    }
    try {
      SQLite::Statement q(*sqlite_, sql);
      while (q.executeStep()) {
        Row row;
        for (int c = 0; c < q.getColumnCount(); ++c) {
          const SQLite::Column col = q.getColumn(c);
          row.push_back({col.isNull() ? std::nullopt : std::optional<std::string>(col.getString()), col.isText()});
        }
        out.push_back(std::move(row));
      }
    } catch (const SQLite::Exception& e) {
      ADD_FAILURE() << e.what() << " in " << sql;
    }
    return out;
  }

  // The first column of the first row ("" for none or NULL), as text or as
  // an integer.
  std::string Text(const std::string& sql) {
    const std::vector<Row> rows = Rows(sql);
    return rows.empty() || rows[0].empty() ? "" : rows[0][0].value.value_or("");
  }
  int64_t Int(const std::string& sql) { return std::atoll(Text(sql).c_str()); }

  // The schema's tables, by name.
  std::vector<std::string> Tables() {
    std::vector<std::string> out;
    const char* sql = pg_ ? "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' "
                            "AND table_type = 'BASE TABLE' ORDER BY table_name"
                          : "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
                            "ORDER BY name";
    for (const Row& row : Rows(sql)) out.push_back(row[0].value.value_or(""));
    return out;
  }

  // Every (table, column) of the schema, in the tables' column order.
  std::vector<std::pair<std::string, std::string>> TableColumns() {
    const char* sql = pg_ ? "SELECT table_name, column_name FROM information_schema.columns "
                            "WHERE table_schema = 'public' ORDER BY table_name, ordinal_position"
                          : "SELECT m.name, c.name FROM sqlite_master m, pragma_table_info(m.name) c "
                            "WHERE m.type = 'table' ORDER BY m.name, c.cid";
    std::vector<std::pair<std::string, std::string>> out;
    for (const Row& row : Rows(sql)) out.emplace_back(row[0].value.value_or(""), row[1].value.value_or(""));
    return out;
  }

 private:
  std::unique_ptr<SQLite::Database> sqlite_;
  std::unique_ptr<pg::Connection> pg_;
};

}  // namespace skillpath::db::testing
