// The shared pieces of the stores: the statement cache resets what it lends,
// and ReplaceChildRows rewrites the rows of one parent and no other.
#include "db/sqlite/statements.h"

#include <SQLiteCpp/Database.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <utility>

namespace skillpath::db {
namespace {

using ::testing::ElementsAre;
using ::testing::Pair;

class StatementsTest : public ::testing::Test {
 protected:
  StatementsTest() : db_(":memory:", SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE), statements_(db_) {
    db_.exec("CREATE TABLE children (parent TEXT NOT NULL, id TEXT NOT NULL, position INTEGER NOT NULL)");
  }

  // (id, position) of `parent`'s rows, in position order.
  std::vector<std::pair<std::string, int>> Children(const std::string& parent) {
    std::vector<std::pair<std::string, int>> out;
    Query q = statements_.Prepare("SELECT id, position FROM children WHERE parent = ? ORDER BY position");
    q->bind(1, parent);
    while (q->executeStep()) out.emplace_back(q->getColumn(0).getString(), q->getColumn(1).getInt());
    return out;
  }

  void Replace(const std::string& parent, const std::vector<std::string>& ids) {
    statements_.ReplaceChildRows("DELETE FROM children WHERE parent = ?",
                                 "INSERT INTO children (parent, id, position) VALUES (?, ?, ?)", parent, ids,
                                 BindIdAtPosition);
  }

  SQLite::Database db_;
  Statements statements_;
};

TEST_F(StatementsTest, ReplaceChildRowsRewritesOneParentInOrder) {
  Replace("a", {"x", "y", "z"});
  Replace("b", {"q"});
  Replace("a", {"z", "x"});
  EXPECT_THAT(Children("a"), ElementsAre(Pair("z", 0), Pair("x", 1)));
  EXPECT_THAT(Children("b"), ElementsAre(Pair("q", 0))) << "another parent's rows are left alone";
  Replace("a", {});
  EXPECT_TRUE(Children("a").empty());
  EXPECT_THAT(Children("b"), ElementsAre(Pair("q", 0)));
}

TEST_F(StatementsTest, ALentStatementIsCachedAndComesBackResetAndUnbound) {
  Replace("a", {"x", "y"});
  constexpr const char* kSql = "SELECT id FROM children WHERE parent = ? ORDER BY position";
  const SQLite::Statement* first = nullptr;
  {
    Query q = statements_.Prepare(kSql);
    first = &*q;
    q->bind(1, "a");
    ASSERT_TRUE(q->executeStep());
    EXPECT_EQ(q->getColumn(0).getString(), "x");
  }  // given back in the middle of the scan
  {
    Query q = statements_.Prepare(kSql);
    EXPECT_EQ(&*q, first) << "prepared once";
    EXPECT_FALSE(q->executeStep()) << "the binding was cleared: parent = NULL matches nothing";
  }
  Query q = statements_.Prepare(kSql);
  q->bind(1, "a");
  ASSERT_TRUE(q->executeStep());
  EXPECT_EQ(q->getColumn(0).getString(), "x") << "the scan starts over";
}

}  // namespace
}  // namespace skillpath::db
