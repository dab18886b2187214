#include "services/convert.h"

namespace skillpath::services {

core::Time FromProto(const google::protobuf::Timestamp& t) {
  return static_cast<core::Time>(t.seconds()) * 1000000 + t.nanos() / 1000;
}

void ToProto(core::Time t, google::protobuf::Timestamp* out) {
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

core::Scale FromProto(const v1::Scale& m) {
  core::Scale s;
  for (const v1::ScaleLevel& l : m.levels()) s.levels.push_back({l.level(), l.name(), l.description()});
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
  for (const v1::Area& a : m.areas()) {
    core::Area area{a.id(), a.name(), a.description(), {}};
    for (const v1::Competence& c : a.competences()) {
      area.competences.push_back({c.id(), c.area_id(), c.name(), c.description(), FromProto(c.scale())});
    }
    f.areas.push_back(std::move(area));
  }
  return f;
}

core::OrgUnit FromProto(const v1::OrgUnit& m) { return {m.id(), m.parent_id(), m.name()}; }

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
  return p;
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

void ToProto(const core::Scale& s, v1::Scale* out) {
  for (const core::ScaleLevel& l : s.levels) {
    v1::ScaleLevel* m = out->add_levels();
    m->set_level(l.level);
    m->set_name(l.name);
    m->set_description(l.description);
  }
}

void ToProto(const core::Framework& f, v1::Framework* out) {
  out->Clear();
  out->set_id(f.id);
  out->set_name(f.name);
  out->set_version(f.version);
  out->set_description(f.description);
  out->set_source_uri(f.source_uri);
  ToProto(f.scale, out->mutable_scale());
  for (const core::Area& a : f.areas) {
    v1::Area* am = out->add_areas();
    am->set_id(a.id);
    am->set_name(a.name);
    am->set_description(a.description);
    for (const core::Competence& c : a.competences) {
      v1::Competence* cm = am->add_competences();
      cm->set_id(c.id);
      cm->set_area_id(a.id);
      cm->set_name(c.name);
      cm->set_description(c.description);
      if (!c.scale.empty()) ToProto(c.scale, cm->mutable_scale());
    }
  }
}

void ToProto(const core::OrgUnit& u, v1::OrgUnit* out) {
  out->set_id(u.id);
  out->set_parent_id(u.parent_id);
  out->set_name(u.name);
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

}  // namespace skillpath::services
