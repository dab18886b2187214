-- skillpath's schema for PostgreSQL (issue #16): the same tables, columns
-- and rules as the SQLite schema after its migrations 0001..0018
-- (db/migrations/*.sql), in PostgreSQL's words (db/schema_parity_test.cc
-- compares the two). Times are microseconds since the epoch, UTC, as there;
-- identity columns stand for SQLite's rowids; the append-only rules are
-- triggers here too, which refuse a change of value (SQLite's refuse any
-- UPDATE naming the column). Every TEXT column is COLLATE "C", whatever the
-- database's locale: ORDER BY and comparisons go by bytes, as SQLite's
-- BINARY does and as the stores' merges of ordered scans expect.
-- people_email is on lower(email): the store compares lower(email) =
-- lower($1), which under "C" folds ASCII only, as SQLite's NOCASE does.
-- Later changes come as numbered files beside this one, each applied in
-- one transaction.

CREATE TABLE frameworks (
  id          TEXT COLLATE "C" PRIMARY KEY,
  name        TEXT COLLATE "C" NOT NULL,
  version     TEXT COLLATE "C" NOT NULL DEFAULT '',
  description TEXT COLLATE "C" NOT NULL DEFAULT '',
  source_uri  TEXT COLLATE "C" NOT NULL DEFAULT '',
  language    TEXT COLLATE "C" NOT NULL DEFAULT ''
);
CREATE TABLE framework_levels (
  framework_id TEXT COLLATE "C" NOT NULL REFERENCES frameworks(id) ON DELETE CASCADE,
  level        INTEGER NOT NULL,
  name         TEXT COLLATE "C" NOT NULL,
  description  TEXT COLLATE "C" NOT NULL DEFAULT '',
  PRIMARY KEY (framework_id, level)
);
CREATE TABLE areas (
  id           TEXT COLLATE "C" PRIMARY KEY,
  framework_id TEXT COLLATE "C" NOT NULL REFERENCES frameworks(id),
  position     INTEGER NOT NULL,
  name         TEXT COLLATE "C" NOT NULL,
  description  TEXT COLLATE "C" NOT NULL DEFAULT '',
  source_uri   TEXT COLLATE "C" NOT NULL DEFAULT ''
);
CREATE INDEX areas_framework ON areas(framework_id, position);
CREATE TABLE competences (
  id           TEXT COLLATE "C" PRIMARY KEY,
  framework_id TEXT COLLATE "C" NOT NULL REFERENCES frameworks(id),
  area_id      TEXT COLLATE "C" NOT NULL REFERENCES areas(id),
  position     INTEGER NOT NULL,
  name         TEXT COLLATE "C" NOT NULL,
  description  TEXT COLLATE "C" NOT NULL DEFAULT '',
  top_level    INTEGER NOT NULL,  -- top of its own scale, else of the framework's
  source_uri   TEXT COLLATE "C" NOT NULL DEFAULT ''
);
CREATE INDEX competences_framework ON competences(framework_id);
CREATE INDEX competences_area ON competences(area_id, position);
CREATE TABLE competence_levels (
  competence_id TEXT COLLATE "C" NOT NULL REFERENCES competences(id) ON DELETE CASCADE,
  level         INTEGER NOT NULL,
  name          TEXT COLLATE "C" NOT NULL,
  description   TEXT COLLATE "C" NOT NULL DEFAULT '',
  PRIMARY KEY (competence_id, level)
);
CREATE TABLE framework_texts (
  framework_id TEXT COLLATE "C" NOT NULL REFERENCES frameworks(id) ON DELETE CASCADE,
  owner        TEXT COLLATE "C" NOT NULL,
  language     TEXT COLLATE "C" NOT NULL,
  position     INTEGER NOT NULL,
  name         TEXT COLLATE "C" NOT NULL,
  description  TEXT COLLATE "C" NOT NULL DEFAULT '',
  PRIMARY KEY (framework_id, owner, language)
);

CREATE TABLE org_units (
  id         TEXT COLLATE "C" PRIMARY KEY,
  parent_id  TEXT COLLATE "C" REFERENCES org_units(id),
  name       TEXT COLLATE "C" NOT NULL,
  manager_id TEXT COLLATE "C" NOT NULL DEFAULT ''
);
CREATE INDEX org_units_parent ON org_units(parent_id);
CREATE INDEX org_units_manager ON org_units(manager_id) WHERE manager_id <> '';
CREATE TABLE roles (
  id          TEXT COLLATE "C" PRIMARY KEY,
  name        TEXT COLLATE "C" NOT NULL,
  description TEXT COLLATE "C" NOT NULL DEFAULT ''
);
CREATE TABLE role_inherits (
  role_id        TEXT COLLATE "C" NOT NULL REFERENCES roles(id) ON DELETE CASCADE,
  parent_role_id TEXT COLLATE "C" NOT NULL REFERENCES roles(id),
  position       INTEGER NOT NULL,
  PRIMARY KEY (role_id, parent_role_id)
);
CREATE TABLE role_targets (
  role_id       TEXT COLLATE "C" NOT NULL REFERENCES roles(id) ON DELETE CASCADE,
  competence_id TEXT COLLATE "C" NOT NULL REFERENCES competences(id),
  priority      INTEGER NOT NULL,  -- 1 REQUIRED, 2 DESIRED
  position      INTEGER NOT NULL,
  level         INTEGER NOT NULL,
  weight        DOUBLE PRECISION NOT NULL,
  PRIMARY KEY (role_id, competence_id, priority)
);
CREATE INDEX role_targets_competence ON role_targets(competence_id);
CREATE TABLE people (
  id                  TEXT COLLATE "C" PRIMARY KEY,
  name                TEXT COLLATE "C" NOT NULL,
  email               TEXT COLLATE "C" NOT NULL DEFAULT '',
  org_unit_id         TEXT COLLATE "C" NOT NULL REFERENCES org_units(id),
  active              INTEGER NOT NULL DEFAULT 1,
  position            TEXT COLLATE "C" NOT NULL DEFAULT '',
  manager_id          TEXT COLLATE "C" NOT NULL DEFAULT '',
  weekly_hours        DOUBLE PRECISION NOT NULL DEFAULT 0,
  language            TEXT COLLATE "C" NOT NULL DEFAULT '',
  email_notifications INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX people_unit ON people(org_unit_id);
CREATE INDEX people_email ON people(lower(email));
CREATE INDEX people_manager ON people(manager_id) WHERE manager_id <> '';
CREATE TABLE person_roles (
  person_id TEXT COLLATE "C" NOT NULL REFERENCES people(id) ON DELETE CASCADE,
  role_id   TEXT COLLATE "C" NOT NULL REFERENCES roles(id),
  position  INTEGER NOT NULL,
  origins   INTEGER NOT NULL DEFAULT 1,
  PRIMARY KEY (person_id, role_id)
);
CREATE INDEX person_roles_role ON person_roles(role_id);
CREATE TABLE person_manages (
  person_id   TEXT COLLATE "C" NOT NULL REFERENCES people(id) ON DELETE CASCADE,
  org_unit_id TEXT COLLATE "C" NOT NULL REFERENCES org_units(id),
  position    INTEGER NOT NULL,
  origins     INTEGER NOT NULL DEFAULT 1,
  PRIMARY KEY (person_id, org_unit_id)
);
CREATE TABLE position_rules (
  id          TEXT COLLATE "C" PRIMARY KEY,
  position    TEXT COLLATE "C" NOT NULL DEFAULT '',
  pattern     TEXT COLLATE "C" NOT NULL DEFAULT '',
  description TEXT COLLATE "C" NOT NULL DEFAULT ''
);
CREATE TABLE position_rule_roles (
  rule_id  TEXT COLLATE "C" NOT NULL REFERENCES position_rules(id) ON DELETE CASCADE,
  role_id  TEXT COLLATE "C" NOT NULL REFERENCES roles(id),
  position INTEGER NOT NULL,
  PRIMARY KEY (rule_id, role_id)
);
CREATE INDEX position_rule_roles_role ON position_rule_roles(role_id);

CREATE TABLE assessments (
  seq           BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
  id            TEXT COLLATE "C" NOT NULL UNIQUE,
  person_id     TEXT COLLATE "C" NOT NULL REFERENCES people(id),
  competence_id TEXT COLLATE "C" NOT NULL REFERENCES competences(id),
  level         INTEGER NOT NULL,
  source        INTEGER NOT NULL,
  assessor_id   TEXT COLLATE "C" NOT NULL DEFAULT '',
  assessed_at   BIGINT NOT NULL,
  expires_at    BIGINT,            -- NULL: never
  note          TEXT COLLATE "C" NOT NULL DEFAULT '',
  evidence_uri  TEXT COLLATE "C" NOT NULL DEFAULT ''
);
CREATE INDEX assessments_person ON assessments(person_id, competence_id, assessed_at, seq);
CREATE INDEX assessments_competence ON assessments(competence_id);
-- Append-only: only an assessor may be cleared (erasure).
CREATE FUNCTION assessments_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF (NEW.seq, NEW.id, NEW.person_id, NEW.competence_id, NEW.level, NEW.source, NEW.assessed_at, NEW.note,
      NEW.evidence_uri) IS DISTINCT FROM (OLD.seq, OLD.id, OLD.person_id, OLD.competence_id, OLD.level,
      OLD.source, OLD.assessed_at, OLD.note, OLD.evidence_uri)
     OR NEW.expires_at IS DISTINCT FROM OLD.expires_at THEN
    RAISE EXCEPTION 'assessments are append-only';
  END IF;
  IF NEW.assessor_id <> OLD.assessor_id AND NEW.assessor_id <> '' THEN
    RAISE EXCEPTION 'an assessor can only be removed (erasure), not changed';
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER assessments_append_only BEFORE UPDATE ON assessments
  FOR EACH ROW EXECUTE FUNCTION assessments_append_only();

CREATE TABLE resources (
  id       TEXT COLLATE "C" PRIMARY KEY,
  title    TEXT COLLATE "C" NOT NULL,
  provider TEXT COLLATE "C" NOT NULL DEFAULT '',
  mode     INTEGER NOT NULL,
  hours    DOUBLE PRECISION NOT NULL,
  cost     DOUBLE PRECISION NOT NULL,
  language TEXT COLLATE "C" NOT NULL DEFAULT '',
  url      TEXT COLLATE "C" NOT NULL DEFAULT ''
);
CREATE TABLE resource_outcomes (
  resource_id   TEXT COLLATE "C" NOT NULL REFERENCES resources(id) ON DELETE CASCADE,
  competence_id TEXT COLLATE "C" NOT NULL REFERENCES competences(id),
  position      INTEGER NOT NULL,
  min_level     INTEGER NOT NULL,
  reaches_level INTEGER NOT NULL,
  PRIMARY KEY (resource_id, competence_id)
);
CREATE INDEX resource_outcomes_competence ON resource_outcomes(competence_id);
CREATE TABLE resource_prerequisites (
  resource_id TEXT COLLATE "C" NOT NULL REFERENCES resources(id) ON DELETE CASCADE,
  prereq_id   TEXT COLLATE "C" NOT NULL REFERENCES resources(id),
  position    INTEGER NOT NULL,
  PRIMARY KEY (resource_id, prereq_id)
);
CREATE INDEX resource_prerequisites_prereq ON resource_prerequisites(prereq_id);
CREATE TABLE resource_sessions (
  resource_id TEXT COLLATE "C" NOT NULL REFERENCES resources(id) ON DELETE CASCADE,
  id          TEXT COLLATE "C" NOT NULL,
  position    INTEGER NOT NULL,
  start_at    BIGINT NOT NULL,
  end_at      BIGINT NOT NULL,
  capacity    INTEGER NOT NULL,
  location    TEXT COLLATE "C" NOT NULL DEFAULT '',
  fixed_cost  DOUBLE PRECISION NOT NULL DEFAULT 0,
  PRIMARY KEY (resource_id, id)
);

CREATE TABLE plans (
  id                  TEXT COLLATE "C" PRIMARY KEY,
  person_id           TEXT COLLATE "C" NOT NULL REFERENCES people(id),
  status              INTEGER NOT NULL,  -- 1 DRAFT .. 6 CANCELLED
  weekly_hours        DOUBLE PRECISION NOT NULL,
  start_at            BIGINT NOT NULL,
  include_desired     INTEGER NOT NULL,
  max_cost            DOUBLE PRECISION NOT NULL,
  max_hours           DOUBLE PRECISION NOT NULL,
  modes               TEXT COLLATE "C" NOT NULL DEFAULT '',  -- comma-separated mode numbers
  language            TEXT COLLATE "C" NOT NULL DEFAULT '',
  objective           INTEGER NOT NULL,
  total_hours         DOUBLE PRECISION NOT NULL,
  total_cost          DOUBLE PRECISION NOT NULL,
  optimal             INTEGER NOT NULL,
  created_at          BIGINT NOT NULL,
  updated_at          BIGINT NOT NULL,
  schedule_optimal    INTEGER NOT NULL DEFAULT 0,
  replaced_by_plan_id TEXT COLLATE "C" NOT NULL DEFAULT '',
  replaces_plan_id    TEXT COLLATE "C" NOT NULL DEFAULT ''
);
CREATE INDEX plans_person ON plans(person_id, created_at);
CREATE TABLE plan_steps (
  plan_id       TEXT COLLATE "C" NOT NULL REFERENCES plans(id) ON DELETE CASCADE,
  seq           INTEGER NOT NULL,
  resource_id   TEXT COLLATE "C" NOT NULL REFERENCES resources(id),
  title         TEXT COLLATE "C" NOT NULL,
  planned_start BIGINT NOT NULL,
  planned_end   BIGINT NOT NULL,
  session_id    TEXT COLLATE "C" NOT NULL DEFAULT '',
  status        INTEGER NOT NULL,  -- 1 PLANNED .. 4 SKIPPED
  rationale     TEXT COLLATE "C" NOT NULL DEFAULT '',
  problem       TEXT COLLATE "C" NOT NULL DEFAULT '',
  comment       TEXT COLLATE "C" NOT NULL DEFAULT '',
  claimed_at    BIGINT NOT NULL DEFAULT 0,
  PRIMARY KEY (plan_id, seq)
);
CREATE INDEX plan_steps_resource ON plan_steps(resource_id, session_id);
CREATE TABLE plan_step_changes (
  plan_id       TEXT COLLATE "C" NOT NULL,
  seq           INTEGER NOT NULL,
  position      INTEGER NOT NULL,
  competence_id TEXT COLLATE "C" NOT NULL,
  from_level    INTEGER NOT NULL,
  to_level      INTEGER NOT NULL,
  PRIMARY KEY (plan_id, seq, position),
  FOREIGN KEY (plan_id, seq) REFERENCES plan_steps(plan_id, seq) ON DELETE CASCADE
);
CREATE TABLE plan_uncovered (
  plan_id         TEXT COLLATE "C" NOT NULL REFERENCES plans(id) ON DELETE CASCADE,
  position        INTEGER NOT NULL,
  competence_id   TEXT COLLATE "C" NOT NULL,
  target_level    INTEGER NOT NULL,
  reachable_level INTEGER NOT NULL,
  reason          TEXT COLLATE "C" NOT NULL,
  PRIMARY KEY (plan_id, position)
);
CREATE TABLE plan_comments (
  plan_id     TEXT COLLATE "C" NOT NULL REFERENCES plans(id) ON DELETE CASCADE,
  n           INTEGER NOT NULL,
  at          BIGINT NOT NULL,
  author_id   TEXT COLLATE "C" NOT NULL DEFAULT '',
  author_name TEXT COLLATE "C" NOT NULL DEFAULT '',
  status      INTEGER NOT NULL DEFAULT 0,
  text        TEXT COLLATE "C" NOT NULL,
  PRIMARY KEY (plan_id, n)
);
CREATE INDEX plan_comments_author ON plan_comments(author_id) WHERE author_id <> '';

CREATE TABLE tokens (
  id           TEXT COLLATE "C" PRIMARY KEY,
  secret_hash  BYTEA NOT NULL,
  person_id    TEXT COLLATE "C" REFERENCES people(id) ON DELETE CASCADE,
  grant_kind   INTEGER NOT NULL,  -- 1 EMPLOYEE, 2 MANAGER, 3 HR, 4 ADMIN, 5 AGGREGATE
  description  TEXT COLLATE "C" NOT NULL DEFAULT '',
  created_at   BIGINT NOT NULL,
  expires_at   BIGINT,            -- NULL: never
  revoked_at   BIGINT,            -- NULL: valid
  kind         INTEGER NOT NULL DEFAULT 1,
  idle_timeout BIGINT,
  last_used_at BIGINT,
  issuer       TEXT COLLATE "C" NOT NULL DEFAULT '',
  subject      TEXT COLLATE "C" NOT NULL DEFAULT ''
);
CREATE INDEX tokens_person ON tokens(person_id);
CREATE UNIQUE INDEX tokens_live_calendar_feed ON tokens(person_id) WHERE kind = 4 AND revoked_at IS NULL;
CREATE TABLE sign_in_requests (
  state_hash    BYTEA PRIMARY KEY,
  nonce         TEXT COLLATE "C" NOT NULL,
  code_verifier TEXT COLLATE "C" NOT NULL,
  return_to     TEXT COLLATE "C" NOT NULL DEFAULT '/',
  created_at    BIGINT NOT NULL
);
CREATE INDEX sign_in_requests_created ON sign_in_requests(created_at);

CREATE TABLE audit_events (
  seq          BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
  at           BIGINT NOT NULL,
  actor_token  TEXT COLLATE "C" NOT NULL DEFAULT '',
  actor_person TEXT COLLATE "C" NOT NULL DEFAULT '',
  method       TEXT COLLATE "C" NOT NULL,
  subject      TEXT COLLATE "C" NOT NULL DEFAULT '',  -- a person id, or a pseudonym after erasure
  outcome      TEXT COLLATE "C" NOT NULL,
  count        INTEGER NOT NULL DEFAULT 1 CHECK (count >= 1)
);
CREATE INDEX audit_events_subject ON audit_events(subject, at);
CREATE TABLE audit_purges (
  seq    BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
  at     BIGINT NOT NULL,
  before BIGINT NOT NULL
);
-- The audit log is append-only: an erasure may only put a pseudonym in
-- place of a person; rows leave only by the retention purge, which records
-- its bound in audit_purges first (itself append-only).
CREATE FUNCTION audit_events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    IF OLD.at >= COALESCE((SELECT before FROM audit_purges ORDER BY seq DESC LIMIT 1), -9223372036854775808) THEN
      RAISE EXCEPTION 'the audit log is append-only: rows leave only by the retention purge';
    END IF;
    RETURN OLD;
  END IF;
  IF NEW.seq <> OLD.seq OR NEW.at <> OLD.at OR NEW.actor_token <> OLD.actor_token OR NEW.method <> OLD.method
     OR NEW.outcome <> OLD.outcome OR NEW.count <> OLD.count
     OR (NEW.subject <> OLD.subject AND NEW.subject NOT ILIKE 'erased:%')
     OR (NEW.actor_person <> OLD.actor_person AND NEW.actor_person NOT ILIKE 'erased:%') THEN
    RAISE EXCEPTION 'the audit log is append-only';
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER audit_events_append_only BEFORE UPDATE OR DELETE ON audit_events
  FOR EACH ROW EXECUTE FUNCTION audit_events_append_only();
CREATE FUNCTION audit_purges_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'audit_purges is append-only';
END $$;
CREATE TRIGGER audit_purges_append_only BEFORE UPDATE OR DELETE ON audit_purges
  FOR EACH ROW EXECUTE FUNCTION audit_purges_append_only();
-- TRUNCATE fires no row trigger; SQLite has none to guard against.
CREATE FUNCTION audit_no_truncate() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '% is append-only: rows leave only by the retention purge', TG_TABLE_NAME;
END $$;
CREATE TRIGGER audit_events_no_truncate BEFORE TRUNCATE ON audit_events
  FOR EACH STATEMENT EXECUTE FUNCTION audit_no_truncate();
CREATE TRIGGER audit_purges_no_truncate BEFORE TRUNCATE ON audit_purges
  FOR EACH STATEMENT EXECUTE FUNCTION audit_no_truncate();

CREATE TABLE settings (
  key   TEXT COLLATE "C" PRIMARY KEY,
  value BYTEA NOT NULL
);
-- The salt of the pseudonyms that stand for an erased person in the audit
-- log: 32 random bytes, made once with the database (two random UUIDs; no
-- extension needed).
INSERT INTO settings (key, value)
  VALUES ('pseudonym_salt', decode(replace(gen_random_uuid()::text || gen_random_uuid()::text, '-', ''), 'hex'));
CREATE TABLE work_calendar (
  id                 INTEGER PRIMARY KEY CHECK (id = 1),
  norwegian_holidays INTEGER NOT NULL
);
CREATE TABLE work_calendar_closed (
  position  INTEGER PRIMARY KEY,
  name      TEXT COLLATE "C" NOT NULL,
  first_day TEXT COLLATE "C" NOT NULL,
  last_day  TEXT COLLATE "C" NOT NULL
);
CREATE TABLE mail_outbox (
  id              BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
  event_key       TEXT COLLATE "C" NOT NULL UNIQUE,
  kind            TEXT COLLATE "C" NOT NULL,
  recipient_id    TEXT COLLATE "C" NOT NULL REFERENCES people(id) ON DELETE CASCADE,
  about_person_id TEXT COLLATE "C" NOT NULL REFERENCES people(id) ON DELETE CASCADE,
  address         TEXT COLLATE "C" NOT NULL,
  language        TEXT COLLATE "C" NOT NULL,
  subject         TEXT COLLATE "C" NOT NULL,
  body            TEXT COLLATE "C" NOT NULL,
  created_at      BIGINT NOT NULL,
  attempts        INTEGER NOT NULL DEFAULT 0,
  next_attempt_at BIGINT NOT NULL,
  sent_at         BIGINT,
  given_up        INTEGER NOT NULL DEFAULT 0,
  last_error      TEXT COLLATE "C" NOT NULL DEFAULT ''
);
CREATE INDEX mail_outbox_due ON mail_outbox(next_attempt_at) WHERE sent_at IS NULL AND given_up = 0;
CREATE INDEX mail_outbox_recipient ON mail_outbox(recipient_id);
CREATE INDEX mail_outbox_about ON mail_outbox(about_person_id);
