#include "db/store/plan_store.h"

#include "absl/strings/str_cat.h"
#include "db/sqlite/database.h"

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
        "objective, total_hours, total_cost, optimal, created_at, updated_at FROM plans WHERE id = ?");
    q->bind(1, id);
    if (!q->executeStep()) return std::nullopt;
    plan.id = q->getColumn(0).getString();
    plan.person_id = q->getColumn(1).getString();
    plan.status = static_cast<core::PlanStatus>(q->getColumn(2).getInt());
    plan.options.weekly_hours = q->getColumn(3).getDouble();
    plan.options.start = q->getColumn(4).getInt64();
    plan.options.include_desired = q->getColumn(5).getInt() != 0;
    plan.options.max_cost = q->getColumn(6).getDouble();
    plan.options.max_hours = q->getColumn(7).getDouble();
    plan.options.modes = ParseModes(q->getColumn(8).getString());
    plan.options.language = q->getColumn(9).getString();
    plan.options.objective = static_cast<core::Objective>(q->getColumn(10).getInt());
    plan.total_hours = q->getColumn(11).getDouble();
    plan.total_cost = q->getColumn(12).getDouble();
    plan.optimal = q->getColumn(13).getInt() != 0;
    plan.created_at = q->getColumn(14).getInt64();
    plan.updated_at = q->getColumn(15).getInt64();
  }
  {
    Query q = statements_.Prepare(
        "SELECT seq, resource_id, title, planned_start, planned_end, session_id, status, rationale, problem, "
        "comment, claimed_at FROM plan_steps WHERE plan_id = ? ORDER BY seq");
    q->bind(1, id);
    while (q->executeStep()) {
      core::PlanStep step;
      step.seq = q->getColumn(0).getInt();
      step.resource_id = q->getColumn(1).getString();
      step.title = q->getColumn(2).getString();
      step.planned_start = q->getColumn(3).getInt64();
      step.planned_end = q->getColumn(4).getInt64();
      step.session_id = q->getColumn(5).getString();
      step.status = static_cast<core::StepStatus>(q->getColumn(6).getInt());
      step.rationale = q->getColumn(7).getString();
      step.problem = q->getColumn(8).getString();
      step.comment = q->getColumn(9).getString();
      step.claimed_at = q->getColumn(10).getInt64();
      plan.steps.push_back(std::move(step));
    }
  }
  {
    Query q = statements_.Prepare(
        "SELECT seq, competence_id, from_level, to_level FROM plan_step_changes WHERE plan_id = ? "
        "ORDER BY seq, position");
    q->bind(1, id);
    while (q->executeStep()) {
      const int seq = q->getColumn(0).getInt();
      if (seq >= 1 && seq <= static_cast<int>(plan.steps.size())) {
        plan.steps[seq - 1].changes.push_back(
            {q->getColumn(1).getString(), q->getColumn(2).getInt(), q->getColumn(3).getInt()});
      }
    }
  }
  Query q = statements_.Prepare(
      "SELECT competence_id, target_level, reachable_level, reason FROM plan_uncovered WHERE plan_id = ? "
      "ORDER BY position");
  q->bind(1, id);
  while (q->executeStep()) {
    plan.uncovered.push_back(
        {q->getColumn(0).getString(), q->getColumn(1).getInt(), q->getColumn(2).getInt(), q->getColumn(3).getString()});
  }
  return plan;
}

absl::StatusOr<std::optional<core::LearningPlan>> PlanStore::FindPlan(const std::string& id) {
  return Guard([&]() -> absl::StatusOr<std::optional<core::LearningPlan>> { return LoadPlan(id); });
}

absl::StatusOr<std::vector<core::LearningPlan>> PlanStore::ListPlans(const std::string& person_id) {
  return Guard([&]() -> absl::StatusOr<std::vector<core::LearningPlan>> {
    std::vector<std::string> ids;
    {
      Query q = statements_.Prepare("SELECT id FROM plans WHERE person_id = ? ORDER BY created_at DESC, id");
      q->bind(1, person_id);
      while (q->executeStep()) ids.push_back(q->getColumn(0).getString());
    }
    std::vector<core::LearningPlan> out;
    for (const std::string& id : ids) {
      if (auto plan = LoadPlan(id)) out.push_back(std::move(*plan));
    }
    return out;
  });
}

