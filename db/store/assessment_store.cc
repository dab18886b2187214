#include "db/store/assessment_store.h"

#include "absl/strings/str_cat.h"
#include "db/sqlite/database.h"

namespace skillpath::db {

using core::Assessment;

namespace {
constexpr const char* kAssessmentColumns =
    "id, person_id, competence_id, level, source, assessor_id, assessed_at, expires_at, note, evidence_uri";

Assessment AssessmentRow(SQLite::Statement& q) {
  Assessment a;
  a.id = q.getColumn(0).getString();
  a.person_id = q.getColumn(1).getString();
  a.competence_id = q.getColumn(2).getString();
  a.level = q.getColumn(3).getInt();
  a.source = static_cast<core::Source>(q.getColumn(4).getInt());
  a.assessor_id = q.getColumn(5).getString();
  a.assessed_at = q.getColumn(6).getInt64();
  if (!q.getColumn(7).isNull()) a.expires_at = q.getColumn(7).getInt64();
  a.note = q.getColumn(8).getString();
  a.evidence_uri = q.getColumn(9).getString();
  return a;
}
}  // namespace

absl::StatusOr<std::optional<Assessment>> AssessmentStore::FindAssessment(const std::string& id) {
  return Guard([&]() -> absl::StatusOr<std::optional<Assessment>> {
    static const std::string sql = absl::StrCat("SELECT ", kAssessmentColumns, " FROM assessments WHERE id = ?");
    Query q = statements_.Prepare(sql.c_str());
    q->bind(1, id);
    if (!q->executeStep()) return std::nullopt;
    return AssessmentRow(*q);
  });
}

absl::Status AssessmentStore::AppendAssessment(const Assessment& a) {
  return Guard([&]() -> absl::Status {
    Query q = statements_.Prepare(
        "INSERT INTO assessments (id, person_id, competence_id, level, source, assessor_id, assessed_at, "
        "expires_at, note, evidence_uri) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    q->bind(1, a.id);
    q->bind(2, a.person_id);
    q->bind(3, a.competence_id);
    q->bind(4, a.level);
    q->bind(5, static_cast<int>(a.source));
    q->bind(6, a.assessor_id);
    q->bind(7, static_cast<int64_t>(a.assessed_at));
    if (a.expires_at) q->bind(8, static_cast<int64_t>(*a.expires_at));
    q->bind(9, a.note);
    q->bind(10, a.evidence_uri);
    q->exec();
    if (core::ChangeSet* changes = statements_.recorder()) changes->assessments.push_back(a);
    return absl::OkStatus();
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
    Query q = statements_.Prepare(competence_id.empty() ? all.c_str() : one.c_str());
    q->bind(1, person_id);
    if (!competence_id.empty()) q->bind(2, competence_id);
    std::vector<Assessment> out;
    while (q->executeStep()) out.push_back(AssessmentRow(*q));
    return out;
  });
}

absl::StatusOr<int64_t> AssessmentStore::PurgeAssessmentsBefore(core::Time cutoff) {
  return Guard([&]() -> absl::StatusOr<int64_t> {
    Query q = statements_.Prepare("DELETE FROM assessments WHERE assessed_at < ?");
    q->bind(1, static_cast<int64_t>(cutoff));
    const int64_t removed = q->exec();
    if (core::ChangeSet* changes = statements_.recorder(); changes && removed > 0) changes->purged = true;
    return removed;
  });
}

absl::StatusOr<std::vector<Assessment>> AssessmentStore::ListAssessmentsGivenBy(const std::string& assessor_id) {
  return Guard([&]() -> absl::StatusOr<std::vector<Assessment>> {
    static const std::string sql = absl::StrCat("SELECT ", kAssessmentColumns,
                                                " FROM assessments WHERE assessor_id = ? AND person_id != ? "
                                                "ORDER BY assessed_at, seq");
    Query q = statements_.Prepare(sql.c_str());
    q->bind(1, assessor_id);
    q->bind(2, assessor_id);
    std::vector<Assessment> out;
    while (q->executeStep()) out.push_back(AssessmentRow(*q));
    return out;
  });
}

absl::Status AssessmentStore::ForEachAssessment(const std::function<void(const Assessment&)>& fn) {
  return Guard([&]() -> absl::Status {
    static const std::string sql = absl::StrCat("SELECT ", kAssessmentColumns, " FROM assessments ORDER BY seq");
    Query q = statements_.Prepare(sql.c_str());
    while (q->executeStep()) fn(AssessmentRow(*q));
    return absl::OkStatus();
  });
}

}  // namespace skillpath::db
