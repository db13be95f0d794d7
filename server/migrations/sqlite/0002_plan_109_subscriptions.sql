-- CreditDesk server schema, SQLite 0002: Plan 109, subscriptions.
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


-- Tier figures (domain rules 2); read by the subscription service.
CREATE TABLE subscription_tier_config (
    id                        TEXT NOT NULL PRIMARY KEY CHECK (length(id) = 36 AND id = lower(id)),
    tier                      TEXT NOT NULL CHECK (tier IN ('free', 'pro', 'pro_max', 'enterprise_pro', 'enterprise_max', 'perpetual')),
    display_name              TEXT NOT NULL,
    monthly_price_cents       INTEGER NOT NULL CHECK (monthly_price_cents >= 0),
    yearly_price_cents        INTEGER NOT NULL CHECK (yearly_price_cents >= 0),
    monthly_credit_allocation INTEGER NOT NULL CHECK (monthly_credit_allocation >= 0),
    rollover_cap              INTEGER NOT NULL DEFAULT 0 CHECK (rollover_cap >= 0),
    rollover_months           INTEGER NOT NULL DEFAULT 0 CHECK (rollover_months >= 0),
    history_days              INTEGER NOT NULL CHECK (history_days > 0),
    byok_access               TEXT NOT NULL DEFAULT 'none' CHECK (byok_access IN ('none', 'hybrid', 'license')),
    max_devices               INTEGER CHECK (max_devices > 0),
    trial_days                INTEGER NOT NULL DEFAULT 0 CHECK (trial_days >= 0),
    credit_multiplier         INTEGER NOT NULL CHECK (credit_multiplier >= 100),
    requests_per_minute       INTEGER CHECK (requests_per_minute > 0),
    max_parallel_requests     INTEGER CHECK (max_parallel_requests > 0),
    max_calls_per_day         INTEGER CHECK (max_calls_per_day > 0),
    max_users                 INTEGER NOT NULL DEFAULT 1 CHECK (max_users > 0),
    is_available              INTEGER NOT NULL DEFAULT 1 CHECK (is_available IN (0, 1)),
    available_from            INTEGER,
    features                  TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(features) AND json_type(features) = 'array'),
    created_at                INTEGER NOT NULL DEFAULT (CAST(strftime('%s', 'now') AS INTEGER) * 1000 + CAST(substr(strftime('%f', 'now'), 4) AS INTEGER)),
    updated_at                INTEGER NOT NULL DEFAULT (CAST(strftime('%s', 'now') AS INTEGER) * 1000 + CAST(substr(strftime('%f', 'now'), 4) AS INTEGER)),
    CONSTRAINT subscription_tier_config_tier_key UNIQUE (tier)
);

CREATE TABLE subscription_monetization (
    id                        TEXT NOT NULL PRIMARY KEY CHECK (length(id) = 36 AND id = lower(id)),
    user_id                   TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    tier                      TEXT NOT NULL CHECK (tier IN ('free', 'pro', 'pro_max', 'enterprise_pro', 'enterprise_max', 'perpetual')),
    status                    TEXT NOT NULL CHECK (status IN ('trial', 'active', 'past_due', 'cancelled', 'expired', 'suspended')),
    billing_interval          TEXT NOT NULL DEFAULT 'monthly' CHECK (billing_interval IN ('monthly', 'yearly')),
    -- the tier's list price for the interval when subscribed (seed Plan 109)
    base_price_usd            TEXT NOT NULL
        CHECK (typeof(base_price_usd) = 'text' AND base_price_usd GLOB '*[0-9].[0-9][0-9]' AND base_price_usd NOT GLOB '*[^0-9.]*'
            AND base_price_usd NOT GLOB '*.*.*' AND base_price_usd NOT GLOB '0[0-9]*' AND length(base_price_usd) <= 11),
    -- the recurring price billed per interval (api-contract price_cents)
    price_cents               INTEGER NOT NULL CHECK (price_cents >= 0),
    monthly_credit_allocation INTEGER NOT NULL CHECK (monthly_credit_allocation >= 0),
    stripe_customer_id        TEXT,
    stripe_subscription_id    TEXT,
    -- anchor of the monthly credit windows (anchor + k months)
    started_at                INTEGER NOT NULL,
    current_period_start      INTEGER NOT NULL,
    current_period_end        INTEGER NOT NULL,
    trial_end                 INTEGER,
    cancel_at_period_end      INTEGER NOT NULL DEFAULT 0 CHECK (cancel_at_period_end IN (0, 1)),
    cancelled_at              INTEGER,
    cancellation_reason       TEXT,
    ended_at                  INTEGER,
    created_at                INTEGER NOT NULL DEFAULT (CAST(strftime('%s', 'now') AS INTEGER) * 1000 + CAST(substr(strftime('%f', 'now'), 4) AS INTEGER)),
    updated_at                INTEGER NOT NULL DEFAULT (CAST(strftime('%s', 'now') AS INTEGER) * 1000 + CAST(substr(strftime('%f', 'now'), 4) AS INTEGER)),
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
    CONSTRAINT credit_allocation_remaining_within_amount CHECK (remaining <= amount),
    CONSTRAINT credit_allocation_period_order
        CHECK (allocation_period_end IS NULL OR allocation_period_end > allocation_period_start)
);
CREATE INDEX credit_allocation_subscription_idx ON credit_allocation (subscription_id);
-- consumption order: soonest expiry first, then created_at, then id
CREATE INDEX credit_allocation_user_expiry_idx ON credit_allocation (user_id, expires_at, created_at, id);

