#pragma once
// Which column of an import table holds which field (core/importing/
// org_import.h): canonical names matched without regard to case, the
// caller's mapping, the columns left out on purpose.

#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "core/importing/org_import.h"

namespace skillpath::core::importing {

// Field numbers, in ImportFields order.
enum UnitField { kUnitId, kUnitName, kUnitParent, kUnitManager };
enum PersonField { kPersonId, kPersonName, kPersonEmail, kPersonUnit, kPersonPosition, kPersonManager, kPersonRoles,
                   kPersonActive };

class MappedColumns {
 public:
  // INVALID_ARGUMENT "line 1: ..." naming every column that is neither a
  // field, mapped nor ignored, and every mapping that does not fit.
  static absl::StatusOr<MappedColumns> Map(ImportKind kind, const ImportTable& table, const ImportOptions& options);

  bool Has(int field) const { return column_[static_cast<size_t>(field)] >= 0; }
  // The file's header of the field's column ("" when it has none).
  const std::string& Header(int field) const;
  // The row's cell of the field, nullptr when the file or the row lacks it.
  const std::string* Cell(const ImportRow& row, int field) const;

 private:
  std::vector<int> column_;  // per field: its column, -1 for none
  std::vector<std::string> headers_;
};

}  // namespace skillpath::core::importing

namespace skillpath::core::importing {

// The problem of a status "field: problem" (InvalidField's shape) without
// its field, and the field.
std::string ProblemOf(const absl::Status& status);
std::string FieldOf(const absl::Status& status);

// The two halves of PlanOrgImport (unit_import.cc, people_import.cc): fill
// `plan` from the table.
absl::Status PlanUnits(Repositories& repos, const ImportTable& table, const ImportOptions& options,
                       OrgImportPlan& plan);
absl::Status PlanPeople(Repositories& repos, const ImportTable& table, const ImportOptions& options,
                        OrgImportPlan& plan);

}  // namespace skillpath::core::importing
