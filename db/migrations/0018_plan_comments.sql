-- What is said about a plan (issue #15): a manager's reason for sending it
-- back, a word with an approval, the person's reply. Oldest first by n.
-- status: the status the plan moved to with the comment (0 for a comment
-- alone). An erased author leaves the text with no author.
CREATE TABLE plan_comments (
  plan_id     TEXT NOT NULL REFERENCES plans(id) ON DELETE CASCADE,
  n           INTEGER NOT NULL,
  at          INTEGER NOT NULL,
  author_id   TEXT NOT NULL DEFAULT '',
  author_name TEXT NOT NULL DEFAULT '',
  status      INTEGER NOT NULL DEFAULT 0,
  text        TEXT NOT NULL,
  PRIMARY KEY (plan_id, n)
) WITHOUT ROWID;
CREATE INDEX plan_comments_author ON plan_comments(author_id) WHERE author_id <> '';
