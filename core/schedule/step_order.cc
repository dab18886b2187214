#include "core/schedule/step_order.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <tuple>

#include "absl/strings/str_cat.h"
#include "absl/time/time.h"

namespace skillpath::core {

namespace {

constexpr Time kNever = std::numeric_limits<Time>::max();
constexpr size_t kMaxOrderedSteps = 64;  // steps a bit set holds

std::string Day(Time t) { return absl::FormatTime("%Y-%m-%d", absl::FromUnixMicros(t), absl::UTCTimeZone()); }

bool NeedsSession(const LearningResource* r) {
  return r && (r->mode == Mode::kClassroom || r->mode == Mode::kWorkshop);
}

// What the order search knows of one step.
struct Step {
  const LearningResource* resource = nullptr;
  bool needs_session = false;
  std::vector<const Session*> sessions;  // by start, then id
  uint64_t prerequisites = 0;            // bits of the plan's steps that must come first
  // Outcomes the plan counts it for: (competence slot, min_level); and the
  // level each raises its competence to at least.
  std::vector<std::pair<int, int>> needs;
  std::vector<std::pair<int, int>> raises;
};

struct Placement {
  ScheduledStep step;
  bool unseated = false;
};

class Orderer {
 public:
  explicit Orderer(const ScheduleInput& in) : in_(in), weekly_(in.weekly_hours > 0 ? in.weekly_hours : 2) {
    std::map<std::string, int> slot_of;
    std::map<std::string, size_t> step_of;
    for (size_t i = 0; i < in.steps.size(); ++i) {
      if (in.steps[i].resource) step_of.emplace(in.steps[i].resource->id, i);
    }
    for (size_t i = 0; i < in.steps.size(); ++i) {
      const StepToPlace& s = in.steps[i];
      Step step;
      step.resource = s.resource;
      step.needs_session = NeedsSession(s.resource);
      if (s.resource) {
        for (const Session& session : s.resource->sessions) step.sessions.push_back(&session);
        std::sort(step.sessions.begin(), step.sessions.end(), [](const Session* a, const Session* b) {
          return std::tie(a->start, a->id) < std::tie(b->start, b->id);
        });
        for (const std::string& p : s.resource->prerequisite_ids) {
          auto it = step_of.find(p);
          if (it != step_of.end() && it->second != i && it->second < 64 && !in.completed.count(p)) {
            step.prerequisites |= uint64_t{1} << it->second;
          }
        }
      }
      for (const LevelChange& c : s.changes) {
        auto [it, fresh] = slot_of.emplace(c.competence_id, static_cast<int>(start_level_.size()));
        // The planner's order: the first change of a competence starts
        // from the person's level before the plan.
        if (fresh) start_level_.push_back(c.from);
        int min_level = 0;
        if (s.resource) {
          for (const Outcome& o : s.resource->outcomes) {
            if (o.competence_id == c.competence_id && o.reaches_level >= c.to) {
              min_level = o.min_level;
              break;
            }
          }
        }
        if (min_level > 0) step.needs.emplace_back(it->second, min_level);
        step.raises.emplace_back(it->second, c.to);
      }
      steps_.push_back(std::move(step));
    }
  }

  StepSchedule Run() {
    const size_t n = steps_.size();
    StepSchedule out;
    if (n == 0) {
      out.finish = in_.start;
      return out;
    }
    if (n <= kExactScheduleSteps) {
      out.order = Exact();
    } else if (n <= kMaxOrderedSteps) {
      out.order = Greedy();
      out.exact = false;
    } else {  // beyond any plan the planner makes: its own order
      for (size_t i = 0; i < n; ++i) out.order.push_back(i);
      out.exact = false;
    }
    Time cursor = in_.start;
    for (size_t i : out.order) {
      Placement p = Place(i, cursor);
      cursor = std::max(cursor, p.step.end);
      out.unseated += p.unseated;
      out.placed.push_back(std::move(p.step));
    }
    out.finish = cursor;
    return out;
  }

 private:
  // Whether step i may start once the steps in `done` are: its
  // prerequisites among them, and the levels they are sure to leave meet
  // the min_level of every outcome the plan counts it for.
  bool Allowed(size_t i, uint64_t done) const {
    const Step& s = steps_[i];
    if ((s.prerequisites & done) != s.prerequisites) return false;
    for (const auto& [slot, min_level] : s.needs) {
      int level = start_level_[slot];
      for (size_t j = 0; j < steps_.size() && level < min_level; ++j) {
        if (!(done >> j & 1)) continue;
        for (const auto& [raised, to] : steps_[j].raises) {
          if (raised == slot) level = std::max(level, to);
        }
      }
      if (level < min_level) return false;
    }
    return true;
  }

