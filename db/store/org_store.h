#pragma once
// OrgStore keeps the organisation: org units, roles (with the roles they
// inherit and their targets) and people (with their roles and the units
// they manage), and the bulk scan of every person for the read index.

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "core/ports/repository.h"
#include "db/store/statements.h"

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
  absl::StatusOr<bool> PersonExists(const std::string& id) override;
  absl::StatusOr<std::vector<core::Person>> FindPeopleByEmail(const std::string& email) override;
  absl::StatusOr<std::vector<core::Person>> ListPeople(const std::string& org_unit_id, bool include_subunits,
                                                       const std::string& after_id, int limit) override;
  absl::Status PutPerson(const core::Person& person) override;

  // Calls `fn` for every person (links included) in id order, with no query
  // per person.
  absl::Status ForEachPerson(const std::function<void(const core::Person&)>& fn);

 private:
  core::Person LoadPersonLinks(core::Person person);
  core::Role LoadRoleLinks(core::Role role);
};

}  // namespace skillpath::db
