-- The organisation's work calendar (issue #14 item 2): whether Norway's
-- holidays are closed for learning (fellesferie, Christmas, Easter week; on
-- until an organisation turns them off: no row reads as on) and its own
-- closed periods, whole days, inclusive. Rewritten whole.
CREATE TABLE work_calendar (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  norwegian_holidays INTEGER NOT NULL
);
CREATE TABLE work_calendar_closed (
  position INTEGER PRIMARY KEY,
  name TEXT NOT NULL,
  first_day TEXT NOT NULL,
  last_day TEXT NOT NULL
);
