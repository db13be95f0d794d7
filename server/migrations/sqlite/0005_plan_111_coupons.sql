-- CreditDesk server schema, SQLite 0005: Plan 111, coupons.
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
-- Plan 111 (coupons). Deletion rules:
--   coupon deleted        -> history stays (seed 5.1, 8.2): coupon_redemption,
--                            coupon_usage_limit, coupon_fraud_detection and
--                            coupon_analytics_snapshot keep their rows with
--                            coupon_id NULL (SET NULL); the redemption keeps
--                            the code it was made with (coupon_code). Coupons
--                            are normally soft-deleted (deleted_at).
--                            Configuration goes: campaign_coupon and
--                            coupon_validation_rule (CASCADE);
--   campaign deleted      -> its campaign_coupon links go (CASCADE);
--   user deleted          -> the user's redemptions and fraud records go
--                            (CASCADE, GDPR: they hold IP addresses); coupons,
--                            counters, snapshots and campaign spend stay;
--                            coupons a deleted admin created stay (created_by NULL);
--   subscription deleted  -> coupon_redemption.subscription_id NULL (SET NULL).
-- Coupon discount_value by discount_type: percentage = hundredths of a percent
-- (2500 = 25 %), fixed_amount = cents, credits = whole credits,
-- months_free = months.


CREATE TABLE coupon_campaign (
    id            TEXT NOT NULL PRIMARY KEY CHECK (length(id) = 36 AND id = lower(id)),
    name          TEXT NOT NULL,
    description   TEXT,
    starts_at     INTEGER NOT NULL,
    ends_at       INTEGER NOT NULL,
    -- NULL = no budget
    budget_cents  INTEGER CHECK (budget_cents >= 0),
    spent_cents   INTEGER NOT NULL DEFAULT 0 CHECK (spent_cents >= 0),
    is_active     INTEGER NOT NULL DEFAULT 1 CHECK (is_active IN (0, 1)),
    created_by    TEXT REFERENCES users (id) ON DELETE SET NULL,
    deleted_at    INTEGER,
    created_at    INTEGER NOT NULL DEFAULT (CAST(strftime('%s', 'now') AS INTEGER) * 1000 + CAST(substr(strftime('%f', 'now'), 4) AS INTEGER)),
    updated_at    INTEGER NOT NULL DEFAULT (CAST(strftime('%s', 'now') AS INTEGER) * 1000 + CAST(substr(strftime('%f', 'now'), 4) AS INTEGER)),
    CONSTRAINT coupon_campaign_period_order CHECK (ends_at > starts_at)
);
CREATE INDEX coupon_campaign_created_by_idx ON coupon_campaign (created_by);

CREATE TABLE coupon (
    id                 TEXT NOT NULL PRIMARY KEY CHECK (length(id) = 36 AND id = lower(id)),
    -- stored upper-case (api-contract 9)
    code               TEXT NOT NULL CHECK (length(code) BETWEEN 4 AND 50 AND code NOT GLOB '*[^A-Z0-9]*'),
    coupon_type        TEXT NOT NULL CHECK (coupon_type IN ('percentage_discount', 'fixed_amount_discount', 'tier_specific_discount', 'duration_bonus', 'byok_migration')),
    discount_type      TEXT NOT NULL CHECK (discount_type IN ('percentage', 'fixed_amount', 'credits', 'months_free')),
    discount_value     INTEGER NOT NULL CHECK (discount_value > 0),
    description        TEXT,
    -- NULL = unlimited
    max_uses           INTEGER CHECK (max_uses > 0),
    max_uses_per_user  INTEGER NOT NULL DEFAULT 1 CHECK (max_uses_per_user > 0),
    valid_from         INTEGER NOT NULL,
    valid_until        INTEGER NOT NULL,
    -- JSON arrays of subscription_tier / billing_interval values (checked by the
    -- coupon_enum_arrays_* triggers below)
    tier_eligibility   TEXT NOT NULL
        DEFAULT '["free","pro","pro_max","enterprise_pro","enterprise_max"]'
        CHECK (json_valid(tier_eligibility) AND json_type(tier_eligibility) = 'array'),
    billing_cycles     TEXT NOT NULL DEFAULT '["monthly","yearly"]'
        CHECK (json_valid(billing_cycles) AND json_type(billing_cycles) = 'array'),
    -- tier_specific_discount: [{"from":"pro","to":"pro_max"}, ...]
    tier_transitions   TEXT CHECK (tier_transitions IS NULL OR (json_valid(tier_transitions) AND json_type(tier_transitions) = 'array')),
    min_purchase_cents INTEGER CHECK (min_purchase_cents >= 0),
    duration_months    INTEGER NOT NULL DEFAULT 1 CHECK (duration_months >= 1),
    is_active          INTEGER NOT NULL DEFAULT 1 CHECK (is_active IN (0, 1)),
    created_by         TEXT REFERENCES users (id) ON DELETE SET NULL,
    deleted_at         INTEGER,
    created_at         INTEGER NOT NULL DEFAULT (CAST(strftime('%s', 'now') AS INTEGER) * 1000 + CAST(substr(strftime('%f', 'now'), 4) AS INTEGER)),
    updated_at         INTEGER NOT NULL DEFAULT (CAST(strftime('%s', 'now') AS INTEGER) * 1000 + CAST(substr(strftime('%f', 'now'), 4) AS INTEGER)),
    CONSTRAINT coupon_code_key UNIQUE (code),
    CONSTRAINT coupon_validity_order CHECK (valid_until > valid_from),
    CONSTRAINT coupon_percentage_range CHECK (discount_type <> 'percentage' OR discount_value <= 10000),
    CONSTRAINT coupon_tiers_not_empty CHECK (json_array_length(tier_eligibility) > 0),
    CONSTRAINT coupon_cycles_not_empty CHECK (json_array_length(billing_cycles) > 0)
);
CREATE TRIGGER coupon_enum_arrays_insert BEFORE INSERT ON coupon
WHEN EXISTS (SELECT 1 FROM json_each(NEW.tier_eligibility)
             WHERE value NOT IN ('free', 'pro', 'pro_max', 'enterprise_pro', 'enterprise_max', 'perpetual')
                OR type <> 'text')
  OR EXISTS (SELECT 1 FROM json_each(NEW.billing_cycles) WHERE value NOT IN ('monthly', 'yearly') OR type <> 'text')
