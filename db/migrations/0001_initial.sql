-- The first schema of skillpath. Child rows keep a `position` so lists come
-- back in the order the client wrote them.

CREATE TABLE frameworks (
  id          TEXT PRIMARY KEY,
  name        TEXT NOT NULL,
  version     TEXT NOT NULL DEFAULT '',
  description TEXT NOT NULL DEFAULT '',
  source_uri  TEXT NOT NULL DEFAULT ''
);

CREATE TABLE framework_levels (
  framework_id TEXT NOT NULL REFERENCES frameworks(id) ON DELETE CASCADE,
  level        INTEGER NOT NULL,
  name         TEXT NOT NULL,
  description  TEXT NOT NULL DEFAULT '',
  PRIMARY KEY (framework_id, level)
) WITHOUT ROWID;

CREATE TABLE areas (
  id           TEXT PRIMARY KEY,
  framework_id TEXT NOT NULL REFERENCES frameworks(id),
  position     INTEGER NOT NULL,
  name         TEXT NOT NULL,
  description  TEXT NOT NULL DEFAULT ''
);
CREATE INDEX areas_framework ON areas(framework_id, position);

CREATE TABLE competences (
  id           TEXT PRIMARY KEY,
  framework_id TEXT NOT NULL REFERENCES frameworks(id),
  area_id      TEXT NOT NULL REFERENCES areas(id),
  position     INTEGER NOT NULL,
  name         TEXT NOT NULL,
  description  TEXT NOT NULL DEFAULT '',
  top_level    INTEGER NOT NULL  -- top of its own scale, else of the framework's
);
CREATE INDEX competences_framework ON competences(framework_id);
CREATE INDEX competences_area ON competences(area_id, position);

-- A competence's own scale; none means the framework's.
CREATE TABLE competence_levels (
  competence_id TEXT NOT NULL REFERENCES competences(id) ON DELETE CASCADE,
  level         INTEGER NOT NULL,
  name          TEXT NOT NULL,
  description   TEXT NOT NULL DEFAULT '',
  PRIMARY KEY (competence_id, level)
) WITHOUT ROWID;

CREATE TABLE org_units (
  id        TEXT PRIMARY KEY,
  parent_id TEXT REFERENCES org_units(id),
  name      TEXT NOT NULL
);
CREATE INDEX org_units_parent ON org_units(parent_id);

CREATE TABLE roles (
  id          TEXT PRIMARY KEY,
  name        TEXT NOT NULL,
  description TEXT NOT NULL DEFAULT ''
);

CREATE TABLE role_inherits (
  role_id        TEXT NOT NULL REFERENCES roles(id) ON DELETE CASCADE,
  parent_role_id TEXT NOT NULL REFERENCES roles(id),
  position       INTEGER NOT NULL,
  PRIMARY KEY (role_id, parent_role_id)
) WITHOUT ROWID;

CREATE TABLE role_targets (
  role_id       TEXT NOT NULL REFERENCES roles(id) ON DELETE CASCADE,
  competence_id TEXT NOT NULL REFERENCES competences(id),
  priority      INTEGER NOT NULL,  -- 1 REQUIRED, 2 DESIRED
  position      INTEGER NOT NULL,
  level         INTEGER NOT NULL,
  weight        REAL NOT NULL,
  PRIMARY KEY (role_id, competence_id, priority)
) WITHOUT ROWID;
CREATE INDEX role_targets_competence ON role_targets(competence_id);

CREATE TABLE people (
  id          TEXT PRIMARY KEY,
  name        TEXT NOT NULL,
  email       TEXT NOT NULL DEFAULT '',
  org_unit_id TEXT NOT NULL REFERENCES org_units(id),
  active      INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX people_unit ON people(org_unit_id);

CREATE TABLE person_roles (
  person_id TEXT NOT NULL REFERENCES people(id) ON DELETE CASCADE,
  role_id   TEXT NOT NULL REFERENCES roles(id),
  position  INTEGER NOT NULL,
  PRIMARY KEY (person_id, role_id)
) WITHOUT ROWID;
CREATE INDEX person_roles_role ON person_roles(role_id);

CREATE TABLE person_manages (
  person_id   TEXT NOT NULL REFERENCES people(id) ON DELETE CASCADE,
  org_unit_id TEXT NOT NULL REFERENCES org_units(id),
  position    INTEGER NOT NULL,
  PRIMARY KEY (person_id, org_unit_id)
) WITHOUT ROWID;

-- Append-only history: `seq` orders assessments recorded at the same
-- assessed_at (the later one wins).
CREATE TABLE assessments (
  seq           INTEGER PRIMARY KEY,
  id            TEXT NOT NULL UNIQUE,
  person_id     TEXT NOT NULL REFERENCES people(id),
  competence_id TEXT NOT NULL REFERENCES competences(id),
  level         INTEGER NOT NULL,
  source        INTEGER NOT NULL,
  assessor_id   TEXT NOT NULL DEFAULT '',
  assessed_at   INTEGER NOT NULL,  -- microseconds since the epoch, UTC
  expires_at    INTEGER,           -- NULL: never
  note          TEXT NOT NULL DEFAULT '',
  evidence_uri  TEXT NOT NULL DEFAULT ''
);
CREATE INDEX assessments_person ON assessments(person_id, competence_id, assessed_at, seq);
CREATE INDEX assessments_competence ON assessments(competence_id);
CREATE TRIGGER assessments_append_only BEFORE UPDATE ON assessments
BEGIN
  SELECT RAISE(ABORT, 'assessments are append-only');
END;

CREATE TABLE resources (
  id       TEXT PRIMARY KEY,
  title    TEXT NOT NULL,
  provider TEXT NOT NULL DEFAULT '',
  mode     INTEGER NOT NULL,
  hours    REAL NOT NULL,
  cost     REAL NOT NULL,
  language TEXT NOT NULL DEFAULT '',
  url      TEXT NOT NULL DEFAULT ''
);

CREATE TABLE resource_outcomes (
  resource_id   TEXT NOT NULL REFERENCES resources(id) ON DELETE CASCADE,
  competence_id TEXT NOT NULL REFERENCES competences(id),
  position      INTEGER NOT NULL,
  min_level     INTEGER NOT NULL,
  reaches_level INTEGER NOT NULL,
  PRIMARY KEY (resource_id, competence_id)
) WITHOUT ROWID;
CREATE INDEX resource_outcomes_competence ON resource_outcomes(competence_id);

CREATE TABLE resource_prerequisites (
  resource_id TEXT NOT NULL REFERENCES resources(id) ON DELETE CASCADE,
  prereq_id   TEXT NOT NULL REFERENCES resources(id),
  position    INTEGER NOT NULL,
  PRIMARY KEY (resource_id, prereq_id)
) WITHOUT ROWID;
CREATE INDEX resource_prerequisites_prereq ON resource_prerequisites(prereq_id);

CREATE TABLE resource_sessions (
  resource_id TEXT NOT NULL REFERENCES resources(id) ON DELETE CASCADE,
  id          TEXT NOT NULL,
  position    INTEGER NOT NULL,
  start_at    INTEGER NOT NULL,
  end_at      INTEGER NOT NULL,
  capacity    INTEGER NOT NULL,
  location    TEXT NOT NULL DEFAULT '',
  fixed_cost  REAL NOT NULL DEFAULT 0,
  PRIMARY KEY (resource_id, id)
) WITHOUT ROWID;
