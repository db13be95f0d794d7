-- CreditDesk server schema, PostgreSQL 0002: Plan 109, subscriptions.
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
-- Plan 109 (subscriptions). Deletion rules (seed report 5.1, Appendix B):
--   user deleted          -> every row here goes with it (CASCADE, GDPR);
--   subscription deleted  -> financial records stay: credit_allocation,
--                            billing_invoice, payment_transaction and
--                            dunning_attempt keep their rows with
--                            subscription_id NULL (SET NULL);
--   invoice deleted       -> payment_transaction.invoice_id NULL (SET NULL),
--                            its dunning_attempt rows go (CASCADE).

CREATE TYPE subscription_tier AS ENUM ('free', 'pro', 'pro_max', 'enterprise_pro', 'enterprise_max', 'perpetual');
CREATE TYPE subscription_status AS ENUM ('trial', 'active', 'past_due', 'cancelled', 'expired', 'suspended');
CREATE TYPE billing_interval AS ENUM ('monthly', 'yearly');
CREATE TYPE credit_type AS ENUM ('subscription', 'bonus', 'referral', 'coupon', 'admin_grant');
CREATE TYPE byok_access AS ENUM ('none', 'hybrid', 'license');
CREATE TYPE invoice_status AS ENUM ('draft', 'open', 'paid', 'void', 'uncollectible');
CREATE TYPE payment_status AS ENUM ('pending', 'succeeded', 'failed', 'refunded', 'cancelled');
CREATE TYPE dunning_result AS ENUM ('scheduled', 'succeeded', 'failed', 'skipped');

-- Tier figures (domain rules 2); read by the subscription service.
CREATE TABLE subscription_tier_config (
    id                        uuid PRIMARY KEY,
    tier                      subscription_tier NOT NULL,
    display_name              varchar(100) NOT NULL,
    monthly_price_cents       bigint NOT NULL CHECK (monthly_price_cents >= 0),
    yearly_price_cents        bigint NOT NULL CHECK (yearly_price_cents >= 0),
    monthly_credit_allocation numeric(12,2) NOT NULL CHECK (monthly_credit_allocation >= 0),
    rollover_cap              numeric(12,2) NOT NULL DEFAULT 0 CHECK (rollover_cap >= 0),
    rollover_months           integer NOT NULL DEFAULT 0 CHECK (rollover_months >= 0),
    history_days              integer NOT NULL CHECK (history_days > 0),
    byok_access               byok_access NOT NULL DEFAULT 'none',
    max_devices               integer CHECK (max_devices > 0),
    trial_days                integer NOT NULL DEFAULT 0 CHECK (trial_days >= 0),
    credit_multiplier         numeric(4,2) NOT NULL CHECK (credit_multiplier >= 1.00),
    requests_per_minute       integer CHECK (requests_per_minute > 0),
    max_parallel_requests     integer CHECK (max_parallel_requests > 0),
    max_calls_per_day         integer CHECK (max_calls_per_day > 0),
    max_users                 integer NOT NULL DEFAULT 1 CHECK (max_users > 0),
    is_available              boolean NOT NULL DEFAULT true,
    available_from            timestamptz,
    features                  jsonb NOT NULL DEFAULT '[]' CHECK (jsonb_typeof(features) = 'array'),
    created_at                timestamptz NOT NULL DEFAULT now(),
    updated_at                timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT subscription_tier_config_tier_key UNIQUE (tier)
);

CREATE TABLE subscription_monetization (
    id                        uuid PRIMARY KEY,
    user_id                   uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    tier                      subscription_tier NOT NULL,
    status                    subscription_status NOT NULL,
    billing_interval          billing_interval NOT NULL DEFAULT 'monthly',
    -- the tier's list price for the interval when subscribed (seed Plan 109)
    base_price_usd            numeric(10,2) NOT NULL CHECK (base_price_usd >= 0),
    -- the recurring price billed per interval (api-contract price_cents)
    price_cents               bigint NOT NULL CHECK (price_cents >= 0),
    monthly_credit_allocation numeric(12,2) NOT NULL CHECK (monthly_credit_allocation >= 0),
    stripe_customer_id        varchar(255),
    stripe_subscription_id    varchar(255),
    -- anchor of the monthly credit windows (anchor + k months)
    started_at                timestamptz NOT NULL,
    current_period_start      timestamptz NOT NULL,
    current_period_end        timestamptz NOT NULL,
    trial_end                 timestamptz,
    cancel_at_period_end      boolean NOT NULL DEFAULT false,
    cancelled_at              timestamptz,
    cancellation_reason       varchar(500),
    ended_at                  timestamptz,
    created_at                timestamptz NOT NULL DEFAULT now(),
    updated_at                timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT subscription_monetization_stripe_customer_id_key UNIQUE (stripe_customer_id),
    CONSTRAINT subscription_monetization_stripe_subscription_id_key UNIQUE (stripe_subscription_id),
    CONSTRAINT subscription_monetization_period_order CHECK (current_period_end > current_period_start),
    CONSTRAINT subscription_monetization_trial_has_end CHECK (status <> 'trial' OR trial_end IS NOT NULL)
);
-- seed 3.2: active subscriptions in a period
CREATE INDEX subscription_monetization_user_period_status_idx
    ON subscription_monetization (user_id, current_period_end, status);
-- a user has at most one current subscription
CREATE UNIQUE INDEX subscription_monetization_one_current_per_user
    ON subscription_monetization (user_id) WHERE status IN ('trial', 'active', 'past_due', 'suspended');
CREATE INDEX subscription_monetization_status_period_idx ON subscription_monetization (status, current_period_end);

