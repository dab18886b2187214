#pragma once
// AssessmentStore keeps the assessments: an append-only log (a trigger
// allows no update but clearing an erased assessor), read per person in
// the order recorded, purged by age, and scanned whole for the read index.

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "core/ports/repository.h"
#include "db/sql/statements.h"

namespace skillpath::db {

class AssessmentStore final : public Store<core::AssessmentRepository> {
 public:
  using Store::Store;

  absl::StatusOr<std::optional<core::Assessment>> FindAssessment(const std::string& id) override;
  absl::Status AppendAssessment(const core::Assessment& assessment) override;
  absl::StatusOr<bool> AppendAssessmentIfNew(const core::Assessment& assessment) override;
  absl::StatusOr<std::vector<core::Assessment>> ListAssessments(const std::string& person_id,
                                                                const std::string& competence_id) override;
  absl::StatusOr<int64_t> PurgeAssessmentsBefore(core::Time cutoff) override;

  // The assessments `assessor_id` recorded about other people, in the order
  // recorded (for the personal-data export).
  absl::StatusOr<std::vector<core::Assessment>> ListAssessmentsGivenBy(const std::string& assessor_id);

  // Calls `fn` for every assessment in the order recorded.
  absl::Status ForEachAssessment(const std::function<void(const core::Assessment&)>& fn);
};

}  // namespace skillpath::db
