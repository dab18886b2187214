#pragma once
// The plan options of the commands that plan (plan generate, demand, report
// demand): their flags, and the PlanOptions message they make.
#include <CLI/CLI.hpp>
#include <string>
#include <vector>

#include "skillpath/v1/plan.pb.h"

namespace skillpath::cli {

struct PlanArgs {
  double weekly_hours = 0;
  std::string start;
  bool include_desired = false;
  double max_cost = 0, max_hours = 0;
  std::vector<std::string> modes;
  std::string language;
  std::string objective = "hours";
  bool save = false;
};

// --weekly-hours, --start, --include-desired, --max-cost, --max-hours,
// --mode, --language, --objective on `cmd`, kept in `a`.
void AddPlanOptionFlags(CLI::App* cmd, PlanArgs& a);

// The options `a` gives; a Failure naming the flag for a bad value.
void FillOptions(const PlanArgs& a, v1::PlanOptions* o);

}  // namespace skillpath::cli
