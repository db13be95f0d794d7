-- CreditDesk server schema, SQLite 0004: Plan 110, perpetual licensing and proration.
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


-- Release dates for the early-bird upgrade discount (domain rules 7).
CREATE TABLE app_version (
    id          TEXT NOT NULL PRIMARY KEY CHECK (length(id) = 36 AND id = lower(id)),
    version     TEXT NOT NULL CHECK (version GLOB '[0-9]*.[0-9]*.[0-9]*'
        AND version NOT GLOB '*[^0-9A-Za-z.-]*'),
    major       INTEGER NOT NULL CHECK (major >= 0),
    minor       INTEGER NOT NULL CHECK (minor >= 0),
    patch       INTEGER NOT NULL CHECK (patch >= 0),
    released_at INTEGER NOT NULL,
    created_at  INTEGER NOT NULL DEFAULT (CAST(strftime('%s', 'now') AS INTEGER) * 1000 + CAST(substr(strftime('%f', 'now'), 4) AS INTEGER)),
    CONSTRAINT app_version_version_key UNIQUE (version)
);

CREATE TABLE perpetual_license (
    id                      TEXT NOT NULL PRIMARY KEY CHECK (length(id) = 36 AND id = lower(id)),
    user_id                 TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    -- REPHLO-XXXX-XXXX-XXXX-XXXX over 23456789ABCDEFGHJKLMNPQRSTUVWXYZ
    license_key             TEXT NOT NULL CHECK (length(license_key) = 26
        AND license_key GLOB 'REPHLO-????-????-????-????' AND substr(license_key, 8) NOT GLOB '*[^2-9A-HJ-NP-Z-]*'),
    status                  TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'active', 'suspended', 'revoked', 'expired')),
    purchase_price_cents    INTEGER NOT NULL CHECK (purchase_price_cents >= 0),
    purchased_version       TEXT NOT NULL CHECK (purchased_version GLOB '[0-9]*.[0-9]*.[0-9]*'),
    -- "<major>.99.99"; raised by a paid major upgrade
    eligible_until_version  TEXT NOT NULL CHECK (eligible_until_version GLOB '[0-9]*.[0-9]*.[0-9]*'
        AND eligible_until_version NOT GLOB '*[^0-9.]*' AND eligible_until_version NOT GLOB '*.*.*.*'),
    max_activations         INTEGER NOT NULL DEFAULT 3 CHECK (max_activations >= 1),
    current_activations     INTEGER NOT NULL DEFAULT 0 CHECK (current_activations >= 0),
    -- seed 6.2: true = own provider keys, no credit deduction; false = cloud credits
    byok_enabled            INTEGER NOT NULL DEFAULT 1 CHECK (byok_enabled IN (0, 1)),
    -- seed 1.4: the coupon (e.g. BYOK2025) the license was granted through
    acquisition_coupon_code TEXT,
    purchased_at            INTEGER NOT NULL,
    activated_at            INTEGER,
    expires_at              INTEGER,
    revoked_at              INTEGER,
    created_at              INTEGER NOT NULL DEFAULT (CAST(strftime('%s', 'now') AS INTEGER) * 1000 + CAST(substr(strftime('%f', 'now'), 4) AS INTEGER)),
    updated_at              INTEGER NOT NULL DEFAULT (CAST(strftime('%s', 'now') AS INTEGER) * 1000 + CAST(substr(strftime('%f', 'now'), 4) AS INTEGER)),
    CONSTRAINT perpetual_license_license_key_key UNIQUE (license_key),
    CONSTRAINT perpetual_license_activations_within_limit CHECK (current_activations <= max_activations),
    CONSTRAINT perpetual_license_revoked_has_no_devices CHECK (status <> 'revoked' OR current_activations = 0)
);
CREATE INDEX perpetual_license_user_status_idx ON perpetual_license (user_id, status);
CREATE INDEX perpetual_license_status_idx ON perpetual_license (status);

CREATE TABLE license_activation (
    id                  TEXT NOT NULL PRIMARY KEY CHECK (length(id) = 36 AND id = lower(id)),
    license_id          TEXT NOT NULL REFERENCES perpetual_license (id) ON DELETE CASCADE,
    -- SHA-256(machine id + app salt), lower-case hex; the raw id never leaves the device
    machine_fingerprint TEXT NOT NULL CHECK (length(machine_fingerprint) = 64 AND machine_fingerprint NOT GLOB '*[^0-9a-f]*'),
    device_name         TEXT,
    os_type             TEXT,
    os_version          TEXT,
    cpu_info            TEXT,
    status              TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'deactivated', 'replaced')),
    -- the activation that took this seat over (status 'replaced')
    replaced_by_id      TEXT REFERENCES license_activation (id) ON DELETE SET NULL,
    activated_at        INTEGER NOT NULL,
    last_seen_at        INTEGER NOT NULL,
    deactivated_at      INTEGER,
    created_at          INTEGER NOT NULL DEFAULT (CAST(strftime('%s', 'now') AS INTEGER) * 1000 + CAST(substr(strftime('%f', 'now'), 4) AS INTEGER)),
    updated_at          INTEGER NOT NULL DEFAULT (CAST(strftime('%s', 'now') AS INTEGER) * 1000 + CAST(substr(strftime('%f', 'now'), 4) AS INTEGER)),
    -- a deactivated fingerprint re-activates by reusing its row
    CONSTRAINT license_activation_license_fingerprint_key UNIQUE (license_id, machine_fingerprint),
    CONSTRAINT license_activation_inactive_has_date CHECK ((status = 'active') = (deactivated_at IS NULL))
);
CREATE INDEX license_activation_license_status_idx ON license_activation (license_id, status, last_seen_at);
CREATE INDEX license_activation_replaced_by_idx ON license_activation (replaced_by_id);

