-- The PostgreSQL schema: the same tables as SQLite's migrations 0001-0005 (src/store/sqlite/
-- migrations), in PostgreSQL's types. Times are Unix seconds (BIGINT). Ids are random text.
CREATE TABLE orgs (
    id          TEXT PRIMARY KEY,
    name        TEXT NOT NULL,
    require_mfa BOOLEAN NOT NULL DEFAULT FALSE,
    sso         BOOLEAN NOT NULL DEFAULT FALSE
);

CREATE TABLE users (
    id               TEXT PRIMARY KEY,
    org_id           TEXT NOT NULL REFERENCES orgs(id),
    email            TEXT NOT NULL UNIQUE,
    password_hash    TEXT NOT NULL,
    role             TEXT NOT NULL CHECK (role IN ('admin', 'member')),
    -- Set when the user must enrol at the next login (codes used up, admin reset).
    must_enroll      BOOLEAN NOT NULL DEFAULT FALSE,
    -- Consecutive second-factor failures and their delay (RFC 4226 §7.3, NIST SP 800-63B 5.2.2).
    mfa_failures     BIGINT NOT NULL DEFAULT 0,
    mfa_locked_until BIGINT,
    created_at       BIGINT NOT NULL
);

CREATE TABLE sessions (
    id          TEXT PRIMARY KEY,
    token_hash  BYTEA NOT NULL UNIQUE,
    user_id     TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    state       TEXT NOT NULL CHECK (state IN ('authenticated', 'mfa_required', 'enrollment_required')),
    created_at  BIGINT NOT NULL,
    expires_at  BIGINT NOT NULL,
    -- When the session's password was last checked (ASVS 5.0 7.5.1).
    password_at BIGINT
);
CREATE INDEX sessions_user ON sessions(user_id);
CREATE INDEX sessions_expiry ON sessions(expires_at);

CREATE TABLE factors (
    id         TEXT PRIMARY KEY,
    user_id    TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    method     TEXT NOT NULL CHECK (method IN ('totp', 'sms')),
    status     TEXT NOT NULL CHECK (status IN ('pending', 'active')),
    secret_ct  BYTEA,                      -- TOTP: ChaCha20-Poly1305(nonce || ciphertext), AAD = id
    phone      TEXT,                       -- SMS: E.164
    last_step  BIGINT NOT NULL DEFAULT -1, -- TOTP: last accepted time step (RFC 6238 §5.2)
    created_at BIGINT NOT NULL,
    expires_at BIGINT                      -- pending only
);
CREATE INDEX factors_user ON factors(user_id);
CREATE UNIQUE INDEX factors_one_active_method ON factors(user_id, method) WHERE status = 'active';

CREATE TABLE challenges (
    id         TEXT PRIMARY KEY,
    session_id TEXT NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
    user_id    TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    factor_id  TEXT NOT NULL REFERENCES factors(id) ON DELETE CASCADE,
    purpose    TEXT NOT NULL CHECK (purpose IN ('login', 'enroll', 'step_up')),
    code_hash  BYTEA,                      -- SMS: HMAC-SHA256(server key, id, code)
    sent_at    BIGINT,
    expires_at BIGINT NOT NULL,
    used_at    BIGINT
);
CREATE INDEX challenges_session ON challenges(session_id);
CREATE INDEX challenges_factor ON challenges(factor_id);

CREATE TABLE recovery_codes (
    id      BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    salt    BYTEA NOT NULL,
    hash    BYTEA NOT NULL,
    used_at BIGINT
);
CREATE INDEX recovery_codes_user ON recovery_codes(user_id);

-- SMS budgets (issue 9): what each send was for and from which source address.
CREATE TABLE sms_sends (
    id      BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    user_id TEXT NOT NULL,
    phone   TEXT NOT NULL,
    sent_at BIGINT NOT NULL,
    purpose TEXT NOT NULL DEFAULT 'signin' CHECK (purpose IN ('enroll', 'signin')),
    source  TEXT NOT NULL DEFAULT ''
);
CREATE INDEX sms_sends_time ON sms_sends(sent_at);

-- Failure throttles that are security controls, shared by every instance (issue 9).
CREATE TABLE throttles (
    key          TEXT PRIMARY KEY,
    failures     BIGINT NOT NULL,
    window_start BIGINT NOT NULL,
    locked_until BIGINT
);
CREATE INDEX throttles_window ON throttles(window_start);

-- Pending method changes (issue 15): one per user, bound to the session that started it.
CREATE TABLE method_changes (
    user_id    TEXT PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
    session_id TEXT NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
    created_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL
);
