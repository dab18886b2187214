#include "db/store/access_store.h"

#include <limits>

#include "absl/strings/str_cat.h"
#include "core/model/errors.h"

namespace skillpath::db {

namespace {
core::TokenRecord TokenRow(Statement& q) {
  core::TokenRecord t;
  Columns row(q);
  row >> t.id;
  t.secret_hash = row.ReadBlob();
  row >> t.person_id >> t.grant >> t.description >> t.created_at >> t.expires_at >> t.revoked_at >> t.kind >>
      t.idle_timeout >> t.last_used_at >> t.issuer >> t.subject;
  return t;
}
constexpr const char* kTokenColumns =
    "id, secret_hash, person_id, grant_kind, description, created_at, expires_at, revoked_at, kind, idle_timeout, "
    "last_used_at, issuer, subject";
}  // namespace

absl::StatusOr<std::optional<core::TokenRecord>> AccessStore::FindToken(const std::string& id) {
  return Guard([&]() -> absl::StatusOr<std::optional<core::TokenRecord>> {
    static const std::string sql = absl::StrCat("SELECT ", kTokenColumns, " FROM tokens WHERE id = ?");
    return statements_.FirstRow(sql.c_str(), TokenRow, id);
  });
}

absl::StatusOr<std::vector<core::TokenRecord>> AccessStore::ListTokens() {
  return Guard([&]() -> absl::StatusOr<std::vector<core::TokenRecord>> {
    static const std::string sql = absl::StrCat("SELECT ", kTokenColumns, " FROM tokens ORDER BY created_at, id");
    return statements_.Rows(sql.c_str(), TokenRow);
  });
}

absl::StatusOr<std::vector<core::TokenRecord>> AccessStore::ListTokensOf(const std::string& person_id,
                                                                         core::TokenKind kind) {
  return Guard([&]() -> absl::StatusOr<std::vector<core::TokenRecord>> {
    static const std::string sql = absl::StrCat("SELECT ", kTokenColumns,
                                                " FROM tokens WHERE person_id = ? AND kind = ? ORDER BY created_at, id");
    return statements_.Rows(sql.c_str(), TokenRow, person_id, static_cast<int>(kind));
  });
}

absl::Status AccessStore::PutToken(const core::TokenRecord& t) {
  return Guard([&]() -> absl::Status {
    statements_.Exec(
        "INSERT INTO tokens (id, secret_hash, person_id, grant_kind, description, created_at, expires_at, revoked_at, "
        "kind, idle_timeout, last_used_at, issuer, subject) "
        "VALUES (?, ?, NULLIF(?, ''), ?, ?, ?, ?, ?, ?, NULLIF(?, 0), ?, ?, ?) ON CONFLICT(id) DO UPDATE SET "
        "revoked_at = excluded.revoked_at, expires_at = excluded.expires_at, description = excluded.description, "
        "last_used_at = CASE WHEN COALESCE(excluded.last_used_at, 0) > COALESCE(tokens.last_used_at, 0) "
        "THEN COALESCE(excluded.last_used_at, 0) ELSE COALESCE(tokens.last_used_at, 0) END",
        t.id, Blob{t.secret_hash}, t.person_id, static_cast<int>(t.grant), t.description,
        static_cast<int64_t>(t.created_at), t.expires_at, t.revoked_at, static_cast<int>(t.kind),
        static_cast<int64_t>(t.idle_timeout), t.last_used_at, t.issuer, t.subject);
    if (core::ChangeSet* changes = statements_.recorder()) changes->tokens.insert(t.id);
    return absl::OkStatus();
  });
}

absl::StatusOr<bool> AccessStore::TouchToken(const std::string& id, core::Time at) {
  return Guard([&]() -> absl::StatusOr<bool> {
    return statements_.Exec("UPDATE tokens SET last_used_at = ?2 WHERE id = ?1 AND COALESCE(last_used_at, 0) < ?2", id,
                            static_cast<int64_t>(at)) > 0;
  });
}

absl::Status AccessStore::PutSignInRequest(const core::SignInRequest& r) {
  return Guard([&]() -> absl::Status {
    statements_.Exec(
        "INSERT INTO sign_in_requests (state_hash, nonce, code_verifier, return_to, created_at) VALUES (?, ?, ?, ?, ?)",
        Blob{r.state_hash}, r.nonce, r.code_verifier, r.return_to, static_cast<int64_t>(r.created_at));
    return absl::OkStatus();
  });
}

absl::StatusOr<std::optional<core::SignInRequest>> AccessStore::TakeSignInRequest(const std::string& state_hash) {
  return Guard([&]() -> absl::StatusOr<std::optional<core::SignInRequest>> {
    std::optional<core::SignInRequest> found = statements_.FirstRow(
        "SELECT state_hash, nonce, code_verifier, return_to, created_at FROM sign_in_requests WHERE state_hash = ?",
        [](Statement& q) {
          core::SignInRequest r;
          Columns row(q);
          r.state_hash = row.ReadBlob();
          row >> r.nonce >> r.code_verifier >> r.return_to >> r.created_at;
          return r;
        },
        Blob{state_hash});
    if (found) statements_.Exec("DELETE FROM sign_in_requests WHERE state_hash = ?", Blob{state_hash});
    return found;
  });
}

absl::StatusOr<int64_t> AccessStore::PurgeSignInRequestsBefore(core::Time before) {
  return Guard([&]() -> absl::StatusOr<int64_t> {
    return statements_.Exec("DELETE FROM sign_in_requests WHERE created_at < ?", static_cast<int64_t>(before));
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
    data.plan_ids =
        statements_.Rows("SELECT id FROM plans WHERE person_id = ? ORDER BY created_at, id", TextColumn, id);
    data.comments_given = statements_.Rows(
        "SELECT c.plan_id, c.at, c.author_id, c.author_name, c.text, c.status FROM plan_comments c "
        "JOIN plans p ON p.id = c.plan_id WHERE c.author_id = ?1 AND p.person_id <> ?1 ORDER BY c.at, c.plan_id, c.n",
        [](Statement& q) {
          std::pair<std::string, core::PlanComment> out;
          Columns(q) >> out.first >> out.second.at >> out.second.author_id >> out.second.author_name >>
              out.second.text >> out.second.status;
          return out;
        },
        id);
    static const std::string sql =
        absl::StrCat("SELECT ", kTokenColumns, " FROM tokens WHERE person_id = ? ORDER BY id");
    data.tokens = statements_.Rows(sql.c_str(), TokenRow, id);
    for (core::TokenRecord& t : data.tokens) t.secret_hash.clear();
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
    return statements_.Rows(query.subject.empty() ? any.c_str() : by_subject.c_str(),
                            Fields(&core::AuditEvent::seq, &core::AuditEvent::at, &core::AuditEvent::actor_token,
                                   &core::AuditEvent::actor_person, &core::AuditEvent::method,
                                   &core::AuditEvent::subject, &core::AuditEvent::outcome, &core::AuditEvent::count),
                            query.subject, query.actor_person, query.actor_token,
                            static_cast<int64_t>(query.from.value_or(std::numeric_limits<int64_t>::min())),
                            static_cast<int64_t>(query.to.value_or(std::numeric_limits<int64_t>::max())),
                            query.after_seq, query.limit);
  });
}

absl::Status AccessStore::AppendAudit(const core::AuditEvent& e) {
  return Guard([&]() -> absl::Status {
    statements_.Exec(
        "INSERT INTO audit_events (at, actor_token, actor_person, method, subject, outcome, count) "
        "VALUES (?, ?, ?, ?, ?, ?, ?)",
        static_cast<int64_t>(e.at), e.actor_token, e.actor_person, e.method, e.subject, e.outcome,
        static_cast<int64_t>(e.count < 1 ? 1 : e.count));
    return absl::OkStatus();
  });
}

namespace {

// "INSERT INTO audit_events (...) VALUES (?, ...), ..." for `rows` rows.
std::string AuditInsertSql(int rows) {
  std::string sql = "INSERT INTO audit_events (at, actor_token, actor_person, method, subject, outcome, count) VALUES ";
  for (int r = 0; r < rows; ++r) absl::StrAppend(&sql, r ? ", " : "", "(?, ?, ?, ?, ?, ?, ?)");
  return sql;
}

}  // namespace

absl::Status AccessStore::AppendAudits(const std::vector<core::AuditEvent>& events) {
  // Chunks of 64 rows (448 parameters) in one statement each, the rest one
  // by one: on PostgreSQL one round trip instead of 64.
  constexpr size_t kChunk = 64;
  static const std::string chunk_sql = AuditInsertSql(kChunk);
  return Guard([&]() -> absl::Status {
    size_t i = 0;
    for (; i + kChunk <= events.size(); i += kChunk) {
      Query q = statements_.Prepare(chunk_sql.c_str());
      for (size_t r = 0; r < kChunk; ++r) {
        const core::AuditEvent& e = events[i + r];
        BindAll(*q, static_cast<int>(r * 7 + 1), static_cast<int64_t>(e.at), TextRef{e.actor_token},
                TextRef{e.actor_person}, TextRef{e.method}, TextRef{e.subject}, TextRef{e.outcome},
                static_cast<int64_t>(e.count < 1 ? 1 : e.count));
      }
      q->Exec();
    }
    for (; i < events.size(); ++i) RETURN_IF_ERROR(AppendAudit(events[i]));
    return absl::OkStatus();
  });
}

absl::StatusOr<int64_t> AccessStore::PurgeAuditBefore(core::Time before, core::Time now) {
  return Guard([&]() -> absl::StatusOr<int64_t> {
    // The purge record comes first: the delete trigger allows only rows
    // older than the newest record's cutoff (migration 0006).
    statements_.Exec("INSERT INTO audit_purges (at, before) VALUES (?, ?)", static_cast<int64_t>(now),
                     static_cast<int64_t>(before));
    return static_cast<int64_t>(
        statements_.Exec("DELETE FROM audit_events WHERE at < ?", static_cast<int64_t>(before)));
  });
}

absl::StatusOr<bool> AccessStore::ErasePerson(const std::string& id, const core::AuditEvent& erasure) {
  ASSIGN_OR_RETURN(bool known, org_.PersonExists(id));
  if (!known) return false;
  RETURN_IF_ERROR(Guard([&]() -> absl::Status {
    // Her tokens, for the caches of other replicas (change_log.tokens).
    const std::vector<std::string> tokens =
        statements_.Rows("SELECT id FROM tokens WHERE person_id = ?", TextColumn, id);
    // Children first where no cascade reaches; people's own rows cascade.
    for (const char* sql : {"DELETE FROM plan_step_changes WHERE plan_id IN (SELECT id FROM plans WHERE person_id = ?)",
                            "DELETE FROM plans WHERE person_id = ?", "DELETE FROM assessments WHERE person_id = ?",
                            "UPDATE assessments SET assessor_id = '' WHERE assessor_id = ?",
                            "UPDATE plan_comments SET author_id = '', author_name = '' WHERE author_id = ?",
                            "UPDATE people SET manager_id = '' WHERE manager_id = ?",
                            "UPDATE org_units SET manager_id = '' WHERE manager_id = ?",
                            "DELETE FROM tokens WHERE person_id = ?", "DELETE FROM people WHERE id = ?"}) {
      statements_.Exec(sql, id);
    }
    // The audit log keeps its events, with the person's id replaced by
    // their pseudonym (the one update its trigger allows).
    for (const char* sql : {"UPDATE audit_events SET subject = ?2 WHERE subject = ?1",
                            "UPDATE audit_events SET actor_person = ?2 WHERE actor_person = ?1"}) {
      statements_.Exec(sql, id, erasure.subject);
    }
    if (core::ChangeSet* changes = statements_.recorder()) {
      changes->purged = true;  // the person's facts leave the index
      changes->units = true;   // a unit may have named them its manager
      changes->people.insert(id);
      changes->tokens.insert(tokens.begin(), tokens.end());
    }
    return absl::OkStatus();
  }));
  RETURN_IF_ERROR(AppendAudit(erasure));
  return true;
}

absl::StatusOr<std::string> AccessStore::PseudonymSalt() {
  return Guard([&]() -> absl::StatusOr<std::string> {
    Query q = statements_.Prepare("SELECT value FROM settings WHERE key = 'pseudonym_salt'");
    if (!q->Step()) return absl::InternalError("the pseudonym salt is missing (migration 0004)");
    return q->Blob(0);
  });
}

}  // namespace skillpath::db
