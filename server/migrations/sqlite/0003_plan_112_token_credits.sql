-- CreditDesk server schema, SQLite 0003: Plan 112, token -> credit conversion.
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
-- Plan 112 (token -> credit conversion). Deletion rules:
--   user deleted      -> balance, sources, usage and deduction ledgers and the
--                        daily summaries go with it (CASCADE, GDPR; seed 5.1);
--   provider deleted  -> its pricing rows go (CASCADE); refused while usage
--                        rows or summaries name it (RESTRICT: ledger history);
--   pricing deleted   -> token_usage_ledger.pricing_id NULL (the row keeps its
--                        own cost and multiplier);
--   usage row deleted -> its credit_deduction_ledger row and its reversal go
--                        (CASCADE; a reversal means nothing without it).
-- credit_allocation (0002) gains balance_id -> user_credit_balance (seed 1.1).


CREATE TABLE providers (
    id           TEXT NOT NULL PRIMARY KEY CHECK (length(id) = 36 AND id = lower(id)),
    -- openai, anthropic, google, meta, mistral, cohere (api-contract 10.6)
    name         TEXT NOT NULL CHECK (length(name) > 0 AND name NOT GLOB '*[^a-z0-9_-]*'),
    display_name TEXT NOT NULL,
    is_enabled   INTEGER NOT NULL DEFAULT 1 CHECK (is_enabled IN (0, 1)),
    created_at   INTEGER NOT NULL DEFAULT (CAST(strftime('%s', 'now') AS INTEGER) * 1000 + CAST(substr(strftime('%f', 'now'), 4) AS INTEGER)),
    updated_at   INTEGER NOT NULL DEFAULT (CAST(strftime('%s', 'now') AS INTEGER) * 1000 + CAST(substr(strftime('%f', 'now'), 4) AS INTEGER)),
    CONSTRAINT providers_name_key UNIQUE (name)
);

-- Vendor prices per 1k tokens (domain rules 5); NULL cache prices take the
-- defaults (write = input, read = 10 % of input).
CREATE TABLE model_provider_pricing (
    id                                TEXT NOT NULL PRIMARY KEY CHECK (length(id) = 36 AND id = lower(id)),
    provider_id                       TEXT NOT NULL REFERENCES providers (id) ON DELETE CASCADE,
    model_id                          TEXT NOT NULL,
    input_price_per_1k                INTEGER NOT NULL CHECK (input_price_per_1k >= 0),
    output_price_per_1k               INTEGER NOT NULL CHECK (output_price_per_1k >= 0),
    cache_write_price_per_1k          INTEGER CHECK (cache_write_price_per_1k >= 0),
    cache_read_price_per_1k           INTEGER CHECK (cache_read_price_per_1k >= 0),
    context_threshold_tokens          INTEGER CHECK (context_threshold_tokens > 0),
    input_price_per_1k_high_context   INTEGER CHECK (input_price_per_1k_high_context >= 0),
    output_price_per_1k_high_context  INTEGER CHECK (output_price_per_1k_high_context >= 0),
    cache_read_price_per_1k_high_context INTEGER CHECK (cache_read_price_per_1k_high_context >= 0),
    effective_from                    INTEGER NOT NULL,
    effective_until                   INTEGER,
    is_active                         INTEGER NOT NULL DEFAULT 1 CHECK (is_active IN (0, 1)),
    created_at                        INTEGER NOT NULL DEFAULT (CAST(strftime('%s', 'now') AS INTEGER) * 1000 + CAST(substr(strftime('%f', 'now'), 4) AS INTEGER)),
    updated_at                        INTEGER NOT NULL DEFAULT (CAST(strftime('%s', 'now') AS INTEGER) * 1000 + CAST(substr(strftime('%f', 'now'), 4) AS INTEGER)),
    CONSTRAINT model_provider_pricing_effective_order
        CHECK (effective_until IS NULL OR effective_until > effective_from),
    CONSTRAINT model_provider_pricing_model_from_key UNIQUE (provider_id, model_id, effective_from)
);
CREATE INDEX model_provider_pricing_model_idx ON model_provider_pricing (model_id, provider_id, effective_from);