BEGIN
    SELECT RAISE(ABORT, 'coupon: tier_eligibility and billing_cycles hold only subscription_tier / billing_interval values');
END;
CREATE TRIGGER coupon_enum_arrays_update BEFORE UPDATE OF tier_eligibility, billing_cycles ON coupon
WHEN EXISTS (SELECT 1 FROM json_each(NEW.tier_eligibility)
             WHERE value NOT IN ('free', 'pro', 'pro_max', 'enterprise_pro', 'enterprise_max', 'perpetual')
                OR type <> 'text')
  OR EXISTS (SELECT 1 FROM json_each(NEW.billing_cycles) WHERE value NOT IN ('monthly', 'yearly') OR type <> 'text')
BEGIN
    SELECT RAISE(ABORT, 'coupon: tier_eligibility and billing_cycles hold only subscription_tier / billing_interval values');
END;
CREATE INDEX coupon_active_validity_idx ON coupon (is_active, valid_until) WHERE deleted_at IS NULL;
CREATE INDEX coupon_created_by_idx ON coupon (created_by);

-- A coupon belongs to at most one campaign (its budget).
CREATE TABLE campaign_coupon (
    id          TEXT NOT NULL PRIMARY KEY CHECK (length(id) = 36 AND id = lower(id)),
    campaign_id TEXT NOT NULL REFERENCES coupon_campaign (id) ON DELETE CASCADE,
    coupon_id   TEXT NOT NULL REFERENCES coupon (id) ON DELETE CASCADE,
    created_at  INTEGER NOT NULL DEFAULT (CAST(strftime('%s', 'now') AS INTEGER) * 1000 + CAST(substr(strftime('%f', 'now'), 4) AS INTEGER)),
    CONSTRAINT campaign_coupon_coupon_id_key UNIQUE (coupon_id),
    CONSTRAINT campaign_coupon_campaign_coupon_key UNIQUE (campaign_id, coupon_id)
);

