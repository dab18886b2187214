-- E-mail notifications (issue #15 item 5). Each person's own settings: the
-- language of what skillpath sends them ('' = bokmål) and whether it sends
-- them e-mail at all (on by default). Person writes (UpdatePerson, imports)
-- leave both alone; only the person's SetNotificationSettings changes them.
ALTER TABLE people ADD COLUMN language TEXT NOT NULL DEFAULT '';
ALTER TABLE people ADD COLUMN email_notifications INTEGER NOT NULL DEFAULT 1;

-- The outbox: every notice once (event_key), queued with the commit that
-- found it, sent off the writer's thread and retried with a growing pause.
-- A person's rows go with them when they are erased (to or about them).
CREATE TABLE mail_outbox (
  id              INTEGER PRIMARY KEY,
  event_key       TEXT NOT NULL UNIQUE,
  kind            TEXT NOT NULL,
  recipient_id    TEXT NOT NULL REFERENCES people(id) ON DELETE CASCADE,
  about_person_id TEXT NOT NULL REFERENCES people(id) ON DELETE CASCADE,
  address         TEXT NOT NULL,
  language        TEXT NOT NULL,
  subject         TEXT NOT NULL,
  body            TEXT NOT NULL,
  created_at      INTEGER NOT NULL,
  attempts        INTEGER NOT NULL DEFAULT 0,
  next_attempt_at INTEGER NOT NULL,
  sent_at         INTEGER,
  given_up        INTEGER NOT NULL DEFAULT 0,
  last_error      TEXT NOT NULL DEFAULT ''
);
CREATE INDEX mail_outbox_due ON mail_outbox(next_attempt_at) WHERE sent_at IS NULL AND given_up = 0;
CREATE INDEX mail_outbox_recipient ON mail_outbox(recipient_id);
CREATE INDEX mail_outbox_about ON mail_outbox(about_person_id);
