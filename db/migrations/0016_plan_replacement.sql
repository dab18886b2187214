-- RegeneratePlan (issue #14 item 3): a plan made again from the person's
-- levels now replaces the open plan it came from, which is cancelled; each
-- names the other. Empty for plans not made or replaced so.
ALTER TABLE plans ADD COLUMN replaced_by_plan_id TEXT NOT NULL DEFAULT '';
ALTER TABLE plans ADD COLUMN replaces_plan_id TEXT NOT NULL DEFAULT '';
