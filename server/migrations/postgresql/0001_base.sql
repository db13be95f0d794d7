-- CreditDesk server schema, PostgreSQL 0001: users, OAuth and server bookkeeping.
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
    id                  uuid PRIMARY KEY,
    email               varchar(255) NOT NULL,
    password_hash       text,
    email_verified      boolean NOT NULL DEFAULT false,
    username            varchar(30),
    first_name          varchar(100),
    last_name           varchar(100),
    profile_picture_url text,
    created_at          timestamptz NOT NULL DEFAULT now(),
    updated_at          timestamptz NOT NULL DEFAULT now(),
    last_login_at       timestamptz,
    deleted_at          timestamptz,
    CONSTRAINT users_email_key UNIQUE (email),
    CONSTRAINT users_username_key UNIQUE (username),
    -- stored normalized so the unique constraint is case-insensitive
    CONSTRAINT users_email_normalized CHECK (email = lower(email) AND email LIKE '%_@_%'),
    CONSTRAINT users_username_length CHECK (username IS NULL OR char_length(username) BETWEEN 3 AND 30)
);

CREATE TABLE user_preferences (
    user_id               uuid PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
    default_model_id      varchar(100),
    enable_streaming      boolean NOT NULL DEFAULT true,
    max_tokens            integer NOT NULL DEFAULT 4096 CHECK (max_tokens BETWEEN 1 AND 200000),
    temperature           numeric(3,2) NOT NULL DEFAULT 0.70 CHECK (temperature BETWEEN 0 AND 2),
    preferences_metadata  jsonb,
    email_notifications   boolean NOT NULL DEFAULT true,
    usage_alerts          boolean NOT NULL DEFAULT true,
    created_at            timestamptz NOT NULL DEFAULT now(),
    updated_at            timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT user_preferences_metadata_object
        CHECK (preferences_metadata IS NULL OR jsonb_typeof(preferences_metadata) = 'object')
);

-- /v1/sync/state: one version per area, bumped in the same transaction as its data.
CREATE TABLE user_sync_state (
    user_id                 uuid PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
    profile_version         bigint NOT NULL DEFAULT 0 CHECK (profile_version >= 0),
    profile_updated_at      timestamptz,
    subscription_version    bigint NOT NULL DEFAULT 0 CHECK (subscription_version >= 0),
    subscription_updated_at timestamptz,
    balance_version         bigint NOT NULL DEFAULT 0 CHECK (balance_version >= 0),
    balance_updated_at      timestamptz,
    license_version         bigint NOT NULL DEFAULT 0 CHECK (license_version >= 0),
    license_updated_at      timestamptz,
    coupons_version         bigint NOT NULL DEFAULT 0 CHECK (coupons_version >= 0),
    coupons_updated_at      timestamptz,
    invoices_version        bigint NOT NULL DEFAULT 0 CHECK (invoices_version >= 0),
    invoices_updated_at     timestamptz,
    usage_updated_at        timestamptz
);

CREATE TABLE oauth_clients (
    id                         uuid PRIMARY KEY,
    client_id                  varchar(100) NOT NULL,
    name                       varchar(200) NOT NULL,
    -- NULL for public clients (token_endpoint_auth_method = 'none')
    client_secret_hash         text,
    redirect_uris              text[] NOT NULL,
    grant_types                text[] NOT NULL DEFAULT '{authorization_code,refresh_token}',
    scopes                     text[] NOT NULL,
    token_endpoint_auth_method varchar(30) NOT NULL DEFAULT 'none'
        CHECK (token_endpoint_auth_method IN ('none', 'client_secret_basic', 'client_secret_post')),
    require_pkce               boolean NOT NULL DEFAULT true,
    skip_consent               boolean NOT NULL DEFAULT false,
    is_active                  boolean NOT NULL DEFAULT true,
    created_at                 timestamptz NOT NULL DEFAULT now(),
    updated_at                 timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT oauth_clients_client_id_key UNIQUE (client_id),
    CONSTRAINT oauth_clients_secret_matches_method
        CHECK ((token_endpoint_auth_method = 'none') = (client_secret_hash IS NULL))
);

-- One sign-in of a user on a client: the refresh token family. Revoking it
-- (sign-out, reuse of a consumed refresh token) ends every token issued in it.
CREATE TABLE oauth_grants (
    id             uuid PRIMARY KEY,
    user_id        uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    client_id      uuid NOT NULL REFERENCES oauth_clients (id) ON DELETE CASCADE,
    scope          text NOT NULL,
    resource       text,
    created_at     timestamptz NOT NULL DEFAULT now(),
    expires_at     timestamptz NOT NULL,
    revoked_at     timestamptz,
    revoked_reason varchar(50)
        CHECK (revoked_reason IN ('sign_out', 'refresh_token_reuse', 'code_reuse', 'admin', 'password_change')),
    CONSTRAINT oauth_grants_expiry_after_creation CHECK (expires_at > created_at),
    CONSTRAINT oauth_grants_revocation_has_reason CHECK ((revoked_at IS NULL) = (revoked_reason IS NULL))
);
CREATE INDEX oauth_grants_user_idx ON oauth_grants (user_id);
CREATE INDEX oauth_grants_client_idx ON oauth_grants (client_id);

