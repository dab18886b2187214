-- Hours a week a person learns (issue #14 item 2: part-time staff); 0: the
-- plan's default.
ALTER TABLE people ADD COLUMN weekly_hours REAL NOT NULL DEFAULT 0;
