-- Organisation data from the HR system (issue #13).
--
-- A person's position (code or title) and manager, and a unit's manager,
-- as the HR export has them. They are plain references (no foreign key): a
-- unit file may name managers before the people file brings them in, and
-- erasure clears them.
ALTER TABLE people ADD COLUMN position TEXT NOT NULL DEFAULT '';
ALTER TABLE people ADD COLUMN manager_id TEXT NOT NULL DEFAULT '';
CREATE INDEX people_manager ON people(manager_id) WHERE manager_id <> '';
ALTER TABLE org_units ADD COLUMN manager_id TEXT NOT NULL DEFAULT '';
CREATE INDEX org_units_manager ON org_units(manager_id) WHERE manager_id <> '';

-- Where an assignment comes from, as bits: 1 made by hand (the API, the
-- CLI), 2 from an import's roles column, 4 from a position rule; for
-- managed units 1 by hand, 8 from the data (a unit's or a person's
-- manager_id). A row lives while any bit is set, so a sync that replaces
-- the imported roles never removes one given by hand.
ALTER TABLE person_roles ADD COLUMN origins INTEGER NOT NULL DEFAULT 1;
ALTER TABLE person_manages ADD COLUMN origins INTEGER NOT NULL DEFAULT 1;

-- Roles given by position: a rule matches the position exactly (a code,
-- without regard to case) or by a pattern on the title (* and ?).
CREATE TABLE position_rules (
  id          TEXT PRIMARY KEY,
  position    TEXT NOT NULL DEFAULT '',
  pattern     TEXT NOT NULL DEFAULT '',
  description TEXT NOT NULL DEFAULT ''
);

CREATE TABLE position_rule_roles (
  rule_id  TEXT NOT NULL REFERENCES position_rules(id) ON DELETE CASCADE,
  role_id  TEXT NOT NULL REFERENCES roles(id),
  position INTEGER NOT NULL,
  PRIMARY KEY (rule_id, role_id)
) WITHOUT ROWID;
CREATE INDEX position_rule_roles_role ON position_rule_roles(role_id);
