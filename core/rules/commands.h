#pragma once
// The write rules of skillpath: each function validates one request against
// its shape and against what is stored (unknown ids, levels outside the
// scale, cycles), then writes through the repositories. They run inside the
// caller's transaction, so a failure leaves nothing written once the caller
// rolls back. Errors: INVALID_ARGUMENT "<field>: <problem>", NOT_FOUND for the
// subject of an update that does not exist, FAILED_PRECONDITION for a write
// that stored data forbids.

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "core/model/types.h"
#include "core/ports/repository.h"
#include "core/rules/assessments.h"
#include "core/rules/plan_commands.h"

namespace skillpath::core {

absl::StatusOr<Framework> UpsertFramework(Repositories& repos, Framework framework);
// A changed manager_id moves what the old and the new manager manage from
// the data (core/rules/org_links.h).
absl::StatusOr<OrgUnit> UpsertOrgUnit(Repositories& repos, OrgUnit unit);
absl::StatusOr<Role> UpsertRole(Repositories& repos, Role role);
// The person's role_ids and manages_unit_ids are what they hold
// afterwards: links kept keep their origins, new ones are by hand, links
// left out go; then the position rules give their roles, and the units the
// person manages from the data are recomputed (theirs, and those of the old
// and new manager when manager_id or org_unit_id changed).
absl::StatusOr<Person> UpsertPerson(Repositories& repos, Person person);
// By hand, also for a role an import or a rule gave already (a sync then
// keeps it).
absl::StatusOr<Person> AssignRole(Repositories& repos, const std::string& person_id, const std::string& role_id);
// Takes back an assignment by hand. FAILED_PRECONDITION for a role that
// only an import or a position rule gives (it would come back): change the
// HR data or the rule.
absl::StatusOr<Person> UnassignRole(Repositories& repos, const std::string& person_id, const std::string& role_id);

// Position rules (ADMIN): stored, then applied to everyone at once.
// `changed` (optional) receives the ids of the people whose roles changed.
absl::StatusOr<PositionRule> UpsertPositionRule(Repositories& repos, PositionRule rule,
                                                std::vector<std::string>* changed = nullptr);
absl::Status DeletePositionRule(Repositories& repos, const std::string& id, std::vector<std::string>* changed = nullptr);

// Assessments, one (RecordAssessment) or a batch (RecordAssessmentBatch):
// core/rules/assessments.h.

absl::StatusOr<LearningResource> UpsertResource(Repositories& repos, LearningResource resource);
// The order to store `resources` of one import in (indexes into it): each
// after those of its prerequisites that are in the same list, otherwise as
// listed (a cycle is left to UpsertResource to name). INVALID_ARGUMENT
// for an id listed twice.
absl::StatusOr<std::vector<size_t>> PrerequisitesFirst(const std::vector<LearningResource>& resources);
absl::Status DeleteResource(Repositories& repos, const std::string& id);

// Plans: core/rules/plan_commands.h.

}  // namespace skillpath::core
