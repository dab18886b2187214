// Several replicas on one PostgreSQL database (issue #16): each with its own
// writer and read index, kept current through the change log. A write
// through one is in the other's index within the poll interval (at once
// after its NOTIFY); a replica reads its own writes at once; token changes
// reach the others' caches; a replica started later loads a snapshot that
// matches the log exactly and follows on from it.
#include "db/replication/replica.h"

#include <gtest/gtest.h>

#include <chrono>
#include <mutex>
#include <thread>

#include "core/index/read_index.h"
#include "core/model/errors.h"
#include "core/rules/commands.h"
#include "db/index_loader.h"
#include "db/open.h"
#include "testing/db/store_fixture.h"
#include "testing/db/test_database.h"

namespace skillpath::db {
namespace {

constexpr core::Time kNow = 1'780'000'000'000'000;

// One skillpathd's storage side: its writer, its index, its replica.
struct Node {
  Node(const std::string& address, const std::string& name,
       std::chrono::milliseconds poll = std::chrono::milliseconds(200)) {
    auto conn = OpenForWriting(address);
    if (!conn.ok()) std::abort();
    Stores loader((*conn)->NewStatements());
    auto loaded = Replica::LoadConsistently(**conn, loader, [&]() -> absl::Status {
      auto snapshot = LoadIndex(loader);
      if (!snapshot.ok()) return snapshot.status();
      index.Publish(std::move(*snapshot));
      return absl::OkStatus();
    });
    if (!loaded.ok()) std::abort();
    writer = std::make_unique<Writer>(std::move(*conn));
    Replica::Options options;
    options.origin = name;
    options.poll = poll;
    options.now = [] { return kNow; };
    replica = std::make_unique<Replica>(*writer, address, *loaded, options,
                                        [this](const core::ChangeSet& changes, Stores& store, bool) {
                                          auto next = ApplyChanges(index.Current(), changes, store);
                                          if (next.ok()) index.Publish(std::move(*next));
                                          std::lock_guard<std::mutex> lock(mu);
                                          tokens.insert(changes.tokens.begin(), changes.tokens.end());
                                        });
  }
  ~Node() {
    replica->Stop();
    writer->Stop();
  }
  bool HasUnit(const std::string& id) const { return index.Current()->units->Find(id).has_value(); }
  bool HasPerson(const std::string& id) const { return index.Current()->people.Find(id).has_value(); }
  size_t Facts(const std::string& person) const {
    auto snapshot = index.Current();
    auto at = snapshot->people.Find(person);
    return at ? snapshot->people.Get(*at)->facts.size() : 0;
  }
  bool SawToken(const std::string& id) {
    std::lock_guard<std::mutex> lock(mu);
    return tokens.count(id) > 0;
  }

