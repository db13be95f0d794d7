-- CreditDesk server schema, PostgreSQL 0005: Plan 111, coupons.
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

CREATE TYPE coupon_type AS ENUM ('percentage_discount', 'fixed_amount_discount', 'tier_specific_discount', 'duration_bonus', 'byok_migration');
CREATE TYPE discount_type AS ENUM ('percentage', 'fixed_amount', 'credits', 'months_free');
CREATE TYPE redemption_status AS ENUM ('success', 'failed', 'reversed', 'pending');
CREATE TYPE fraud_detection_type AS ENUM ('velocity_abuse', 'ip_switching', 'stacking_abuse', 'bot_user_agent', 'device_fingerprint_mismatch');
CREATE TYPE fraud_severity AS ENUM ('low', 'medium', 'high', 'critical');
CREATE TYPE validation_rule_type AS ENUM ('first_time_user_only', 'specific_email_domain', 'minimum_credit_balance', 'exclude_refunded_users', 'require_payment_method');

CREATE TABLE coupon_campaign (
    id            uuid PRIMARY KEY,
    name          varchar(200) NOT NULL,
    description   text,
    starts_at     timestamptz NOT NULL,
    ends_at       timestamptz NOT NULL,
    -- NULL = no budget
    budget_cents  bigint CHECK (budget_cents >= 0),
    spent_cents   bigint NOT NULL DEFAULT 0 CHECK (spent_cents >= 0),
    is_active     boolean NOT NULL DEFAULT true,
    created_by    uuid REFERENCES users (id) ON DELETE SET NULL,
    deleted_at    timestamptz,
    created_at    timestamptz NOT NULL DEFAULT now(),
    updated_at    timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT coupon_campaign_period_order CHECK (ends_at > starts_at)
);
CREATE INDEX coupon_campaign_created_by_idx ON coupon_campaign (created_by);

CREATE TABLE coupon (
    id                 uuid PRIMARY KEY,
    -- stored upper-case (api-contract 9)
    code               varchar(50) NOT NULL CHECK (code ~ '^[A-Z0-9]{4,50}$'),
    coupon_type        coupon_type NOT NULL,
    discount_type      discount_type NOT NULL,
    discount_value     bigint NOT NULL CHECK (discount_value > 0),
    description        text,
    -- NULL = unlimited
    max_uses           integer CHECK (max_uses > 0),
    max_uses_per_user  integer NOT NULL DEFAULT 1 CHECK (max_uses_per_user > 0),
    valid_from         timestamptz NOT NULL,
    valid_until        timestamptz NOT NULL,
    tier_eligibility   subscription_tier[] NOT NULL
        DEFAULT '{free,pro,pro_max,enterprise_pro,enterprise_max}',
    billing_cycles     billing_interval[] NOT NULL DEFAULT '{monthly,yearly}',
    -- tier_specific_discount: [{"from":"pro","to":"pro_max"}, ...]
    tier_transitions   jsonb CHECK (tier_transitions IS NULL OR jsonb_typeof(tier_transitions) = 'array'),
    min_purchase_cents bigint CHECK (min_purchase_cents >= 0),
    duration_months    integer NOT NULL DEFAULT 1 CHECK (duration_months >= 1),
    is_active          boolean NOT NULL DEFAULT true,
    created_by         uuid REFERENCES users (id) ON DELETE SET NULL,
    deleted_at         timestamptz,
    created_at         timestamptz NOT NULL DEFAULT now(),
    updated_at         timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT coupon_code_key UNIQUE (code),
    CONSTRAINT coupon_validity_order CHECK (valid_until > valid_from),
    CONSTRAINT coupon_percentage_range CHECK (discount_type <> 'percentage' OR discount_value <= 10000),
    CONSTRAINT coupon_tiers_not_empty CHECK (cardinality(tier_eligibility) > 0),
    CONSTRAINT coupon_cycles_not_empty CHECK (cardinality(billing_cycles) > 0)
);
CREATE INDEX coupon_active_validity_idx ON coupon (is_active, valid_until) WHERE deleted_at IS NULL;
CREATE INDEX coupon_created_by_idx ON coupon (created_by);

-- A coupon belongs to at most one campaign (its budget).
CREATE TABLE campaign_coupon (
    id          uuid PRIMARY KEY,
    campaign_id uuid NOT NULL REFERENCES coupon_campaign (id) ON DELETE CASCADE,
    coupon_id   uuid NOT NULL REFERENCES coupon (id) ON DELETE CASCADE,
    created_at  timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT campaign_coupon_coupon_id_key UNIQUE (coupon_id),
    CONSTRAINT campaign_coupon_campaign_coupon_key UNIQUE (campaign_id, coupon_id)
);

