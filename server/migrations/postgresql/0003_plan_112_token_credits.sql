-- CreditDesk server schema, PostgreSQL 0003: Plan 112, token -> credit conversion.
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

CREATE TYPE usage_operation AS ENUM ('completion', 'chat', 'embedding', 'function_call');
CREATE TYPE request_type AS ENUM ('completion', 'streaming', 'batch');
CREATE TYPE usage_status AS ENUM ('success', 'failed', 'cancelled');
CREATE TYPE credit_source_type AS ENUM ('monthly_allocation', 'referral_reward', 'coupon_promotion', 'bonus', 'refund', 'admin_grant');
CREATE TYPE pricing_scope AS ENUM ('tier', 'provider', 'model', 'combination');
CREATE TYPE approval_status AS ENUM ('pending', 'approved', 'rejected');

CREATE TABLE providers (
    id           uuid PRIMARY KEY,
    -- openai, anthropic, google, meta, mistral, cohere (api-contract 10.6)
    name         varchar(50) NOT NULL CHECK (name ~ '^[a-z0-9_-]+$'),
    display_name varchar(100) NOT NULL,
    is_enabled   boolean NOT NULL DEFAULT true,
    created_at   timestamptz NOT NULL DEFAULT now(),
    updated_at   timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT providers_name_key UNIQUE (name)
);

-- Vendor prices per 1k tokens (domain rules 5); NULL cache prices take the
-- defaults (write = input, read = 10 % of input).
CREATE TABLE model_provider_pricing (
    id                                uuid PRIMARY KEY,
    provider_id                       uuid NOT NULL REFERENCES providers (id) ON DELETE CASCADE,
    model_id                          varchar(100) NOT NULL,
    input_price_per_1k                numeric(10,8) NOT NULL CHECK (input_price_per_1k >= 0),
    output_price_per_1k               numeric(10,8) NOT NULL CHECK (output_price_per_1k >= 0),
    cache_write_price_per_1k          numeric(10,8) CHECK (cache_write_price_per_1k >= 0),
    cache_read_price_per_1k           numeric(10,8) CHECK (cache_read_price_per_1k >= 0),
    context_threshold_tokens          integer CHECK (context_threshold_tokens > 0),
    input_price_per_1k_high_context   numeric(10,8) CHECK (input_price_per_1k_high_context >= 0),
    output_price_per_1k_high_context  numeric(10,8) CHECK (output_price_per_1k_high_context >= 0),
    cache_read_price_per_1k_high_context numeric(10,8) CHECK (cache_read_price_per_1k_high_context >= 0),
    effective_from                    timestamptz NOT NULL,
    effective_until                   timestamptz,
    is_active                         boolean NOT NULL DEFAULT true,
    created_at                        timestamptz NOT NULL DEFAULT now(),
    updated_at                        timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT model_provider_pricing_effective_order
        CHECK (effective_until IS NULL OR effective_until > effective_from),
    CONSTRAINT model_provider_pricing_model_from_key UNIQUE (provider_id, model_id, effective_from)
);
CREATE INDEX model_provider_pricing_model_idx ON model_provider_pricing (model_id, provider_id, effective_from);

-- Credit multipliers (domain rules 5): the most specific active, approved,
-- effective row wins; 1.50 when none matches.
CREATE TABLE pricing_configs (
    id                uuid PRIMARY KEY,
    scope             pricing_scope NOT NULL,
    tier              subscription_tier,
    provider_id       uuid REFERENCES providers (id) ON DELETE CASCADE,
    model_id          varchar(100),
    margin_multiplier numeric(4,2) NOT NULL CHECK (margin_multiplier >= 1.00),
    effective_from    timestamptz NOT NULL,
    effective_until   timestamptz,
    is_active         boolean NOT NULL DEFAULT true,
    approval_status   approval_status NOT NULL DEFAULT 'pending',
    reason            text,
    created_by        uuid REFERENCES users (id) ON DELETE SET NULL,
    approved_by       uuid REFERENCES users (id) ON DELETE SET NULL,
    created_at        timestamptz NOT NULL DEFAULT now(),
    updated_at        timestamptz NOT NULL DEFAULT now(),
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
    id                       integer PRIMARY KEY DEFAULT 1 CHECK (id = 1),
    credit_minimum_increment numeric(4,2) NOT NULL DEFAULT 0.10
        CHECK (credit_minimum_increment IN (0.01, 0.10, 1.00)),
    updated_at               timestamptz NOT NULL DEFAULT now()
);
INSERT INTO credit_settings (id) VALUES (1);

