// RecordAssessmentBatch (core/rules/assessments.h) against in-memory
// repositories: each row gets what RecordAssessment would answer, good rows
// are stored around bad ones, and people come from the read index when it
// knows them.
#include "core/rules/assessments.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "core/index/read_index.h"
#include "core/rules/commands.h"
#include "core/testing/in_memory_repositories.h"

namespace skillpath::core {
namespace {

using ::testing::HasSubstr;

constexpr Time kNow = 1'767'225'600'000'000LL;  // 2026-01-01

class AssessmentBatchTest : public ::testing::Test {
 protected:
  void SetUp() override { ASSERT_TRUE(Seed(repos_)); }

  static bool Seed(Repositories& repos) {
    Framework f;
    f.id = "fw";
    f.name = "Rammeverk";
    f.scale.levels = {{1, "Grunnleggende", ""}, {2, "Selvstendig", ""}, {3, "Ekspert", ""}};
    f.areas = {{"a", "Område", "", {{"c1", "", "Personvern", "", {}}, {"c2", "", "Skytjenester", "", {}}}}};
    return UpsertFramework(repos, f).ok() && UpsertOrgUnit(repos, {"it", "", "IT"}).ok() &&
           UpsertPerson(repos, Person{"p1", "Kari", "kari@example.no", "it", {}, {}, true}).ok() &&
           UpsertPerson(repos, Person{"m1", "Ola", "ola@example.no", "it", {}, {}, true}).ok();
  }

  static Assessment Row(const std::string& id, const std::string& person, int level, Time at = kNow - 1000) {
    Assessment a;
    a.id = id;
    a.person_id = person;
    a.competence_id = "c1";
    a.level = level;
    a.source = Source::kManager;
    a.assessor_id = "m1";
    a.assessed_at = at;
    return a;
  }

  testing::InMemoryRepositories store_;
  Repositories repos_ = store_.repositories();
};

TEST_F(AssessmentBatchTest, AMixedBatchStoresTheGoodRowsAndAnswersEachBadOneAsRecordAssessmentWould) {
  ASSERT_TRUE(RecordAssessment(repos_, Row("stored", "p1", 1), kNow).ok());
  Assessment other_competence = Row("c2-row", "p1", 3);
  other_competence.competence_id = "c2";
  Assessment no_time = Row("stored", "p1", 1, 0);  // a retry without its time matches
  Assessment bad_assessor = Row("x4", "p1", 1);
  bad_assessor.assessor_id = "nobody";
  Assessment future = Row("x6", "p1", 1, kNow + 3600LL * 1000 * 1000);
  std::vector<Assessment> rows = {
      Row("a1", "p1", 2),      // 0 good
      Row("x1", "ghost", 2),   // 1 unknown person
      Row("x2", "p1", 4),      // 2 outside the scale
      Row("stored", "p1", 1),  // 3 a retry: same content
      bad_assessor,            // 4
      Row("stored", "p1", 2),  // 5 same id, other content
      future,                  // 6
      other_competence,        // 7 good
      Row("", "p1", 1),        // 8 no id
      no_time,                 // 9 a retry without assessed_at
      Row("a1", "p1", 2),      // 10 the same row twice in one batch: once
      Row("a1", "p1", 3),      // 11 and then with other content
  };
  // What RecordAssessment answers for each row, one by one, on the same data.
  std::vector<absl::Status> one_by_one;
  {
    testing::InMemoryRepositories fresh;
    Repositories repos = fresh.repositories();
    ASSERT_TRUE(Seed(repos));
    ASSERT_TRUE(RecordAssessment(repos, Row("stored", "p1", 1), kNow).ok());
    for (const Assessment& a : rows) one_by_one.push_back(RecordAssessment(repos, a, kNow).status());
  }

  std::vector<absl::Status> results;
  ASSERT_TRUE(RecordAssessmentBatch(repos_, nullptr, rows, kNow, results).ok());
  ASSERT_EQ(results.size(), rows.size());
  for (size_t i = 0; i < rows.size(); ++i) {
    EXPECT_EQ(results[i], one_by_one[i]) << "row " << i;
  }
  EXPECT_TRUE(results[0].ok());
  EXPECT_THAT(results[1].message(), HasSubstr("person_id: unknown person 'ghost'"));
  EXPECT_THAT(results[2].message(), HasSubstr("level 4 is outside the scale of competence 'c1' (0..3)"));
  EXPECT_TRUE(results[3].ok());
  EXPECT_THAT(results[4].message(), HasSubstr("assessor_id: unknown person 'nobody'"));
  EXPECT_EQ(results[5].code(), absl::StatusCode::kAlreadyExists);
  EXPECT_THAT(results[6].message(), HasSubstr("lies in the future"));
  EXPECT_TRUE(results[7].ok());
  EXPECT_EQ(results[8].code(), absl::StatusCode::kInvalidArgument);
  EXPECT_TRUE(results[9].ok());
  EXPECT_TRUE(results[10].ok());
  EXPECT_EQ(results[11].code(), absl::StatusCode::kAlreadyExists);

  auto list = repos_.assessments.ListAssessments("p1", "");
  ASSERT_TRUE(list.ok());
  std::vector<std::string> ids;
  for (const Assessment& a : *list) ids.push_back(a.id);
  EXPECT_THAT(ids, ::testing::UnorderedElementsAre("stored", "a1", "c2-row")) << "each good row once";
}

TEST_F(AssessmentBatchTest, AnUnsetTimeIsFilledInWithNow) {
  std::vector<Assessment> rows = {Row("t1", "p1", 1, 0)};
  std::vector<absl::Status> results;
  ASSERT_TRUE(RecordAssessmentBatch(repos_, nullptr, rows, kNow, results).ok());
  ASSERT_TRUE(results[0].ok()) << results[0];
  EXPECT_EQ(rows[0].assessed_at, kNow);
  auto stored = repos_.assessments.FindAssessment("t1");
  ASSERT_TRUE(stored.ok() && *stored);
  EXPECT_EQ((*stored)->assessed_at, kNow);
}

TEST_F(AssessmentBatchTest, PeopleTheIndexKnowsAreNotLookedUpAndOthersStillAre) {
  // An index that knows "p-indexed", whom storage does not have: a row
  // about them passing shows the answer came from the index. (The writer
  // guarantees the index matches storage; this only observes which is asked.)
  IndexBuilder builder(std::make_shared<const IndexSnapshot>());
  builder.SetUnits({{"it", "", "IT"}});
  Person indexed{"p-indexed", "Indeksert", "", "it", {}, {}, true};
  builder.UpsertPerson(indexed);
  std::shared_ptr<const IndexSnapshot> index = builder.Build();
  ASSERT_TRUE(index->people.Find("p-indexed"));
  ASSERT_FALSE(index->people.Find("p1"));

  std::vector<Assessment> rows = {Row("i1", "p-indexed", 1), Row("i2", "p1", 1), Row("i3", "ghost", 1)};
  // With no foreign keys in memory, the row about p-indexed is appended.
  std::vector<absl::Status> results;
  ASSERT_TRUE(RecordAssessmentBatch(repos_, index.get(), rows, kNow, results).ok());
  EXPECT_TRUE(results[0].ok()) << "known to the index";
  EXPECT_TRUE(results[1].ok()) << "unknown to the index, found in storage: " << results[1];
  EXPECT_THAT(results[2].message(), HasSubstr("unknown person 'ghost'"));
}

}  // namespace
}  // namespace skillpath::core
