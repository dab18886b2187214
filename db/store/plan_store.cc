#include "db/store/plan_store.h"

#include "absl/strings/str_cat.h"

namespace skillpath::db {

namespace {
std::string ModesText(const std::vector<core::Mode>& modes) {
  std::string out;
  for (core::Mode m : modes) absl::StrAppend(&out, out.empty() ? "" : ",", static_cast<int>(m));
  return out;
}
std::vector<core::Mode> ParseModes(const std::string& text) {
  std::vector<core::Mode> out;
  size_t start = 0;
  while (start < text.size()) {
    size_t comma = text.find(',', start);
    if (comma == std::string::npos) comma = text.size();
    out.push_back(static_cast<core::Mode>(std::stoi(text.substr(start, comma - start))));
    start = comma + 1;
  }
  return out;
}
}  // namespace

std::optional<core::LearningPlan> PlanStore::LoadPlan(const std::string& id) {
  core::LearningPlan plan;
  {
    Query q = statements_.Prepare(
        "SELECT id, person_id, status, weekly_hours, start_at, include_desired, max_cost, max_hours, modes, language, "
        "objective, total_hours, total_cost, optimal, schedule_optimal, created_at, updated_at, replaced_by_plan_id, "
        "replaces_plan_id FROM plans WHERE id = ?");
    BindValue(*q, 1, id);
    if (!q->Step()) return std::nullopt;
    core::PlanOptions& o = plan.options;
    Columns row(*q);
    row >> plan.id >> plan.person_id >> plan.status >> o.weekly_hours >> o.start >> o.include_desired >> o.max_cost >>
        o.max_hours;
    o.modes = ParseModes(row.Read<std::string>());
    row >> o.language >> o.objective >> plan.total_hours >> plan.total_cost >> plan.optimal >> plan.schedule_optimal >>
        plan.created_at >> plan.updated_at >> plan.replaced_by_plan_id >> plan.replaces_plan_id;
  }
  plan.steps = statements_.Rows(
      "SELECT seq, resource_id, title, planned_start, planned_end, session_id, status, rationale, problem, "
      "comment, claimed_at FROM plan_steps WHERE plan_id = ? ORDER BY seq",
      Fields(&core::PlanStep::seq, &core::PlanStep::resource_id, &core::PlanStep::title, &core::PlanStep::planned_start,
             &core::PlanStep::planned_end, &core::PlanStep::session_id, &core::PlanStep::status,
             &core::PlanStep::rationale, &core::PlanStep::problem, &core::PlanStep::comment,
             &core::PlanStep::claimed_at),
      id);
  {
    Query q = statements_.Prepare(
        "SELECT seq, competence_id, from_level, to_level FROM plan_step_changes WHERE plan_id = ? "
        "ORDER BY seq, position");
    BindValue(*q, 1, id);
    while (q->Step()) {
      const int seq = Columns(*q).Read<int>();
      if (seq >= 1 && seq <= static_cast<int>(plan.steps.size())) {
        core::LevelChange change;
        Columns(*q, 1) >> change.competence_id >> change.from >> change.to;
        plan.steps[seq - 1].changes.push_back(std::move(change));
      }
    }
  }
  plan.uncovered = statements_.Rows(
      "SELECT competence_id, target_level, reachable_level, reason FROM plan_uncovered WHERE plan_id = ? "
      "ORDER BY position",
      Fields(&core::UncoveredGoal::competence_id, &core::UncoveredGoal::target, &core::UncoveredGoal::reachable,
             &core::UncoveredGoal::reason),
      id);
  plan.comments = statements_.Rows(
      "SELECT at, author_id, author_name, text, status FROM plan_comments WHERE plan_id = ? ORDER BY n",
      Fields(&core::PlanComment::at, &core::PlanComment::author_id, &core::PlanComment::author_name,
             &core::PlanComment::text, &core::PlanComment::status),
      id);
  return plan;
}

absl::StatusOr<std::optional<core::LearningPlan>> PlanStore::FindPlan(const std::string& id) {
  return Guard([&]() -> absl::StatusOr<std::optional<core::LearningPlan>> { return LoadPlan(id); });
}

absl::StatusOr<std::vector<core::LearningPlan>> PlanStore::ListPlans(const std::string& person_id) {
  return Guard([&]() -> absl::StatusOr<std::vector<core::LearningPlan>> {
    const std::vector<std::string> ids = statements_.Rows(
        "SELECT id FROM plans WHERE person_id = ? ORDER BY created_at DESC, id", TextColumn, person_id);
    std::vector<core::LearningPlan> out;
    for (const std::string& id : ids) {
      if (auto plan = LoadPlan(id)) out.push_back(std::move(*plan));
    }
    return out;
  });
}

absl::Status PlanStore::PutPlan(const core::LearningPlan& p) {
  return Guard([&]() -> absl::Status {
    const core::PlanOptions& o = p.options;
    statements_.Write(
        "INSERT INTO plans (id, person_id, status, weekly_hours, start_at, include_desired, max_cost, max_hours, "
        "modes, language, objective, total_hours, total_cost, optimal, schedule_optimal, created_at, updated_at, "
        "replaced_by_plan_id, replaces_plan_id) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT(id) DO UPDATE SET "
        "status = excluded.status, total_hours = excluded.total_hours, total_cost = excluded.total_cost, "
        "optimal = excluded.optimal, schedule_optimal = excluded.schedule_optimal, updated_at = excluded.updated_at, "
        "replaced_by_plan_id = excluded.replaced_by_plan_id",
        p.id, p.person_id, static_cast<int>(p.status), o.weekly_hours, static_cast<int64_t>(o.start),
        o.include_desired ? 1 : 0, o.max_cost, o.max_hours, ModesText(o.modes), o.language,
        static_cast<int>(o.objective), p.total_hours, p.total_cost, p.optimal ? 1 : 0, p.schedule_optimal ? 1 : 0,
        static_cast<int64_t>(p.created_at), static_cast<int64_t>(p.updated_at), p.replaced_by_plan_id,
        p.replaces_plan_id);
    // The step changes go first: they refer to the steps.
    statements_.DeleteChildRows("DELETE FROM plan_step_changes WHERE plan_id = ?", p.id);
    statements_.ReplaceChildRows(
        "DELETE FROM plan_steps WHERE plan_id = ?",
        "INSERT INTO plan_steps (plan_id, seq, resource_id, title, planned_start, planned_end, session_id, "
        "status, rationale, problem, comment, claimed_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        p.id, p.steps, [](Statement& q, int /*position*/, const core::PlanStep& step) {
          BindAll(q, 2, step.seq, step.resource_id, step.title, static_cast<int64_t>(step.planned_start),
                  static_cast<int64_t>(step.planned_end), step.session_id, static_cast<int>(step.status),
                  step.rationale, step.problem, step.comment, static_cast<int64_t>(step.claimed_at));
        });
    for (const core::PlanStep& step : p.steps) {
      statements_.InsertChildRows(
          "INSERT INTO plan_step_changes (plan_id, seq, position, competence_id, from_level, to_level) "
          "VALUES (?, ?, ?, ?, ?, ?)",
          p.id, step.changes, [&step](Statement& q, int position, const core::LevelChange& change) {
            BindAll(q, 2, step.seq, position, change.competence_id, change.from, change.to);
          });
    }
    statements_.ReplaceChildRows(
        "DELETE FROM plan_uncovered WHERE plan_id = ?",
        "INSERT INTO plan_uncovered (plan_id, position, competence_id, target_level, reachable_level, reason) "
        "VALUES (?, ?, ?, ?, ?, ?)",
        p.id, p.uncovered, [](Statement& q, int position, const core::UncoveredGoal& goal) {
          BindAll(q, 2, position, goal.competence_id, goal.target, goal.reachable, goal.reason);
        });
    statements_.ReplaceChildRows(
        "DELETE FROM plan_comments WHERE plan_id = ?",
        "INSERT INTO plan_comments (plan_id, n, at, author_id, author_name, status, text) VALUES (?, ?, ?, ?, ?, ?, ?)",
        p.id, p.comments, [](Statement& q, int position, const core::PlanComment& c) {
          BindAll(q, 2, position, static_cast<int64_t>(c.at), c.author_id, c.author_name, static_cast<int>(c.status),
                  c.text);
        });
    if (core::ChangeSet* changes = statements_.recorder()) changes->plans = true;
    statements_.Finish();  // what Write sent: its failure is this call's
    return absl::OkStatus();
  });
}

