#include "core/index/read_index.h"

#include <gtest/gtest.h>

#include <atomic>
#include <thread>

namespace skillpath::core {
namespace {

constexpr Time T0 = 1'767'225'600'000'000LL;

Framework OneFramework() {
  Framework f;
  f.id = "fw";
  f.name = "FW";
  f.scale.levels = {{1, "1", ""}, {2, "2", ""}, {3, "3", ""}, {4, "4", ""}};
  f.areas = {{"a", "A", "", {{"c.one", "", "One", "", {}}, {"c.two", "", "Two", "", {}}}}};
  return f;
}

Role R(const std::string& id, std::vector<std::string> inherits, std::vector<Target> targets) {
  return Role{id, id, "", std::move(inherits), std::move(targets)};
}

Assessment A(const std::string& person, const std::string& competence, int level, Source s, Time at) {
  Assessment a;
  a.person_id = person;
  a.competence_id = competence;
  a.level = level;
  a.source = s;
  a.assessed_at = at;
  return a;
}

std::shared_ptr<const IndexSnapshot> Base(int people) {
  IndexBuilder b(std::make_shared<const IndexSnapshot>());
  b.SetFrameworks({OneFramework()});
  b.SetUnits({{"root", "", "Root"}, {"x", "root", "X"}});
  b.SetRoles({R("ansatt", {}, {{"c.one", 2, Priority::kRequired, 1}}),
              R("leder", {"ansatt"}, {{"c.two", 3, Priority::kRequired, 1}})});
  for (int i = 0; i < people; ++i) {
    b.UpsertPerson({"p" + std::to_string(i), "P", "", i % 2 ? "x" : "root", {i % 3 ? "ansatt" : "leder"}, {}, true});
  }
  return b.Build();
}

TEST(ReadIndex, BuildsTablesAndPeopleAcrossChunks) {
  auto s = Base(600);  // more than two chunks
  EXPECT_EQ(s->people.size(), 600u);
  auto i = s->people.Find("p599");
  ASSERT_TRUE(i.has_value());
  EXPECT_EQ(s->people.Get(*i)->id, "p599");
  EXPECT_EQ(s->units->units[s->people.Get(*i)->unit].id, "x");
  EXPECT_FALSE(s->people.Find("nobody").has_value());
  EXPECT_EQ(s->role_sets->sets.size(), 2u) << "people share role combinations";
  const auto& leader_targets = s->role_sets->merged[s->people.Get(*s->people.Find("p0"))->role_set];
  ASSERT_EQ(leader_targets.size(), 2u) << "leder inherits ansatt";
  EXPECT_EQ(s->units->roots.size(), 1u);
  EXPECT_EQ(s->units->children[*s->units->Find("root")].size(), 1u);
}

TEST(ReadIndex, ANewSnapshotLeavesTheOldOneUntouched) {
  auto before = Base(300);
  IndexBuilder b(before);
  b.AddAssessment(A("p1", "c.one", 2, Source::kManager, T0));
  b.UpsertPerson({"new", "New", "", "x", {"ansatt"}, {}, true});
  auto after = b.Build();
  EXPECT_TRUE(before->people.Get(*before->people.Find("p1"))->facts.empty());
  EXPECT_EQ(after->people.Get(*after->people.Find("p1"))->facts.size(), 1u);
  EXPECT_FALSE(before->people.Find("new").has_value());
  EXPECT_TRUE(after->people.Find("new").has_value());
  EXPECT_EQ(before->people.size(), 300u);
  EXPECT_EQ(after->people.size(), 301u);
  // Untouched people are shared, not copied.
  EXPECT_EQ(before->people.Get(*before->people.Find("p100")), after->people.Get(*after->people.Find("p100")));
}

TEST(ReadIndex, AssessmentsKeepTimeOrderAndLaterRecordedWinsTies) {
  IndexBuilder b(Base(2));
  b.AddAssessment(A("p1", "c.one", 3, Source::kManager, T0 + 10));
  b.AddAssessment(A("p1", "c.one", 1, Source::kManager, T0));
  b.AddAssessment(A("p1", "c.one", 2, Source::kManager, T0 + 10));  // same time, recorded later
  b.AddAssessment(A("ghost", "c.one", 2, Source::kManager, T0));    // ignored
  auto s = b.Build();
  const auto& facts = s->people.Get(*s->people.Find("p1"))->facts;
  ASSERT_EQ(facts.size(), 3u);
  Effective e = EffectiveAt(facts.data(), facts.data() + facts.size(), T0 + 20);
  EXPECT_EQ(e.level, 2);
}

TEST(ReadIndex, RoleChangesReachEveryoneWithTheRole) {
  IndexBuilder b(Base(4));
  b.SetRoles({R("ansatt", {}, {{"c.one", 4, Priority::kRequired, 1}}), R("leder", {"ansatt"}, {})});
  auto s = b.Build();
  for (const char* id : {"p0", "p1"}) {
    const auto& merged = s->role_sets->merged[s->people.Get(*s->people.Find(id))->role_set];
    ASSERT_FALSE(merged.empty()) << id;
    EXPECT_EQ(merged[0].required, 4) << id;
  }
}

TEST(ReadIndex, CompetenceIndicesSurviveAFrameworkChange) {
  auto s1 = Base(1);
  const uint32_t two = *s1->competences->Find("c.two");
  Framework f = OneFramework();
  f.areas[0].competences.erase(f.areas[0].competences.begin());  // drop c.one
  f.areas[0].competences.push_back({"c.three", "", "Three", "", {{{1, "1", ""}, {2, "2", ""}}}});
  IndexBuilder b(s1);
  b.SetFrameworks({f});
  auto s2 = b.Build();
  EXPECT_EQ(*s2->competences->Find("c.two"), two);
  EXPECT_FALSE(s2->competences->Find("c.one").has_value());
  EXPECT_EQ(s2->competences->meta[*s2->competences->Find("c.three")].top, 2);
  EXPECT_LT(s2->competences->meta[two].column, s2->competences->meta[*s2->competences->Find("c.three")].column);
}

// Readers compute on whatever snapshot is current while a writer publishes
// new ones; run under ThreadSanitizer this also checks the publication.
TEST(ReadIndex, ReadersSeeWholeSnapshotsWhileTheWriterPublishes) {
  ReadIndex index;
  index.Publish(Base(512));
  std::atomic<bool> stop{false};
  std::atomic<long> reads{0}, torn{0};
  std::vector<std::thread> readers;
  for (int r = 0; r < 3; ++r) {
    readers.emplace_back([&] {
      PersonGapResult result;
      while (!stop) {
        auto s = index.Current();
        // Every batch gives all people the same number of facts: a reader
        // that saw part of a batch would see different counts.
        size_t first = s->people.Get(0)->facts.size();
        for (uint32_t i = 0; i < s->people.size(); ++i) {
          const PersonState* p = s->people.Get(i);
          if (p->facts.size() != first) ++torn;
          ComputePersonGap(s->role_sets->merged[p->role_set], p->facts, s->competences->meta, T0 + 1000, result);
        }
        ++reads;
      }
    });
  }
  for (int batch = 0; batch < 200; ++batch) {
    IndexBuilder b(index.Current());
    for (int i = 0; i < 512; ++i) {
      b.AddAssessment(A("p" + std::to_string(i), batch % 2 ? "c.one" : "c.two", batch % 5, Source::kManager, T0 + batch));
    }
    index.Publish(b.Build());
  }
  stop = true;
  for (auto& t : readers) t.join();
  EXPECT_EQ(torn.load(), 0);
  EXPECT_GT(reads.load(), 0);
  EXPECT_EQ(index.Current()->people.Get(0)->facts.size(), 200u);
}

}  // namespace
}  // namespace skillpath::core
