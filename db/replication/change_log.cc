#include "db/replication/change_log.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "core/model/errors.h"

namespace skillpath::db {
namespace {

// flags: one bit per part of a ChangeSet that is a yes or no.
enum Flag : int {
  kFrameworks = 1,
  kUnits = 2,
  kRoles = 4,
  kCatalog = 8,
  kPlans = 16,
  kPurged = 32,
};

int FlagsOf(const core::ChangeSet& c) {
  return (c.frameworks ? kFrameworks : 0) | (c.units ? kUnits : 0) | (c.roles ? kRoles : 0) |
         (c.catalog ? kCatalog : 0) | (c.plans ? kPlans : 0) | (c.purged ? kPurged : 0);
}

// Ids one per line (no id holds a line break: CheckId refuses control
// characters, token ids are tok_ and base64url).
std::string Lines(const std::set<std::string>& ids) { return absl::StrJoin(ids, "\n"); }

std::vector<std::string> SplitLines(const std::string& text) {
  if (text.empty()) return {};
  return absl::StrSplit(text, '\n');
}

}  // namespace

absl::StatusOr<int64_t> ChangeLog::Append(Stores& store, const std::string& origin, const core::ChangeSet& changes,
                                          core::Time at) {
  return Guard([&]() -> absl::StatusOr<int64_t> {
    Statements& s = store.statements();
    // Held to the commit: the next writer's entry waits for this one's.
    s.Rows("SELECT pg_advisory_xact_lock(7368202)", [](Statement&) { return 0; });
    const std::optional<int64_t> seq = s.FirstRow("SELECT COALESCE(MAX(seq), 0) + 1 FROM change_log",
                                                  [](Statement& q) { return q.Int64(0); });
    std::vector<std::string> assessment_ids;
    for (const core::Assessment& a : changes.assessments) assessment_ids.push_back(a.id);
    s.Exec(
        "INSERT INTO change_log (seq, origin, at, flags, people, assessments, tokens) VALUES (?, ?, ?, ?, ?, ?, ?)",
        *seq, origin, static_cast<int64_t>(at), FlagsOf(changes), Lines(changes.people),
        absl::StrJoin(assessment_ids, "\n"), Lines(changes.tokens));
    s.Rows("SELECT pg_notify(?, ?)", [](Statement&) { return 0; }, std::string(kChangeChannel),
           std::to_string(*seq));
    return *seq;
  });
}

absl::Status ChangeLog::Scrub(Stores& store, const std::set<std::string>& people) {
  return Guard([&]() -> absl::Status {
    for (const std::string& id : people) {
      // A line of `people` is the id: position() on the text framed by line
      // breaks (no pattern characters to escape).
      store.statements().Exec(
          "UPDATE change_log SET people = '', assessments = '', tokens = '', flags = flags | ?2 "
          "WHERE position(?1 IN chr(10) || people || chr(10)) > 0",
          absl::StrCat("\n", id, "\n"), static_cast<int>(kPurged));
    }
    return absl::OkStatus();
  });
}

absl::Status ChangeLog::PruneBefore(Stores& store, core::Time before) {
  return Guard([&]() -> absl::Status {
    store.statements().Exec("DELETE FROM change_log WHERE at < ?", static_cast<int64_t>(before));
    return absl::OkStatus();
  });
}

absl::StatusOr<std::vector<ChangeEntry>> ChangeLog::After(Stores& store, int64_t after, int limit) {
  struct Row {
    int64_t seq = 0;
    std::string origin;
    int64_t at = 0;
    int flags = 0;
    std::string people, assessments, tokens;
  };
  ASSIGN_OR_RETURN(std::vector<Row> rows, Guard([&]() -> absl::StatusOr<std::vector<Row>> {
                     return store.statements().Rows(
                         "SELECT seq, origin, at, flags, people, assessments, tokens FROM change_log "
                         "WHERE seq > ? ORDER BY seq LIMIT ?",
                         Fields(&Row::seq, &Row::origin, &Row::at, &Row::flags, &Row::people, &Row::assessments,
                                &Row::tokens),
                         after, limit);
                   }));
  std::vector<ChangeEntry> out;
  out.reserve(rows.size());
  for (Row& r : rows) {
    ChangeEntry e;
    e.seq = r.seq;
    e.origin = std::move(r.origin);
    e.at = r.at;
    core::ChangeSet& c = e.changes;
    c.frameworks = r.flags & kFrameworks;
    c.units = r.flags & kUnits;
    c.roles = r.flags & kRoles;
    c.catalog = r.flags & kCatalog;
    c.plans = r.flags & kPlans;
    c.purged = r.flags & kPurged;
    for (std::string& id : SplitLines(r.people)) c.people.insert(std::move(id));
    for (std::string& id : SplitLines(r.tokens)) c.tokens.insert(std::move(id));
    for (const std::string& id : SplitLines(r.assessments)) {
      ASSIGN_OR_RETURN(std::optional<core::Assessment> a, store.assessments().FindAssessment(id));
      if (a) c.assessments.push_back(std::move(*a));  // gone: purged since (and flagged so)
    }
    out.push_back(std::move(e));
  }
  return out;
}

absl::StatusOr<int64_t> ChangeLog::Last(Stores& store) {
  return Guard([&]() -> absl::StatusOr<int64_t> {
    return store.statements()
        .FirstRow("SELECT COALESCE(MAX(seq), 0) FROM change_log", [](Statement& q) { return q.Int64(0); })
        .value_or(0);
  });
}

}  // namespace skillpath::db
