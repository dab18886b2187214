#include "api/convert/convert.h"

#include <algorithm>
#include <cmath>
#include <map>

#include "absl/strings/str_cat.h"
#include "core/model/errors.h"
#include "core/rules/validation.h"

namespace skillpath::services {

namespace {
// google.protobuf.Timestamp's own range: 0001-01-01T00:00:00Z ..
// 9999-12-31T23:59:59Z. A message outside it cannot be printed as JSON.
constexpr int64_t kMinTimestampSeconds = -62135596800;
constexpr int64_t kMaxTimestampSeconds = 253402300799;
}  // namespace

core::Time FromProto(const google::protobuf::Timestamp& t) {
  // The binary wire format lets any int64 through; beyond Timestamp's range
  // the value saturates just outside core's range instead of overflowing,
  // so validation (core::CheckTime) refuses it by field.
  if (t.seconds() < kMinTimestampSeconds) return kMinTimestampSeconds * 1000000;
  if (t.seconds() > kMaxTimestampSeconds) return kMaxTimestampSeconds * 1000000;
  const int32_t nanos = std::clamp(t.nanos(), 0, 999999999);
  return static_cast<core::Time>(t.seconds()) * 1000000 + nanos / 1000;
}

absl::StatusOr<core::Time> FromProto(absl::string_view field, const google::protobuf::Timestamp& t) {
  if (t.nanos() < 0 || t.nanos() > 999999999) return core::InvalidField(field, "nanos must be 0..999999999");
  const core::Time time = FromProto(t);
  RETURN_IF_ERROR(core::CheckTime(field, time));
  return time;
}

absl::Status CheckTimestamp(absl::string_view field, bool has, const google::protobuf::Timestamp& t) {
  return has ? FromProto(field, t).status() : absl::OkStatus();
}

void ToProto(core::Time t, google::protobuf::Timestamp* out) {
  // What is stored is shown as far as Timestamp can show it: a time from
  // before the API's bounds (a plan scheduled centuries ahead) clamps to
  // the last representable second instead of failing the whole read.
  t = std::clamp<core::Time>(t, kMinTimestampSeconds * 1000000, kMaxTimestampSeconds * 1000000 + 999999);
  int64_t seconds = t / 1000000;
  int64_t micros = t % 1000000;
  if (micros < 0) {
    micros += 1000000;
    seconds -= 1;
  }
  out->set_seconds(seconds);
  out->set_nanos(static_cast<int32_t>(micros * 1000));
}

namespace {
std::vector<std::string> Strings(const google::protobuf::RepeatedPtrField<std::string>& in) {
  return {in.begin(), in.end()};
}
template <typename Repeated>
void SetStrings(const std::vector<std::string>& in, Repeated* out) {
  for (const std::string& s : in) out->Add(std::string(s));
}
}  // namespace

static std::vector<core::Translation> FromProto(const google::protobuf::RepeatedPtrField<v1::Translation>& m) {
  std::vector<core::Translation> out;
  for (const v1::Translation& t : m) out.push_back({t.language(), t.name(), t.description()});
  return out;
}

core::Scale FromProto(const v1::Scale& m) {
  core::Scale s;
  for (const v1::ScaleLevel& l : m.levels()) {
    s.levels.push_back({l.level(), l.name(), l.description(), FromProto(l.translations())});
  }
  return s;
}

core::Framework FromProto(const v1::Framework& m) {
  core::Framework f;
  f.id = m.id();
  f.name = m.name();
  f.version = m.version();
  f.description = m.description();
  f.source_uri = m.source_uri();
  f.scale = FromProto(m.scale());
  f.language = m.language();
  f.translations = FromProto(m.translations());
  for (const v1::Area& a : m.areas()) {
    core::Area area{a.id(), a.name(), a.description(), {}, a.source_uri(), FromProto(a.translations())};
    for (const v1::Competence& c : a.competences()) {
      area.competences.push_back({c.id(), c.area_id(), c.name(), c.description(), FromProto(c.scale()), c.source_uri(),
                                  FromProto(c.translations())});
    }
    f.areas.push_back(std::move(area));
  }
  return f;
}

core::OrgUnit FromProto(const v1::OrgUnit& m) { return {m.id(), m.parent_id(), m.name(), m.manager_id()}; }

core::Role FromProto(const v1::Role& m) {
  core::Role r;
  r.id = m.id();
  r.name = m.name();
  r.description = m.description();
  r.inherits_role_ids = Strings(m.inherits_role_ids());
  for (const v1::Target& t : m.targets()) {
    r.targets.push_back({t.competence_id(), t.level(), static_cast<core::Priority>(t.priority()), t.weight()});
  }
  return r;
}

core::Person FromProto(const v1::Person& m) {
  core::Person p;
  p.id = m.id();
  p.name = m.name();
  p.email = m.email();
  p.org_unit_id = m.org_unit_id();
  p.role_ids = Strings(m.role_ids());
  p.manages_unit_ids = Strings(m.manages_unit_ids());
  p.active = m.has_active() ? m.active() : true;
  p.position = m.position();
  p.manager_id = m.manager_id();
  p.weekly_hours = m.weekly_hours();
  return p;  // origins are the server's: role_assignments and managed_units are not read
}

core::PositionRule FromProto(const v1::PositionRule& m) {
  return {m.id(), m.position(), m.pattern(), m.description(), Strings(m.role_ids())};
}

void ToProto(const core::PositionRule& r, v1::PositionRule* out) {
  out->Clear();
  out->set_id(r.id);
  out->set_position(r.position);
  out->set_pattern(r.pattern);
  out->set_description(r.description);
  SetStrings(r.role_ids, out->mutable_role_ids());
}

core::WorkCalendarSettings FromProto(const v1::WorkCalendar& m) {
  core::WorkCalendarSettings c;
  c.norwegian_holidays = m.norwegian_holidays();
  for (const v1::ClosedPeriod& p : m.closed()) c.closed.push_back({p.name(), p.first_day(), p.last_day()});
  return c;
}

void ToProto(const core::WorkCalendarSettings& c, v1::WorkCalendar* out) {
  out->Clear();
  out->set_norwegian_holidays(c.norwegian_holidays);
  for (const core::ClosedPeriod& p : c.closed) {
    v1::ClosedPeriod* m = out->add_closed();
    m->set_name(p.name);
    m->set_first_day(p.first_day);
    m->set_last_day(p.last_day);
  }
}

core::Assessment FromProto(const v1::Assessment& m) {
  core::Assessment a;
  a.id = m.id();
  a.person_id = m.person_id();
  a.competence_id = m.competence_id();
  a.level = m.level();
  a.source = static_cast<core::Source>(m.source());
  a.assessor_id = m.assessor_id();
  a.assessed_at = m.has_assessed_at() ? FromProto(m.assessed_at()) : 0;
  if (m.has_expires_at()) a.expires_at = FromProto(m.expires_at());
  a.note = m.note();
  a.evidence_uri = m.evidence_uri();
  return a;
}

core::LearningResource FromProto(const v1::LearningResource& m) {
  core::LearningResource r;
  r.id = m.id();
  r.title = m.title();
  r.provider = m.provider();
  r.mode = static_cast<core::Mode>(m.mode());
  r.hours = m.hours();
  r.cost = m.cost();
  r.language = m.language();
  r.url = m.url();
  for (const v1::Outcome& o : m.outcomes()) r.outcomes.push_back({o.competence_id(), o.min_level(), o.reaches_level()});
  r.prerequisite_ids = Strings(m.prerequisite_ids());
  for (const v1::Session& s : m.sessions()) {
    r.sessions.push_back({s.id(), s.has_start() ? FromProto(s.start()) : 0, s.has_end() ? FromProto(s.end()) : 0,
                          s.capacity(), s.location(), s.fixed_cost()});
  }
  return r;
}

static void ToProto(const std::vector<core::Translation>& in, google::protobuf::RepeatedPtrField<v1::Translation>* out) {
  for (const core::Translation& t : in) {
    v1::Translation* m = out->Add();
    m->set_language(t.language);
    m->set_name(t.name);
    m->set_description(t.description);
  }
}

void ToProto(const core::Scale& s, v1::Scale* out) {
  for (const core::ScaleLevel& l : s.levels) {
    v1::ScaleLevel* m = out->add_levels();
    m->set_level(l.level);
    m->set_name(l.name);
    m->set_description(l.description);
    ToProto(l.translations, m->mutable_translations());
  }
}

void ToProto(const core::Framework& f, v1::Framework* out) {
  out->Clear();
  out->set_id(f.id);
  out->set_name(f.name);
  out->set_version(f.version);
  out->set_description(f.description);
  out->set_source_uri(f.source_uri);
  out->set_language(f.language);
  ToProto(f.translations, out->mutable_translations());
  ToProto(f.scale, out->mutable_scale());
  for (const core::Area& a : f.areas) {
    v1::Area* am = out->add_areas();
    am->set_id(a.id);
    am->set_name(a.name);
    am->set_description(a.description);
    am->set_source_uri(a.source_uri);
    ToProto(a.translations, am->mutable_translations());
    for (const core::Competence& c : a.competences) {
      v1::Competence* cm = am->add_competences();
      cm->set_id(c.id);
      cm->set_area_id(a.id);
      cm->set_name(c.name);
      cm->set_description(c.description);
      cm->set_source_uri(c.source_uri);
      ToProto(c.translations, cm->mutable_translations());
      if (!c.scale.empty()) ToProto(c.scale, cm->mutable_scale());
    }
  }
}

void ToProto(const core::OrgUnit& u, v1::OrgUnit* out) {
  out->set_id(u.id);
  out->set_parent_id(u.parent_id);
  out->set_name(u.name);
  out->set_manager_id(u.manager_id);
}

void ToProto(const core::Role& r, v1::Role* out) {
  out->Clear();
  out->set_id(r.id);
  out->set_name(r.name);
  out->set_description(r.description);
  SetStrings(r.inherits_role_ids, out->mutable_inherits_role_ids());
  for (const core::Target& t : r.targets) {
    v1::Target* m = out->add_targets();
    m->set_competence_id(t.competence_id);
    m->set_level(t.level);
    m->set_priority(static_cast<v1::Priority>(t.priority));
    m->set_weight(t.weight);
  }
}

void ToProto(const core::Person& p, v1::Person* out) {
  out->Clear();
  out->set_id(p.id);
  out->set_name(p.name);
  out->set_email(p.email);
  out->set_org_unit_id(p.org_unit_id);
  SetStrings(p.role_ids, out->mutable_role_ids());
  SetStrings(p.manages_unit_ids, out->mutable_manages_unit_ids());
  out->set_active(p.active);
  out->set_position(p.position);
  out->set_manager_id(p.manager_id);
  out->set_weekly_hours(p.weekly_hours);
  out->set_language(p.language);
  out->set_email_notifications(p.email_notifications);
  auto assignment = [](const std::string& id, int origins, v1::Assignment* a) {
    a->set_id(id);
    a->set_by_hand(origins & core::kByHand);
    a->set_from_import(origins & core::kFromImport);
    a->set_from_rule(origins & core::kFromRule);
    a->set_from_data(origins & core::kFromData);
  };
  for (size_t i = 0; i < p.role_ids.size(); ++i) assignment(p.role_ids[i], p.RoleOrigins(i), out->add_role_assignments());
  for (size_t i = 0; i < p.manages_unit_ids.size(); ++i) {
    assignment(p.manages_unit_ids[i], p.ManagesOrigins(i), out->add_managed_units());
  }
}

void ToProto(const core::Assessment& a, v1::Assessment* out) {
  out->Clear();
  out->set_id(a.id);
  out->set_person_id(a.person_id);
  out->set_competence_id(a.competence_id);
  out->set_level(a.level);
  out->set_source(static_cast<v1::AssessmentSource>(a.source));
  out->set_assessor_id(a.assessor_id);
  ToProto(a.assessed_at, out->mutable_assessed_at());
  if (a.expires_at) ToProto(*a.expires_at, out->mutable_expires_at());
  out->set_note(a.note);
  out->set_evidence_uri(a.evidence_uri);
}

void ToProto(const core::LearningResource& r, v1::LearningResource* out) {
  out->Clear();
  out->set_id(r.id);
  out->set_title(r.title);
  out->set_provider(r.provider);
  out->set_mode(static_cast<v1::LearningMode>(r.mode));
  out->set_hours(r.hours);
  out->set_cost(r.cost);
  out->set_language(r.language);
  out->set_url(r.url);
  for (const core::Outcome& o : r.outcomes) {
    v1::Outcome* m = out->add_outcomes();
    m->set_competence_id(o.competence_id);
    m->set_min_level(o.min_level);
    m->set_reaches_level(o.reaches_level);
  }
  SetStrings(r.prerequisite_ids, out->mutable_prerequisite_ids());
  for (const core::Session& s : r.sessions) {
    v1::Session* m = out->add_sessions();
    m->set_id(s.id);
    ToProto(s.start, m->mutable_start());
    ToProto(s.end, m->mutable_end());
    m->set_capacity(s.capacity);
    m->set_location(s.location);
    m->set_fixed_cost(s.fixed_cost);
  }
}

absl::StatusOr<core::PlanOptions> FromProto(const v1::PlanOptions& m, core::Time now) {
  core::PlanOptions o;
  o.weekly_hours = m.weekly_hours() == 0 ? 2 : m.weekly_hours();
  if (m.has_start()) {
    ASSIGN_OR_RETURN(o.start, FromProto("options.start", m.start()));
  } else {
    o.start = now;
  }
  o.include_desired = m.include_desired();
  o.max_cost = m.max_cost();
  o.max_hours = m.max_hours();
  for (int i = 0; i < m.modes_size(); ++i) {
    const int mode = m.modes(i);
    if (mode < 1 || mode > 5) {
      return core::InvalidField(absl::StrCat("options.modes[", i, "]"),
                                "must be ELEARNING, CLASSROOM, WORKSHOP, ON_THE_JOB or MENTORING");
    }
    o.modes.push_back(static_cast<core::Mode>(mode));
  }
  o.language = m.language();
  if (m.objective() < 0 || m.objective() > 2) {
    return core::InvalidField("options.objective", "must be MIN_HOURS or MIN_COST");
  }
  o.objective = m.objective() == v1::MIN_COST ? core::Objective::kMinCost : core::Objective::kMinHours;
  RETURN_IF_ERROR(core::ValidatePlanOptions(o, now));
  return o;
}

void ToProto(const core::PlanOptions& o, v1::PlanOptions* out) {
  out->set_weekly_hours(o.weekly_hours);
  ToProto(o.start, out->mutable_start());
  out->set_include_desired(o.include_desired);
  out->set_max_cost(o.max_cost);
  out->set_max_hours(o.max_hours);
  for (core::Mode m : o.modes) out->add_modes(static_cast<v1::LearningMode>(m));
  out->set_language(o.language);
  out->set_objective(o.objective == core::Objective::kMinCost ? v1::MIN_COST : v1::MIN_HOURS);
}

void ToProto(const core::PlanStep& s, v1::PlanStep* m) {
  m->Clear();
  m->set_seq(s.seq);
  m->set_resource_id(s.resource_id);
  m->set_title(s.title);
  for (const core::LevelChange& c : s.changes) {
    v1::LevelChange* lc = m->add_changes();
    lc->set_competence_id(c.competence_id);
    lc->set_from_level(c.from);
    lc->set_to_level(c.to);
  }
  ToProto(s.planned_start, m->mutable_planned_start());
  ToProto(s.planned_end, m->mutable_planned_end());
  m->set_session_id(s.session_id);
  m->set_status(static_cast<v1::StepStatus>(s.status));
  m->set_rationale(s.rationale);
  m->set_problem(s.problem);
  m->set_comment(s.comment);
  if (s.claimed_at) ToProto(s.claimed_at, m->mutable_claimed_at());
}

void ToProto(const core::LearningPlan& p, v1::LearningPlan* out) {
  out->Clear();
  out->set_id(p.id);
  out->set_person_id(p.person_id);
  out->set_status(static_cast<v1::PlanStatus>(p.status));
  for (const core::PlanStep& s : p.steps) ToProto(s, out->add_steps());
  out->set_total_hours(p.total_hours);
  out->set_total_cost(p.total_cost);
  for (const core::UncoveredGoal& u : p.uncovered) {
    v1::UncoveredGap* m = out->add_uncovered();
    m->set_competence_id(u.competence_id);
    m->set_target_level(u.target);
    m->set_reachable_level(u.reachable);
    m->set_reason(u.reason);
  }
  out->set_optimal(p.optimal);
  out->set_schedule_optimal(p.schedule_optimal);
  ToProto(p.options, out->mutable_options());
  if (p.created_at) ToProto(p.created_at, out->mutable_created_at());
  if (p.updated_at) ToProto(p.updated_at, out->mutable_updated_at());
  out->set_replaced_by_plan_id(p.replaced_by_plan_id);
  out->set_replaces_plan_id(p.replaces_plan_id);
  for (const core::PlanComment& c : p.comments) ToProto(c, out->add_comments());
}

void ToProto(const core::PlanComment& c, v1::PlanComment* out) {
  ToProto(c.at, out->mutable_at());
  out->set_author_person_id(c.author_id);
  out->set_author_name(c.author_name);
  out->set_text(c.text);
  out->set_status(static_cast<v1::PlanStatus>(c.status));
}

void ToProto(const core::PlanCurrency& c, v1::LearningPlan* out) {
  if (!c.checked) return;
  for (size_t i = 0; i < c.steps.size() && i < static_cast<size_t>(out->steps_size()); ++i) {
    v1::PlanStep* step = out->mutable_steps(static_cast<int>(i));
    step->set_no_longer_needed(c.steps[i].no_longer_needed);
    step->set_currency_reason(c.steps[i].reason);
  }
  out->clear_not_enough();
  for (const core::PlanShortfall& s : c.not_enough) {
    v1::PlanShortfall* m = out->add_not_enough();
    m->set_competence_id(s.competence_id);
    m->set_competence_name(s.competence_name);
    m->set_planned_level(s.planned_level);
    m->set_needed_level(s.needed_level);
    m->set_reason(s.reason);
  }
  out->set_out_of_date(c.out_of_date());
}

namespace {
void ToProto(const core::FundedStep& f, const std::map<std::string, std::string>& titles, v1::FundedStep* m) {
  m->set_person_id(f.person_id);
  m->set_resource_id(f.resource_id);
  m->set_cost(f.cost);
  auto title = titles.find(f.resource_id);
  m->set_resource_title(title == titles.end() ? f.resource_id : title->second);
}
}  // namespace

void ToProto(const core::DemandResult& demand, bool with_allocation, v1::TrainingDemand* out) {
  out->Clear();
  for (const core::ResourceDemandResult& r : demand.resources) {
    v1::ResourceDemand* m = out->add_resources();
    m->set_resource_id(r.resource_id);
    m->set_title(r.title);
    m->set_learners(r.learners);
    m->set_total_hours(r.total_hours);
    m->set_total_cost(r.total_cost);
    for (const auto& [quarter, learners] : r.quarters) {
      v1::QuarterDemand* q = m->add_quarters();
      q->set_quarter(quarter);
      q->set_learners(learners);
    }
    for (const auto& [session, who] : r.cohorts) {
      v1::Cohort* c = m->add_cohorts();
      c->set_session_id(session);
      for (const std::string& id : who) c->add_person_ids(id);
    }
    m->set_unscheduled(r.unscheduled);
    m->set_extra_sessions_needed(r.extra_sessions_needed);
    m->set_session_capacity(r.session_capacity);
  }
  out->set_total_hours(demand.total_hours);
  out->set_total_cost(demand.total_cost);
  if (!with_allocation) return;
  std::map<std::string, std::string> titles;
  for (const core::ResourceDemandResult& r : demand.resources) titles[r.resource_id] = r.title;
  v1::Allocation* a = out->mutable_allocation();
  for (const core::FundedStep& f : demand.allocation.funded) ToProto(f, titles, a->add_funded());
  for (const core::FundedStep& f : demand.allocation.unfunded) ToProto(f, titles, a->add_unfunded());
  a->set_spent(demand.allocation.spent);
  a->set_closed_weighted_gap(demand.allocation.closed_weighted_gap);
  a->set_algorithm(demand.allocation.algorithm);
  a->set_method(demand.allocation.method);
  a->set_cost_unit(demand.allocation.cost_unit);
}

static_assert(static_cast<int>(core::TokenKind::kApi) == v1::API_TOKEN &&
              static_cast<int>(core::TokenKind::kSession) == v1::SESSION &&
              static_cast<int>(core::TokenKind::kProvider) == v1::PROVIDER_TOKEN &&
              static_cast<int>(core::TokenKind::kCalendarFeed) == v1::CALENDAR_FEED);

void ToProto(const core::TokenRecord& t, v1::TokenInfo* out) {
  out->set_id(t.id);
  out->set_grant(static_cast<v1::Grant>(t.grant));
  out->set_person_id(t.person_id);
  out->set_description(t.description);
  ToProto(t.created_at, out->mutable_created_at());
  if (t.expires_at) ToProto(*t.expires_at, out->mutable_expires_at());
  if (t.revoked_at) ToProto(*t.revoked_at, out->mutable_revoked_at());
  out->set_kind(static_cast<v1::TokenKind>(t.kind));  // the same numbers
  out->set_idle_timeout_seconds(t.idle_timeout / core::kMicrosPerSecond);
  if (t.last_used_at) ToProto(*t.last_used_at, out->mutable_last_used_at());
  out->set_issuer(t.issuer);
}

void ToProto(const core::AuditEvent& e, v1::AuditEvent* out) {
  out->set_seq(e.seq);
  ToProto(e.at, out->mutable_at());
  out->set_actor_token(e.actor_token);
  out->set_actor_person(e.actor_person);
  out->set_method(e.method);
  out->set_subject(e.subject);
  out->set_outcome(e.outcome);
  out->set_count(e.count);
}

}  // namespace skillpath::services
