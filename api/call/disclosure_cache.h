#pragma once
// The disclosure plan AGGREGATE answers are judged by (core/disclosure/disclosure.h),
// kept for the next call on the same snapshot while it still holds
// (DisclosurePlan::Covers: no assessment has taken effect or expired since).
// Making a plan costs O(people x targets), and a tillitsvalgt's dashboard
// asks for several views at once, each at "now".
#include <memory>
#include <mutex>

#include "core/disclosure/disclosure.h"
#include "core/index/read_index.h"

namespace skillpath::services {

class DisclosurePlanCache {
 public:
  explicit DisclosurePlanCache(int min_group) : min_group_(min_group) {}

  // The plan for `snapshot` at `as_of`; it keeps the snapshot alive.
  std::shared_ptr<const core::DisclosurePlan> Get(const std::shared_ptr<const core::IndexSnapshot>& snapshot,
                                                  core::Time as_of) {
    {
      std::lock_guard<std::mutex> lock(mu_);
      if (entry_ && entry_->snapshot == snapshot && entry_->plan.Covers(as_of)) return {entry_, &entry_->plan};
    }
    // Made outside the lock: readers of other snapshots do not wait.
    auto made =
        std::make_shared<const Entry>(Entry{snapshot, core::DisclosurePlan::Make(*snapshot, as_of, min_group_)});
    std::lock_guard<std::mutex> lock(mu_);
    entry_ = made;
    return {made, &made->plan};
  }

 private:
  struct Entry {
    std::shared_ptr<const core::IndexSnapshot> snapshot;  // the plan points into it
    core::DisclosurePlan plan;
  };
  const int min_group_;
  std::mutex mu_;
  std::shared_ptr<const Entry> entry_;
};

}  // namespace skillpath::services
