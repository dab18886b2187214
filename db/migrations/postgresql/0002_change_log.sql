-- Issue #16: several replicas on one database. Every committed batch of a
-- replica's writer also appends what it changed (as far as the read index
-- and the caches care) here, in the same transaction; the other replicas
-- apply the entries after the last sequence they have seen. A transaction
-- takes the change log's advisory lock just before it appends and holds it
-- to its commit, so sequence order is commit order and a replica that has
-- seen N has seen everything before N.
CREATE TABLE change_log (
  seq         BIGINT PRIMARY KEY,
  origin      TEXT COLLATE "C" NOT NULL,   -- the replica that wrote it
  at          BIGINT NOT NULL,             -- commit time, microseconds since the epoch
  flags       INTEGER NOT NULL,            -- what changed: see db/replication/change_log.cc
  people      TEXT COLLATE "C" NOT NULL,   -- the people written, one id per line
  assessments TEXT COLLATE "C" NOT NULL,   -- the assessments appended, one id per line, in order
  tokens      TEXT COLLATE "C" NOT NULL    -- the tokens and sessions written, one id per line
);
