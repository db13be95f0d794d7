-- CreditDesk server schema, PostgreSQL 0004: Plan 110, perpetual licensing and proration.
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
-- Plan 110 (perpetual licenses, proration). Deletion rules:
--   user deleted          -> licenses (and through them activations, upgrades,
--                            offline requests) and proration events go (CASCADE);
--   license deleted       -> license_activation, version_upgrade and
--                            license_offline_request go (CASCADE, Appendix B);
--   subscription deleted  -> proration_event goes (CASCADE, Appendix B);
--   payment deleted       -> proration_event / version_upgrade keep their row
--                            with the payment link NULL.

CREATE TYPE license_status AS ENUM ('pending', 'active', 'suspended', 'revoked', 'expired');
CREATE TYPE activation_status AS ENUM ('active', 'deactivated', 'replaced');
CREATE TYPE proration_status AS ENUM ('pending', 'applied', 'failed', 'reversed');
CREATE TYPE proration_change_type AS ENUM ('upgrade', 'downgrade');
CREATE TYPE upgrade_status AS ENUM ('pending', 'completed', 'failed', 'refunded');

-- Release dates for the early-bird upgrade discount (domain rules 7).
CREATE TABLE app_version (
    id          uuid PRIMARY KEY,
    version     varchar(50) NOT NULL CHECK (version ~ '^[0-9]+\.[0-9]+\.[0-9]+(-[0-9A-Za-z.-]+)?$'),
    major       integer NOT NULL CHECK (major >= 0),
    minor       integer NOT NULL CHECK (minor >= 0),
    patch       integer NOT NULL CHECK (patch >= 0),
    released_at timestamptz NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT app_version_version_key UNIQUE (version)
);

CREATE TABLE perpetual_license (
    id                      uuid PRIMARY KEY,
    user_id                 uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    -- REPHLO-XXXX-XXXX-XXXX-XXXX over 23456789ABCDEFGHJKLMNPQRSTUVWXYZ
    license_key             varchar(26) NOT NULL CHECK (license_key ~ '^REPHLO(-[2-9A-HJ-NP-Z]{4}){4}$'),
    status                  license_status NOT NULL DEFAULT 'pending',
    purchase_price_cents    bigint NOT NULL CHECK (purchase_price_cents >= 0),
    purchased_version       varchar(50) NOT NULL CHECK (purchased_version ~ '^[0-9]+\.[0-9]+\.[0-9]+'),
    -- "<major>.99.99"; raised by a paid major upgrade
    eligible_until_version  varchar(50) NOT NULL CHECK (eligible_until_version ~ '^[0-9]+\.[0-9]+\.[0-9]+$'),
    max_activations         integer NOT NULL DEFAULT 3 CHECK (max_activations >= 1),
    current_activations     integer NOT NULL DEFAULT 0 CHECK (current_activations >= 0),
    -- seed 6.2: true = own provider keys, no credit deduction; false = cloud credits
    byok_enabled            boolean NOT NULL DEFAULT true,
    -- seed 1.4: the coupon (e.g. BYOK2025) the license was granted through
    acquisition_coupon_code varchar(50),
    purchased_at            timestamptz NOT NULL,
    activated_at            timestamptz,
    expires_at              timestamptz,
    revoked_at              timestamptz,
    created_at              timestamptz NOT NULL DEFAULT now(),
    updated_at              timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT perpetual_license_license_key_key UNIQUE (license_key),
    CONSTRAINT perpetual_license_activations_within_limit CHECK (current_activations <= max_activations),
    CONSTRAINT perpetual_license_revoked_has_no_devices CHECK (status <> 'revoked' OR current_activations = 0)
);
CREATE INDEX perpetual_license_user_status_idx ON perpetual_license (user_id, status);
CREATE INDEX perpetual_license_status_idx ON perpetual_license (status);

CREATE TABLE license_activation (
    id                  uuid PRIMARY KEY,
    license_id          uuid NOT NULL REFERENCES perpetual_license (id) ON DELETE CASCADE,
    -- SHA-256(machine id + app salt), lower-case hex; the raw id never leaves the device
    machine_fingerprint char(64) NOT NULL CHECK (machine_fingerprint ~ '^[0-9a-f]{64}$'),
    device_name         varchar(255),
    os_type             varchar(50),
    os_version          varchar(100),
    cpu_info            varchar(255),
    status              activation_status NOT NULL DEFAULT 'active',
    -- the activation that took this seat over (status 'replaced')
    replaced_by_id      uuid REFERENCES license_activation (id) ON DELETE SET NULL,
    activated_at        timestamptz NOT NULL,
    last_seen_at        timestamptz NOT NULL,
    deactivated_at      timestamptz,
    created_at          timestamptz NOT NULL DEFAULT now(),
    updated_at          timestamptz NOT NULL DEFAULT now(),
    -- a deactivated fingerprint re-activates by reusing its row
    CONSTRAINT license_activation_license_fingerprint_key UNIQUE (license_id, machine_fingerprint),
    CONSTRAINT license_activation_inactive_has_date CHECK ((status = 'active') = (deactivated_at IS NULL))
);
CREATE INDEX license_activation_license_status_idx ON license_activation (license_id, status, last_seen_at);
CREATE INDEX license_activation_replaced_by_idx ON license_activation (replaced_by_id);