  Placement Place(size_t i, Time cursor) const {
    const Step& s = steps_[i];
    Placement p;
    if (s.needs_session) {
      for (const Session* session : s.sessions) {
        if (session->start < cursor) continue;
        auto it = in_.bookings.find({s.resource->id, session->id});
        if (it != in_.bookings.end() && it->second >= session->capacity) continue;
        if (session->capacity <= 0) continue;
        p.step.start = session->start;
        p.step.end = std::max(session->end, session->start);
        p.step.session_id = session->id;
        return p;
      }
      p.unseated = true;
      p.step.problem = s.sessions.empty()
                           ? "no sessions are planned for this course; ask the provider for a date"
                           : absl::StrCat("no session with a free seat from ", Day(cursor),
                                          " on, when the steps before it are done; a new session after that "
                                          "date would seat it");
    }
    const Time duration = SelfPacedDuration(s.resource ? s.resource->hours : 0, weekly_);
    if (in_.calendar) {
      p.step.start = in_.calendar->NextOpen(cursor);
      p.step.end = in_.calendar->Advance(cursor, duration);
    } else {
      p.step.start = cursor;
      p.step.end = cursor + duration;
    }
    return p;
  }

  // The dynamic programme: for each set of steps done and number of
  // session steps left unseated, the earliest time they can all be done.
  std::vector<size_t> Exact() const {
    const size_t n = steps_.size();
    size_t sessions = 0;
    for (const Step& s : steps_) sessions += s.needs_session;
    const size_t width = sessions + 1;
    const uint32_t full = (1u << n) - 1;
    std::vector<Time> best((full + 1) * width, kNever);
    // How each state was reached: the step taken last and the count before.
    std::vector<std::pair<int8_t, int8_t>> from((full + 1) * width, {-1, -1});
    best[0] = in_.start;
    std::vector<size_t> allowed;
    for (uint32_t done = 0; done < full; ++done) {
      // Which steps may come next depends on the set only: once per set.
      allowed.clear();
      for (size_t i = 0; i < n; ++i) {
        if (!(done >> i & 1) && Allowed(i, done)) allowed.push_back(i);
      }
      for (size_t k = 0; k < width; ++k) {
        const Time t = best[done * width + k];
        if (t == kNever) continue;
        for (size_t i : allowed) {
          const Placement p = Place(i, t);
          const size_t k2 = k + p.unseated;
          const uint32_t next = done | 1u << i;
          const Time end = std::max(t, p.step.end);
          Time& slot = best[next * width + k2];
          if (end < slot) {
            slot = end;
            from[next * width + k2] = {static_cast<int8_t>(i), static_cast<int8_t>(k)};
          }
        }
      }
    }
    size_t k = 0;
    while (k < width && best[full * width + k] == kNever) ++k;
    if (k == width) return Greedy();  // cannot happen: the planner's own order is allowed
    std::vector<size_t> order;
    for (uint32_t done = full; done != 0;) {
      const auto [i, before] = from[done * width + k];
      order.push_back(static_cast<size_t>(i));
      done &= ~(1u << i);
      k = static_cast<size_t>(before);
    }
    std::reverse(order.begin(), order.end());
    return order;
  }

  // A long plan: each time the allowed step that leaves no session step
  // unseated and ends first (the planner's order on a tie).
  std::vector<size_t> Greedy() const {
    const size_t n = steps_.size();
    std::vector<size_t> order;
    uint64_t done = 0;
    Time cursor = in_.start;
    for (size_t round = 0; round < n; ++round) {
      size_t pick = n;
      std::tuple<bool, Time> pick_key{true, kNever};
      Time pick_end = cursor;
      for (size_t i = 0; i < n; ++i) {
        if (done >> i & 1 || !Allowed(i, done)) continue;
        const Placement p = Place(i, cursor);
        const std::tuple<bool, Time> key{p.unseated, p.step.end};
        if (pick == n || key < pick_key) {
          pick = i;
          pick_key = key;
          pick_end = p.step.end;
        }
      }
      // The first step not done is always allowed (the planner's order is).
      for (size_t i = 0; pick == n && i < n; ++i) {
        if (!(done >> i & 1)) {
          pick = i;
          pick_end = Place(i, cursor).step.end;
        }
      }
      done |= uint64_t{1} << pick;
      cursor = std::max(cursor, pick_end);
      order.push_back(pick);
    }
    return order;
  }

  const ScheduleInput& in_;
  double weekly_;
  std::vector<Step> steps_;
  std::vector<int> start_level_;
};

}  // namespace

Time SelfPacedDuration(double hours, double weekly_hours) {
  constexpr double kWeek = 7.0 * 86400 * 1000000;
  const double weekly = weekly_hours > 0 ? weekly_hours : 2;
  return static_cast<Time>(std::ceil(std::max(0.0, hours) / weekly * kWeek));
}

StepSchedule ScheduleSteps(const ScheduleInput& input) { return Orderer(input).Run(); }

}  // namespace skillpath::core