-- The cached balance: equals the sum of live grants' remaining (domain rules 4).
CREATE TABLE user_credit_balance (
    id                    uuid PRIMARY KEY,
    user_id               uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    amount                numeric(12,2) NOT NULL DEFAULT 0 CHECK (amount >= 0),
    last_deduction_at     timestamptz,
    last_deduction_amount numeric(12,2),
    created_at            timestamptz NOT NULL DEFAULT now(),
    updated_at            timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT user_credit_balance_user_id_key UNIQUE (user_id)
);

-- Seed 1.1 / 6.1: a grant applied to a balance points at it. NO ACTION (checked
-- at statement end): a balance cannot be dropped under its grants, yet a user
-- deletion cascading to both in one statement succeeds.
ALTER TABLE credit_allocation
    ADD COLUMN balance_id uuid REFERENCES user_credit_balance (id) ON DELETE NO ACTION;
ALTER TABLE credit_allocation
    ADD CONSTRAINT credit_allocation_applied_has_balance
    CHECK ((balance_id IS NULL) = (applied_to_balance_at IS NULL));
CREATE INDEX credit_allocation_balance_idx ON credit_allocation (balance_id);

-- The wire classification of a grant (api-contract 6 sources[].sourceType);
-- amounts, remaining and expiry live on the grant itself.
CREATE TABLE user_credit_source (
    id                   uuid PRIMARY KEY,
    user_id              uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    credit_allocation_id uuid NOT NULL REFERENCES credit_allocation (id) ON DELETE CASCADE,
    source_type          credit_source_type NOT NULL,
    created_at           timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT user_credit_source_credit_allocation_id_key UNIQUE (credit_allocation_id)
);
CREATE INDEX user_credit_source_user_idx ON user_credit_source (user_id);

