-- API tokens. Only a SHA-256 hash of each token's secret is stored; the
-- token itself ("<id>.<secret>") is shown once, when it is made.

CREATE TABLE tokens (
  id          TEXT PRIMARY KEY,
  secret_hash BLOB NOT NULL,
  person_id   TEXT REFERENCES people(id) ON DELETE CASCADE,
  grant_kind  INTEGER NOT NULL,  -- 1 EMPLOYEE, 2 MANAGER, 3 HR, 4 ADMIN, 5 AGGREGATE
  description TEXT NOT NULL DEFAULT '',
  created_at  INTEGER NOT NULL,
  expires_at  INTEGER,           -- NULL: never
  revoked_at  INTEGER            -- NULL: valid
);
CREATE INDEX tokens_person ON tokens(person_id);
