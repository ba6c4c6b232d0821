-- WebAuthn (issue 14): a third method. SQLite cannot change a CHECK constraint in place, so
-- `factors` is rebuilt (SQLite "ALTER TABLE" §7, the twelve steps; `Db::migrate` turns foreign
-- keys off around migrations and runs `foreign_key_check` before committing).
CREATE TABLE factors_new (
    id         TEXT PRIMARY KEY,
    user_id    TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    method     TEXT NOT NULL CHECK (method IN ('totp', 'sms', 'webauthn')),
    status     TEXT NOT NULL CHECK (status IN ('pending', 'active')),
    secret_ct  BLOB,
    phone      TEXT,
    last_step  INTEGER NOT NULL DEFAULT -1,
    created_at INTEGER NOT NULL,
    expires_at INTEGER
) STRICT;
INSERT INTO factors_new (id, user_id, method, status, secret_ct, phone, last_step, created_at, expires_at)
    SELECT id, user_id, method, status, secret_ct, phone, last_step, created_at, expires_at FROM factors;
DROP TABLE factors;
ALTER TABLE factors_new RENAME TO factors;
CREATE INDEX factors_user ON factors(user_id);
CREATE UNIQUE INDEX factors_one_active_method ON factors(user_id, method) WHERE status = 'active';

-- The ceremony state of a WebAuthn challenge (webauthn-rs's registration or authentication
-- state, JSON: the challenge bytes and the allowed credentials). Kept with the challenge so any
-- instance can finish it, single use (`used_at`) and expiring (`expires_at`) like every
-- challenge (WebAuthn L3 §13.4.3).
ALTER TABLE challenges ADD COLUMN ceremony TEXT;

-- A registered credential. The id is unique across users: registration refuses an id already
-- registered (WebAuthn L3 §7.1 step 26). The counter and flags are recorded (§6.1: UV, BE, BS).
CREATE TABLE webauthn_credentials (
    cred_id         BLOB PRIMARY KEY,
    factor_id       TEXT NOT NULL REFERENCES factors(id) ON DELETE CASCADE,
    user_id         TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    passkey         TEXT NOT NULL,   -- webauthn-rs Passkey (COSE public key, counter, flags), JSON
    sign_count      INTEGER NOT NULL,
    user_verified   INTEGER NOT NULL,
    backup_eligible INTEGER NOT NULL,
    backup_state    INTEGER NOT NULL,
    created_at      INTEGER NOT NULL,
    last_used_at    INTEGER
) STRICT;
CREATE INDEX webauthn_credentials_user ON webauthn_credentials(user_id);
