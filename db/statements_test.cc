// The shared pieces of the stores, on both backends (issue #16): the
// statement cache resets what it lends, ReplaceChildRows rewrites the rows
// of one parent and no other, and every kind of value the stores bind comes
// back as it went in. And PostgreSQL's numbering of SQLite's parameters.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstdint>
#include <limits>
#include <optional>
#include <utility>

#include "db/postgres/statements.h"
#include "db/sql/statements.h"
#include "testing/db/store_fixture.h"

namespace skillpath::db {
namespace {

using ::testing::ElementsAre;
using ::testing::Pair;

class StatementsTest : public testing::StoreFixture {
 protected:
  void SetUp() override {
    ASSERT_TRUE(Sql("CREATE TABLE children (parent TEXT NOT NULL, id TEXT NOT NULL, position INTEGER NOT NULL)").ok());
    ASSERT_TRUE(Sql("CREATE TABLE vals (k INTEGER PRIMARY KEY, i BIGINT, d DOUBLE PRECISION, t TEXT, b " +
                    std::string(backend() == testing::Backend::kSqlite ? "BLOB" : "BYTEA") + ")")
                    .ok());
  }
  Statements& statements() { return store_.statements(); }

  // (id, position) of `parent`'s rows, in position order.
  std::vector<std::pair<std::string, int>> Children(const std::string& parent) {
    std::vector<std::pair<std::string, int>> out;
    Query q = statements().Prepare("SELECT id, position FROM children WHERE parent = ? ORDER BY position");
    BindAll(*q, 1, parent);
    while (q->Step()) out.emplace_back(q->Text(0), static_cast<int>(q->Int64(1)));
    return out;
  }

