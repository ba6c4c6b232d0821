-- Failure throttles that are security controls, shared by every server instance on this
-- database (issue 9): per source address, per (account, source), per account from unknown
-- devices, per device cookie, recovery-code attempts. `key` names the scope and subject, e.g.
-- `pw:src:203.0.113.5`; accounts appear only as keyed hashes of their email.
CREATE TABLE throttles (
    key          TEXT PRIMARY KEY,
    failures     INTEGER NOT NULL,
    window_start INTEGER NOT NULL,
    locked_until INTEGER
) STRICT;
CREATE INDEX throttles_window ON throttles(window_start);

-- Password failures are counted in `throttles` now (per source, never per account alone).
ALTER TABLE users DROP COLUMN password_failures;
ALTER TABLE users DROP COLUMN password_locked_until;
