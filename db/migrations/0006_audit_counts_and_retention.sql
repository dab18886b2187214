-- The audit log, issue #10 item 7: a row may stand for several identical
-- refused calls (same token, person, method, subject and outcome within a
-- window), and rows may leave by one way only: the retention purge, which
-- first appends a record to audit_purges; the delete trigger then lets go
-- of rows older than the newest purge's cutoff and nothing else.

ALTER TABLE audit_events ADD COLUMN count INTEGER NOT NULL DEFAULT 1 CHECK (count >= 1);

DROP TRIGGER audit_events_no_update;
CREATE TRIGGER audit_events_no_update BEFORE UPDATE ON audit_events
WHEN NEW.seq != OLD.seq OR NEW.at != OLD.at OR NEW.actor_token != OLD.actor_token OR NEW.method != OLD.method
  OR NEW.outcome != OLD.outcome OR NEW.count != OLD.count
  OR (NEW.subject != OLD.subject AND NEW.subject NOT LIKE 'erased:%')
  OR (NEW.actor_person != OLD.actor_person AND NEW.actor_person NOT LIKE 'erased:%')
BEGIN
  SELECT RAISE(ABORT, 'the audit log is append-only');
END;

-- Each purge: when it ran and the cutoff (rows with at < before may go).
-- Itself append-only.
CREATE TABLE audit_purges (
  seq     INTEGER PRIMARY KEY,
  at      INTEGER NOT NULL,
  before  INTEGER NOT NULL
);
CREATE TRIGGER audit_purges_no_update BEFORE UPDATE ON audit_purges
BEGIN
  SELECT RAISE(ABORT, 'audit_purges is append-only');
END;
CREATE TRIGGER audit_purges_no_delete BEFORE DELETE ON audit_purges
BEGIN
  SELECT RAISE(ABORT, 'audit_purges is append-only');
END;

DROP TRIGGER audit_events_no_delete;
CREATE TRIGGER audit_events_no_delete BEFORE DELETE ON audit_events
WHEN OLD.at >= COALESCE((SELECT before FROM audit_purges ORDER BY seq DESC LIMIT 1), -9223372036854775808)
BEGIN
  SELECT RAISE(ABORT, 'the audit log is append-only: rows leave only by the retention purge');
END;