  core::ReadIndex index;
  std::unique_ptr<Writer> writer;
  std::unique_ptr<Replica> replica;
  std::mutex mu;
  std::set<std::string> tokens;
};

// Waits up to 5 s for `ok`; how long it took (or nullopt).
template <typename Fn>
std::optional<std::chrono::milliseconds> Within5s(Fn ok) {
  const auto start = std::chrono::steady_clock::now();
  while (std::chrono::steady_clock::now() - start < std::chrono::seconds(5)) {
    if (ok()) return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - start);
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  return std::nullopt;
}

Writer::Job SmallOrganisation() {
  return [](core::Repositories& r) -> absl::Status {
    RETURN_IF_ERROR(core::UpsertFramework(r, testing::DigitalFramework()).status());
    RETURN_IF_ERROR(core::UpsertOrgUnit(r, {"k", "", "Kommune", ""}).status());
    RETURN_IF_ERROR(core::UpsertRole(r, {"ansatt", "Ansatt", "", {}, {{"pv.gdpr", 2, core::Priority::kRequired, 0}}})
                        .status());
    return core::UpsertPerson(r, {"kari", "Kari", "", "k", {"ansatt"}, {}, true}).status();
  };
}

// PostgreSQL only (one SQLite file has one server); in db_test.Postgres's
// process with the other PostgreSQL suites.
class ReplicaTest : public ::testing::TestWithParam<testing::Backend> {};
INSTANTIATE_TEST_SUITE_P(Postgres, ReplicaTest, ::testing::Values(testing::Backend::kPostgres));

TEST_P(ReplicaTest, AWriteThroughOneIsReadThroughTheOther) {
  testing::TestDatabase db(GetParam());
  // Polling once a minute: only the NOTIFY can make them see each other
  // within the test.
  Node a(db.address(), "a", std::chrono::minutes(1)), b(db.address(), "b", std::chrono::minutes(1));
  std::this_thread::sleep_for(std::chrono::milliseconds(300));  // both listening (and caught up once)
  ASSERT_TRUE(a.writer->RunAndWait(SmallOrganisation()).ok());
  EXPECT_TRUE(a.HasPerson("kari")) << "its own write, at once";
  auto seen = Within5s([&] { return b.HasPerson("kari") && b.HasUnit("k"); });
  ASSERT_TRUE(seen) << "b never saw a's write";
  RecordProperty("seen_after_ms", static_cast<int>(seen->count()));
  EXPECT_LT(seen->count(), 1000) << "the NOTIFY wakes b";

  // And back, with assessments (the index's facts) and a token.
  core::Assessment x;
  x.id = "x1";
  x.person_id = "kari";
  x.competence_id = "pv.gdpr";
  x.level = 2;
  x.source = core::Source::kManager;
  x.assessed_at = kNow - 1;
  core::TokenRecord token;
  token.id = "tok_b";
  token.secret_hash = std::string(32, 'h');
  token.grant = core::Grant::kHr;
  token.created_at = kNow;
  ASSERT_TRUE(b.writer
                  ->RunAndWait([&](core::Repositories& r) -> absl::Status {
                    RETURN_IF_ERROR(core::RecordAssessment(r, x, kNow).status());
                    return r.access.PutToken(token);
                  })
                  .ok());
  EXPECT_EQ(b.Facts("kari"), 1u);
  ASSERT_TRUE(Within5s([&] { return a.Facts("kari") == 1 && a.SawToken("tok_b"); }));
  EXPECT_EQ(a.replica->applied(), b.replica->applied()) << "both at the same entry";
  EXPECT_TRUE(a.replica->Current(std::chrono::seconds(2))) << "caught up after the NOTIFY";
}

TEST_P(ReplicaTest, WritesFromBothInterleaveAndEveryIndexEndsTheSame) {
  testing::TestDatabase db(GetParam());
  Node a(db.address(), "a"), b(db.address(), "b");
  ASSERT_TRUE(a.writer->RunAndWait(SmallOrganisation()).ok());
  constexpr int kEach = 40;
  std::thread ta([&] {
    for (int i = 0; i < kEach; ++i) ASSERT_TRUE(a.writer->RunAndWait([i](core::Repositories& r) {
      return core::UpsertPerson(r, {"a" + std::to_string(i), "A", "", "k", {"ansatt"}, {}, true}).status();
    }).ok());
  });
  std::thread tb([&] {
    for (int i = 0; i < kEach; ++i) ASSERT_TRUE(b.writer->RunAndWait([i](core::Repositories& r) {
      return core::UpsertPerson(r, {"b" + std::to_string(i), "B", "", "k", {"ansatt"}, {}, true}).status();
    }).ok());
  });
  ta.join();
  tb.join();
  ASSERT_TRUE(Within5s([&] { return a.index.Current()->people.size() == 2 * kEach + 1 &&
                                     b.index.Current()->people.size() == 2 * kEach + 1; }));
  ASSERT_TRUE(Within5s([&] { return a.replica->applied() == b.replica->applied(); }));

  // A third started now loads what the log says, and follows on.
  Node c(db.address(), "c");
  EXPECT_EQ(c.index.Current()->people.size(), 2u * kEach + 1);
  EXPECT_EQ(c.replica->applied(), a.replica->applied());
  ASSERT_TRUE(a.writer->RunAndWait([](core::Repositories& r) { return core::UpsertOrgUnit(r, {"late", "k", "Late", ""}).status(); }).ok());
  EXPECT_TRUE(Within5s([&] { return c.HasUnit("late") && b.HasUnit("late"); }));
}

}  // namespace
}  // namespace skillpath::db
