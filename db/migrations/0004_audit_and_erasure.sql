-- The audit log (append-only: no deletes, and the only update is erasure
-- replacing a person's id by their pseudonym), a per-database secret for
-- pseudonyms, and erasure: an assessment may lose its assessor (when that
-- person is erased) but nothing else about it may change.

CREATE TABLE audit_events (
  seq           INTEGER PRIMARY KEY,
  at            INTEGER NOT NULL,
  actor_token   TEXT NOT NULL DEFAULT '',
  actor_person  TEXT NOT NULL DEFAULT '',
  method        TEXT NOT NULL,
  subject       TEXT NOT NULL DEFAULT '',  -- a person id, or a pseudonym after erasure
  outcome       TEXT NOT NULL
);
CREATE INDEX audit_events_subject ON audit_events(subject, at);
CREATE TRIGGER audit_events_no_update BEFORE UPDATE ON audit_events
WHEN NEW.seq != OLD.seq OR NEW.at != OLD.at OR NEW.actor_token != OLD.actor_token OR NEW.method != OLD.method
  OR NEW.outcome != OLD.outcome
  OR (NEW.subject != OLD.subject AND NEW.subject NOT LIKE 'erased:%')
  OR (NEW.actor_person != OLD.actor_person AND NEW.actor_person NOT LIKE 'erased:%')
BEGIN
  SELECT RAISE(ABORT, 'the audit log is append-only');
END;
CREATE TRIGGER audit_events_no_delete BEFORE DELETE ON audit_events
BEGIN
  SELECT RAISE(ABORT, 'the audit log is append-only');
END;

CREATE TABLE settings (
  key   TEXT PRIMARY KEY,
  value BLOB NOT NULL
) WITHOUT ROWID;
INSERT INTO settings (key, value) VALUES ('pseudonym_salt', randomblob(32));

DROP TRIGGER assessments_append_only;
CREATE TRIGGER assessments_append_only
BEFORE UPDATE OF seq, id, person_id, competence_id, level, source, assessed_at, expires_at, note, evidence_uri
ON assessments
BEGIN
  SELECT RAISE(ABORT, 'assessments are append-only');
END;
CREATE TRIGGER assessments_assessor_only_cleared BEFORE UPDATE OF assessor_id ON assessments
WHEN NEW.assessor_id != ''
BEGIN
  SELECT RAISE(ABORT, 'an assessor can only be removed (erasure), not changed');
END;