-- Credit multipliers (domain rules 5): the most specific active, approved,
-- effective row wins; 1.50 when none matches.
CREATE TABLE pricing_configs (
    id                TEXT NOT NULL PRIMARY KEY CHECK (length(id) = 36 AND id = lower(id)),
    scope             TEXT NOT NULL CHECK (scope IN ('tier', 'provider', 'model', 'combination')),
    tier              TEXT CHECK (tier IN ('free', 'pro', 'pro_max', 'enterprise_pro', 'enterprise_max', 'perpetual')),
    provider_id       TEXT REFERENCES providers (id) ON DELETE CASCADE,
    model_id          TEXT,
    margin_multiplier INTEGER NOT NULL CHECK (margin_multiplier >= 100),
    effective_from    INTEGER NOT NULL,
    effective_until   INTEGER,
    is_active         INTEGER NOT NULL DEFAULT 1 CHECK (is_active IN (0, 1)),
    approval_status   TEXT NOT NULL DEFAULT 'pending' CHECK (approval_status IN ('pending', 'approved', 'rejected')),
    reason            TEXT,
    created_by        TEXT REFERENCES users (id) ON DELETE SET NULL,
    approved_by       TEXT REFERENCES users (id) ON DELETE SET NULL,
    created_at        INTEGER NOT NULL DEFAULT (CAST(strftime('%s', 'now') AS INTEGER) * 1000 + CAST(substr(strftime('%f', 'now'), 4) AS INTEGER)),
    updated_at        INTEGER NOT NULL DEFAULT (CAST(strftime('%s', 'now') AS INTEGER) * 1000 + CAST(substr(strftime('%f', 'now'), 4) AS INTEGER)),
    CONSTRAINT pricing_configs_effective_order CHECK (effective_until IS NULL OR effective_until > effective_from),
    CONSTRAINT pricing_configs_scope_fields CHECK (
        (scope = 'tier' AND tier IS NOT NULL AND provider_id IS NULL AND model_id IS NULL)
        OR (scope = 'provider' AND tier IS NULL AND provider_id IS NOT NULL AND model_id IS NULL)
        OR (scope = 'model' AND tier IS NULL AND model_id IS NOT NULL)
        OR (scope = 'combination' AND tier IS NOT NULL AND provider_id IS NOT NULL AND model_id IS NOT NULL))
);
CREATE INDEX pricing_configs_lookup_idx ON pricing_configs (scope, tier, provider_id, model_id, effective_from);
CREATE INDEX pricing_configs_provider_idx ON pricing_configs (provider_id);
CREATE INDEX pricing_configs_created_by_idx ON pricing_configs (created_by);
CREATE INDEX pricing_configs_approved_by_idx ON pricing_configs (approved_by);

-- credit_minimum_increment (domain rules 1): one row.
CREATE TABLE credit_settings (
    id                       INTEGER NOT NULL PRIMARY KEY DEFAULT 1 CHECK (id = 1),
    credit_minimum_increment INTEGER NOT NULL DEFAULT 10
        CHECK (credit_minimum_increment IN (1, 10, 100)),
    updated_at               INTEGER NOT NULL DEFAULT (CAST(strftime('%s', 'now') AS INTEGER) * 1000 + CAST(substr(strftime('%f', 'now'), 4) AS INTEGER))
);
INSERT INTO credit_settings (id) VALUES (1);

-- The cached balance: equals the sum of live grants' remaining (domain rules 4).
CREATE TABLE user_credit_balance (
    id                    TEXT NOT NULL PRIMARY KEY CHECK (length(id) = 36 AND id = lower(id)),
    user_id               TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    amount                INTEGER NOT NULL DEFAULT 0 CHECK (amount >= 0),
    last_deduction_at     INTEGER,
    last_deduction_amount INTEGER,
    created_at            INTEGER NOT NULL DEFAULT (CAST(strftime('%s', 'now') AS INTEGER) * 1000 + CAST(substr(strftime('%f', 'now'), 4) AS INTEGER)),
    updated_at            INTEGER NOT NULL DEFAULT (CAST(strftime('%s', 'now') AS INTEGER) * 1000 + CAST(substr(strftime('%f', 'now'), 4) AS INTEGER)),
    CONSTRAINT user_credit_balance_user_id_key UNIQUE (user_id)
);