CREATE TABLE coupon_redemption (
    id                   uuid PRIMARY KEY,
    coupon_id            uuid REFERENCES coupon (id) ON DELETE SET NULL,
    coupon_code          varchar(50) NOT NULL,
    user_id              uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    subscription_id      uuid REFERENCES subscription_monetization (id) ON DELETE SET NULL,
    -- what the redemption granted, for reversal
    credit_allocation_id uuid REFERENCES credit_allocation (id) ON DELETE SET NULL,
    perpetual_license_id uuid REFERENCES perpetual_license (id) ON DELETE SET NULL,
    proration_event_id   uuid REFERENCES proration_event (id) ON DELETE SET NULL,
    redemption_date      timestamptz NOT NULL,
    redemption_status    redemption_status NOT NULL DEFAULT 'pending',
    original_amount_usd  numeric(10,2) NOT NULL DEFAULT 0 CHECK (original_amount_usd >= 0),
    discount_applied_usd numeric(10,2) NOT NULL DEFAULT 0 CHECK (discount_applied_usd >= 0),
    final_amount_usd     numeric(10,2) NOT NULL DEFAULT 0 CHECK (final_amount_usd >= 0),
    months_added         integer NOT NULL DEFAULT 0 CHECK (months_added >= 0),
    tier_before          subscription_tier,
    tier_after           subscription_tier,
    billing_cycle_before billing_interval,
    billing_cycle_after  billing_interval,
    ip_address           inet,
    user_agent           text,
    failure_reason       text,
    reversed_at          timestamptz,
    created_at           timestamptz NOT NULL DEFAULT now(),
    updated_at           timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT coupon_redemption_amounts_add_up
        CHECK (final_amount_usd = original_amount_usd - discount_applied_usd),
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
    id                   uuid PRIMARY KEY,
    coupon_id            uuid REFERENCES coupon (id) ON DELETE SET NULL,
    total_uses           integer NOT NULL DEFAULT 0 CHECK (total_uses >= 0),
    unique_users         integer NOT NULL DEFAULT 0 CHECK (unique_users >= 0),
    total_discount_cents bigint NOT NULL DEFAULT 0 CHECK (total_discount_cents >= 0),
    last_used_at         timestamptz,
    created_at           timestamptz NOT NULL DEFAULT now(),
    updated_at           timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT coupon_usage_limit_coupon_id_key UNIQUE (coupon_id),
    CONSTRAINT coupon_usage_limit_users_within_uses CHECK (unique_users <= total_uses)
);

CREATE TABLE coupon_fraud_detection (
    id                 uuid PRIMARY KEY,
    coupon_id          uuid REFERENCES coupon (id) ON DELETE SET NULL,
    user_id            uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    redemption_id      uuid REFERENCES coupon_redemption (id) ON DELETE SET NULL,
    detection_type     fraud_detection_type NOT NULL,
    severity           fraud_severity NOT NULL,
    is_flagged         boolean NOT NULL DEFAULT true,
    details            jsonb,
    ip_address         inet,
    user_agent         text,
    device_fingerprint varchar(64),
    detected_at        timestamptz NOT NULL,
    reviewed_at        timestamptz,
    reviewed_by        uuid REFERENCES users (id) ON DELETE SET NULL,
    resolution         text,
    created_at         timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX coupon_fraud_detection_user_coupon_idx ON coupon_fraud_detection (user_id, coupon_id, is_flagged);
CREATE INDEX coupon_fraud_detection_coupon_idx ON coupon_fraud_detection (coupon_id);
CREATE INDEX coupon_fraud_detection_redemption_idx ON coupon_fraud_detection (redemption_id);
CREATE INDEX coupon_fraud_detection_reviewed_by_idx ON coupon_fraud_detection (reviewed_by);

CREATE TABLE coupon_validation_rule (
    id         uuid PRIMARY KEY,
    coupon_id  uuid NOT NULL REFERENCES coupon (id) ON DELETE CASCADE,
    rule_type  validation_rule_type NOT NULL,
    rule_value jsonb,
    is_active  boolean NOT NULL DEFAULT true,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT coupon_validation_rule_coupon_rule_key UNIQUE (coupon_id, rule_type)
);

CREATE TABLE coupon_analytics_snapshot (
    id                    uuid PRIMARY KEY,
    coupon_id             uuid REFERENCES coupon (id) ON DELETE SET NULL,
    campaign_id           uuid REFERENCES coupon_campaign (id) ON DELETE SET NULL,
    snapshot_date         date NOT NULL,
    total_redemptions     integer NOT NULL DEFAULT 0 CHECK (total_redemptions >= 0),
    unique_users          integer NOT NULL DEFAULT 0 CHECK (unique_users >= 0),
    failed_redemptions    integer NOT NULL DEFAULT 0 CHECK (failed_redemptions >= 0),
    total_discount_cents  bigint NOT NULL DEFAULT 0 CHECK (total_discount_cents >= 0),
    total_revenue_cents   bigint NOT NULL DEFAULT 0 CHECK (total_revenue_cents >= 0),
    -- basis points (1234 = 12.34 %), never a float
    conversion_rate_bps   integer NOT NULL DEFAULT 0 CHECK (conversion_rate_bps BETWEEN 0 AND 10000),
    created_at            timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT coupon_analytics_snapshot_coupon_date_key UNIQUE (coupon_id, snapshot_date)
);
CREATE INDEX coupon_analytics_snapshot_campaign_idx ON coupon_analytics_snapshot (campaign_id, snapshot_date);
