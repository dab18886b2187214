#include "db/store/assessment_store.h"

#include "absl/strings/str_cat.h"

namespace skillpath::db {

using core::Assessment;

namespace {
constexpr const char* kAssessmentColumns =
    "id, person_id, competence_id, level, source, assessor_id, assessed_at, expires_at, note, evidence_uri";

Assessment AssessmentRow(Statement& q) {
  Assessment a;
  Columns(q) >> a.id >> a.person_id >> a.competence_id >> a.level >> a.source >> a.assessor_id >> a.assessed_at >>
      a.expires_at >> a.note >> a.evidence_uri;
  return a;
}
}  // namespace

absl::StatusOr<std::optional<Assessment>> AssessmentStore::FindAssessment(const std::string& id) {
  return Guard([&]() -> absl::StatusOr<std::optional<Assessment>> {
    static const std::string sql = absl::StrCat("SELECT ", kAssessmentColumns, " FROM assessments WHERE id = ?");
    return statements_.FirstRow(sql.c_str(), AssessmentRow, id);
  });
}

absl::Status AssessmentStore::AppendAssessment(const Assessment& a) {
  return Guard([&]() -> absl::Status {
    statements_.Exec(
        "INSERT INTO assessments (id, person_id, competence_id, level, source, assessor_id, assessed_at, "
        "expires_at, note, evidence_uri) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        a.id, a.person_id, a.competence_id, a.level, static_cast<int>(a.source), a.assessor_id,
        static_cast<int64_t>(a.assessed_at), a.expires_at, a.note, a.evidence_uri);
    if (core::ChangeSet* changes = statements_.recorder()) changes->assessments.push_back(a);
    return absl::OkStatus();
  });
}

absl::StatusOr<bool> AssessmentStore::AppendAssessmentIfNew(const Assessment& a) {
  return Guard([&]() -> absl::StatusOr<bool> {
    // The conflict target is the id's unique index, the one the insert
    // probes anyway: no SELECT before it.
    const int inserted = statements_.Exec(
        "INSERT INTO assessments (id, person_id, competence_id, level, source, assessor_id, assessed_at, "
        "expires_at, note, evidence_uri) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT(id) DO NOTHING",
        TextRef{a.id}, TextRef{a.person_id}, TextRef{a.competence_id}, a.level, static_cast<int>(a.source),
        TextRef{a.assessor_id}, static_cast<int64_t>(a.assessed_at), a.expires_at, TextRef{a.note},
        TextRef{a.evidence_uri});
    if (inserted == 0) return false;
    if (core::ChangeSet* changes = statements_.recorder()) changes->assessments.push_back(a);
    return true;
  });
}

absl::StatusOr<std::vector<Assessment>> AssessmentStore::ListAssessments(const std::string& person_id,
                                                                         const std::string& competence_id) {
  return Guard([&]() -> absl::StatusOr<std::vector<Assessment>> {
    static const std::string all =
        absl::StrCat("SELECT ", kAssessmentColumns, " FROM assessments WHERE person_id = ? ORDER BY assessed_at, seq");
    static const std::string one =
        absl::StrCat("SELECT ", kAssessmentColumns,
                     " FROM assessments WHERE person_id = ? AND competence_id = ? ORDER BY assessed_at, seq");
    if (competence_id.empty()) return statements_.Rows(all.c_str(), AssessmentRow, person_id);
    return statements_.Rows(one.c_str(), AssessmentRow, person_id, competence_id);
  });
}

absl::StatusOr<int64_t> AssessmentStore::PurgeAssessmentsBefore(core::Time cutoff) {
  return Guard([&]() -> absl::StatusOr<int64_t> {
    const int64_t removed =
        statements_.Exec("DELETE FROM assessments WHERE assessed_at < ?", static_cast<int64_t>(cutoff));
    if (core::ChangeSet* changes = statements_.recorder(); changes && removed > 0) changes->purged = true;
    return removed;
  });
}

absl::StatusOr<std::vector<Assessment>> AssessmentStore::ListAssessmentsGivenBy(const std::string& assessor_id) {
  return Guard([&]() -> absl::StatusOr<std::vector<Assessment>> {
    static const std::string sql = absl::StrCat("SELECT ", kAssessmentColumns,
                                                " FROM assessments WHERE assessor_id = ? AND person_id != ? "
                                                "ORDER BY assessed_at, seq");
    return statements_.Rows(sql.c_str(), AssessmentRow, assessor_id, assessor_id);
  });
}

absl::Status AssessmentStore::ForEachAssessment(const std::function<void(const Assessment&)>& fn) {
  return Guard([&]() -> absl::Status {
    static const std::string sql = absl::StrCat("SELECT ", kAssessmentColumns, " FROM assessments ORDER BY seq");
    Query q = statements_.Prepare(sql.c_str());
    while (q->Step()) fn(AssessmentRow(*q));
    return absl::OkStatus();
  });
}

}  // namespace skillpath::db