absl::StatusOr<core::SessionBookings> PlanStore::Bookings() {
  return Guard([&]() -> absl::StatusOr<core::SessionBookings> {
    core::SessionBookings out;
    Query q = statements_.Prepare(
        "SELECT s.resource_id, s.session_id, count(*) FROM plan_steps s JOIN plans p ON p.id = s.plan_id "
        "WHERE p.status != 6 AND s.session_id != '' AND s.status != 4 GROUP BY s.resource_id, s.session_id");
    while (q->Step()) {
      Columns row(*q);
      std::pair<std::string, std::string> key;
      row >> key.first >> key.second;
      out[std::move(key)] = row.Read<int>();
    }
    return out;
  });
}

absl::StatusOr<std::optional<std::string>> PlanStore::PlanOwner(const std::string& id) {
  return GuardedFirstRow("SELECT person_id FROM plans WHERE id = ?", TextColumn, id);
}

absl::StatusOr<std::set<std::string>> PlanStore::CompletedResources(const std::string& person_id) {
  return Guard([&]() -> absl::StatusOr<std::set<std::string>> {
    const std::vector<std::string> done = statements_.Rows(
        "SELECT DISTINCT s.resource_id FROM plan_steps s JOIN plans p ON p.id = s.plan_id "
        "WHERE p.person_id = ? AND s.status = 3",
        TextColumn, person_id);
    return std::set<std::string>(done.begin(), done.end());
  });
}