-- Seed 1.1 / 6.1: a grant applied to a balance points at it. NO ACTION (checked
-- at statement end): a balance cannot be dropped under its grants, yet a user
-- deletion cascading to both in one statement succeeds. SQLite cannot add a
-- CHECK with ALTER TABLE, so credit_allocation is rebuilt (nothing references
-- it yet); the migrator runs PRAGMA foreign_key_check before committing.
CREATE TABLE credit_allocation_rebuilt (
    id                    TEXT NOT NULL PRIMARY KEY CHECK (length(id) = 36 AND id = lower(id)),
    user_id               TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    subscription_id       TEXT REFERENCES subscription_monetization (id) ON DELETE SET NULL,
    credit_type           TEXT NOT NULL DEFAULT 'subscription' CHECK (credit_type IN ('subscription', 'bonus', 'referral', 'coupon', 'admin_grant')),
    -- e.g. monthly_allocation, rollover, proration, coupon, referral, admin
    source                TEXT NOT NULL,
    -- grants are whole credits; remaining is spent down in hundredths
    amount                INTEGER NOT NULL CHECK (amount > 0 AND amount % 100 = 0),
    remaining             INTEGER NOT NULL CHECK (remaining >= 0),
    allocation_period_start INTEGER,
    allocation_period_end   INTEGER,
    -- NULL = never expires
    expires_at            INTEGER,
    applied_to_balance_at INTEGER,
    created_at            INTEGER NOT NULL DEFAULT (CAST(strftime('%s', 'now') AS INTEGER) * 1000 + CAST(substr(strftime('%f', 'now'), 4) AS INTEGER)),
    updated_at            INTEGER NOT NULL DEFAULT (CAST(strftime('%s', 'now') AS INTEGER) * 1000 + CAST(substr(strftime('%f', 'now'), 4) AS INTEGER)),
    balance_id            TEXT REFERENCES user_credit_balance (id) ON DELETE NO ACTION,
    CONSTRAINT credit_allocation_remaining_within_amount CHECK (remaining <= amount),
    CONSTRAINT credit_allocation_period_order
        CHECK (allocation_period_end IS NULL OR allocation_period_end > allocation_period_start),
    CONSTRAINT credit_allocation_applied_has_balance
        CHECK ((balance_id IS NULL) = (applied_to_balance_at IS NULL))
);
INSERT INTO credit_allocation_rebuilt (id, user_id, subscription_id, credit_type, source, amount, remaining,
                                       allocation_period_start, allocation_period_end, expires_at,
                                       applied_to_balance_at, created_at, updated_at, balance_id)
SELECT id, user_id, subscription_id, credit_type, source, amount, remaining,
       allocation_period_start, allocation_period_end, expires_at,
       applied_to_balance_at, created_at, updated_at, NULL
FROM credit_allocation;
DROP TABLE credit_allocation;
ALTER TABLE credit_allocation_rebuilt RENAME TO credit_allocation;
CREATE INDEX credit_allocation_subscription_idx ON credit_allocation (subscription_id);
CREATE INDEX credit_allocation_user_expiry_idx ON credit_allocation (user_id, expires_at, created_at, id);
CREATE INDEX credit_allocation_balance_idx ON credit_allocation (balance_id);

-- The wire classification of a grant (api-contract 6 sources[].sourceType);
-- amounts, remaining and expiry live on the grant itself.
CREATE TABLE user_credit_source (
    id                   TEXT NOT NULL PRIMARY KEY CHECK (length(id) = 36 AND id = lower(id)),
    user_id              TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    credit_allocation_id TEXT NOT NULL REFERENCES credit_allocation (id) ON DELETE CASCADE,
    source_type          TEXT NOT NULL CHECK (source_type IN ('monthly_allocation', 'referral_reward', 'coupon_promotion', 'bonus', 'refund', 'admin_grant')),
    created_at           INTEGER NOT NULL DEFAULT (CAST(strftime('%s', 'now') AS INTEGER) * 1000 + CAST(substr(strftime('%f', 'now'), 4) AS INTEGER)),
    CONSTRAINT user_credit_source_credit_allocation_id_key UNIQUE (credit_allocation_id)
);
CREATE INDEX user_credit_source_user_idx ON user_credit_source (user_id);