CREATE TABLE coupon_redemption (
    id                   TEXT NOT NULL PRIMARY KEY CHECK (length(id) = 36 AND id = lower(id)),
    coupon_id            TEXT REFERENCES coupon (id) ON DELETE SET NULL,
    coupon_code          TEXT NOT NULL,
    user_id              TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    subscription_id      TEXT REFERENCES subscription_monetization (id) ON DELETE SET NULL,
    -- what the redemption granted, for reversal
    credit_allocation_id TEXT REFERENCES credit_allocation (id) ON DELETE SET NULL,
    perpetual_license_id TEXT REFERENCES perpetual_license (id) ON DELETE SET NULL,
    proration_event_id   TEXT REFERENCES proration_event (id) ON DELETE SET NULL,
    redemption_date      INTEGER NOT NULL,
    redemption_status    TEXT NOT NULL DEFAULT 'pending' CHECK (redemption_status IN ('success', 'failed', 'reversed', 'pending')),
    original_amount_usd  TEXT NOT NULL DEFAULT '0.00'
        CHECK (typeof(original_amount_usd) = 'text' AND original_amount_usd GLOB '*[0-9].[0-9][0-9]' AND original_amount_usd NOT GLOB '*[^0-9.]*'
            AND original_amount_usd NOT GLOB '*.*.*' AND original_amount_usd NOT GLOB '0[0-9]*' AND length(original_amount_usd) <= 11),
    discount_applied_usd TEXT NOT NULL DEFAULT '0.00'
        CHECK (typeof(discount_applied_usd) = 'text' AND discount_applied_usd GLOB '*[0-9].[0-9][0-9]' AND discount_applied_usd NOT GLOB '*[^0-9.]*'
            AND discount_applied_usd NOT GLOB '*.*.*' AND discount_applied_usd NOT GLOB '0[0-9]*' AND length(discount_applied_usd) <= 11),
    final_amount_usd     TEXT NOT NULL DEFAULT '0.00'
        CHECK (typeof(final_amount_usd) = 'text' AND final_amount_usd GLOB '*[0-9].[0-9][0-9]' AND final_amount_usd NOT GLOB '*[^0-9.]*'
            AND final_amount_usd NOT GLOB '*.*.*' AND final_amount_usd NOT GLOB '0[0-9]*' AND length(final_amount_usd) <= 11),
    months_added         INTEGER NOT NULL DEFAULT 0 CHECK (months_added >= 0),
    tier_before          TEXT CHECK (tier_before IN ('free', 'pro', 'pro_max', 'enterprise_pro', 'enterprise_max', 'perpetual')),
    tier_after           TEXT CHECK (tier_after IN ('free', 'pro', 'pro_max', 'enterprise_pro', 'enterprise_max', 'perpetual')),
    billing_cycle_before TEXT CHECK (billing_cycle_before IN ('monthly', 'yearly')),
    billing_cycle_after  TEXT CHECK (billing_cycle_after IN ('monthly', 'yearly')),
    ip_address           TEXT,
    user_agent           TEXT,
    failure_reason       TEXT,
    reversed_at          INTEGER,
    created_at           INTEGER NOT NULL DEFAULT (CAST(strftime('%s', 'now') AS INTEGER) * 1000 + CAST(substr(strftime('%f', 'now'), 4) AS INTEGER)),
    updated_at           INTEGER NOT NULL DEFAULT (CAST(strftime('%s', 'now') AS INTEGER) * 1000 + CAST(substr(strftime('%f', 'now'), 4) AS INTEGER)),
    CONSTRAINT coupon_redemption_amounts_add_up
        CHECK (CAST(replace(final_amount_usd, '.', '') AS INTEGER)
            = CAST(replace(original_amount_usd, '.', '') AS INTEGER)
              - CAST(replace(discount_applied_usd, '.', '') AS INTEGER)),
    CONSTRAINT coupon_redemption_reversed_has_date CHECK ((redemption_status = 'reversed') = (reversed_at IS NOT NULL))
);
-- seed 3.2 / 8.2: a user's redemption history
CREATE INDEX coupon_redemption_user_status_date_idx
    ON coupon_redemption (user_id, redemption_status, redemption_date);
CREATE INDEX coupon_redemption_coupon_idx ON coupon_redemption (coupon_id, user_id);
CREATE INDEX coupon_redemption_subscription_idx ON coupon_redemption (subscription_id);
CREATE INDEX coupon_redemption_credit_allocation_idx ON coupon_redemption (credit_allocation_id);
CREATE INDEX coupon_redemption_license_idx ON coupon_redemption (perpetual_license_id);
CREATE INDEX coupon_redemption_proration_idx ON coupon_redemption (proration_event_id);

-- Per-coupon counters, updated under the coupon's row lock at redemption.
CREATE TABLE coupon_usage_limit (
    id                   TEXT NOT NULL PRIMARY KEY CHECK (length(id) = 36 AND id = lower(id)),
    coupon_id            TEXT REFERENCES coupon (id) ON DELETE SET NULL,
    total_uses           INTEGER NOT NULL DEFAULT 0 CHECK (total_uses >= 0),
    unique_users         INTEGER NOT NULL DEFAULT 0 CHECK (unique_users >= 0),
    total_discount_cents INTEGER NOT NULL DEFAULT 0 CHECK (total_discount_cents >= 0),
    last_used_at         INTEGER,
    created_at           INTEGER NOT NULL DEFAULT (CAST(strftime('%s', 'now') AS INTEGER) * 1000 + CAST(substr(strftime('%f', 'now'), 4) AS INTEGER)),
    updated_at           INTEGER NOT NULL DEFAULT (CAST(strftime('%s', 'now') AS INTEGER) * 1000 + CAST(substr(strftime('%f', 'now'), 4) AS INTEGER)),
    CONSTRAINT coupon_usage_limit_coupon_id_key UNIQUE (coupon_id),
    CONSTRAINT coupon_usage_limit_users_within_uses CHECK (unique_users <= total_uses)
);

