#pragma once
// FrameworkStore keeps the competence frameworks: the frameworks table, its
// scale (framework_levels), areas, competences and their own scales
// (competence_levels). A framework is written whole; competences a new
// version drops are removed unless something still refers to them.

#include <optional>
#include <string>
#include <unordered_set>
#include <vector>

#include "core/ports/repository.h"
#include "db/sql/statements.h"

namespace skillpath::db {

class FrameworkStore final : public Store<core::FrameworkRepository> {
 public:
  using Store::Store;

  absl::StatusOr<std::optional<core::Framework>> FindFramework(const std::string& id) override;
  absl::StatusOr<std::vector<core::Framework>> ListFrameworks() override;
  absl::Status PutFramework(const core::Framework& framework) override;
  absl::StatusOr<std::optional<std::string>> FrameworkOfArea(const std::string& area_id) override;
  absl::StatusOr<std::optional<std::string>> FrameworkOfCompetence(const std::string& competence_id) override;
  absl::StatusOr<std::optional<int>> CompetenceTopLevel(const std::string& competence_id) override;

 private:
  core::Framework LoadFramework(const std::string& id, bool* found);
  core::Scale LoadScale(const char* sql, const std::string& owner_id);
  // The ids `sql` (one parameter: the framework) lists that are not in `keep`.
  std::vector<std::string> LeftOut(const char* sql, const std::string& framework_id,
                                   const std::unordered_set<std::string>& keep);
};

}  // namespace skillpath::db