absl::Status PlanStore::PutPlan(const core::LearningPlan& p) {
  return Guard([&]() -> absl::Status {
    {
      Query q = statements_.Prepare(
          "INSERT INTO plans (id, person_id, status, weekly_hours, start_at, include_desired, max_cost, max_hours, "
          "modes, language, objective, total_hours, total_cost, optimal, created_at, updated_at) "
          "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT(id) DO UPDATE SET "
          "status = excluded.status, total_hours = excluded.total_hours, total_cost = excluded.total_cost, "
          "optimal = excluded.optimal, updated_at = excluded.updated_at");
      q->bind(1, p.id);
      q->bind(2, p.person_id);
      q->bind(3, static_cast<int>(p.status));
      q->bind(4, p.options.weekly_hours);
      q->bind(5, static_cast<int64_t>(p.options.start));
      q->bind(6, p.options.include_desired ? 1 : 0);
      q->bind(7, p.options.max_cost);
      q->bind(8, p.options.max_hours);
      q->bind(9, ModesText(p.options.modes));
      q->bind(10, p.options.language);
      q->bind(11, static_cast<int>(p.options.objective));
      q->bind(12, p.total_hours);
      q->bind(13, p.total_cost);
      q->bind(14, p.optimal ? 1 : 0);
      q->bind(15, static_cast<int64_t>(p.created_at));
      q->bind(16, static_cast<int64_t>(p.updated_at));
      q->exec();
    }
    // The step changes go first: they refer to the steps.
    statements_.DeleteChildRows("DELETE FROM plan_step_changes WHERE plan_id = ?", p.id);
    statements_.ReplaceChildRows(
        "DELETE FROM plan_steps WHERE plan_id = ?",
        "INSERT INTO plan_steps (plan_id, seq, resource_id, title, planned_start, planned_end, session_id, "
        "status, rationale, problem, comment, claimed_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        p.id, p.steps, [](SQLite::Statement& q, int /*position*/, const core::PlanStep& step) {
          q.bind(2, step.seq);
          q.bind(3, step.resource_id);
          q.bind(4, step.title);
          q.bind(5, static_cast<int64_t>(step.planned_start));
          q.bind(6, static_cast<int64_t>(step.planned_end));
          q.bind(7, step.session_id);
          q.bind(8, static_cast<int>(step.status));
          q.bind(9, step.rationale);
          q.bind(10, step.problem);
          q.bind(11, step.comment);
          q.bind(12, static_cast<int64_t>(step.claimed_at));
        });
    for (const core::PlanStep& step : p.steps) {
      statements_.InsertChildRows(
          "INSERT INTO plan_step_changes (plan_id, seq, position, competence_id, from_level, to_level) "
          "VALUES (?, ?, ?, ?, ?, ?)",
          p.id, step.changes, [&step](SQLite::Statement& q, int position, const core::LevelChange& change) {
            q.bind(2, step.seq);
            q.bind(3, position);
            q.bind(4, change.competence_id);
            q.bind(5, change.from);
            q.bind(6, change.to);
          });
    }
    statements_.ReplaceChildRows(
        "DELETE FROM plan_uncovered WHERE plan_id = ?",
        "INSERT INTO plan_uncovered (plan_id, position, competence_id, target_level, reachable_level, reason) "
        "VALUES (?, ?, ?, ?, ?, ?)",
        p.id, p.uncovered, [](SQLite::Statement& q, int position, const core::UncoveredGoal& goal) {
          q.bind(2, position);
          q.bind(3, goal.competence_id);
          q.bind(4, goal.target);
          q.bind(5, goal.reachable);
          q.bind(6, goal.reason);
        });
    if (core::ChangeSet* changes = statements_.recorder()) changes->plans = true;
    return absl::OkStatus();
  });
}

absl::StatusOr<core::SessionBookings> PlanStore::Bookings() {
  return Guard([&]() -> absl::StatusOr<core::SessionBookings> {
    core::SessionBookings out;
    Query q = statements_.Prepare(
        "SELECT s.resource_id, s.session_id, count(*) FROM plan_steps s JOIN plans p ON p.id = s.plan_id "
        "WHERE p.status != 6 AND s.session_id != '' AND s.status != 4 GROUP BY s.resource_id, s.session_id");
    while (q->executeStep()) {
      out[{q->getColumn(0).getString(), q->getColumn(1).getString()}] = q->getColumn(2).getInt();
    }
    return out;
  });
}

absl::StatusOr<std::optional<std::string>> PlanStore::PlanOwner(const std::string& id) {
  return Guard([&]() -> absl::StatusOr<std::optional<std::string>> {
    Query q = statements_.Prepare("SELECT person_id FROM plans WHERE id = ?");
    q->bind(1, id);
    if (!q->executeStep()) return std::optional<std::string>();
    return std::optional<std::string>(q->getColumn(0).getString());
  });
}

absl::StatusOr<std::set<std::string>> PlanStore::CompletedResources(const std::string& person_id) {
  return Guard([&]() -> absl::StatusOr<std::set<std::string>> {
    std::set<std::string> out;
    Query q = statements_.Prepare(
        "SELECT DISTINCT s.resource_id FROM plan_steps s JOIN plans p ON p.id = s.plan_id "
        "WHERE p.person_id = ? AND s.status = 3");
    q->bind(1, person_id);
    while (q->executeStep()) out.insert(q->getColumn(0).getString());
    return out;
  });
}

absl::StatusOr<std::vector<std::string>> PlanStore::ActivePlansUsing(const std::string& resource_id) {
  return Guard([&]() -> absl::StatusOr<std::vector<std::string>> {
    std::vector<std::string> out;
    Query q = statements_.Prepare(
        "SELECT DISTINCT p.id FROM plan_steps s JOIN plans p ON p.id = s.plan_id "
        "WHERE s.resource_id = ? AND p.status NOT IN (5, 6) ORDER BY p.id");
    q->bind(1, resource_id);
    while (q->executeStep()) out.push_back(q->getColumn(0).getString());
    return out;
  });
}

}  // namespace skillpath::db
