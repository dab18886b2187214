#pragma once
// Test support: every repository interface of core/ports/repository.h and
// core/model/auth.h kept in memory, with the behaviour db/ gives them (ordering,
// subtrees, what a framework may drop, bookings, erasure), so that core/'s
// write rules (core/rules/commands.h) are tested without SQL. Not thread-safe; no
// transactions (a test that needs rollback uses db/).
#include <algorithm>
#include <map>
#include <set>

#include "absl/strings/match.h"
#include "core/model/auth.h"
#include "core/ports/repository.h"

namespace skillpath::core::testing {

class InMemoryRepositories final : public FrameworkRepository,
                                   public OrgRepository,
                                   public AssessmentRepository,
                                   public CatalogRepository,
                                   public PlanRepository,
                                   public AccessRepository {
 public:
  Repositories repositories() { return {*this, *this, *this, *this, *this, *this}; }

  // FrameworkRepository
  absl::StatusOr<std::optional<Framework>> FindFramework(const std::string& id) override {
    return Find(frameworks_, id);
  }
  absl::StatusOr<std::vector<Framework>> ListFrameworks() override { return All(frameworks_); }
  absl::Status PutFramework(const Framework& f) override {
    std::set<std::string> kept;
    for (const Area& a : f.areas) {
      for (const Competence& c : a.competences) kept.insert(c.id);
    }
    if (auto old = frameworks_.find(f.id); old != frameworks_.end()) {
      for (const Area& a : old->second.areas) {
        for (const Competence& c : a.competences) {
          if (!kept.count(c.id) && Referenced(c.id)) {
            return absl::FailedPreconditionError("competence " + c.id + " is still referenced");
          }
        }
      }
    }
    frameworks_[f.id] = f;
    return absl::OkStatus();
  }
  absl::StatusOr<std::optional<std::string>> FrameworkOfArea(const std::string& area_id) override {
    for (const auto& [id, f] : frameworks_) {
      for (const Area& a : f.areas) {
        if (a.id == area_id) return std::optional<std::string>(id);
      }
    }
    return std::optional<std::string>();
  }
  absl::StatusOr<std::optional<std::string>> FrameworkOfCompetence(const std::string& competence_id) override {
    const Competence* c = nullptr;
    const Framework* f = FindCompetence(competence_id, &c);
    return f ? std::optional<std::string>(f->id) : std::nullopt;
  }
  absl::StatusOr<std::optional<int>> CompetenceTopLevel(const std::string& competence_id) override {
    const Competence* c = nullptr;
    const Framework* f = FindCompetence(competence_id, &c);
    if (!f) return std::optional<int>();
    const Scale& scale = c->scale.levels.empty() ? f->scale : c->scale;
    return std::optional<int>(scale.levels.empty() ? 0 : scale.levels.back().level);
  }

  // OrgRepository
  absl::StatusOr<std::optional<OrgUnit>> FindOrgUnit(const std::string& id) override { return Find(units_, id); }
  absl::StatusOr<std::vector<OrgUnit>> ListOrgUnits() override { return All(units_); }
  absl::Status PutOrgUnit(const OrgUnit& u) override { return Put(units_, u); }
  absl::StatusOr<std::optional<Role>> FindRole(const std::string& id) override { return Find(roles_, id); }
  absl::StatusOr<std::vector<Role>> ListRoles() override { return All(roles_); }
  absl::Status PutRole(const Role& r) override { return Put(roles_, r); }
  absl::StatusOr<std::optional<Person>> FindPerson(const std::string& id) override { return Find(people_, id); }
  absl::StatusOr<bool> PersonExists(const std::string& id) override { return people_.count(id) > 0; }
  absl::StatusOr<std::vector<Person>> FindPeopleByEmail(const std::string& email) override {
    std::vector<Person> out;
    for (const auto& [id, p] : people_) {
      if (!p.email.empty() && absl::EqualsIgnoreCase(p.email, email)) out.push_back(p);
    }
    return out;
  }
  absl::StatusOr<std::vector<Person>> ListPeople(const std::string& org_unit_id, bool include_subunits,
                                                 const std::string& after_id, int limit) override {
    std::vector<Person> out;
    for (auto it = people_.upper_bound(after_id); it != people_.end() && static_cast<int>(out.size()) < limit; ++it) {
      if (org_unit_id.empty() || it->second.org_unit_id == org_unit_id ||
          (include_subunits && Below(it->second.org_unit_id, org_unit_id))) {
        out.push_back(it->second);
      }
    }
    return out;
  }
  absl::Status PutPerson(const Person& p) override {
    Person stored = p;  // origins stored for every link, as the SQLite store does
    stored.role_origins.resize(p.role_ids.size(), kByHand);
    stored.manages_origins.resize(p.manages_unit_ids.size(), kByHand);
    return Put(people_, stored);
  }
  absl::Status ForEachPerson(const std::function<void(const Person&)>& fn) override {
    for (const auto& [id, p] : people_) fn(p);
    return absl::OkStatus();
  }
  absl::StatusOr<std::vector<std::string>> UnitsManagedInData(const std::string& person_id) override {
    std::set<std::string> out;
    for (const auto& [id, u] : units_) {
      if (u.manager_id == person_id) out.insert(id);
    }
    for (const auto& [id, p] : people_) {
      if (p.manager_id == person_id && id != person_id) out.insert(p.org_unit_id);
    }
    return std::vector<std::string>(out.begin(), out.end());
  }
  absl::StatusOr<std::vector<PositionRule>> ListPositionRules() override { return All(rules_); }
  absl::Status PutPositionRule(const PositionRule& r) override { return Put(rules_, r); }
  absl::StatusOr<bool> DeletePositionRule(const std::string& id) override { return rules_.erase(id) > 0; }

  // AssessmentRepository
  absl::StatusOr<std::optional<Assessment>> FindAssessment(const std::string& id) override {
    for (const Assessment& a : assessments_) {
      if (a.id == id) return std::optional<Assessment>(a);
    }
    return std::optional<Assessment>();
  }
  absl::Status AppendAssessment(const Assessment& a) override {
    assessments_.push_back(a);
    return absl::OkStatus();
  }
  absl::StatusOr<bool> AppendAssessmentIfNew(const Assessment& a) override {
    for (const Assessment& stored : assessments_) {
      if (stored.id == a.id) return false;
    }
    assessments_.push_back(a);
    return true;
  }
  absl::StatusOr<std::vector<Assessment>> ListAssessments(const std::string& person_id,
                                                          const std::string& competence_id) override {
    std::vector<Assessment> out;
    for (const Assessment& a : assessments_) {
      if (a.person_id == person_id && (competence_id.empty() || a.competence_id == competence_id)) out.push_back(a);
    }
    std::stable_sort(out.begin(), out.end(),
                     [](const Assessment& x, const Assessment& y) { return x.assessed_at < y.assessed_at; });
    return out;
  }
  absl::StatusOr<int64_t> PurgeAssessmentsBefore(Time cutoff) override {
    const size_t before = assessments_.size();
    assessments_.erase(std::remove_if(assessments_.begin(), assessments_.end(),
                                      [&](const Assessment& a) { return a.assessed_at < cutoff; }),
                       assessments_.end());
    return static_cast<int64_t>(before - assessments_.size());
  }

  // CatalogRepository
  absl::StatusOr<std::optional<LearningResource>> FindResource(const std::string& id) override {
    return Find(resources_, id);
  }
  absl::StatusOr<std::vector<LearningResource>> ListResources(const std::string& competence_id) override {
    std::vector<LearningResource> out;
    for (const auto& [id, r] : resources_) {
      bool acts = competence_id.empty();
      for (const Outcome& o : r.outcomes) acts = acts || o.competence_id == competence_id;
      if (acts) out.push_back(r);
    }
    return out;
  }
  absl::Status PutResource(const LearningResource& r) override { return Put(resources_, r); }
  absl::Status DeleteResource(const std::string& id) override {
    resources_.erase(id);
    return absl::OkStatus();
  }
  absl::StatusOr<std::vector<std::string>> DependentsOf(const std::string& id) override {
    std::vector<std::string> out;
    for (const auto& [rid, r] : resources_) {
      if (std::find(r.prerequisite_ids.begin(), r.prerequisite_ids.end(), id) != r.prerequisite_ids.end())
        out.push_back(rid);
    }
    return out;
  }

  // PlanRepository
  absl::StatusOr<std::optional<LearningPlan>> FindPlan(const std::string& id) override { return Find(plans_, id); }
  absl::StatusOr<std::optional<std::string>> PlanOwner(const std::string& id) override {
    auto it = plans_.find(id);
    return it == plans_.end() ? std::nullopt : std::optional<std::string>(it->second.person_id);
  }
  absl::StatusOr<std::vector<LearningPlan>> ListPlans(const std::string& person_id) override {
    std::vector<LearningPlan> out;
    for (const auto& [id, p] : plans_) {
      if (p.person_id == person_id) out.push_back(p);
    }
    std::stable_sort(out.begin(), out.end(),
                     [](const LearningPlan& a, const LearningPlan& b) { return a.created_at > b.created_at; });
    return out;
  }
  absl::Status PutPlan(const LearningPlan& p) override { return Put(plans_, p); }
  absl::StatusOr<SessionBookings> Bookings() override {
    SessionBookings out;
    for (const auto& [id, p] : plans_) {
      if (p.status == PlanStatus::kCancelled) continue;
      for (const PlanStep& s : p.steps) {
        if (!s.session_id.empty()) ++out[{s.resource_id, s.session_id}];
      }
    }
    return out;
  }
  absl::StatusOr<std::set<std::string>> CompletedResources(const std::string& person_id) override {
    std::set<std::string> out;
    for (const auto& [id, p] : plans_) {
      if (p.person_id != person_id) continue;
      for (const PlanStep& s : p.steps) {
        if (s.status == StepStatus::kDone) out.insert(s.resource_id);
      }
    }
    return out;
  }
  absl::StatusOr<std::vector<std::string>> ActivePlansUsing(const std::string& resource_id) override {
    std::vector<std::string> out;
    for (const auto& [id, p] : plans_) {
      if (p.status == PlanStatus::kCancelled || p.status == PlanStatus::kCompleted) continue;
      for (const PlanStep& s : p.steps) {
        if (s.resource_id == resource_id) {
          out.push_back(id);
          break;
        }
      }
    }
    return out;
  }

  absl::StatusOr<WorkCalendarSettings> GetWorkCalendar() override { return work_calendar_; }
  absl::Status PutWorkCalendar(const WorkCalendarSettings& calendar) override {
    work_calendar_ = calendar;
    return absl::OkStatus();
  }

  // AccessRepository
  absl::StatusOr<std::optional<TokenRecord>> FindToken(const std::string& id) override { return Find(tokens_, id); }
  absl::StatusOr<std::vector<TokenRecord>> ListTokens() override { return All(tokens_); }
  absl::StatusOr<std::vector<TokenRecord>> ListTokensOf(const std::string& person_id, TokenKind kind) override {
    std::vector<TokenRecord> out;
    for (const TokenRecord& t : All(tokens_)) {
      if (t.person_id == person_id && t.kind == kind) out.push_back(t);
    }
    std::stable_sort(out.begin(), out.end(), [](const TokenRecord& a, const TokenRecord& b) { return a.created_at < b.created_at; });
    return out;
  }
  absl::Status PutToken(const TokenRecord& t) override {
    auto it = tokens_.find(t.id);
    if (it == tokens_.end()) return Put(tokens_, t);
    TokenRecord& stored = it->second;  // as the SQLite store: these change, the rest stays
    stored.revoked_at = t.revoked_at;
    stored.expires_at = t.expires_at;
    stored.description = t.description;
    if (t.last_used_at && (!stored.last_used_at || *stored.last_used_at < *t.last_used_at)) {
      stored.last_used_at = t.last_used_at;
    }
    return absl::OkStatus();
  }
  absl::StatusOr<bool> TouchToken(const std::string& id, Time at) override {
    auto it = tokens_.find(id);
    if (it == tokens_.end() || it->second.last_used_at.value_or(0) >= at) return false;
    it->second.last_used_at = at;
    return true;
  }
  absl::Status PutSignInRequest(const SignInRequest& r) override {
    sign_ins_[r.state_hash] = r;
    return absl::OkStatus();
  }
  absl::StatusOr<std::optional<SignInRequest>> TakeSignInRequest(const std::string& state_hash) override {
    auto it = sign_ins_.find(state_hash);
    if (it == sign_ins_.end()) return std::nullopt;
    SignInRequest r = std::move(it->second);
    sign_ins_.erase(it);
    return r;
  }
  absl::StatusOr<int64_t> PurgeSignInRequestsBefore(Time before) override {
    int64_t n = 0;
    for (auto it = sign_ins_.begin(); it != sign_ins_.end();) {
      if (it->second.created_at < before) {
        it = sign_ins_.erase(it);
        ++n;
      } else {
        ++it;
      }
    }
    return n;
  }
  absl::Status AppendAudit(const AuditEvent& e) override {
    audit_.push_back(e);
    audit_.back().seq = static_cast<int64_t>(audit_.size());
    return absl::OkStatus();
  }
  absl::StatusOr<std::vector<AuditEvent>> ListAudit(const AuditQuery& q) override {
    std::vector<AuditEvent> out;
    for (const AuditEvent& e : audit_) {
      if (e.seq <= q.after_seq || (!q.subject.empty() && e.subject != q.subject) ||
          (!q.actor_person.empty() && e.actor_person != q.actor_person) ||
          (!q.actor_token.empty() && e.actor_token != q.actor_token) || (q.from && e.at < *q.from) ||
          (q.to && e.at >= *q.to)) {
        continue;
      }
      if (static_cast<int>(out.size()) == q.limit) break;
      out.push_back(e);
    }
    return out;
  }
  absl::StatusOr<std::optional<PersonData>> CollectPersonData(const std::string& id) override {
    auto person = people_.find(id);
    if (person == people_.end()) return std::optional<PersonData>();
    PersonData d;
    d.person = person->second;
    for (const Assessment& a : assessments_) {
      if (a.person_id == id) d.assessments.push_back(a);
      if (a.assessor_id == id && a.person_id != id) d.assessments_given.push_back(a);
    }
    for (const auto& [pid, p] : plans_) {
      if (p.person_id == id) d.plan_ids.push_back(pid);
    }
    for (const auto& [tid, t] : tokens_) {
      if (t.person_id == id) d.tokens.push_back(t);
    }
    for (const AuditEvent& e : audit_) {
      if (e.subject == id) d.audit.push_back(e);
    }
    return std::optional<PersonData>(std::move(d));
  }
  absl::StatusOr<bool> ErasePerson(const std::string& id, const AuditEvent& erasure) override {
    if (!people_.erase(id)) return false;
    assessments_.erase(std::remove_if(assessments_.begin(), assessments_.end(),
                                      [&](const Assessment& a) { return a.person_id == id; }),
                       assessments_.end());
    for (Assessment& a : assessments_) {
      if (a.assessor_id == id) a.assessor_id.clear();
    }
    for (auto& [pid, p] : people_) {
      if (p.manager_id == id) p.manager_id.clear();
    }
    for (auto& [uid, u] : units_) {
      if (u.manager_id == id) u.manager_id.clear();
    }
    EraseIf(plans_, [&](const LearningPlan& p) { return p.person_id == id; });
    EraseIf(tokens_, [&](const TokenRecord& t) { return t.person_id == id; });
    for (AuditEvent& e : audit_) {
      if (e.subject == id) e.subject = erasure.subject;
      if (e.actor_person == id) e.actor_person = erasure.subject;
    }
    return AppendAudit(erasure).ok();
  }
  absl::StatusOr<int64_t> PurgeAuditBefore(Time before, Time now) override {
    const size_t had = audit_.size();
    audit_.erase(std::remove_if(audit_.begin(), audit_.end(), [&](const AuditEvent& e) { return e.at < before; }),
                 audit_.end());
    AuditEvent purge;
    purge.at = now;
    purge.method = "retention";
    purge.outcome = "audit entries before the cutoff purged";
    (void)AppendAudit(purge);
    return static_cast<int64_t>(had - (audit_.size() - 1));
  }
  absl::StatusOr<std::string> PseudonymSalt() override { return std::string("in-memory salt"); }

  // What a test looks at directly.
  const std::vector<Assessment>& assessments() const { return assessments_; }

 private:
  template <typename M>
  static std::optional<typename M::mapped_type> Find(const M& m, const std::string& id) {
    auto it = m.find(id);
    return it == m.end() ? std::nullopt : std::optional<typename M::mapped_type>(it->second);
  }
  template <typename M>
  static std::vector<typename M::mapped_type> All(const M& m) {
    std::vector<typename M::mapped_type> out;
    for (const auto& [id, v] : m) out.push_back(v);
    return out;
  }
  template <typename M, typename V>
  static absl::Status Put(M& m, const V& v) {
    m[v.id] = v;
    return absl::OkStatus();
  }
  template <typename M, typename Pred>
  static void EraseIf(M& m, Pred pred) {
    for (auto it = m.begin(); it != m.end();) it = pred(it->second) ? m.erase(it) : std::next(it);
  }
  const Framework* FindCompetence(const std::string& id, const Competence** found) const {
    for (const auto& [fid, f] : frameworks_) {
      for (const Area& a : f.areas) {
        for (const Competence& c : a.competences) {
          if (c.id == id) {
            *found = &c;
            return &f;
          }
        }
      }
    }
    return nullptr;
  }
  bool Referenced(const std::string& competence_id) const {
    for (const auto& [id, r] : roles_) {
      for (const Target& t : r.targets) {
        if (t.competence_id == competence_id) return true;
      }
    }
    for (const auto& [id, r] : resources_) {
      for (const Outcome& o : r.outcomes) {
        if (o.competence_id == competence_id) return true;
      }
    }
    for (const Assessment& a : assessments_) {
      if (a.competence_id == competence_id) return true;
    }
    return false;
  }
  // Whether `unit` lies strictly below `ancestor`.
  bool Below(std::string unit, const std::string& ancestor) const {
    for (int guard = 0; guard < 10000; ++guard) {
      auto it = units_.find(unit);
      if (it == units_.end() || it->second.parent_id.empty()) return false;
      unit = it->second.parent_id;
      if (unit == ancestor) return true;
    }
    return false;
  }

  std::map<std::string, Framework> frameworks_;
  std::map<std::string, OrgUnit> units_;
  std::map<std::string, Role> roles_;
  std::map<std::string, Person> people_;
  std::map<std::string, PositionRule> rules_;
  std::vector<Assessment> assessments_;  // in the order recorded
  std::map<std::string, LearningResource> resources_;
  std::map<std::string, LearningPlan> plans_;
  WorkCalendarSettings work_calendar_;
  std::map<std::string, TokenRecord> tokens_;
  std::map<std::string, SignInRequest> sign_ins_;
  std::vector<AuditEvent> audit_;
};

}  // namespace skillpath::core::testing