-- Append-only usage ledger; corrections are new rows with negative credits
-- and reverses_id (api-contract 10.5).
CREATE TABLE token_usage_ledger (
    id                  uuid PRIMARY KEY,
    request_id          uuid NOT NULL,
    user_id             uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    subscription_id     uuid REFERENCES subscription_monetization (id) ON DELETE SET NULL,
    model_id            varchar(100) NOT NULL,
    provider_id         uuid NOT NULL REFERENCES providers (id) ON DELETE RESTRICT,
    pricing_id          uuid REFERENCES model_provider_pricing (id) ON DELETE SET NULL,
    request_type        request_type NOT NULL DEFAULT 'completion',
    operation           usage_operation NOT NULL DEFAULT 'completion',
    input_tokens        integer NOT NULL DEFAULT 0 CHECK (input_tokens >= 0),
    output_tokens       integer NOT NULL DEFAULT 0 CHECK (output_tokens >= 0),
    cached_input_tokens integer NOT NULL DEFAULT 0 CHECK (cached_input_tokens >= 0),
    cache_write_tokens  integer NOT NULL DEFAULT 0 CHECK (cache_write_tokens >= 0),
    -- USD at 8 decimals, half-up from the exact cost; informational for BYOK
    vendor_cost         numeric(10,8) NOT NULL CHECK (vendor_cost >= 0),
    credit_multiplier   numeric(4,2) NOT NULL CHECK (credit_multiplier >= 0),
    credits_deducted    numeric(12,2) NOT NULL,
    -- a settled charge above the balance: the part that could not be taken
    unbilled_credits    numeric(12,2) NOT NULL DEFAULT 0 CHECK (unbilled_credits >= 0),
    is_byok             boolean NOT NULL DEFAULT false,
    status              usage_status NOT NULL DEFAULT 'success',
    reverses_id         uuid REFERENCES token_usage_ledger (id) ON DELETE CASCADE,
    request_duration_ms integer CHECK (request_duration_ms >= 0),
    occurred_at         timestamptz NOT NULL,
    created_at          timestamptz NOT NULL DEFAULT now(),
    updated_at          timestamptz NOT NULL DEFAULT now(),
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
    id             uuid PRIMARY KEY,
    user_id        uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    request_id     uuid NOT NULL,
    token_usage_id uuid REFERENCES token_usage_ledger (id) ON DELETE CASCADE,
    -- negative for a reversal
    amount         numeric(12,2) NOT NULL,
    unbilled_amount numeric(12,2) NOT NULL DEFAULT 0 CHECK (unbilled_amount >= 0),
    balance_before numeric(12,2) NOT NULL CHECK (balance_before >= 0),
    balance_after  numeric(12,2) NOT NULL CHECK (balance_after >= 0),
    created_at     timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT credit_deduction_ledger_request_id_key UNIQUE (request_id),
    CONSTRAINT credit_deduction_ledger_token_usage_id_key UNIQUE (token_usage_id),
    CONSTRAINT credit_deduction_ledger_balance_moves_by_amount CHECK (balance_after = balance_before - amount)
);
CREATE INDEX credit_deduction_ledger_user_created_idx ON credit_deduction_ledger (user_id, created_at, id);

CREATE TABLE token_usage_daily_summary (
    id                  uuid PRIMARY KEY,
    user_id             uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    summary_date        date NOT NULL,
    model_id            varchar(100) NOT NULL,
    provider_id         uuid NOT NULL REFERENCES providers (id) ON DELETE RESTRICT,
    request_count       integer NOT NULL DEFAULT 0 CHECK (request_count >= 0),
    byok_request_count  integer NOT NULL DEFAULT 0 CHECK (byok_request_count >= 0),
    input_tokens        bigint NOT NULL DEFAULT 0 CHECK (input_tokens >= 0),
    output_tokens       bigint NOT NULL DEFAULT 0 CHECK (output_tokens >= 0),
    cached_input_tokens bigint NOT NULL DEFAULT 0 CHECK (cached_input_tokens >= 0),
    vendor_cost         numeric(14,8) NOT NULL DEFAULT 0 CHECK (vendor_cost >= 0),
    credits_deducted    numeric(12,2) NOT NULL DEFAULT 0,
    total_duration_ms   bigint NOT NULL DEFAULT 0 CHECK (total_duration_ms >= 0),
    created_at          timestamptz NOT NULL DEFAULT now(),
    updated_at          timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT token_usage_daily_summary_day_model_key UNIQUE (user_id, summary_date, model_id, provider_id)
);
CREATE INDEX token_usage_daily_summary_provider_idx ON token_usage_daily_summary (provider_id);

CREATE TABLE credit_usage_daily_summary (
    id                uuid PRIMARY KEY,
    user_id           uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    summary_date      date NOT NULL,
    credits_allocated numeric(12,2) NOT NULL DEFAULT 0 CHECK (credits_allocated >= 0),
    credits_deducted  numeric(12,2) NOT NULL DEFAULT 0,
    credits_expired   numeric(12,2) NOT NULL DEFAULT 0 CHECK (credits_expired >= 0),
    request_count     integer NOT NULL DEFAULT 0 CHECK (request_count >= 0),
    closing_balance   numeric(12,2) NOT NULL DEFAULT 0 CHECK (closing_balance >= 0),
    created_at        timestamptz NOT NULL DEFAULT now(),
    updated_at        timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT credit_usage_daily_summary_user_day_key UNIQUE (user_id, summary_date)
);
