#pragma once
// Org units and people from an HR system's export (issue #13): the rows of
// a table (common/table_file.h reads the file) mapped to fields, checked,
// and compared with what is stored. Planning reads only; applying writes
// exactly the difference it found, inside the caller's transaction (all or
// nothing: the caller applies only a plan without errors).
//
// Columns: units id, name, parent_id, manager_id; people id, name, email,
// org_unit_id, position, manager_id, roles, active — matched without regard
// to case, any other header mapped to a field (ImportOptions::map) or
// explicitly ignored; any other column is an error naming it. A column
// present sets its field for every row (an empty cell clears it); a field
// without a column keeps what is stored. Rows are identified by id.
//
// People: `roles` lists role ids (separated by ',', ';', '|' or spaces);
// they replace the roles the import gave before, never those given by hand
// or by a position rule (core/rules/org_links.h). `active` is true/false,
// yes/no, ja/nei, 1/0. With `sync`, the file is the whole truth for the
// people it covers (everyone, or those in `sync_units`' subtrees): a person
// not in it is deactivated (never deleted), and one in it without an
// `active` column is active. After the rows, position rules give their
// roles and the data's managers (a unit's manager_id, a person's
// manager_id) manage the units.

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "core/model/types.h"
#include "core/ports/repository.h"

namespace skillpath::core {

struct ImportRow {
  int64_t line = 0;  // in the file, as an editor shows it
  std::vector<std::optional<std::string>> cells;  // nullopt: this row lacks the column
};

struct ImportTable {
  std::vector<std::string> columns;
  std::vector<ImportRow> rows;
};

enum class ImportKind { kUnits, kPeople };

struct ImportOptions {
  std::vector<std::pair<std::string, std::string>> map;  // field -> the file's header
  std::vector<std::string> ignore;                       // headers left out on purpose
  bool sync = false;                                     // people only
  std::vector<std::string> sync_units;                   // empty: everyone
};

// The canonical fields of a kind, in order.
const std::vector<std::string>& ImportFields(ImportKind kind);

struct FieldChange {
  std::string field;
  std::string before;
  std::string after;
};

enum class ChangeKind { kCreated, kChanged, kDeactivated };

struct EntityChange {
  ChangeKind kind = ChangeKind::kCreated;
  std::string id;
  std::string name;
  int64_t line = 0;  // the row; 0 for a change the row did not name (deactivated, or managed units)
  std::vector<FieldChange> fields;  // kChanged and kDeactivated: old -> new
};

struct ImportProblem {
  int64_t line = 0;
  std::string column;  // the file's header; empty for the row as a whole
  std::string id;
  std::string message;
};

struct OrgImportPlan {
  ImportKind kind = ImportKind::kPeople;
  int64_t rows = 0;
  int64_t created = 0, changed = 0, deactivated = 0, unchanged = 0;
  std::vector<EntityChange> changes;  // in file order, then the others by id
  std::vector<ImportProblem> errors;  // rejected rows, in file order
  std::vector<ImportProblem> warnings;
  // What applying writes, in an order the foreign keys accept.
  std::vector<OrgUnit> units;
  std::vector<Person> people;
  std::vector<std::string> refresh_managers;  // units import: managers whose data-managed units may change
  std::vector<std::string> deactivated_ids;

  bool nothing_to_do() const { return units.empty() && people.empty(); }
};

// The difference between the table and what `repos` holds. INVALID_ARGUMENT
// for the table as a whole (a column neither known, mapped nor ignored; a
// mapping naming a column the file lacks; no id column; --sync for units;
// an unknown sync unit), naming the line and the column; problems of single
// rows are listed in the plan's errors.
absl::StatusOr<OrgImportPlan> PlanOrgImport(Repositories& repos, ImportKind kind, const ImportTable& table,
                                            const ImportOptions& options);

// Writes `plan` (which must have no errors) through `repos`.
absl::Status ApplyOrgImport(Repositories& repos, const OrgImportPlan& plan);

// Parses an `active` cell; nullopt for a word it does not know.
std::optional<bool> ParseActive(const std::string& cell);

}  // namespace skillpath::core
