-- The portal's tables. One text for SQLite and PostgreSQL: TEXT and BIGINT only (times are
-- milliseconds since the epoch, flags 0/1), no auto-increment (ids are made by Snapdeck).

CREATE TABLE users (
    name TEXT PRIMARY KEY,
    role TEXT NOT NULL,
    -- Argon2id PHC string; NULL for users who sign in with OpenID Connect only.
    password_hash TEXT,
    source TEXT NOT NULL,
    disabled BIGINT NOT NULL DEFAULT 0,
    created_at BIGINT NOT NULL
);

CREATE TABLE grants (
    user_name TEXT NOT NULL,
    account TEXT NOT NULL,
    role TEXT NOT NULL,
    PRIMARY KEY (user_name, account)
);

-- The cookie holds the session id; the table holds its SHA-256 only.
CREATE TABLE sessions (
    id_hash TEXT PRIMARY KEY,
    user_name TEXT NOT NULL,
    credential TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    last_seen BIGINT NOT NULL,
    expires_at BIGINT NOT NULL
);
CREATE INDEX sessions_user ON sessions (user_name);

CREATE TABLE api_tokens (
    id TEXT PRIMARY KEY,
    user_name TEXT NOT NULL,
    name TEXT NOT NULL,
    role TEXT NOT NULL,
    secret_hash TEXT NOT NULL UNIQUE,
    created_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL,
    last_used_at BIGINT,
    revoked_at BIGINT
);
CREATE INDEX api_tokens_user ON api_tokens (user_name);

-- Ids are UUIDv7 text: their order is their time order, so the id is the paging cursor.
CREATE TABLE audit_log (
    id TEXT PRIMARY KEY,
    at BIGINT NOT NULL,
    user_name TEXT NOT NULL,
    role TEXT,
    credential TEXT NOT NULL,
    client TEXT NOT NULL,
    account TEXT,
    operation TEXT NOT NULL,
    targets TEXT NOT NULL,
    changes TEXT,
    outcome TEXT NOT NULL,
    code TEXT,
    request_id TEXT NOT NULL,
    upstream_request_id TEXT
);
CREATE INDEX audit_log_at ON audit_log (at);
CREATE INDEX audit_log_user ON audit_log (user_name, id);

-- Failed sign-ins, by `user:NAME` and by `client:ADDRESS`, for throttling.
CREATE TABLE sign_in_failures (
    subject TEXT NOT NULL,
    at BIGINT NOT NULL
);
CREATE INDEX sign_in_failures_subject ON sign_in_failures (subject, at);

-- An OpenID Connect sign-in under way (state, PKCE verifier, nonce), so that any replica can
-- take the callback.
CREATE TABLE oidc_logins (
    state TEXT PRIMARY KEY,
    verifier TEXT NOT NULL,
    nonce TEXT NOT NULL,
    created_at BIGINT NOT NULL
);
