#pragma once
// OrgStore keeps the organisation: org units, roles (with the roles they
// inherit and their targets), people (with their roles and the units they
// manage, each with its origins), the bulk scan of every person for the
// read index, and the position rules.

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "core/ports/repository.h"
#include "db/sql/statements.h"

namespace skillpath::db {

class OrgStore final : public Store<core::OrgRepository> {
 public:
  using Store::Store;

  absl::StatusOr<std::optional<core::OrgUnit>> FindOrgUnit(const std::string& id) override;
  absl::StatusOr<std::vector<core::OrgUnit>> ListOrgUnits() override;
  absl::Status PutOrgUnit(const core::OrgUnit& unit) override;
  absl::StatusOr<std::optional<core::Role>> FindRole(const std::string& id) override;
  absl::StatusOr<std::vector<core::Role>> ListRoles() override;
  absl::Status PutRole(const core::Role& role) override;
  absl::StatusOr<std::optional<core::Person>> FindPerson(const std::string& id) override;
  // The people of `ids` that exist, in no particular order: three queries
  // per 64 of them (FindPerson costs three each), for the read index's
  // update after a large import.
  absl::StatusOr<std::vector<core::Person>> FindPeople(const std::vector<std::string>& ids);
  absl::StatusOr<bool> PersonExists(const std::string& id) override;
  absl::StatusOr<std::vector<core::Person>> FindPeopleByEmail(const std::string& email) override;
  absl::StatusOr<std::vector<core::Person>> ListPeople(const std::string& org_unit_id, bool include_subunits,
                                                       const std::string& after_id, int limit) override;
  absl::Status PutPerson(const core::Person& person) override;
  // Two ordered scans of the link tables merged with the people scan.
  absl::Status ForEachPerson(const std::function<void(const core::Person&)>& fn) override;
  absl::StatusOr<std::vector<std::string>> UnitsManagedInData(const std::string& person_id) override;
  absl::StatusOr<std::vector<core::PositionRule>> ListPositionRules() override;
  absl::Status PutPositionRule(const core::PositionRule& rule) override;
  absl::StatusOr<bool> DeletePositionRule(const std::string& id) override;

 private:
  core::Person LoadPersonLinks(core::Person person);
  core::Role LoadRoleLinks(core::Role role);
};

}  // namespace skillpath::db
