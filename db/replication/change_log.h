#pragma once
// The change log of several replicas on one PostgreSQL database (issue #16,
// migration postgresql/0002_change_log.sql). A replica's writer appends what
// each committed batch changed (Append, in the batch's transaction, with a
// NOTIFY the other replicas LISTEN for); a replica reads the entries after
// the last sequence it has applied (After) to bring its read index and
// caches up to date. Append takes a transaction-scoped advisory lock held to
// the commit, so sequence order is commit order: having applied N means
// having applied everything before it.

#include <cstdint>
#include <set>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "core/model/changes.h"
#include "core/model/types.h"
#include "db/store/stores.h"

namespace skillpath::db {

// The channel of the NOTIFY each append sends (its payload: the sequence).
inline constexpr const char* kChangeChannel = "skillpath_changes";

struct ChangeEntry {
  int64_t seq = 0;
  std::string origin;  // the replica that wrote it
  core::Time at = 0;
  core::ChangeSet changes;  // assessments loaded whole
};

class ChangeLog {
 public:
  // Appends `changes` by replica `origin` inside the caller's transaction
  // and notifies the channel at its commit; the entry's sequence.
  static absl::StatusOr<int64_t> Append(Stores& store, const std::string& origin, const core::ChangeSet& changes,
                                        core::Time at);
  // An erasure (issue #5) leaves no person's id behind, in the change log
  // either: the entries that name one of `people` lose their ids and ask
  // whoever applies them to rebuild the whole index instead (as the
  // erasure's own entry does).
  static absl::Status Scrub(Stores& store, const std::set<std::string>& people);
  // Entries older than `before` go (the log is for replicas catching up,
  // not a history); a replica that finds a gap rebuilds its index whole.
  static absl::Status PruneBefore(Stores& store, core::Time before);
  // Up to `limit` entries after `after`, in order.
  static absl::StatusOr<std::vector<ChangeEntry>> After(Stores& store, int64_t after, int limit);
  // The newest entry's sequence (0: none).
  static absl::StatusOr<int64_t> Last(Stores& store);
};

}  // namespace skillpath::db