-- Append-only usage ledger; corrections are new rows with negative credits
-- and reverses_id (api-contract 10.5).
CREATE TABLE token_usage_ledger (
    id                  TEXT NOT NULL PRIMARY KEY CHECK (length(id) = 36 AND id = lower(id)),
    request_id          TEXT NOT NULL,
    user_id             TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    subscription_id     TEXT REFERENCES subscription_monetization (id) ON DELETE SET NULL,
    model_id            TEXT NOT NULL,
    provider_id         TEXT NOT NULL REFERENCES providers (id) ON DELETE RESTRICT,
    pricing_id          TEXT REFERENCES model_provider_pricing (id) ON DELETE SET NULL,
    request_type        TEXT NOT NULL DEFAULT 'completion' CHECK (request_type IN ('completion', 'streaming', 'batch')),
    operation           TEXT NOT NULL DEFAULT 'completion' CHECK (operation IN ('completion', 'chat', 'embedding', 'function_call')),
    input_tokens        INTEGER NOT NULL DEFAULT 0 CHECK (input_tokens >= 0),
    output_tokens       INTEGER NOT NULL DEFAULT 0 CHECK (output_tokens >= 0),
    cached_input_tokens INTEGER NOT NULL DEFAULT 0 CHECK (cached_input_tokens >= 0),
    cache_write_tokens  INTEGER NOT NULL DEFAULT 0 CHECK (cache_write_tokens >= 0),
    -- USD at 8 decimals, half-up from the exact cost; informational for BYOK
    vendor_cost         INTEGER NOT NULL CHECK (vendor_cost >= 0),
    credit_multiplier   INTEGER NOT NULL CHECK (credit_multiplier >= 0),
    credits_deducted    INTEGER NOT NULL,
    -- a settled charge above the balance: the part that could not be taken
    unbilled_credits    INTEGER NOT NULL DEFAULT 0 CHECK (unbilled_credits >= 0),
    is_byok             INTEGER NOT NULL DEFAULT 0 CHECK (is_byok IN (0, 1)),
    status              TEXT NOT NULL DEFAULT 'success' CHECK (status IN ('success', 'failed', 'cancelled')),
    reverses_id         TEXT REFERENCES token_usage_ledger (id) ON DELETE CASCADE,
    request_duration_ms INTEGER CHECK (request_duration_ms >= 0),
    occurred_at         INTEGER NOT NULL,
    created_at          INTEGER NOT NULL DEFAULT (CAST(strftime('%s', 'now') AS INTEGER) * 1000 + CAST(substr(strftime('%f', 'now'), 4) AS INTEGER)),
    updated_at          INTEGER NOT NULL DEFAULT (CAST(strftime('%s', 'now') AS INTEGER) * 1000 + CAST(substr(strftime('%f', 'now'), 4) AS INTEGER)),
    CONSTRAINT token_usage_ledger_request_id_key UNIQUE (request_id),
    -- a row is reversed at most once
    CONSTRAINT token_usage_ledger_reverses_id_key UNIQUE (reverses_id),
    CONSTRAINT token_usage_ledger_byok_is_free
        CHECK (NOT is_byok OR (credits_deducted = 0 AND credit_multiplier = 0 AND unbilled_credits = 0)),
    CONSTRAINT token_usage_ledger_sign
        CHECK ((reverses_id IS NULL AND credits_deducted >= 0) OR (reverses_id IS NOT NULL AND credits_deducted <= 0))
);
-- seed 8.2 (user_id, created_at) and the sync keyset page (created_at, id) after
-- a user: one index, whose prefix is the seed's.
CREATE INDEX token_usage_ledger_user_created_idx ON token_usage_ledger (user_id, created_at, id);
-- seed 8.2: per-model usage over time
CREATE INDEX token_usage_ledger_model_provider_created_idx ON token_usage_ledger (model_id, provider_id, created_at);
CREATE INDEX token_usage_ledger_provider_idx ON token_usage_ledger (provider_id);
CREATE INDEX token_usage_ledger_subscription_idx ON token_usage_ledger (subscription_id);
CREATE INDEX token_usage_ledger_pricing_idx ON token_usage_ledger (pricing_id);