absl::StatusOr<std::vector<std::string>> PlanStore::ActivePlansUsing(const std::string& resource_id) {
  return GuardedRows(
      "SELECT DISTINCT p.id FROM plan_steps s JOIN plans p ON p.id = s.plan_id "
      "WHERE s.resource_id = ? AND p.status NOT IN (5, 6) ORDER BY p.id",
      TextColumn, resource_id);
}

absl::StatusOr<core::WorkCalendarSettings> PlanStore::GetWorkCalendar() {
  return Guard([&]() -> absl::StatusOr<core::WorkCalendarSettings> {
    core::WorkCalendarSettings calendar;
    Query q = statements_.Prepare("SELECT norwegian_holidays FROM work_calendar WHERE id = 1");
    if (q->Step()) calendar.norwegian_holidays = Columns(*q).Read<bool>();
    Query periods = statements_.Prepare(
        "SELECT name, first_day, last_day FROM work_calendar_closed ORDER BY position");
    while (periods->Step()) calendar.closed.push_back({periods->Text(0), periods->Text(1), periods->Text(2)});
    return calendar;
  });
}

absl::Status PlanStore::PutWorkCalendar(const core::WorkCalendarSettings& calendar) {
  return Guard([&]() -> absl::Status {
    statements_.Exec(
        "INSERT INTO work_calendar (id, norwegian_holidays) VALUES (1, ?) "
        "ON CONFLICT(id) DO UPDATE SET norwegian_holidays = excluded.norwegian_holidays",
        calendar.norwegian_holidays ? 1 : 0);
    statements_.Exec("DELETE FROM work_calendar_closed");
    for (size_t i = 0; i < calendar.closed.size(); ++i) {
      const core::ClosedPeriod& p = calendar.closed[i];
      statements_.Exec("INSERT INTO work_calendar_closed (position, name, first_day, last_day) VALUES (?, ?, ?, ?)",
                       static_cast<int64_t>(i), p.name, p.first_day, p.last_day);
    }
    return absl::OkStatus();
  });
}

}  // namespace skillpath::db
