-- CreditDesk server schema, SQLite 0001: users, OAuth and server bookkeeping.
--
-- Conventions (every migration, both dialects; see each file's header):
--   ids          uuid (server-assigned, QUuid); SQLite: TEXT, 36 lower-case chars.
--   timestamps   timestamptz, UTC; SQLite: INTEGER epoch milliseconds. *_at names.
--   dates        date (daily summaries); SQLite: TEXT 'YYYY-MM-DD', checked.
--   booleans     boolean; SQLite: INTEGER 0/1, checked.
--   money        a column's name fixes its unit on both dialects:
--                  *_cents  BIGINT integer US cents (SQLite INTEGER);
--                  *_usd    decimal dollars, only where the seed report names the
--                           column: NUMERIC(10,2); SQLite: TEXT holding the
--                           canonical decimal ('12.50', checked), because SQLite
--                           has no exact decimal type and NUMERIC affinity would
--                           turn 12.50 into a REAL. Never integer cents under a
--                           *_usd name, never REAL.
--   fixed point  quantities without a unit in their name (credits, multipliers,
--                vendor prices and costs, temperature) are NUMERIC(p,s) on
--                PostgreSQL and INTEGER scaled by 10^s on SQLite:
--                  credits       NUMERIC(12,2) / INTEGER hundredths of a credit
--                                (1 credit = $0.01; domain cu = value x 100)
--                  multipliers   NUMERIC(4,2)  / INTEGER hundredths (1.30 -> 130)
--                  vendor price  NUMERIC(10,8) USD per 1k tokens / INTEGER 1e-8 USD
--                  vendor cost   NUMERIC(10,8) USD (summaries 14,8) / INTEGER 1e-8 USD
--                Never REAL, FLOAT or DOUBLE anywhere.
--   enums        native enum types; SQLite: CHECK (col IN (...)).
--   arrays/json  text[]/enum[]/jsonb; SQLite: TEXT holding JSON, checked.
--
-- This file: no user-owned row survives its user (ON DELETE CASCADE to users);
-- OAuth grants, codes and refresh tokens go with their user or client.

CREATE TABLE users (
    id                  TEXT NOT NULL PRIMARY KEY CHECK (length(id) = 36 AND id = lower(id)),
    email               TEXT NOT NULL,
    password_hash       TEXT,
    email_verified      INTEGER NOT NULL DEFAULT 0 CHECK (email_verified IN (0, 1)),
    username            TEXT,
    first_name          TEXT,
    last_name           TEXT,
    profile_picture_url TEXT,
    created_at          INTEGER NOT NULL DEFAULT (CAST(strftime('%s', 'now') AS INTEGER) * 1000 + CAST(substr(strftime('%f', 'now'), 4) AS INTEGER)),
    updated_at          INTEGER NOT NULL DEFAULT (CAST(strftime('%s', 'now') AS INTEGER) * 1000 + CAST(substr(strftime('%f', 'now'), 4) AS INTEGER)),
    last_login_at       INTEGER,
    deleted_at          INTEGER,
    CONSTRAINT users_email_key UNIQUE (email),
    CONSTRAINT users_username_key UNIQUE (username),
    -- stored normalized so the unique constraint is case-insensitive
    CONSTRAINT users_email_normalized CHECK (email = lower(email) AND email LIKE '%_@_%'),
    CONSTRAINT users_username_length CHECK (username IS NULL OR length(username) BETWEEN 3 AND 30)
);

CREATE TABLE user_preferences (
    user_id               TEXT NOT NULL PRIMARY KEY CHECK (length(user_id) = 36 AND user_id = lower(user_id)) REFERENCES users (id) ON DELETE CASCADE,
    default_model_id      TEXT,
    enable_streaming      INTEGER NOT NULL DEFAULT 1 CHECK (enable_streaming IN (0, 1)),
    max_tokens            INTEGER NOT NULL DEFAULT 4096 CHECK (max_tokens BETWEEN 1 AND 200000),
    temperature           INTEGER NOT NULL DEFAULT 70 CHECK (temperature BETWEEN 0 AND 200),
    preferences_metadata  TEXT CHECK (json_valid(preferences_metadata)),
    email_notifications   INTEGER NOT NULL DEFAULT 1 CHECK (email_notifications IN (0, 1)),
    usage_alerts          INTEGER NOT NULL DEFAULT 1 CHECK (usage_alerts IN (0, 1)),
    created_at            INTEGER NOT NULL DEFAULT (CAST(strftime('%s', 'now') AS INTEGER) * 1000 + CAST(substr(strftime('%f', 'now'), 4) AS INTEGER)),
    updated_at            INTEGER NOT NULL DEFAULT (CAST(strftime('%s', 'now') AS INTEGER) * 1000 + CAST(substr(strftime('%f', 'now'), 4) AS INTEGER)),
    CONSTRAINT user_preferences_metadata_object
        CHECK (preferences_metadata IS NULL OR json_type(preferences_metadata) = 'object')
);

-- /v1/sync/state: one version per area, bumped in the same transaction as its data.
CREATE TABLE user_sync_state (
    user_id                 TEXT NOT NULL PRIMARY KEY CHECK (length(user_id) = 36 AND user_id = lower(user_id)) REFERENCES users (id) ON DELETE CASCADE,
    profile_version         INTEGER NOT NULL DEFAULT 0 CHECK (profile_version >= 0),
    profile_updated_at      INTEGER,
    subscription_version    INTEGER NOT NULL DEFAULT 0 CHECK (subscription_version >= 0),
    subscription_updated_at INTEGER,
    balance_version         INTEGER NOT NULL DEFAULT 0 CHECK (balance_version >= 0),
    balance_updated_at      INTEGER,
    license_version         INTEGER NOT NULL DEFAULT 0 CHECK (license_version >= 0),
    license_updated_at      INTEGER,
    coupons_version         INTEGER NOT NULL DEFAULT 0 CHECK (coupons_version >= 0),
    coupons_updated_at      INTEGER,
    invoices_version        INTEGER NOT NULL DEFAULT 0 CHECK (invoices_version >= 0),
    invoices_updated_at     INTEGER,
    usage_updated_at        INTEGER
);

CREATE TABLE oauth_clients (
    id                         TEXT NOT NULL PRIMARY KEY CHECK (length(id) = 36 AND id = lower(id)),
    client_id                  TEXT NOT NULL,
    name                       TEXT NOT NULL,
    -- NULL for public clients (token_endpoint_auth_method = 'none')
    client_secret_hash         TEXT,
    redirect_uris              TEXT NOT NULL CHECK (json_valid(redirect_uris) AND json_type(redirect_uris) = 'array'),
    grant_types                TEXT NOT NULL DEFAULT '["authorization_code","refresh_token"]'
        CHECK (json_valid(grant_types) AND json_type(grant_types) = 'array'),
    scopes                     TEXT NOT NULL CHECK (json_valid(scopes) AND json_type(scopes) = 'array'),
    token_endpoint_auth_method TEXT NOT NULL DEFAULT 'none'
        CHECK (token_endpoint_auth_method IN ('none', 'client_secret_basic', 'client_secret_post')),
    require_pkce               INTEGER NOT NULL DEFAULT 1 CHECK (require_pkce IN (0, 1)),
    skip_consent               INTEGER NOT NULL DEFAULT 0 CHECK (skip_consent IN (0, 1)),
    is_active                  INTEGER NOT NULL DEFAULT 1 CHECK (is_active IN (0, 1)),
    created_at                 INTEGER NOT NULL DEFAULT (CAST(strftime('%s', 'now') AS INTEGER) * 1000 + CAST(substr(strftime('%f', 'now'), 4) AS INTEGER)),
    updated_at                 INTEGER NOT NULL DEFAULT (CAST(strftime('%s', 'now') AS INTEGER) * 1000 + CAST(substr(strftime('%f', 'now'), 4) AS INTEGER)),
    CONSTRAINT oauth_clients_client_id_key UNIQUE (client_id),
    CONSTRAINT oauth_clients_secret_matches_method
        CHECK ((token_endpoint_auth_method = 'none') = (client_secret_hash IS NULL))
);

-- One sign-in of a user on a client: the refresh token family. Revoking it
-- (sign-out, reuse of a consumed refresh token) ends every token issued in it.
CREATE TABLE oauth_grants (
    id             TEXT NOT NULL PRIMARY KEY CHECK (length(id) = 36 AND id = lower(id)),
    user_id        TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    client_id      TEXT NOT NULL REFERENCES oauth_clients (id) ON DELETE CASCADE,
    scope          TEXT NOT NULL,
    resource       TEXT,
    created_at     INTEGER NOT NULL DEFAULT (CAST(strftime('%s', 'now') AS INTEGER) * 1000 + CAST(substr(strftime('%f', 'now'), 4) AS INTEGER)),
    expires_at     INTEGER NOT NULL,
    revoked_at     INTEGER,
    revoked_reason TEXT
        CHECK (revoked_reason IN ('sign_out', 'refresh_token_reuse', 'code_reuse', 'admin', 'password_change')),
    CONSTRAINT oauth_grants_expiry_after_creation CHECK (expires_at > created_at),
    CONSTRAINT oauth_grants_revocation_has_reason CHECK ((revoked_at IS NULL) = (revoked_reason IS NULL))
);
CREATE INDEX oauth_grants_user_idx ON oauth_grants (user_id);
CREATE INDEX oauth_grants_client_idx ON oauth_grants (client_id);

-- Codes are stored as SHA-256 hex, never in the clear; single use.
CREATE TABLE oauth_authorization_codes (
    id                    TEXT NOT NULL PRIMARY KEY CHECK (length(id) = 36 AND id = lower(id)),
    code_hash             TEXT NOT NULL,
    client_id             TEXT NOT NULL REFERENCES oauth_clients (id) ON DELETE CASCADE,
    user_id               TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    -- the grant the exchange created: revoked if the code is presented again
    grant_id              TEXT REFERENCES oauth_grants (id) ON DELETE SET NULL,
    redirect_uri          TEXT NOT NULL,
    scope                 TEXT NOT NULL,
    resource              TEXT,
    nonce                 TEXT,
    code_challenge        TEXT NOT NULL,
    code_challenge_method TEXT NOT NULL DEFAULT 'S256' CHECK (code_challenge_method = 'S256'),
    created_at            INTEGER NOT NULL DEFAULT (CAST(strftime('%s', 'now') AS INTEGER) * 1000 + CAST(substr(strftime('%f', 'now'), 4) AS INTEGER)),
    expires_at            INTEGER NOT NULL,
    consumed_at           INTEGER,
    CONSTRAINT oauth_authorization_codes_code_hash_key UNIQUE (code_hash),
    CONSTRAINT oauth_authorization_codes_hash_hex CHECK (length(code_hash) = 64 AND code_hash NOT GLOB '*[^0-9a-f]*'),
    CONSTRAINT oauth_authorization_codes_expiry_after_creation CHECK (expires_at > created_at)
);
CREATE INDEX oauth_authorization_codes_client_idx ON oauth_authorization_codes (client_id);
CREATE INDEX oauth_authorization_codes_user_idx ON oauth_authorization_codes (user_id);
CREATE INDEX oauth_authorization_codes_grant_idx ON oauth_authorization_codes (grant_id);

-- Rotation: each refresh consumes its token and issues a child in the same
-- grant; presenting a consumed token revokes the grant (reuse detection).
CREATE TABLE oauth_refresh_tokens (
    id          TEXT NOT NULL PRIMARY KEY CHECK (length(id) = 36 AND id = lower(id)),
    grant_id    TEXT NOT NULL REFERENCES oauth_grants (id) ON DELETE CASCADE,
    token_hash  TEXT NOT NULL,
    parent_id   TEXT REFERENCES oauth_refresh_tokens (id) ON DELETE SET NULL,
    scope       TEXT NOT NULL,
    issued_at   INTEGER NOT NULL DEFAULT (CAST(strftime('%s', 'now') AS INTEGER) * 1000 + CAST(substr(strftime('%f', 'now'), 4) AS INTEGER)),
    expires_at  INTEGER NOT NULL,
    consumed_at INTEGER,
    revoked_at  INTEGER,
    CONSTRAINT oauth_refresh_tokens_token_hash_key UNIQUE (token_hash),
    -- a token is rotated at most once: a second child means a replay
    CONSTRAINT oauth_refresh_tokens_parent_id_key UNIQUE (parent_id),
    CONSTRAINT oauth_refresh_tokens_hash_hex CHECK (length(token_hash) = 64 AND token_hash NOT GLOB '*[^0-9a-f]*'),
    CONSTRAINT oauth_refresh_tokens_expiry_after_issue CHECK (expires_at > issued_at)
);
CREATE INDEX oauth_refresh_tokens_grant_idx ON oauth_refresh_tokens (grant_id);

-- Idempotency-Key store (api-contract 10.4): 24 h replay of 2xx/4xx answers.
CREATE TABLE idempotency_keys (
    id               TEXT NOT NULL PRIMARY KEY CHECK (length(id) = 36 AND id = lower(id)),
    -- 'user:<uuid>', 'license:<sha256>' or 'service:<name>'
    scope            TEXT NOT NULL,
    idempotency_key  TEXT NOT NULL,
    user_id          TEXT REFERENCES users (id) ON DELETE CASCADE,
    -- method + path + SHA-256(body)
    fingerprint      TEXT NOT NULL,
    state            TEXT NOT NULL DEFAULT 'in_progress' CHECK (state IN ('in_progress', 'completed')),
    response_status  INTEGER CHECK (response_status BETWEEN 200 AND 499),
    response_body    BLOB,
    created_at       INTEGER NOT NULL DEFAULT (CAST(strftime('%s', 'now') AS INTEGER) * 1000 + CAST(substr(strftime('%f', 'now'), 4) AS INTEGER)),
    expires_at       INTEGER NOT NULL,
    CONSTRAINT idempotency_keys_scope_key_key UNIQUE (scope, idempotency_key),
    CONSTRAINT idempotency_keys_completed_has_response
        CHECK ((state = 'completed') = (response_status IS NOT NULL))
);
CREATE INDEX idempotency_keys_user_idx ON idempotency_keys (user_id);
CREATE INDEX idempotency_keys_expires_idx ON idempotency_keys (expires_at);
