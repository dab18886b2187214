-- A framework's names and descriptions in other languages than its own
-- (issue #13): Norwegian names for DigComp, English ones for the KS areas.
-- `owner` says what the text belongs to: '' the framework, 'level:<n>' a
-- level of its scale, 'area:<id>', 'competence:<id>', or
-- 'competence:<id>/level:<n>' a level of a competence's own scale. Rewritten
-- whole with the framework.
ALTER TABLE frameworks ADD COLUMN language TEXT NOT NULL DEFAULT '';
CREATE TABLE framework_texts (
  framework_id TEXT NOT NULL REFERENCES frameworks(id) ON DELETE CASCADE,
  owner TEXT NOT NULL,
  language TEXT NOT NULL,
  position INTEGER NOT NULL,
  name TEXT NOT NULL,
  description TEXT NOT NULL DEFAULT '',
  PRIMARY KEY (framework_id, owner, language)
) WITHOUT ROWID;
