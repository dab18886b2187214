-- A learner's DONE awaits their manager's or HR's confirmation (issue #10):
-- a step keeps why it was last sent back (or the confirmer's word) and when
-- the learner last said it was done. Status 5 is AWAITING_CONFIRMATION.

ALTER TABLE plan_steps ADD COLUMN comment TEXT NOT NULL DEFAULT '';
ALTER TABLE plan_steps ADD COLUMN claimed_at INTEGER NOT NULL DEFAULT 0;
