-- WebAuthn (issue 14): the SQLite engine's migration 0006 in PostgreSQL's types. PostgreSQL
-- changes a CHECK constraint in place.
ALTER TABLE factors DROP CONSTRAINT factors_method_check;
ALTER TABLE factors ADD CONSTRAINT factors_method_check CHECK (method IN ('totp', 'sms', 'webauthn'));

-- The ceremony state of a WebAuthn challenge (webauthn-rs's, JSON), kept with the challenge so
-- any instance can finish it; single use and expiring like every challenge (WebAuthn L3 §13.4.3).
ALTER TABLE challenges ADD COLUMN ceremony TEXT;

-- A registered credential; its id is unique across users (WebAuthn L3 §7.1 step 26).
CREATE TABLE webauthn_credentials (
    cred_id         BYTEA PRIMARY KEY,
    factor_id       TEXT NOT NULL REFERENCES factors(id) ON DELETE CASCADE,
    user_id         TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    passkey         TEXT NOT NULL,   -- webauthn-rs Passkey (COSE public key, counter, flags), JSON
    sign_count      BIGINT NOT NULL,
    user_verified   BOOLEAN NOT NULL,
    backup_eligible BOOLEAN NOT NULL,
    backup_state    BOOLEAN NOT NULL,
    created_at      BIGINT NOT NULL,
    last_used_at    BIGINT
);
CREATE INDEX webauthn_credentials_user ON webauthn_credentials(user_id);