-- Offline activation (api-contract 10.3): a replayed nonce gets the first answer.
CREATE TABLE license_offline_request (
    id             TEXT NOT NULL PRIMARY KEY CHECK (length(id) = 36 AND id = lower(id)),
    license_id     TEXT NOT NULL REFERENCES perpetual_license (id) ON DELETE CASCADE,
    activation_id  TEXT REFERENCES license_activation (id) ON DELETE SET NULL,
    nonce          TEXT NOT NULL,
    request_sha256 TEXT NOT NULL CHECK (length(request_sha256) = 64 AND request_sha256 NOT GLOB '*[^0-9a-f]*'),
    response       TEXT NOT NULL CHECK (json_valid(response)),
    created_at     INTEGER NOT NULL DEFAULT (CAST(strftime('%s', 'now') AS INTEGER) * 1000 + CAST(substr(strftime('%f', 'now'), 4) AS INTEGER)),
    CONSTRAINT license_offline_request_nonce_key UNIQUE (nonce)
);
CREATE INDEX license_offline_request_license_idx ON license_offline_request (license_id);
CREATE INDEX license_offline_request_activation_idx ON license_offline_request (activation_id);

CREATE TABLE version_upgrade (
    id                        TEXT NOT NULL PRIMARY KEY CHECK (length(id) = 36 AND id = lower(id)),
    license_id                TEXT NOT NULL REFERENCES perpetual_license (id) ON DELETE CASCADE,
    from_version              TEXT NOT NULL,
    to_version                TEXT NOT NULL,
    base_price_cents          INTEGER NOT NULL CHECK (base_price_cents >= 0),
    early_bird_discount_cents INTEGER NOT NULL DEFAULT 0 CHECK (early_bird_discount_cents >= 0),
    loyalty_discount_cents    INTEGER NOT NULL DEFAULT 0 CHECK (loyalty_discount_cents >= 0),
    upgrade_price_cents       INTEGER NOT NULL CHECK (upgrade_price_cents >= 0),
    discount_reason           TEXT,
    status                    TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'completed', 'failed', 'refunded')),
    stripe_payment_intent_id  TEXT,
    payment_transaction_id    TEXT REFERENCES payment_transaction (id) ON DELETE SET NULL,
    purchased_at              INTEGER NOT NULL,
    completed_at              INTEGER,
    created_at                INTEGER NOT NULL DEFAULT (CAST(strftime('%s', 'now') AS INTEGER) * 1000 + CAST(substr(strftime('%f', 'now'), 4) AS INTEGER)),
    updated_at                INTEGER NOT NULL DEFAULT (CAST(strftime('%s', 'now') AS INTEGER) * 1000 + CAST(substr(strftime('%f', 'now'), 4) AS INTEGER)),
    CONSTRAINT version_upgrade_price_adds_up
        CHECK (upgrade_price_cents = base_price_cents - early_bird_discount_cents - loyalty_discount_cents)
);
CREATE INDEX version_upgrade_license_idx ON version_upgrade (license_id, purchased_at);
CREATE INDEX version_upgrade_payment_idx ON version_upgrade (payment_transaction_id);

-- A mid-cycle tier change (domain rules 6); money in cents, net may be negative
-- (downgrade: kept as account credit).
CREATE TABLE proration_event (
    id                           TEXT NOT NULL PRIMARY KEY CHECK (length(id) = 36 AND id = lower(id)),
    user_id                      TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    subscription_id              TEXT NOT NULL REFERENCES subscription_monetization (id) ON DELETE CASCADE,
    from_tier                    TEXT NOT NULL CHECK (from_tier IN ('free', 'pro', 'pro_max', 'enterprise_pro', 'enterprise_max', 'perpetual')),
    to_tier                      TEXT NOT NULL CHECK (to_tier IN ('free', 'pro', 'pro_max', 'enterprise_pro', 'enterprise_max', 'perpetual')),
    change_type                  TEXT NOT NULL CHECK (change_type IN ('upgrade', 'downgrade')),
    period_start                 INTEGER NOT NULL,
    period_end                   INTEGER NOT NULL,
    effective_date               INTEGER NOT NULL,
    days_in_cycle                INTEGER NOT NULL CHECK (days_in_cycle > 0),
    days_remaining               INTEGER NOT NULL CHECK (days_remaining >= 0),
    unused_credit_value_cents    INTEGER NOT NULL CHECK (unused_credit_value_cents >= 0),
    new_tier_prorated_cost_cents INTEGER NOT NULL CHECK (new_tier_prorated_cost_cents >= 0),
    coupon_discount_cents        INTEGER NOT NULL DEFAULT 0 CHECK (coupon_discount_cents >= 0),
    net_charge_cents             INTEGER NOT NULL,
    -- whole credits granted for the rest of the window (max/min of P and R)
    credits_granted              INTEGER NOT NULL DEFAULT 0 CHECK (credits_granted >= 0),
    status                       TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'applied', 'failed', 'reversed')),
    payment_transaction_id       TEXT REFERENCES payment_transaction (id) ON DELETE SET NULL,
    created_at                   INTEGER NOT NULL DEFAULT (CAST(strftime('%s', 'now') AS INTEGER) * 1000 + CAST(substr(strftime('%f', 'now'), 4) AS INTEGER)),
    updated_at                   INTEGER NOT NULL DEFAULT (CAST(strftime('%s', 'now') AS INTEGER) * 1000 + CAST(substr(strftime('%f', 'now'), 4) AS INTEGER)),
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
