#include "db/store/access_store.h"

#include <limits>

#include "absl/strings/str_cat.h"
#include "core/model/errors.h"
#include "db/sqlite/database.h"

namespace skillpath::db {

namespace {
core::TokenRecord TokenRow(SQLite::Statement& q) {
  core::TokenRecord t;
  t.id = q.getColumn(0).getString();
  const SQLite::Column hash = q.getColumn(1);
  t.secret_hash.assign(static_cast<const char*>(hash.getBlob()), static_cast<size_t>(hash.getBytes()));
  t.person_id = q.getColumn(2).isNull() ? "" : q.getColumn(2).getString();
  t.grant = static_cast<core::Grant>(q.getColumn(3).getInt());
  t.description = q.getColumn(4).getString();
  t.created_at = q.getColumn(5).getInt64();
  if (!q.getColumn(6).isNull()) t.expires_at = q.getColumn(6).getInt64();
  if (!q.getColumn(7).isNull()) t.revoked_at = q.getColumn(7).getInt64();
  return t;
}
constexpr const char* kTokenColumns =
    "id, secret_hash, person_id, grant_kind, description, created_at, expires_at, revoked_at";
}  // namespace

absl::StatusOr<std::optional<core::TokenRecord>> AccessStore::FindToken(const std::string& id) {
  return Guard([&]() -> absl::StatusOr<std::optional<core::TokenRecord>> {
    static const std::string sql = absl::StrCat("SELECT ", kTokenColumns, " FROM tokens WHERE id = ?");
    Query q = statements_.Prepare(sql.c_str());
    q->bind(1, id);
    if (!q->executeStep()) return std::nullopt;
    return TokenRow(*q);
  });
}

absl::StatusOr<std::vector<core::TokenRecord>> AccessStore::ListTokens() {
  return Guard([&]() -> absl::StatusOr<std::vector<core::TokenRecord>> {
    static const std::string sql = absl::StrCat("SELECT ", kTokenColumns, " FROM tokens ORDER BY created_at, id");
    Query q = statements_.Prepare(sql.c_str());
    std::vector<core::TokenRecord> out;
    while (q->executeStep()) out.push_back(TokenRow(*q));
    return out;
  });
}

absl::Status AccessStore::PutToken(const core::TokenRecord& t) {
  return Guard([&]() -> absl::Status {
    Query q = statements_.Prepare(
        "INSERT INTO tokens (id, secret_hash, person_id, grant_kind, description, created_at, expires_at, revoked_at) "
        "VALUES (?, ?, NULLIF(?, ''), ?, ?, ?, ?, ?) ON CONFLICT(id) DO UPDATE SET revoked_at = excluded.revoked_at, "
        "expires_at = excluded.expires_at, description = excluded.description");
    q->bind(1, t.id);
    q->bind(2, t.secret_hash.data(), static_cast<int>(t.secret_hash.size()));
    q->bind(3, t.person_id);
    q->bind(4, static_cast<int>(t.grant));
    q->bind(5, t.description);
    q->bind(6, static_cast<int64_t>(t.created_at));
    if (t.expires_at) q->bind(7, static_cast<int64_t>(*t.expires_at));
    if (t.revoked_at) q->bind(8, static_cast<int64_t>(*t.revoked_at));
    q->exec();
    return absl::OkStatus();
  });
}

absl::StatusOr<std::optional<core::PersonData>> AccessStore::CollectPersonData(const std::string& id) {
  ASSIGN_OR_RETURN(std::optional<core::Person> person, org_.FindPerson(id));
  if (!person) return std::nullopt;
  core::PersonData data;
  data.person = std::move(*person);
  ASSIGN_OR_RETURN(data.assessments, assessments_.ListAssessments(id, ""));
  ASSIGN_OR_RETURN(data.assessments_given, assessments_.ListAssessmentsGivenBy(id));
  return Guard([&]() -> absl::StatusOr<std::optional<core::PersonData>> {
    {
      Query q = statements_.Prepare("SELECT id FROM plans WHERE person_id = ? ORDER BY created_at, id");
      q->bind(1, id);
      while (q->executeStep()) data.plan_ids.push_back(q->getColumn(0).getString());
    }
    {
      static const std::string sql =
          absl::StrCat("SELECT ", kTokenColumns, " FROM tokens WHERE person_id = ? ORDER BY id");
      Query q = statements_.Prepare(sql.c_str());
      q->bind(1, id);
      while (q->executeStep()) {
        core::TokenRecord t = TokenRow(*q);
        t.secret_hash.clear();
        data.tokens.push_back(std::move(t));
      }
    }
    core::AuditQuery about;
    about.subject = id;
    about.limit = std::numeric_limits<int>::max();
    ASSIGN_OR_RETURN(data.audit, ListAudit(about));
    return data;
  });
}

absl::StatusOr<std::vector<core::AuditEvent>> AccessStore::ListAudit(const core::AuditQuery& query) {
  return Guard([&]() -> absl::StatusOr<std::vector<core::AuditEvent>> {
    // Two statements so that a subject filter uses the (subject, at) index.
    static constexpr const char* kCommon =
        " (?2 = '' OR actor_person = ?2) AND (?3 = '' OR actor_token = ?3) AND at >= ?4 AND at < ?5 AND seq > ?6"
        " ORDER BY seq LIMIT ?7";
    static const std::string by_subject = std::string(
                                              "SELECT seq, at, actor_token, actor_person, method, subject, outcome, "
                                              "count FROM audit_events WHERE subject = ?1 "
                                              "AND") +
                                          kCommon;
    static const std::string any = std::string(
                                       "SELECT seq, at, actor_token, actor_person, method, subject, outcome, count "
                                       "FROM audit_events WHERE ?1 = '' AND") +
                                   kCommon;
    Query q = statements_.Prepare(query.subject.empty() ? any.c_str() : by_subject.c_str());
    q->bind(1, query.subject);
    q->bind(2, query.actor_person);
    q->bind(3, query.actor_token);
    q->bind(4, static_cast<int64_t>(query.from.value_or(std::numeric_limits<int64_t>::min())));
    q->bind(5, static_cast<int64_t>(query.to.value_or(std::numeric_limits<int64_t>::max())));
    q->bind(6, query.after_seq);
    q->bind(7, query.limit);
    std::vector<core::AuditEvent> events;
    while (q->executeStep()) {
      core::AuditEvent e;
      e.seq = q->getColumn(0).getInt64();
      e.at = q->getColumn(1).getInt64();
      e.actor_token = q->getColumn(2).getString();
      e.actor_person = q->getColumn(3).getString();
      e.method = q->getColumn(4).getString();
      e.subject = q->getColumn(5).getString();
      e.outcome = q->getColumn(6).getString();
      e.count = q->getColumn(7).getInt64();
      events.push_back(std::move(e));
    }
    return events;
  });
}

absl::Status AccessStore::AppendAudit(const core::AuditEvent& e) {
  return Guard([&]() -> absl::Status {
    Query q = statements_.Prepare(
        "INSERT INTO audit_events (at, actor_token, actor_person, method, subject, outcome, count) "
        "VALUES (?, ?, ?, ?, ?, ?, ?)");
    q->bind(1, static_cast<int64_t>(e.at));
    q->bind(2, e.actor_token);
    q->bind(3, e.actor_person);
    q->bind(4, e.method);
    q->bind(5, e.subject);
    q->bind(6, e.outcome);
    q->bind(7, static_cast<int64_t>(e.count < 1 ? 1 : e.count));
    q->exec();
    return absl::OkStatus();
  });
}

absl::StatusOr<int64_t> AccessStore::PurgeAuditBefore(core::Time before, core::Time now) {
  return Guard([&]() -> absl::StatusOr<int64_t> {
    // The purge record comes first: the delete trigger allows only rows
    // older than the newest record's cutoff (migration 0006).
    Query record = statements_.Prepare("INSERT INTO audit_purges (at, before) VALUES (?, ?)");
    record->bind(1, static_cast<int64_t>(now));
    record->bind(2, static_cast<int64_t>(before));
    record->exec();
    Query purge = statements_.Prepare("DELETE FROM audit_events WHERE at < ?");
    purge->bind(1, static_cast<int64_t>(before));
    return static_cast<int64_t>(purge->exec());
  });
}

absl::StatusOr<bool> AccessStore::ErasePerson(const std::string& id, const core::AuditEvent& erasure) {
  ASSIGN_OR_RETURN(bool known, org_.PersonExists(id));
  if (!known) return false;
  RETURN_IF_ERROR(Guard([&]() -> absl::Status {
    // Children first where no cascade reaches; people's own rows cascade.
    for (const char* sql : {"DELETE FROM plan_step_changes WHERE plan_id IN (SELECT id FROM plans WHERE person_id = ?)",
                            "DELETE FROM plans WHERE person_id = ?", "DELETE FROM assessments WHERE person_id = ?",
                            "UPDATE assessments SET assessor_id = '' WHERE assessor_id = ?",
                            "DELETE FROM tokens WHERE person_id = ?", "DELETE FROM people WHERE id = ?"}) {
      Query q = statements_.Prepare(sql);
      q->bind(1, id);
      q->exec();
    }
    // The audit log keeps its events, with the person's id replaced by
    // their pseudonym (the one update its trigger allows).
    for (const char* sql : {"UPDATE audit_events SET subject = ?2 WHERE subject = ?1",
                            "UPDATE audit_events SET actor_person = ?2 WHERE actor_person = ?1"}) {
      Query q = statements_.Prepare(sql);
      q->bind(1, id);
      q->bind(2, erasure.subject);
      q->exec();
    }
    if (core::ChangeSet* changes = statements_.recorder()) {
      changes->purged = true;  // the person's facts leave the index
      changes->people.insert(id);
    }
    return absl::OkStatus();
  }));
  RETURN_IF_ERROR(AppendAudit(erasure));
  return true;
}

absl::StatusOr<std::string> AccessStore::PseudonymSalt() {
  return Guard([&]() -> absl::StatusOr<std::string> {
    Query q = statements_.Prepare("SELECT value FROM settings WHERE key = 'pseudonym_salt'");
    if (!q->executeStep()) return absl::InternalError("the pseudonym salt is missing (migration 0004)");
    const SQLite::Column v = q->getColumn(0);
    return std::string(static_cast<const char*>(v.getBlob()), static_cast<size_t>(v.getBytes()));
  });
}

}  // namespace skillpath::db
