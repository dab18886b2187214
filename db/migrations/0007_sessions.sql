-- Sign-in through the organisation's OpenID provider (issue #12).
-- A session is a token of its own kind: the browser's cookie holds the
-- secret, only its hash is stored, and revocation, a person set inactive
-- and erasure end it as they end an API token. It also ends after
-- idle_timeout without use (microseconds; NULL: never) and at expires_at.
ALTER TABLE tokens ADD COLUMN kind INTEGER NOT NULL DEFAULT 1;  -- 1 API token, 2 session
ALTER TABLE tokens ADD COLUMN idle_timeout INTEGER;
ALTER TABLE tokens ADD COLUMN last_used_at INTEGER;
ALTER TABLE tokens ADD COLUMN issuer TEXT NOT NULL DEFAULT '';
ALTER TABLE tokens ADD COLUMN subject TEXT NOT NULL DEFAULT '';

-- Sign-ins under way: found by the hash of the state sent to the provider,
-- with the nonce and PKCE verifier its answer is checked with, and where to
-- go afterwards. Taken (deleted) when the answer comes; older ones purged.
CREATE TABLE sign_in_requests (
  state_hash    BLOB PRIMARY KEY,
  nonce         TEXT NOT NULL,
  code_verifier TEXT NOT NULL,
  return_to     TEXT NOT NULL DEFAULT '/',
  created_at    INTEGER NOT NULL
);
CREATE INDEX sign_in_requests_created ON sign_in_requests(created_at);
