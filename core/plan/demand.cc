#include "core/plan/demand.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <map>

#include "absl/strings/str_cat.h"

namespace skillpath::core {

std::string QuarterOf(Time t) {
  // Days since 1970-01-01 to a civil date (H. Hinnant's algorithm).
  int64_t z = static_cast<int64_t>(std::floor(static_cast<double>(t) / 86400e6)) + 719468;
  const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const int64_t doe = z - era * 146097;
  const int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const int64_t mp = (5 * doy + 2) / 153;
  const int64_t month = mp < 10 ? mp + 3 : mp - 9;
  const int64_t year = yoe + era * 400 + (month <= 2);
  return absl::StrCat(year, "-Q", (month - 1) / 3 + 1);
}

namespace {

// A step still to be taken: not finished, and not one the learner says is
// done (awaiting confirmation: the course is behind them).
bool Open(const PlanStep& s) {
  return s.status != StepStatus::kDone && s.status != StepStatus::kSkipped &&
         s.status != StepStatus::kAwaitingConfirmation;
}

// The weighted REQUIRED gap a step closes.
double StepValue(const PlanStep& step, const std::vector<PlanGoal>& goals) {
  double v = 0;
  for (const LevelChange& c : step.changes) {
    for (const PlanGoal& g : goals) {
      if (g.competence_id != c.competence_id || g.required <= 0) continue;
      v += g.required_weight * (std::min(c.to, g.required) - std::min(c.from, g.required)) / g.top;
    }
  }
  return v;
}

constexpr int64_t kMaxUnits = 10000;

}  // namespace

DemandResult ComputeTrainingDemand(const std::vector<DemandInput>& people, const std::vector<LearningResource>& catalogue,
                                   double budget) {
  std::map<std::string, const LearningResource*> by_id;
  for (const LearningResource& r : catalogue) by_id[r.id] = &r;
  DemandResult out;

  struct Acc {
    int learners = 0;
    int unscheduled = 0;
    std::map<std::string, int> quarters;
    std::map<std::string, std::vector<std::string>> cohorts;
  };
  std::map<std::string, Acc> acc;
  for (const DemandInput& p : people) {
    for (const PlanStep& s : p.steps) {
      if (!Open(s)) continue;
      Acc& a = acc[s.resource_id];
      ++a.learners;
      auto it = by_id.find(s.resource_id);
      const bool session_based = it != by_id.end() && (it->second->mode == Mode::kClassroom || it->second->mode == Mode::kWorkshop);
      if (session_based) a.cohorts[s.session_id].push_back(p.person_id);
      // A step placed self-paced because no session had a seat has a date
      // the course does not run on: it is no quarter's demand.
      if (session_based && s.session_id.empty()) {
        ++a.unscheduled;
      } else {
        ++a.quarters[QuarterOf(s.planned_start)];
      }
    }
  }
  for (auto& [id, a] : acc) {
    ResourceDemandResult r;
    r.resource_id = id;
    auto it = by_id.find(id);
    const LearningResource* res = it == by_id.end() ? nullptr : it->second;
    r.title = res ? res->title : id;
    r.learners = a.learners;
    r.total_hours = res ? res->hours * a.learners : 0;
    r.total_cost = res ? res->cost * a.learners : 0;
    for (auto& [session, who] : a.cohorts) {
      if (res && !session.empty()) {
        for (const Session& s : res->sessions) {
          if (s.id == session) r.total_cost += s.fixed_cost;
        }
      }
      r.cohorts.emplace_back(session, who);
    }
    for (auto& [q, n] : a.quarters) r.quarters.emplace_back(q, n);
    r.unscheduled = a.unscheduled;
    if (res) {
      for (const Session& s : res->sessions) r.session_capacity = std::max(r.session_capacity, s.capacity);
    }
    if (r.unscheduled > 0 && r.session_capacity > 0) {
      r.extra_sessions_needed = (r.unscheduled + r.session_capacity - 1) / r.session_capacity;
    }
    out.total_hours += r.total_hours;
    out.total_cost += r.total_cost;
    out.resources.push_back(std::move(r));
  }
  if (budget <= 0) return out;

  // Multiple-choice knapsack: each person funds a prefix of their open steps
  // (so a step's prerequisites, which come earlier, are funded with it).
  struct Option {
    int64_t units;
    double cost;
    double value;
  };
  const double unit = std::max(1.0, std::ceil(budget / static_cast<double>(kMaxUnits)));
  const int64_t capacity = static_cast<int64_t>(std::floor(budget / unit + 1e-9));
  std::vector<std::vector<Option>> options(people.size());
  std::vector<std::vector<const PlanStep*>> open(people.size());
  for (size_t i = 0; i < people.size(); ++i) {
    options[i].push_back({0, 0, 0});
    double cost = 0, value = 0;
    for (const PlanStep& s : people[i].steps) {
      if (!Open(s)) continue;
      auto it = by_id.find(s.resource_id);
      cost += it == by_id.end() ? 0 : it->second->cost;
      value += StepValue(s, people[i].goals);
      open[i].push_back(&s);
      options[i].push_back({static_cast<int64_t>(std::ceil(cost / unit - 1e-9)), cost, value});
    }
  }
  // best[j]: the most value within j units; choice[i][j]: the prefix person
  // i takes in that best.
  std::vector<double> best(static_cast<size_t>(capacity) + 1, 0), next;
  std::vector<std::vector<uint16_t>> choice(people.size());
  for (size_t i = 0; i < people.size(); ++i) {
    next = best;
    choice[i].assign(static_cast<size_t>(capacity) + 1, 0);
    for (size_t k = 1; k < options[i].size(); ++k) {
      const Option& o = options[i][k];
      if (o.units > capacity) break;  // prefixes only grow
      for (int64_t j = capacity; j >= o.units; --j) {
        const double v = best[static_cast<size_t>(j - o.units)] + o.value;
        if (v > next[static_cast<size_t>(j)] + 1e-12) {
          next[static_cast<size_t>(j)] = v;
          choice[i][static_cast<size_t>(j)] = static_cast<uint16_t>(k);
        }
      }
    }
    best.swap(next);
  }
  int64_t j = capacity;
  std::vector<size_t> take(people.size(), 0);
  for (size_t i = people.size(); i-- > 0;) {
    take[i] = choice[i][static_cast<size_t>(j)];
    j -= options[i][take[i]].units;
  }
  AllocationResult& a = out.allocation;
  for (size_t i = 0; i < people.size(); ++i) {
    for (size_t k = 0; k < open[i].size(); ++k) {
      auto it = by_id.find(open[i][k]->resource_id);
      FundedStep f{people[i].person_id, open[i][k]->resource_id, it == by_id.end() ? 0 : it->second->cost};
      if (k < take[i]) {
        a.spent += f.cost;
        a.funded.push_back(std::move(f));
      } else {
        a.unfunded.push_back(std::move(f));
      }
    }
    a.closed_weighted_gap += options[i][take[i]].value;
  }
  a.method = "knapsack-dp";
  a.cost_unit = unit;
  a.algorithm = absl::StrCat(
      "exact dynamic programming over cost units of ", unit,
      " kr (a multiple-choice knapsack: each person funds a prefix of their plan, so prerequisites are funded "
      "first); it maximises the weighted REQUIRED gap closed within the budget, exactly when every cost is a "
      "multiple of the unit and otherwise with costs rounded up to whole units. Per-learner costs only: "
      "fixed session costs are shown in the demand but not allocated");
  return out;
}

}  // namespace skillpath::core