CREATE TABLE coupon_fraud_detection (
    id                 TEXT NOT NULL PRIMARY KEY CHECK (length(id) = 36 AND id = lower(id)),
    coupon_id          TEXT REFERENCES coupon (id) ON DELETE SET NULL,
    user_id            TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    redemption_id      TEXT REFERENCES coupon_redemption (id) ON DELETE SET NULL,
    detection_type     TEXT NOT NULL CHECK (detection_type IN ('velocity_abuse', 'ip_switching', 'stacking_abuse', 'bot_user_agent', 'device_fingerprint_mismatch')),
    severity           TEXT NOT NULL CHECK (severity IN ('low', 'medium', 'high', 'critical')),
    is_flagged         INTEGER NOT NULL DEFAULT 1 CHECK (is_flagged IN (0, 1)),
    details            TEXT CHECK (json_valid(details)),
    ip_address         TEXT,
    user_agent         TEXT,
    device_fingerprint TEXT,
    detected_at        INTEGER NOT NULL,
    reviewed_at        INTEGER,
    reviewed_by        TEXT REFERENCES users (id) ON DELETE SET NULL,
    resolution         TEXT,
    created_at         INTEGER NOT NULL DEFAULT (CAST(strftime('%s', 'now') AS INTEGER) * 1000 + CAST(substr(strftime('%f', 'now'), 4) AS INTEGER))
);
CREATE INDEX coupon_fraud_detection_user_coupon_idx ON coupon_fraud_detection (user_id, coupon_id, is_flagged);
CREATE INDEX coupon_fraud_detection_coupon_idx ON coupon_fraud_detection (coupon_id);
CREATE INDEX coupon_fraud_detection_redemption_idx ON coupon_fraud_detection (redemption_id);
CREATE INDEX coupon_fraud_detection_reviewed_by_idx ON coupon_fraud_detection (reviewed_by);

CREATE TABLE coupon_validation_rule (
    id         TEXT NOT NULL PRIMARY KEY CHECK (length(id) = 36 AND id = lower(id)),
    coupon_id  TEXT NOT NULL REFERENCES coupon (id) ON DELETE CASCADE,
    rule_type  TEXT NOT NULL CHECK (rule_type IN ('first_time_user_only', 'specific_email_domain', 'minimum_credit_balance', 'exclude_refunded_users', 'require_payment_method')),
    rule_value TEXT CHECK (json_valid(rule_value)),
    is_active  INTEGER NOT NULL DEFAULT 1 CHECK (is_active IN (0, 1)),
    created_at INTEGER NOT NULL DEFAULT (CAST(strftime('%s', 'now') AS INTEGER) * 1000 + CAST(substr(strftime('%f', 'now'), 4) AS INTEGER)),
    updated_at INTEGER NOT NULL DEFAULT (CAST(strftime('%s', 'now') AS INTEGER) * 1000 + CAST(substr(strftime('%f', 'now'), 4) AS INTEGER)),
    CONSTRAINT coupon_validation_rule_coupon_rule_key UNIQUE (coupon_id, rule_type)
);

CREATE TABLE coupon_analytics_snapshot (
    id                    TEXT NOT NULL PRIMARY KEY CHECK (length(id) = 36 AND id = lower(id)),
    coupon_id             TEXT REFERENCES coupon (id) ON DELETE SET NULL,
    campaign_id           TEXT REFERENCES coupon_campaign (id) ON DELETE SET NULL,
    snapshot_date         TEXT NOT NULL CHECK (date(snapshot_date, '+0 days') IS snapshot_date),
    total_redemptions     INTEGER NOT NULL DEFAULT 0 CHECK (total_redemptions >= 0),
    unique_users          INTEGER NOT NULL DEFAULT 0 CHECK (unique_users >= 0),
    failed_redemptions    INTEGER NOT NULL DEFAULT 0 CHECK (failed_redemptions >= 0),
    total_discount_cents  INTEGER NOT NULL DEFAULT 0 CHECK (total_discount_cents >= 0),
    total_revenue_cents   INTEGER NOT NULL DEFAULT 0 CHECK (total_revenue_cents >= 0),
    -- basis points (1234 = 12.34 %), never a float
    conversion_rate_bps   INTEGER NOT NULL DEFAULT 0 CHECK (conversion_rate_bps BETWEEN 0 AND 10000),
    created_at            INTEGER NOT NULL DEFAULT (CAST(strftime('%s', 'now') AS INTEGER) * 1000 + CAST(substr(strftime('%f', 'now'), 4) AS INTEGER)),
    CONSTRAINT coupon_analytics_snapshot_coupon_date_key UNIQUE (coupon_id, snapshot_date)
);
CREATE INDEX coupon_analytics_snapshot_campaign_idx ON coupon_analytics_snapshot (campaign_id, snapshot_date);