CREATE TABLE credit_deduction_ledger (
    id             TEXT NOT NULL PRIMARY KEY CHECK (length(id) = 36 AND id = lower(id)),
    user_id        TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    request_id     TEXT NOT NULL,
    token_usage_id TEXT REFERENCES token_usage_ledger (id) ON DELETE CASCADE,
    -- negative for a reversal
    amount         INTEGER NOT NULL,
    unbilled_amount INTEGER NOT NULL DEFAULT 0 CHECK (unbilled_amount >= 0),
    balance_before INTEGER NOT NULL CHECK (balance_before >= 0),
    balance_after  INTEGER NOT NULL CHECK (balance_after >= 0),
    created_at     INTEGER NOT NULL DEFAULT (CAST(strftime('%s', 'now') AS INTEGER) * 1000 + CAST(substr(strftime('%f', 'now'), 4) AS INTEGER)),
    CONSTRAINT credit_deduction_ledger_request_id_key UNIQUE (request_id),
    CONSTRAINT credit_deduction_ledger_token_usage_id_key UNIQUE (token_usage_id),
    CONSTRAINT credit_deduction_ledger_balance_moves_by_amount CHECK (balance_after = balance_before - amount)
);
CREATE INDEX credit_deduction_ledger_user_created_idx ON credit_deduction_ledger (user_id, created_at, id);

CREATE TABLE token_usage_daily_summary (
    id                  TEXT NOT NULL PRIMARY KEY CHECK (length(id) = 36 AND id = lower(id)),
    user_id             TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    summary_date        TEXT NOT NULL CHECK (date(summary_date, '+0 days') IS summary_date),
    model_id            TEXT NOT NULL,
    provider_id         TEXT NOT NULL REFERENCES providers (id) ON DELETE RESTRICT,
    request_count       INTEGER NOT NULL DEFAULT 0 CHECK (request_count >= 0),
    byok_request_count  INTEGER NOT NULL DEFAULT 0 CHECK (byok_request_count >= 0),
    input_tokens        INTEGER NOT NULL DEFAULT 0 CHECK (input_tokens >= 0),
    output_tokens       INTEGER NOT NULL DEFAULT 0 CHECK (output_tokens >= 0),
    cached_input_tokens INTEGER NOT NULL DEFAULT 0 CHECK (cached_input_tokens >= 0),
    vendor_cost         INTEGER NOT NULL DEFAULT 0 CHECK (vendor_cost >= 0),
    credits_deducted    INTEGER NOT NULL DEFAULT 0,
    total_duration_ms   INTEGER NOT NULL DEFAULT 0 CHECK (total_duration_ms >= 0),
    created_at          INTEGER NOT NULL DEFAULT (CAST(strftime('%s', 'now') AS INTEGER) * 1000 + CAST(substr(strftime('%f', 'now'), 4) AS INTEGER)),
    updated_at          INTEGER NOT NULL DEFAULT (CAST(strftime('%s', 'now') AS INTEGER) * 1000 + CAST(substr(strftime('%f', 'now'), 4) AS INTEGER)),
    CONSTRAINT token_usage_daily_summary_day_model_key UNIQUE (user_id, summary_date, model_id, provider_id)
);
CREATE INDEX token_usage_daily_summary_provider_idx ON token_usage_daily_summary (provider_id);

CREATE TABLE credit_usage_daily_summary (
    id                TEXT NOT NULL PRIMARY KEY CHECK (length(id) = 36 AND id = lower(id)),
    user_id           TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    summary_date      TEXT NOT NULL CHECK (date(summary_date, '+0 days') IS summary_date),
    credits_allocated INTEGER NOT NULL DEFAULT 0 CHECK (credits_allocated >= 0),
    credits_deducted  INTEGER NOT NULL DEFAULT 0,
    credits_expired   INTEGER NOT NULL DEFAULT 0 CHECK (credits_expired >= 0),
    request_count     INTEGER NOT NULL DEFAULT 0 CHECK (request_count >= 0),
    closing_balance   INTEGER NOT NULL DEFAULT 0 CHECK (closing_balance >= 0),
    created_at        INTEGER NOT NULL DEFAULT (CAST(strftime('%s', 'now') AS INTEGER) * 1000 + CAST(substr(strftime('%f', 'now'), 4) AS INTEGER)),
    updated_at        INTEGER NOT NULL DEFAULT (CAST(strftime('%s', 'now') AS INTEGER) * 1000 + CAST(substr(strftime('%f', 'now'), 4) AS INTEGER)),
    CONSTRAINT credit_usage_daily_summary_user_day_key UNIQUE (user_id, summary_date)
);