CREATE TABLE billing_invoice (
    id                 TEXT NOT NULL PRIMARY KEY CHECK (length(id) = 36 AND id = lower(id)),
    user_id            TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    subscription_id    TEXT REFERENCES subscription_monetization (id) ON DELETE SET NULL,
    stripe_invoice_id  TEXT,
    status             TEXT NOT NULL CHECK (status IN ('draft', 'open', 'paid', 'void', 'uncollectible')),
    currency           TEXT NOT NULL DEFAULT 'usd' CHECK (currency = lower(currency)),
    subtotal_cents     INTEGER NOT NULL CHECK (subtotal_cents >= 0),
    discount_cents     INTEGER NOT NULL DEFAULT 0 CHECK (discount_cents >= 0),
    -- account credit from a downgrade (domain rules 6) applied to this invoice
    credit_applied_cents INTEGER NOT NULL DEFAULT 0 CHECK (credit_applied_cents >= 0),
    amount_due_cents   INTEGER NOT NULL CHECK (amount_due_cents >= 0),
    amount_paid_cents  INTEGER NOT NULL DEFAULT 0 CHECK (amount_paid_cents >= 0),
    description        TEXT,
    hosted_invoice_url TEXT,
    invoice_pdf_url    TEXT,
    period_start       INTEGER NOT NULL,
    period_end         INTEGER NOT NULL,
    issued_at          INTEGER NOT NULL,
    due_at             INTEGER,
    paid_at            INTEGER,
    created_at         INTEGER NOT NULL DEFAULT (CAST(strftime('%s', 'now') AS INTEGER) * 1000 + CAST(substr(strftime('%f', 'now'), 4) AS INTEGER)),
    updated_at         INTEGER NOT NULL DEFAULT (CAST(strftime('%s', 'now') AS INTEGER) * 1000 + CAST(substr(strftime('%f', 'now'), 4) AS INTEGER)),
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
    id                       TEXT NOT NULL PRIMARY KEY CHECK (length(id) = 36 AND id = lower(id)),
    user_id                  TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    subscription_id          TEXT REFERENCES subscription_monetization (id) ON DELETE SET NULL,
    invoice_id               TEXT REFERENCES billing_invoice (id) ON DELETE SET NULL,
    stripe_payment_intent_id TEXT,
    -- negative for refunds
    amount_cents             INTEGER NOT NULL,
    currency                 TEXT NOT NULL DEFAULT 'usd' CHECK (currency = lower(currency)),
    status                   TEXT NOT NULL CHECK (status IN ('pending', 'succeeded', 'failed', 'refunded', 'cancelled')),
    payment_method_type      TEXT,
    failure_code             TEXT,
    failure_message          TEXT,
    processed_at             INTEGER,
    created_at               INTEGER NOT NULL DEFAULT (CAST(strftime('%s', 'now') AS INTEGER) * 1000 + CAST(substr(strftime('%f', 'now'), 4) AS INTEGER)),
    updated_at               INTEGER NOT NULL DEFAULT (CAST(strftime('%s', 'now') AS INTEGER) * 1000 + CAST(substr(strftime('%f', 'now'), 4) AS INTEGER)),
    CONSTRAINT payment_transaction_stripe_payment_intent_id_key UNIQUE (stripe_payment_intent_id)
);
CREATE INDEX payment_transaction_user_created_idx ON payment_transaction (user_id, created_at);
CREATE INDEX payment_transaction_subscription_idx ON payment_transaction (subscription_id);
CREATE INDEX payment_transaction_invoice_idx ON payment_transaction (invoice_id);

-- Retries of a failed renewal (domain rules 3: days 0, 7; suspend day 14; cancel day 21).
CREATE TABLE dunning_attempt (
    id              TEXT NOT NULL PRIMARY KEY CHECK (length(id) = 36 AND id = lower(id)),
    user_id         TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    invoice_id      TEXT NOT NULL REFERENCES billing_invoice (id) ON DELETE CASCADE,
    subscription_id TEXT REFERENCES subscription_monetization (id) ON DELETE SET NULL,
    attempt_number  INTEGER NOT NULL CHECK (attempt_number >= 1),
    scheduled_at    INTEGER NOT NULL,
    attempted_at    INTEGER,
    result          TEXT NOT NULL DEFAULT 'scheduled' CHECK (result IN ('scheduled', 'succeeded', 'failed', 'skipped')),
    failure_reason  TEXT,
    created_at      INTEGER NOT NULL DEFAULT (CAST(strftime('%s', 'now') AS INTEGER) * 1000 + CAST(substr(strftime('%f', 'now'), 4) AS INTEGER)),
    updated_at      INTEGER NOT NULL DEFAULT (CAST(strftime('%s', 'now') AS INTEGER) * 1000 + CAST(substr(strftime('%f', 'now'), 4) AS INTEGER)),
    CONSTRAINT dunning_attempt_invoice_attempt_key UNIQUE (invoice_id, attempt_number)
);
CREATE INDEX dunning_attempt_user_idx ON dunning_attempt (user_id);
CREATE INDEX dunning_attempt_subscription_idx ON dunning_attempt (subscription_id);
CREATE INDEX dunning_attempt_due_idx ON dunning_attempt (result, scheduled_at);
