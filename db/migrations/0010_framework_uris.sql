-- The URI an area or a competence has in the framework it came from (a CASE
-- 1.1 CFItem's uri, issue #13), kept so an export gives it back and a
-- re-import updates in place. Empty: none.
ALTER TABLE areas ADD COLUMN source_uri TEXT NOT NULL DEFAULT '';
ALTER TABLE competences ADD COLUMN source_uri TEXT NOT NULL DEFAULT '';
