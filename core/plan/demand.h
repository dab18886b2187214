#pragma once
// Training demand for HR: what a unit's plans add up to per resource
// (learners, hours, cost, by quarter, cohorts per session), and with a
// budget, which plan steps to fund so the most weighted REQUIRED gap closes.
// Pure: plans and goals in, figures out.

#include <string>
#include <vector>

#include "core/plan/planner.h"

namespace skillpath::core {

struct DemandInput {
  std::string person_id;
  std::vector<PlanStep> steps;  // the person's plan, in order; DONE, SKIPPED and AWAITING_CONFIRMATION steps are not demand
  std::vector<PlanGoal> goals;  // the person's targets, to value the steps
};

struct ResourceDemandResult {
  std::string resource_id;
  std::string title;
  int learners = 0;
  double total_hours = 0;
  double total_cost = 0;  // per-learner cost for every learner, plus each used session's fixed cost
  // ("2027-Q1", learners) by planned start; learners without the session
  // their step needs are in no quarter: no session runs for them.
  std::vector<std::pair<std::string, int>> quarters;
  std::vector<std::pair<std::string, std::vector<std::string>>> cohorts;  // (session id, people); "" = no session yet
  // CLASSROOM or WORKSHOP learners whose step has no session, and how many
  // more sessions of `session_capacity` (the largest of the resource's
  // sessions; 0 if it has none) would seat them.
  int unscheduled = 0;
  int extra_sessions_needed = 0;
  int session_capacity = 0;
};

struct FundedStep {
  std::string person_id;
  std::string resource_id;
  double cost = 0;
};

struct AllocationResult {
  std::vector<FundedStep> funded;
  std::vector<FundedStep> unfunded;
  double spent = 0;
  double closed_weighted_gap = 0;
  std::string algorithm;  // the method and its guarantee, in English
  std::string method;     // a key for clients that explain it in their own words: "knapsack-dp"
  double cost_unit = 0;   // the kroner one unit of the dynamic programme stands for
};

struct DemandResult {
  std::vector<ResourceDemandResult> resources;  // by resource id
  double total_hours = 0;
  double total_cost = 0;
  AllocationResult allocation;
};

// `budget` 0: no allocation.
DemandResult ComputeTrainingDemand(const std::vector<DemandInput>& people, const std::vector<LearningResource>& catalogue,
                                   double budget);

// "YYYY-Qn" of a moment (UTC).
std::string QuarterOf(Time t);

}  // namespace skillpath::core
