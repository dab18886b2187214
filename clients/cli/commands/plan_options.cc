#include "clients/cli/commands/plan_options.h"

#include "clients/cli/client.h"
#include "clients/cli/format.h"

namespace skillpath::cli {

void AddPlanOptionFlags(CLI::App* cmd, PlanArgs& a) {
  cmd->add_option("--weekly-hours", a.weekly_hours, "Hours a week for learning (default 2)");
  cmd->add_option("--start", a.start, "First day (YYYY-MM-DD; default today)");
  cmd->add_flag("--include-desired", a.include_desired, "Also close DESIRED («bør») gaps");
  cmd->add_option("--max-cost", a.max_cost, "At most this many kroner");
  cmd->add_option("--max-hours", a.max_hours, "At most this many hours");
  cmd->add_option("--mode", a.modes, "Allowed mode (repeat): elearning, classroom, workshop, on_the_job, mentoring");
  cmd->add_option("--language", a.language, "Only resources in this language (e.g. nb)");
  cmd->add_option("--objective", a.objective, "Minimise hours or cost")
      ->check(CLI::IsMember({"hours", "cost"}))
      ->capture_default_str();
}

void FillOptions(const PlanArgs& a, v1::PlanOptions* o) {
  o->set_weekly_hours(a.weekly_hours);
  if (!a.start.empty()) *o->mutable_start() = ParseTime("--start", a.start);
  o->set_include_desired(a.include_desired);
  o->set_max_cost(a.max_cost);
  o->set_max_hours(a.max_hours);
  for (const std::string& m : a.modes) {
    v1::LearningMode mode;
    std::string name = Upper(m);
    for (char& ch : name) ch = ch == '-' ? '_' : ch;
    if (!v1::LearningMode_Parse(name, &mode) || mode == v1::LEARNING_MODE_UNSPECIFIED) {
      throw Failure{"--mode: '" + m + "' is not one of elearning, classroom, workshop, on_the_job, mentoring"};
    }
    o->add_modes(mode);
  }
  o->set_language(a.language);
  o->set_objective(a.objective == "cost" ? v1::MIN_COST : v1::MIN_HOURS);
}

}  // namespace skillpath::cli
