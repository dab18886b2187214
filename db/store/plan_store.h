#pragma once
// PlanStore keeps the learning plans: each plan with its options, steps (and
// the level changes each step brings) and uncovered goals, and the
// questions asked across plans: session bookings, completed resources and
// the active plans that use a resource.

#include <optional>
#include <set>
#include <string>
#include <vector>

#include "core/ports/repository.h"
#include "db/sql/statements.h"

namespace skillpath::db {

class PlanStore final : public Store<core::PlanRepository> {
 public:
  using Store::Store;

  absl::StatusOr<std::optional<core::LearningPlan>> FindPlan(const std::string& id) override;
  absl::StatusOr<std::optional<std::string>> PlanOwner(const std::string& id) override;
  absl::StatusOr<std::vector<core::LearningPlan>> ListPlans(const std::string& person_id) override;
  absl::Status PutPlan(const core::LearningPlan& plan) override;
  absl::StatusOr<core::SessionBookings> Bookings() override;
  absl::StatusOr<std::set<std::string>> CompletedResources(const std::string& person_id) override;
  absl::StatusOr<std::vector<std::string>> ActivePlansUsing(const std::string& resource_id) override;
  absl::StatusOr<core::WorkCalendarSettings> GetWorkCalendar() override;
  absl::Status PutWorkCalendar(const core::WorkCalendarSettings& calendar) override;

 private:
  std::optional<core::LearningPlan> LoadPlan(const std::string& id);
};

}  // namespace skillpath::db