-- Offline activation (api-contract 10.3): a replayed nonce gets the first answer.
CREATE TABLE license_offline_request (
    id             uuid PRIMARY KEY,
    license_id     uuid NOT NULL REFERENCES perpetual_license (id) ON DELETE CASCADE,
    activation_id  uuid REFERENCES license_activation (id) ON DELETE SET NULL,
    nonce          varchar(64) NOT NULL,
    request_sha256 char(64) NOT NULL CHECK (request_sha256 ~ '^[0-9a-f]{64}$'),
    response       jsonb NOT NULL,
    created_at     timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT license_offline_request_nonce_key UNIQUE (nonce)
);
CREATE INDEX license_offline_request_license_idx ON license_offline_request (license_id);
CREATE INDEX license_offline_request_activation_idx ON license_offline_request (activation_id);

CREATE TABLE version_upgrade (
    id                        uuid PRIMARY KEY,
    license_id                uuid NOT NULL REFERENCES perpetual_license (id) ON DELETE CASCADE,
    from_version              varchar(50) NOT NULL,
    to_version                varchar(50) NOT NULL,
    base_price_cents          bigint NOT NULL CHECK (base_price_cents >= 0),
    early_bird_discount_cents bigint NOT NULL DEFAULT 0 CHECK (early_bird_discount_cents >= 0),
    loyalty_discount_cents    bigint NOT NULL DEFAULT 0 CHECK (loyalty_discount_cents >= 0),
    upgrade_price_cents       bigint NOT NULL CHECK (upgrade_price_cents >= 0),
    discount_reason           varchar(50),
    status                    upgrade_status NOT NULL DEFAULT 'pending',
    stripe_payment_intent_id  varchar(255),
    payment_transaction_id    uuid REFERENCES payment_transaction (id) ON DELETE SET NULL,
    purchased_at              timestamptz NOT NULL,
    completed_at              timestamptz,
    created_at                timestamptz NOT NULL DEFAULT now(),
    updated_at                timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT version_upgrade_price_adds_up
        CHECK (upgrade_price_cents = base_price_cents - early_bird_discount_cents - loyalty_discount_cents)
);
CREATE INDEX version_upgrade_license_idx ON version_upgrade (license_id, purchased_at);
CREATE INDEX version_upgrade_payment_idx ON version_upgrade (payment_transaction_id);

-- A mid-cycle tier change (domain rules 6); money in cents, net may be negative
-- (downgrade: kept as account credit).
CREATE TABLE proration_event (
    id                           uuid PRIMARY KEY,
    user_id                      uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    subscription_id              uuid NOT NULL REFERENCES subscription_monetization (id) ON DELETE CASCADE,
    from_tier                    subscription_tier NOT NULL,
    to_tier                      subscription_tier NOT NULL,
    change_type                  proration_change_type NOT NULL,
    period_start                 timestamptz NOT NULL,
    period_end                   timestamptz NOT NULL,
    effective_date               timestamptz NOT NULL,
    days_in_cycle                integer NOT NULL CHECK (days_in_cycle > 0),
    days_remaining               integer NOT NULL CHECK (days_remaining >= 0),
    unused_credit_value_cents    bigint NOT NULL CHECK (unused_credit_value_cents >= 0),
    new_tier_prorated_cost_cents bigint NOT NULL CHECK (new_tier_prorated_cost_cents >= 0),
    coupon_discount_cents        bigint NOT NULL DEFAULT 0 CHECK (coupon_discount_cents >= 0),
    net_charge_cents             bigint NOT NULL,
    -- whole credits granted for the rest of the window (max/min of P and R)
    credits_granted              numeric(12,2) NOT NULL DEFAULT 0 CHECK (credits_granted >= 0),
    status                       proration_status NOT NULL DEFAULT 'pending',
    payment_transaction_id       uuid REFERENCES payment_transaction (id) ON DELETE SET NULL,
    created_at                   timestamptz NOT NULL DEFAULT now(),
    updated_at                   timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT proration_event_tier_changes CHECK (from_tier <> to_tier),
    CONSTRAINT proration_event_days_within_cycle CHECK (days_remaining <= days_in_cycle),
    CONSTRAINT proration_event_period_order CHECK (period_end > period_start),
    CONSTRAINT proration_event_net_adds_up
        CHECK (net_charge_cents = new_tier_prorated_cost_cents - unused_credit_value_cents - coupon_discount_cents)
);
-- seed 3.2: proration timeline
CREATE INDEX proration_event_subscription_effective_status_idx
    ON proration_event (subscription_id, effective_date, status);
CREATE INDEX proration_event_user_idx ON proration_event (user_id, effective_date);
CREATE INDEX proration_event_payment_idx ON proration_event (payment_transaction_id);
