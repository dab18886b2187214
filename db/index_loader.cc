#include "db/index_loader.h"

#include <unordered_map>

#include "core/model/errors.h"

namespace skillpath::db {

absl::StatusOr<std::shared_ptr<const core::IndexSnapshot>> LoadIndex(Stores& store) {
  core::IndexBuilder builder(std::make_shared<const core::IndexSnapshot>());
  ASSIGN_OR_RETURN(std::vector<core::Framework> frameworks, store.frameworks().ListFrameworks());
  builder.SetFrameworks(frameworks);
  ASSIGN_OR_RETURN(std::vector<core::OrgUnit> units, store.org().ListOrgUnits());
  builder.SetUnits(units);
  ASSIGN_OR_RETURN(std::vector<core::Role> roles, store.org().ListRoles());
  builder.SetRoles(roles);
  ASSIGN_OR_RETURN(std::vector<core::LearningResource> catalogue, store.catalog().ListResources(""));
  builder.SetCatalogue(std::move(catalogue));
  RETURN_IF_ERROR(store.ForEachPerson([&](const core::Person& p) { builder.UpsertPerson(p); }));

  // Facts grouped per person in recorded order, then handed over at once
  // (inserting one by one would shift each person's vector every time).
  std::unordered_map<std::string, std::vector<core::Fact>> facts;
  const core::CompetenceTable& competences = builder.competences();
  RETURN_IF_ERROR(store.ForEachAssessment([&](const core::Assessment& a) {
    auto c = competences.Find(a.competence_id);
    if (!c) return;
    facts[a.person_id].push_back(core::FactOf(a, *c));
  }));
  for (auto& [person, list] : facts) builder.SetFacts(person, std::move(list));
  return builder.Build();
}

absl::StatusOr<std::shared_ptr<const core::IndexSnapshot>> ApplyChanges(
    std::shared_ptr<const core::IndexSnapshot> base, const core::ChangeSet& changes, Stores& store) {
  // Facts were removed: rebuild from the database (rare: the retention job).
  if (changes.purged) return LoadIndex(store);
  core::IndexBuilder builder(std::move(base));
  if (changes.frameworks) {
    ASSIGN_OR_RETURN(std::vector<core::Framework> frameworks, store.frameworks().ListFrameworks());
    builder.SetFrameworks(frameworks);
  }
  if (changes.units) {
    ASSIGN_OR_RETURN(std::vector<core::OrgUnit> units, store.org().ListOrgUnits());
    builder.SetUnits(units);
  }
  if (changes.roles || changes.frameworks) {
    ASSIGN_OR_RETURN(std::vector<core::Role> roles, store.org().ListRoles());
    builder.SetRoles(roles);
  }
  if (changes.catalog) {
    ASSIGN_OR_RETURN(std::vector<core::LearningResource> catalogue, store.catalog().ListResources(""));
    builder.SetCatalogue(std::move(catalogue));
  }
  if (changes.people.size() <= 4) {
    for (const std::string& id : changes.people) {
      ASSIGN_OR_RETURN(std::optional<core::Person> person, store.org().FindPerson(id));
      if (person) builder.UpsertPerson(*person);
    }
  } else {
    // An import's thousands: 64 people per query instead of one.
    const std::vector<std::string> ids(changes.people.begin(), changes.people.end());
    ASSIGN_OR_RETURN(std::vector<core::Person> people, store.org().FindPeople(ids));
    for (const core::Person& p : people) builder.UpsertPerson(p);
  }
  for (const core::Assessment& a : changes.assessments) builder.AddAssessment(a);
  return builder.Build();
}

}  // namespace skillpath::db
