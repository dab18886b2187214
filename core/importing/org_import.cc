#include "core/importing/org_import.h"

#include "absl/strings/ascii.h"
#include "core/importing/columns.h"
#include "core/model/errors.h"
#include "core/rules/org_links.h"

namespace skillpath::core {

const std::vector<std::string>& ImportFields(ImportKind kind) {
  static const std::vector<std::string> units = {"id", "name", "parent_id", "manager_id"};
  static const std::vector<std::string> people = {"id",       "name",       "email", "org_unit_id",
                                                  "position", "manager_id", "roles", "active"};
  return kind == ImportKind::kUnits ? units : people;
}

std::optional<bool> ParseActive(const std::string& cell) {
  const std::string v = absl::AsciiStrToLower(absl::StripAsciiWhitespace(cell));
  for (const char* yes : {"true", "yes", "ja", "1", "y", "j", "aktiv", "active"}) {
    if (v == yes) return true;
  }
  for (const char* no : {"false", "no", "nei", "0", "n", "inaktiv", "inactive", "sluttet"}) {
    if (v == no) return false;
  }
  return std::nullopt;
}

absl::StatusOr<OrgImportPlan> PlanOrgImport(Repositories& repos, ImportKind kind, const ImportTable& table,
                                            const ImportOptions& options) {
  OrgImportPlan plan;
  plan.kind = kind;
  if (kind == ImportKind::kUnits) {
    RETURN_IF_ERROR(importing::PlanUnits(repos, table, options, plan));
  } else {
    RETURN_IF_ERROR(importing::PlanPeople(repos, table, options, plan));
  }
  return plan;
}

absl::Status ApplyOrgImport(Repositories& repos, const OrgImportPlan& plan) {
  if (!plan.errors.empty()) {
    return absl::FailedPreconditionError("an import with rejected rows writes nothing");
  }
  for (const OrgUnit& u : plan.units) RETURN_IF_ERROR(repos.org.PutOrgUnit(u));
  for (const Person& p : plan.people) RETURN_IF_ERROR(repos.org.PutPerson(p));
  for (const std::string& m : plan.refresh_managers) RETURN_IF_ERROR(RefreshManagedFromData(repos, m));
  return absl::OkStatus();
}

namespace importing {

std::string FieldOf(const absl::Status& status) {
  const std::string m(status.message());
  const size_t colon = m.find(": ");
  std::string field = colon == std::string::npos ? "" : m.substr(0, colon);
  if (const size_t bracket = field.find('['); bracket != std::string::npos) field.resize(bracket);
  return field;
}

std::string ProblemOf(const absl::Status& status) {
  const std::string m(status.message());
  const size_t colon = m.find(": ");
  return colon == std::string::npos ? m : m.substr(colon + 2);
}

}  // namespace importing
}  // namespace skillpath::core
