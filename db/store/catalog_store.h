#pragma once
// CatalogStore keeps the catalogue of learning resources: each resource with
// its outcomes, prerequisites and sessions, listed whole or by the
// competence it teaches, and which resources depend on another.

#include <optional>
#include <string>
#include <vector>

#include "core/ports/repository.h"
#include "db/sql/statements.h"

namespace skillpath::db {

class CatalogStore final : public Store<core::CatalogRepository> {
 public:
  using Store::Store;

  absl::StatusOr<std::optional<core::LearningResource>> FindResource(const std::string& id) override;
  absl::StatusOr<std::vector<core::LearningResource>> ListResources(const std::string& competence_id) override;
  absl::Status PutResource(const core::LearningResource& resource) override;
  absl::Status DeleteResource(const std::string& id) override;
  absl::StatusOr<std::vector<std::string>> DependentsOf(const std::string& id) override;

 private:
  core::LearningResource LoadResourceLinks(core::LearningResource resource);
};

}  // namespace skillpath::db