-- A credit grant (domain rules 4). Linked to user_credit_balance by 0003.
CREATE TABLE credit_allocation (
    id                    uuid PRIMARY KEY,
    user_id               uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    subscription_id       uuid REFERENCES subscription_monetization (id) ON DELETE SET NULL,
    credit_type           credit_type NOT NULL DEFAULT 'subscription',
    -- e.g. monthly_allocation, rollover, proration, coupon, referral, admin
    source                varchar(50) NOT NULL,
    -- grants are whole credits; remaining is spent down in hundredths
    amount                numeric(12,2) NOT NULL CHECK (amount > 0 AND amount = trunc(amount)),
    remaining             numeric(12,2) NOT NULL CHECK (remaining >= 0),
    allocation_period_start timestamptz,
    allocation_period_end   timestamptz,
    -- NULL = never expires
    expires_at            timestamptz,
    applied_to_balance_at timestamptz,
    created_at            timestamptz NOT NULL DEFAULT now(),
    updated_at            timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT credit_allocation_remaining_within_amount CHECK (remaining <= amount),
    CONSTRAINT credit_allocation_period_order
        CHECK (allocation_period_end IS NULL OR allocation_period_end > allocation_period_start)
);
CREATE INDEX credit_allocation_subscription_idx ON credit_allocation (subscription_id);
-- consumption order: soonest expiry first, then created_at, then id
CREATE INDEX credit_allocation_user_expiry_idx ON credit_allocation (user_id, expires_at, created_at, id);

CREATE TABLE billing_invoice (
    id                 uuid PRIMARY KEY,
    user_id            uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    subscription_id    uuid REFERENCES subscription_monetization (id) ON DELETE SET NULL,
    stripe_invoice_id  varchar(255),
    status             invoice_status NOT NULL,
    currency           char(3) NOT NULL DEFAULT 'usd' CHECK (currency = lower(currency)),
    subtotal_cents     bigint NOT NULL CHECK (subtotal_cents >= 0),
    discount_cents     bigint NOT NULL DEFAULT 0 CHECK (discount_cents >= 0),
    -- account credit from a downgrade (domain rules 6) applied to this invoice
    credit_applied_cents bigint NOT NULL DEFAULT 0 CHECK (credit_applied_cents >= 0),
    amount_due_cents   bigint NOT NULL CHECK (amount_due_cents >= 0),
    amount_paid_cents  bigint NOT NULL DEFAULT 0 CHECK (amount_paid_cents >= 0),
    description        text,
    hosted_invoice_url text,
    invoice_pdf_url    text,
    period_start       timestamptz NOT NULL,
    period_end         timestamptz NOT NULL,
    issued_at          timestamptz NOT NULL,
    due_at             timestamptz,
    paid_at            timestamptz,
    created_at         timestamptz NOT NULL DEFAULT now(),
    updated_at         timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT billing_invoice_stripe_invoice_id_key UNIQUE (stripe_invoice_id),
    CONSTRAINT billing_invoice_period_order CHECK (period_end > period_start),
    CONSTRAINT billing_invoice_amounts_add_up
        CHECK (amount_due_cents = subtotal_cents - discount_cents - credit_applied_cents)
);
-- seed 3.2: unpaid invoices
CREATE INDEX billing_invoice_user_status_period_idx ON billing_invoice (user_id, status, period_end);
-- /api/user/invoices: newest first, starting_after=<id>
CREATE INDEX billing_invoice_user_issued_idx ON billing_invoice (user_id, issued_at, id);
CREATE INDEX billing_invoice_subscription_idx ON billing_invoice (subscription_id);

CREATE TABLE payment_transaction (
    id                       uuid PRIMARY KEY,
    user_id                  uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    subscription_id          uuid REFERENCES subscription_monetization (id) ON DELETE SET NULL,
    invoice_id               uuid REFERENCES billing_invoice (id) ON DELETE SET NULL,
    stripe_payment_intent_id varchar(255),
    -- negative for refunds
    amount_cents             bigint NOT NULL,
    currency                 char(3) NOT NULL DEFAULT 'usd' CHECK (currency = lower(currency)),
    status                   payment_status NOT NULL,
    payment_method_type      varchar(50),
    failure_code             varchar(100),
    failure_message          text,
    processed_at             timestamptz,
    created_at               timestamptz NOT NULL DEFAULT now(),
    updated_at               timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT payment_transaction_stripe_payment_intent_id_key UNIQUE (stripe_payment_intent_id)
);
CREATE INDEX payment_transaction_user_created_idx ON payment_transaction (user_id, created_at);
CREATE INDEX payment_transaction_subscription_idx ON payment_transaction (subscription_id);
CREATE INDEX payment_transaction_invoice_idx ON payment_transaction (invoice_id);

-- Retries of a failed renewal (domain rules 3: days 0, 7; suspend day 14; cancel day 21).
CREATE TABLE dunning_attempt (
    id              uuid PRIMARY KEY,
    user_id         uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    invoice_id      uuid NOT NULL REFERENCES billing_invoice (id) ON DELETE CASCADE,
    subscription_id uuid REFERENCES subscription_monetization (id) ON DELETE SET NULL,
    attempt_number  integer NOT NULL CHECK (attempt_number >= 1),
    scheduled_at    timestamptz NOT NULL,
    attempted_at    timestamptz,
    result          dunning_result NOT NULL DEFAULT 'scheduled',
    failure_reason  text,
    created_at      timestamptz NOT NULL DEFAULT now(),
    updated_at      timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT dunning_attempt_invoice_attempt_key UNIQUE (invoice_id, attempt_number)
);
CREATE INDEX dunning_attempt_user_idx ON dunning_attempt (user_id);
CREATE INDEX dunning_attempt_subscription_idx ON dunning_attempt (subscription_id);
CREATE INDEX dunning_attempt_due_idx ON dunning_attempt (result, scheduled_at);