  void Replace(const std::string& parent, const std::vector<std::string>& ids) {
    statements().ReplaceChildRows("DELETE FROM children WHERE parent = ?",
                                  "INSERT INTO children (parent, id, position) VALUES (?, ?, ?)", parent, ids,
                                  BindIdAtPosition);
  }
};

SKILLPATH_ON_BOTH_BACKENDS(StatementsTest);

TEST_P(StatementsTest, ReplaceChildRowsRewritesOneParentInOrder) {
  Replace("a", {"x", "y", "z"});
  Replace("b", {"q"});
  Replace("a", {"z", "x"});
  EXPECT_THAT(Children("a"), ElementsAre(Pair("z", 0), Pair("x", 1)));
  EXPECT_THAT(Children("b"), ElementsAre(Pair("q", 0))) << "another parent's rows are left alone";
  Replace("a", {});
  EXPECT_TRUE(Children("a").empty());
  EXPECT_THAT(Children("b"), ElementsAre(Pair("q", 0)));
}

TEST_P(StatementsTest, ALentStatementIsCachedAndComesBackResetAndUnbound) {
  Replace("a", {"x", "y"});
  constexpr const char* kSql = "SELECT id FROM children WHERE parent = ? ORDER BY position";
  const Statement* first = nullptr;
  {
    Query q = statements().Prepare(kSql);
    first = &*q;
    BindAll(*q, 1, "a");
    ASSERT_TRUE(q->Step());
    EXPECT_EQ(q->Text(0), "x");
  }  // given back in the middle of the scan
  {
    Query q = statements().Prepare(kSql);
    EXPECT_EQ(&*q, first) << "prepared once";
    EXPECT_FALSE(q->Step()) << "the binding was cleared: parent = NULL matches nothing";
  }
  Query q = statements().Prepare(kSql);
  BindAll(*q, 1, "a");
  ASSERT_TRUE(q->Step());
  EXPECT_EQ(q->Text(0), "x") << "the scan starts over";
}

TEST_P(StatementsTest, EveryKindOfValueComesBackAsItWentIn) {
  const std::string bytes("a\0b\xff\x00z", 6);  // NULs and a byte that is no UTF-8
  const std::string text = "Å være «ærlig» — ‘quoted’ ? ?1 $1 'x'";
  constexpr int64_t kBig = std::numeric_limits<int64_t>::max(), kSmall = std::numeric_limits<int64_t>::min();
  const double third = 1.0 / 3.0;
  ASSERT_EQ(statements().Exec("INSERT INTO vals (k, i, d, t, b) VALUES (?, ?, ?, ?, ?)", 1, kBig, third, text,
                              Blob{bytes}),
            1);
  ASSERT_EQ(statements().Exec("INSERT INTO vals (k, i, d, t, b) VALUES (?, ?, ?, ?, ?)", 2, kSmall, -0.1,
                              std::optional<std::string>(), Blob{std::string()}),
            1);
  ASSERT_EQ(statements().Exec("INSERT INTO vals (k, i) VALUES (?, ?)", 3, std::optional<int64_t>()), 1)
      << "a NULL where the server must find the type itself";
  struct Row {
    int64_t k, i;
    double d;
    std::string t, b;
    bool t_null;
  };
  auto rows = statements().Rows("SELECT k, i, d, t, b FROM vals ORDER BY k", [](Statement& q) {
    return Row{q.Int64(0), q.Int64(1), q.Double(2), q.Text(3), q.Blob(4), q.IsNull(3)};
  });
  ASSERT_EQ(rows.size(), 3u);
  EXPECT_EQ(rows[0].i, kBig);
  EXPECT_EQ(rows[0].d, third) << "a double to the last bit";
  EXPECT_EQ(rows[0].t, text);
  EXPECT_EQ(rows[0].b, bytes);
  EXPECT_FALSE(rows[0].t_null);
  EXPECT_EQ(rows[1].i, kSmall);
  EXPECT_EQ(rows[1].d, -0.1);
  EXPECT_TRUE(rows[1].t_null);
  EXPECT_EQ(rows[1].t, "") << "NULL text reads as empty";
  EXPECT_EQ(rows[1].b, "");
  EXPECT_EQ(rows[2].i, 0) << "NULL integer reads as 0";
  // A comparison reads as SQLite's 1 or 0 on both.
  auto yes = statements().FirstRow("SELECT EXISTS (SELECT 1 FROM vals WHERE k = ?), 2 > 3",
                                   [](Statement& q) { return std::pair(q.Int64(0), q.Int64(1)); }, 1);
  ASSERT_TRUE(yes.has_value());
  EXPECT_EQ(*yes, (std::pair<int64_t, int64_t>(1, 0)));
  // The same text bound as two types is two statements on PostgreSQL, one
  // cached statement to the store either way.
  EXPECT_EQ(statements().Rows("SELECT k FROM vals WHERE i = ? OR t = ? ORDER BY k", TextColumn, kBig,
                              std::optional<std::string>()),
            std::vector<std::string>{"1"});
  EXPECT_EQ(statements().Rows("SELECT k FROM vals WHERE i = ? OR t = ? ORDER BY k", TextColumn, 0, text),
            std::vector<std::string>{"1"});
}

TEST_P(StatementsTest, AFailureIsAStatusAndTheStatementCanRunAgain) {
  ASSERT_EQ(statements().Exec("INSERT INTO vals (k) VALUES (?)", 7), 1);
  absl::Status again = Guard([&]() -> absl::Status {
    statements().Exec("INSERT INTO vals (k) VALUES (?)", 7);
    return absl::OkStatus();
  });
  EXPECT_EQ(again.code(), absl::StatusCode::kFailedPrecondition) << again << " a constraint, as on SQLite";
  EXPECT_EQ(statements().Exec("INSERT INTO vals (k) VALUES (?)", 8), 1) << "the same statement, reset";
  EXPECT_EQ(Scalar("SELECT count(*) FROM vals"), 2);
}

TEST(NumberedParameters, SqlitesQuestionMarksBecomeDollarNumbersOutsideQuotes) {
  int count = 0;
  std::vector<bool> used;
  EXPECT_EQ(NumberedParameters("a = ? AND b = '?' AND \"c?\" = ?5 AND d = ? AND e = ?2", &count, &used),
            "a = $1 AND b = '?' AND \"c?\" = $5 AND d = $6 AND e = $2");
  EXPECT_EQ(count, 6);
  EXPECT_EQ(used, (std::vector<bool>{true, true, false, false, true, true}));
  EXPECT_EQ(NumberedParameters("x = 'it''s ?' OR y = ?", &count), "x = 'it''s ?' OR y = $1");
  EXPECT_EQ(count, 1);
  EXPECT_EQ(NumberedParameters("SELECT 1", &count), "SELECT 1");
  EXPECT_EQ(count, 0);
}

}  // namespace
}  // namespace skillpath::db
