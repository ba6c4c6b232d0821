-- Initial schema. Times are Unix seconds. Ids are random text.
CREATE TABLE orgs (
    id          TEXT PRIMARY KEY,
    name        TEXT NOT NULL,
    require_mfa INTEGER NOT NULL DEFAULT 0,
    sso         INTEGER NOT NULL DEFAULT 0
) STRICT;

CREATE TABLE users (
    id                    TEXT PRIMARY KEY,
    org_id                TEXT NOT NULL REFERENCES orgs(id),
    email                 TEXT NOT NULL UNIQUE,
    password_hash         TEXT NOT NULL,
    role                  TEXT NOT NULL CHECK (role IN ('admin', 'member')),
    -- Set when the user must enrol at the next login (codes used up, admin reset, method change).
    must_enroll           INTEGER NOT NULL DEFAULT 0,
    -- Failed-attempt counters and locks, per account (RFC 4226 §7.3, NIST SP 800-63B 5.2.2).
    password_failures     INTEGER NOT NULL DEFAULT 0,
    password_locked_until INTEGER,
    mfa_failures          INTEGER NOT NULL DEFAULT 0,
    mfa_locked_until      INTEGER,
    created_at            INTEGER NOT NULL
) STRICT;

CREATE TABLE sessions (
    id         TEXT PRIMARY KEY,
    token_hash BLOB NOT NULL UNIQUE,
    user_id    TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    state      TEXT NOT NULL CHECK (state IN ('authenticated', 'mfa_required', 'enrollment_required')),
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL
) STRICT;
CREATE INDEX sessions_user ON sessions(user_id);

CREATE TABLE factors (
    id         TEXT PRIMARY KEY,
    user_id    TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    method     TEXT NOT NULL CHECK (method IN ('totp', 'sms')),
    status     TEXT NOT NULL CHECK (status IN ('pending', 'active')),
    secret_ct  BLOB,               -- TOTP: ChaCha20-Poly1305(nonce || ciphertext), AAD = id
    phone      TEXT,               -- SMS: E.164
    last_step  INTEGER NOT NULL DEFAULT -1, -- TOTP: last accepted time step (RFC 6238 §5.2)
    created_at INTEGER NOT NULL,
    expires_at INTEGER             -- pending only
) STRICT;
CREATE INDEX factors_user ON factors(user_id);
CREATE UNIQUE INDEX factors_one_active_method ON factors(user_id, method) WHERE status = 'active';

CREATE TABLE challenges (
    id         TEXT PRIMARY KEY,
    session_id TEXT NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
    user_id    TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    factor_id  TEXT NOT NULL REFERENCES factors(id) ON DELETE CASCADE,
    purpose    TEXT NOT NULL CHECK (purpose IN ('login', 'enroll', 'step_up')),
    code_hash  BLOB,               -- SMS: HMAC-SHA256(server key, id, code)
    sent_at    INTEGER,
    expires_at INTEGER NOT NULL,
    used_at    INTEGER
) STRICT;

CREATE TABLE recovery_codes (
    id      INTEGER PRIMARY KEY,
    user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    salt    BLOB NOT NULL,
    hash    BLOB NOT NULL,
    used_at INTEGER
) STRICT;
CREATE INDEX recovery_codes_user ON recovery_codes(user_id);

CREATE TABLE sms_sends (
    id      INTEGER PRIMARY KEY,
    user_id TEXT NOT NULL,
    phone   TEXT NOT NULL,
    sent_at INTEGER NOT NULL
) STRICT;
CREATE INDEX sms_sends_user ON sms_sends(user_id, sent_at);
CREATE INDEX sms_sends_phone ON sms_sends(phone, sent_at);
