#pragma once
// Feeds the core read index from SQLite: the whole index at start, and the
// changes of each committed batch afterwards (on the writer thread, through
// the writer's store, before the batch is acknowledged).

#include <memory>

#include "absl/status/statusor.h"
#include "core/index/read_index.h"
#include "core/model/changes.h"
#include "db/store/stores.h"

namespace skillpath::db {

// Builds the complete index from the database behind `store`.
absl::StatusOr<std::shared_ptr<const core::IndexSnapshot>> LoadIndex(Stores& store);

// The snapshot after `changes` (committed, readable through `store`).
absl::StatusOr<std::shared_ptr<const core::IndexSnapshot>> ApplyChanges(
    std::shared_ptr<const core::IndexSnapshot> base, const core::ChangeSet& changes, Stores& store);

}  // namespace skillpath::db