-- Codes are stored as SHA-256 hex, never in the clear; single use.
CREATE TABLE oauth_authorization_codes (
    id                    uuid PRIMARY KEY,
    code_hash             char(64) NOT NULL,
    client_id             uuid NOT NULL REFERENCES oauth_clients (id) ON DELETE CASCADE,
    user_id               uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    -- the grant the exchange created: revoked if the code is presented again
    grant_id              uuid REFERENCES oauth_grants (id) ON DELETE SET NULL,
    redirect_uri          text NOT NULL,
    scope                 text NOT NULL,
    resource              text,
    nonce                 text,
    code_challenge        varchar(128) NOT NULL,
    code_challenge_method varchar(10) NOT NULL DEFAULT 'S256' CHECK (code_challenge_method = 'S256'),
    created_at            timestamptz NOT NULL DEFAULT now(),
    expires_at            timestamptz NOT NULL,
    consumed_at           timestamptz,
    CONSTRAINT oauth_authorization_codes_code_hash_key UNIQUE (code_hash),
    CONSTRAINT oauth_authorization_codes_hash_hex CHECK (code_hash ~ '^[0-9a-f]{64}$'),
    CONSTRAINT oauth_authorization_codes_expiry_after_creation CHECK (expires_at > created_at)
);
CREATE INDEX oauth_authorization_codes_client_idx ON oauth_authorization_codes (client_id);
CREATE INDEX oauth_authorization_codes_user_idx ON oauth_authorization_codes (user_id);
CREATE INDEX oauth_authorization_codes_grant_idx ON oauth_authorization_codes (grant_id);

-- Rotation: each refresh consumes its token and issues a child in the same
-- grant; presenting a consumed token revokes the grant (reuse detection).
CREATE TABLE oauth_refresh_tokens (
    id          uuid PRIMARY KEY,
    grant_id    uuid NOT NULL REFERENCES oauth_grants (id) ON DELETE CASCADE,
    token_hash  char(64) NOT NULL,
    parent_id   uuid REFERENCES oauth_refresh_tokens (id) ON DELETE SET NULL,
    scope       text NOT NULL,
    issued_at   timestamptz NOT NULL DEFAULT now(),
    expires_at  timestamptz NOT NULL,
    consumed_at timestamptz,
    revoked_at  timestamptz,
    CONSTRAINT oauth_refresh_tokens_token_hash_key UNIQUE (token_hash),
    -- a token is rotated at most once: a second child means a replay
    CONSTRAINT oauth_refresh_tokens_parent_id_key UNIQUE (parent_id),
    CONSTRAINT oauth_refresh_tokens_hash_hex CHECK (token_hash ~ '^[0-9a-f]{64}$'),
    CONSTRAINT oauth_refresh_tokens_expiry_after_issue CHECK (expires_at > issued_at)
);
CREATE INDEX oauth_refresh_tokens_grant_idx ON oauth_refresh_tokens (grant_id);

-- Idempotency-Key store (api-contract 10.4): 24 h replay of 2xx/4xx answers.
CREATE TABLE idempotency_keys (
    id               uuid PRIMARY KEY,
    -- 'user:<uuid>', 'license:<sha256>' or 'service:<name>'
    scope            varchar(100) NOT NULL,
    idempotency_key  uuid NOT NULL,
    user_id          uuid REFERENCES users (id) ON DELETE CASCADE,
    -- method + path + SHA-256(body)
    fingerprint      char(64) NOT NULL,
    state            varchar(20) NOT NULL DEFAULT 'in_progress' CHECK (state IN ('in_progress', 'completed')),
    response_status  integer CHECK (response_status BETWEEN 200 AND 499),
    response_body    bytea,
    created_at       timestamptz NOT NULL DEFAULT now(),
    expires_at       timestamptz NOT NULL,
    CONSTRAINT idempotency_keys_scope_key_key UNIQUE (scope, idempotency_key),
    CONSTRAINT idempotency_keys_completed_has_response
        CHECK ((state = 'completed') = (response_status IS NOT NULL))
);
CREATE INDEX idempotency_keys_user_idx ON idempotency_keys (user_id);
CREATE INDEX idempotency_keys_expires_idx ON idempotency_keys (expires_at);
