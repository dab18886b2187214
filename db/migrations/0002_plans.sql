-- Learning plans: saved with their options, ordered steps (each with the
-- level changes it brings and its place in time) and what stays uncovered.

CREATE TABLE plans (
  id              TEXT PRIMARY KEY,
  person_id       TEXT NOT NULL REFERENCES people(id),
  status          INTEGER NOT NULL,  -- 1 DRAFT .. 6 CANCELLED
  weekly_hours    REAL NOT NULL,
  start_at        INTEGER NOT NULL,
  include_desired INTEGER NOT NULL,
  max_cost        REAL NOT NULL,
  max_hours       REAL NOT NULL,
  modes           TEXT NOT NULL DEFAULT '',  -- comma-separated mode numbers
  language        TEXT NOT NULL DEFAULT '',
  objective       INTEGER NOT NULL,
  total_hours     REAL NOT NULL,
  total_cost      REAL NOT NULL,
  optimal         INTEGER NOT NULL,
  created_at      INTEGER NOT NULL,
  updated_at      INTEGER NOT NULL
);
CREATE INDEX plans_person ON plans(person_id, created_at);

CREATE TABLE plan_steps (
  plan_id       TEXT NOT NULL REFERENCES plans(id) ON DELETE CASCADE,
  seq           INTEGER NOT NULL,
  resource_id   TEXT NOT NULL REFERENCES resources(id),
  title         TEXT NOT NULL,
  planned_start INTEGER NOT NULL,
  planned_end   INTEGER NOT NULL,
  session_id    TEXT NOT NULL DEFAULT '',
  status        INTEGER NOT NULL,  -- 1 PLANNED .. 4 SKIPPED
  rationale     TEXT NOT NULL DEFAULT '',
  problem       TEXT NOT NULL DEFAULT '',
  PRIMARY KEY (plan_id, seq)
) WITHOUT ROWID;
CREATE INDEX plan_steps_resource ON plan_steps(resource_id, session_id);

CREATE TABLE plan_step_changes (
  plan_id       TEXT NOT NULL,
  seq           INTEGER NOT NULL,
  position      INTEGER NOT NULL,
  competence_id TEXT NOT NULL,
  from_level    INTEGER NOT NULL,
  to_level      INTEGER NOT NULL,
  PRIMARY KEY (plan_id, seq, position),
  FOREIGN KEY (plan_id, seq) REFERENCES plan_steps(plan_id, seq) ON DELETE CASCADE
) WITHOUT ROWID;

CREATE TABLE plan_uncovered (
  plan_id         TEXT NOT NULL REFERENCES plans(id) ON DELETE CASCADE,
  position        INTEGER NOT NULL,
  competence_id   TEXT NOT NULL,
  target_level    INTEGER NOT NULL,
  reachable_level INTEGER NOT NULL,
  reason          TEXT NOT NULL,
  PRIMARY KEY (plan_id, position)
) WITHOUT ROWID;
