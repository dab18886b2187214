#include "core/rules/assessments.h"

#include <optional>
#include <string>
#include <unordered_map>

#include "absl/strings/str_cat.h"
#include "core/index/read_index.h"
#include "core/model/errors.h"
#include "core/rules/validation.h"

namespace skillpath::core {
namespace {

// Clock skew tolerated between a client's assessed_at and the server's now.
constexpr Time kMaxFutureSkew = 5LL * 60 * 1000 * 1000;

absl::Status UnknownId(absl::string_view field, absl::string_view kind, absl::string_view id) {
  return InvalidField(field, absl::StrCat("unknown ", kind, " '", id, "'"));
}

// What one assessment is checked against, straight from storage.
class StoredLookups {
 public:
  explicit StoredLookups(Repositories& repos) : repos_(repos) {}
  absl::StatusOr<bool> PersonExists(const std::string& id) { return repos_.org.PersonExists(id); }
  absl::StatusOr<std::optional<int>> TopLevel(const std::string& id) {
    return repos_.frameworks.CompetenceTopLevel(id);
  }

 private:
  Repositories& repos_;
};

// The same for a batch: people from the read index where it knows them,
// every other answer asked once and kept for the batch. Keeping answers is
// right because a batch writes assessments only: what it asks about does
// not change while it runs.
class BatchLookups {
 public:
  BatchLookups(Repositories& repos, const IndexSnapshot* index) : repos_(repos), index_(index) {}
  absl::StatusOr<bool> PersonExists(const std::string& id) {
    if (index_ && index_->people.Find(id)) return true;
    if (auto it = people_.find(id); it != people_.end()) return it->second;
    ASSIGN_OR_RETURN(bool known, repos_.org.PersonExists(id));
    people_.emplace(id, known);
    return known;
  }
  absl::StatusOr<std::optional<int>> TopLevel(const std::string& id) {
    if (auto it = tops_.find(id); it != tops_.end()) return it->second;
    ASSIGN_OR_RETURN(std::optional<int> top, repos_.frameworks.CompetenceTopLevel(id));
    tops_.emplace(id, top);
    return top;
  }

 private:
  Repositories& repos_;
  const IndexSnapshot* index_;
  std::unordered_map<std::string, bool> people_;
  std::unordered_map<std::string, std::optional<int>> tops_;
};

template <typename Lookups>
absl::Status CheckWith(Lookups& lookups, Assessment& a, Time now) {
  if (a.assessed_at == 0) a.assessed_at = now;
  RETURN_IF_ERROR(ValidateAssessmentShape(a));
  if (a.assessed_at > now + kMaxFutureSkew) return InvalidField("assessed_at", "lies in the future");
  ASSIGN_OR_RETURN(bool person_known, lookups.PersonExists(a.person_id));
  if (!person_known) return UnknownId("person_id", "person", a.person_id);
  if (!a.assessor_id.empty()) {
    ASSIGN_OR_RETURN(bool assessor_known, lookups.PersonExists(a.assessor_id));
    if (!assessor_known) return UnknownId("assessor_id", "person", a.assessor_id);
  }
  ASSIGN_OR_RETURN(std::optional<int> top, lookups.TopLevel(a.competence_id));
  if (!top) return UnknownId("competence_id", "competence", a.competence_id);
  if (a.level < 0 || a.level > *top) {
    return InvalidField("level", absl::StrCat("level ", a.level, " is outside the scale of competence '",
                                              a.competence_id, "' (0..", *top, ")"));
  }
  return absl::OkStatus();
}

bool SameAssessment(const Assessment& x, const Assessment& y) {
  return x.person_id == y.person_id && x.competence_id == y.competence_id && x.level == y.level &&
         x.source == y.source && x.assessor_id == y.assessor_id && x.assessed_at == y.assessed_at &&
         x.expires_at == y.expires_at && x.note == y.note && x.evidence_uri == y.evidence_uri;
}

// A row whose id is stored already: a retry when the content is the same
// (a row sent without assessed_at matches any time), refused otherwise.
absl::Status AgainstStored(const Assessment& a, bool had_time, const Assessment& existing) {
  Assessment probe = a;
  if (!had_time) probe.assessed_at = existing.assessed_at;
  if (SameAssessment(probe, existing)) return absl::OkStatus();
  return absl::AlreadyExistsError(
      absl::StrCat("id: assessment '", a.id, "' already exists with other content; assessments are never changed"));
}

}  // namespace

absl::Status CheckAssessment(Repositories& repos, Assessment& a, Time now) {
  StoredLookups lookups(repos);
  return CheckWith(lookups, a, now);
}

absl::StatusOr<Assessment> RecordAssessment(Repositories& repos, Assessment a, Time now) {
  RETURN_IF_ERROR(CheckId("id", a.id));
  ASSIGN_OR_RETURN(std::optional<Assessment> existing, repos.assessments.FindAssessment(a.id));
  if (existing) {
    RETURN_IF_ERROR(AgainstStored(a, a.assessed_at != 0, *existing));
    return *existing;
  }
  RETURN_IF_ERROR(CheckAssessment(repos, a, now));
  RETURN_IF_ERROR(repos.assessments.AppendAssessment(a));
  return a;
}

absl::Status RecordAssessmentBatch(Repositories& repos, const IndexSnapshot* index, std::vector<Assessment>& rows,
                                   Time now, std::vector<absl::Status>& results) {
  results.assign(rows.size(), absl::OkStatus());
  BatchLookups lookups(repos, index);
  for (size_t i = 0; i < rows.size(); ++i) {
    Assessment& a = rows[i];
    // A bad id is the first thing CheckWith names (ValidateAssessmentShape
    // checks it first), as RecordAssessment's first check does.
    const bool had_time = a.assessed_at != 0;
    absl::Status checked = CheckWith(lookups, a, now);
    if (!checked.ok() && checked.code() != absl::StatusCode::kInvalidArgument) return checked;
    if (checked.ok()) {
      // One statement for the usual case, a new id; RecordAssessment's
      // lookup first would be a second per row.
      ASSIGN_OR_RETURN(bool appended, repos.assessments.AppendAssessmentIfNew(a));
      if (appended) continue;
    }
    // The id may be stored already (a retry), which RecordAssessment
    // answers before any other check.
    ASSIGN_OR_RETURN(std::optional<Assessment> existing, repos.assessments.FindAssessment(a.id));
    if (existing) {
      results[i] = AgainstStored(a, had_time, *existing);
    } else if (!checked.ok()) {
      results[i] = std::move(checked);
    } else {
      return absl::InternalError(absl::StrCat("assessment '", a.id, "' was neither appended nor found"));
    }
  }
  return absl::OkStatus();
}

}  // namespace skillpath::core
