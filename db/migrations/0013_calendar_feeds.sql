-- Calendar feeds (issue #14 item 4): a person's feed URL carries a secret
-- kept as the other tokens are (kind 4, only its SHA-256 stored; revocation
-- and erasure as for any token). At most one live feed per person: creating
-- another revokes the one before in the same transaction, and this index
-- makes two live ones impossible.
CREATE UNIQUE INDEX tokens_live_calendar_feed ON tokens(person_id) WHERE kind = 4 AND revoked_at IS NULL;
