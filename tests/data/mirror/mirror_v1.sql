-- A CreditDesk mirror at schema version 1 (before cached_input_tokens and
-- reverses_id), as an older build left it. test_mirror_schema builds a file
-- from it and checks that opening migrates it to the current version and
-- keeps every row. Statements end with ';' at the end of a line.

CREATE TABLE meta (
    key TEXT PRIMARY KEY NOT NULL,
    value TEXT NOT NULL
) STRICT, WITHOUT ROWID;

CREATE TABLE users (
    id TEXT PRIMARY KEY NOT NULL CHECK (id <> ''),
    email TEXT NOT NULL,
    email_verified INTEGER NOT NULL DEFAULT 0 CHECK (email_verified IN (0, 1)),
    username TEXT,
    first_name TEXT,
    last_name TEXT,
    display_name TEXT,
    profile_picture_url TEXT,
    created_at INTEGER NOT NULL,
    last_login_at INTEGER
) STRICT;

CREATE TABLE user_preferences (
    user_id TEXT PRIMARY KEY NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    default_model_id TEXT,
    enable_streaming INTEGER NOT NULL DEFAULT 1 CHECK (enable_streaming IN (0, 1)),
    max_tokens INTEGER NOT NULL CHECK (max_tokens BETWEEN 1 AND 200000),
    temperature_milli INTEGER NOT NULL CHECK (temperature_milli BETWEEN 0 AND 2000),
    preferences_metadata TEXT CHECK (preferences_metadata IS NULL OR json_valid(preferences_metadata)),
    email_notifications INTEGER CHECK (email_notifications IN (0, 1)),
    usage_alerts INTEGER CHECK (usage_alerts IN (0, 1))
) STRICT;

CREATE TABLE subscription_monetization (
    id TEXT PRIMARY KEY NOT NULL CHECK (id <> ''),
    user_id TEXT NOT NULL,
    tier TEXT NOT NULL CHECK (tier IN ('free', 'pro', 'pro_plus', 'pro_max', 'enterprise_pro',
                                       'enterprise_pro_plus', 'enterprise_max', 'perpetual')),
    status TEXT NOT NULL CHECK (status IN ('trial', 'active', 'past_due', 'cancelled', 'expired',
                                           'suspended', 'grace_period')),
    billing_interval TEXT NOT NULL CHECK (billing_interval IN ('monthly', 'yearly')),
    price_cents INTEGER NOT NULL CHECK (price_cents >= 0),
    credits_per_month INTEGER NOT NULL CHECK (credits_per_month >= 0),
    credits_rollover INTEGER NOT NULL DEFAULT 0 CHECK (credits_rollover IN (0, 1)),
    current_period_start INTEGER NOT NULL,
    current_period_end INTEGER NOT NULL,
    trial_end INTEGER,
    cancel_at_period_end INTEGER NOT NULL DEFAULT 0 CHECK (cancel_at_period_end IN (0, 1)),
    created_at INTEGER NOT NULL,
    updated_at INTEGER,
    CHECK (current_period_end >= current_period_start)
) STRICT;

CREATE TABLE user_credit_balance (
    user_id TEXT PRIMARY KEY NOT NULL CHECK (user_id <> ''),
    amount INTEGER NOT NULL CHECK (amount >= 0),
    period_id TEXT,
    total_credits INTEGER NOT NULL DEFAULT 0 CHECK (total_credits >= 0),
    used_credits INTEGER NOT NULL DEFAULT 0 CHECK (used_credits >= 0),
    remaining_credits INTEGER NOT NULL DEFAULT 0,
    billing_period_start INTEGER,
    billing_period_end INTEGER,
    updated_at INTEGER NOT NULL
) STRICT, WITHOUT ROWID;

CREATE TABLE credit_allocation (
    id TEXT PRIMARY KEY NOT NULL CHECK (id <> ''),
    credit_type TEXT CHECK (credit_type IN ('subscription', 'bonus', 'referral', 'coupon', 'admin_grant')),
    source_type TEXT NOT NULL CHECK (source_type IN ('monthly_allocation', 'referral_reward',
                                                     'coupon_promotion', 'bonus', 'refund', 'admin_grant')),
    amount INTEGER NOT NULL CHECK (amount >= 0),
    remaining INTEGER NOT NULL CHECK (remaining >= 0 AND remaining <= amount),
    granted_at INTEGER NOT NULL,
    expires_at INTEGER
) STRICT;

CREATE INDEX idx_credit_allocation_order
    ON credit_allocation (expires_at IS NULL, expires_at, granted_at, id);

CREATE TABLE token_usage_ledger (
    id TEXT PRIMARY KEY NOT NULL CHECK (id <> ''),
    request_id TEXT NOT NULL,
    model_id TEXT NOT NULL CHECK (model_id <> ''),
    provider TEXT NOT NULL CHECK (provider <> ''),
    request_type TEXT NOT NULL CHECK (request_type IN ('completion', 'streaming', 'batch')),
    input_tokens INTEGER NOT NULL CHECK (input_tokens >= 0),
    output_tokens INTEGER NOT NULL CHECK (output_tokens >= 0),
    credits_deducted INTEGER NOT NULL,
    is_byok INTEGER NOT NULL CHECK (is_byok IN (0, 1)),
    status TEXT NOT NULL CHECK (status IN ('success', 'failed', 'cancelled', 'rate_limited')),
    occurred_at INTEGER NOT NULL,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    CHECK (is_byok = 0 OR credits_deducted = 0)
) STRICT;

CREATE INDEX idx_token_usage_ledger_created
    ON token_usage_ledger (created_at DESC, id DESC);

CREATE INDEX idx_token_usage_ledger_occurred ON token_usage_ledger (occurred_at);

CREATE TABLE credit_deduction_ledger (
    id TEXT PRIMARY KEY NOT NULL CHECK (id <> ''),
    request_id TEXT NOT NULL UNIQUE,
    usage_id TEXT,
    amount INTEGER NOT NULL CHECK (amount > 0),
    balance_after INTEGER CHECK (balance_after >= 0),
    created_at INTEGER NOT NULL
) STRICT;

CREATE INDEX idx_credit_deduction_ledger_created ON credit_deduction_ledger (created_at);

CREATE TABLE perpetual_license (
    id TEXT PRIMARY KEY NOT NULL CHECK (id <> ''),
    user_id TEXT,
    license_key_sha256 TEXT NOT NULL UNIQUE
        CHECK (length(license_key_sha256) = 64 AND license_key_sha256 NOT GLOB '*[^0-9a-f]*'),
    license_key_hint TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('pending', 'active', 'suspended', 'revoked', 'expired')),
    purchased_version TEXT NOT NULL,
    eligible_until_version TEXT NOT NULL,
    max_activations INTEGER NOT NULL CHECK (max_activations >= 0),
    current_activations INTEGER NOT NULL DEFAULT 0 CHECK (current_activations >= 0),
    byok_enabled INTEGER NOT NULL DEFAULT 1 CHECK (byok_enabled IN (0, 1)),
    purchase_price_cents INTEGER CHECK (purchase_price_cents >= 0),
    purchased_at INTEGER NOT NULL,
    activated_at INTEGER
) STRICT;

CREATE TABLE license_activation (
    id TEXT PRIMARY KEY NOT NULL CHECK (id <> ''),
    license_id TEXT NOT NULL REFERENCES perpetual_license(id) ON DELETE CASCADE,
    machine_fingerprint TEXT CHECK (length(machine_fingerprint) <= 64),
    device_name TEXT,
    os_type TEXT,
    os_version TEXT,
    cpu_info TEXT,
    status TEXT NOT NULL CHECK (status IN ('active', 'deactivated', 'replaced')),
    activated_at INTEGER NOT NULL,
    last_seen_at INTEGER,
    deactivated_at INTEGER
) STRICT;

CREATE INDEX idx_license_activation_license
    ON license_activation (license_id, status, last_seen_at);

CREATE TABLE version_upgrade (
    id TEXT PRIMARY KEY NOT NULL CHECK (id <> ''),
    license_id TEXT NOT NULL REFERENCES perpetual_license(id) ON DELETE CASCADE,
    from_version TEXT,
    to_version TEXT,
    upgrade_price_cents INTEGER CHECK (upgrade_price_cents >= 0),
    status TEXT NOT NULL CHECK (status IN ('pending', 'completed', 'failed', 'refunded')),
    purchased_at INTEGER NOT NULL
) STRICT;

CREATE INDEX idx_version_upgrade_license ON version_upgrade (license_id, purchased_at);

CREATE TABLE coupon_redemption (
    id TEXT PRIMARY KEY NOT NULL CHECK (id <> ''),
    coupon_code TEXT NOT NULL CHECK (coupon_code <> ''),
    subscription_id TEXT,
    discount_applied_cents INTEGER NOT NULL CHECK (discount_applied_cents >= 0),
    original_amount_cents INTEGER CHECK (original_amount_cents >= 0),
    final_amount_cents INTEGER CHECK (final_amount_cents >= 0),
    redemption_status TEXT NOT NULL CHECK (redemption_status IN ('success', 'failed', 'reversed', 'pending')),
    redemption_date INTEGER NOT NULL
) STRICT;

CREATE INDEX idx_coupon_redemption_date
    ON coupon_redemption (redemption_date DESC, id DESC);

CREATE TABLE proration_event (
    id TEXT PRIMARY KEY NOT NULL CHECK (id <> ''),
    subscription_id TEXT NOT NULL,
    from_tier TEXT NOT NULL CHECK (from_tier IN ('free', 'pro', 'pro_plus', 'pro_max', 'enterprise_pro',
                                                 'enterprise_pro_plus', 'enterprise_max', 'perpetual')),
    to_tier TEXT NOT NULL CHECK (to_tier IN ('free', 'pro', 'pro_plus', 'pro_max', 'enterprise_pro',
                                             'enterprise_pro_plus', 'enterprise_max', 'perpetual')),
    change_type TEXT NOT NULL CHECK (change_type IN ('upgrade', 'downgrade', 'interval_change', 'migration')),
    net_charge_cents INTEGER NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('pending', 'applied', 'failed', 'reversed')),
    effective_date INTEGER NOT NULL
) STRICT;

CREATE INDEX idx_proration_event_subscription
    ON proration_event (subscription_id, effective_date, status);

CREATE TABLE billing_invoice (
    id TEXT PRIMARY KEY NOT NULL CHECK (id <> ''),
    invoice_date INTEGER NOT NULL,
    amount_cents INTEGER NOT NULL,
    currency TEXT NOT NULL CHECK (length(currency) = 3),
    status TEXT NOT NULL CHECK (status IN ('draft', 'open', 'paid', 'void', 'uncollectible')),
    invoice_url TEXT,
    pdf_url TEXT,
    description TEXT
) STRICT;

CREATE INDEX idx_billing_invoice_date ON billing_invoice (invoice_date DESC, id DESC);

CREATE TABLE sync_state (
    stream TEXT PRIMARY KEY NOT NULL CHECK (stream IN ('state', 'profile', 'subscription', 'balance',
                                                       'license', 'coupons', 'invoices', 'usage')),
    cursor TEXT,
    server_version INTEGER,
    server_updated_at INTEGER,
    etag TEXT,
    synced_at INTEGER NOT NULL
) STRICT, WITHOUT ROWID;

CREATE TABLE outbox (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    kind TEXT NOT NULL CHECK (kind <> ''),
    payload TEXT NOT NULL CHECK (json_valid(payload)),
    idempotency_key TEXT NOT NULL UNIQUE CHECK (idempotency_key <> ''),
    created_at INTEGER NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 0 CHECK (attempts >= 0),
    last_error TEXT,
    last_attempt_at INTEGER
) STRICT;

INSERT INTO meta (key, value) VALUES ('schema_version', '1');

INSERT INTO users (id, email, email_verified, username, first_name, last_name, display_name,
                   profile_picture_url, created_at, last_login_at)
VALUES ('6f1c2a0e-0000-4000-8000-000000000001', 'ada@example.com', 1, 'ada', 'Ada', 'Lovelace',
        'Ada Lovelace', NULL, 1735689600000, 1736899200000);

INSERT INTO user_preferences (user_id, default_model_id, enable_streaming, max_tokens, temperature_milli,
                              preferences_metadata, email_notifications, usage_alerts)
VALUES ('6f1c2a0e-0000-4000-8000-000000000001', 'claude-sonnet-4.5', 1, 4096, 700,
        '{"creditdesk":{"mode":"cloud"}}', 1, 0);

INSERT INTO subscription_monetization (id, user_id, tier, status, billing_interval, price_cents,
                                       credits_per_month, credits_rollover, current_period_start,
                                       current_period_end, trial_end, cancel_at_period_end, created_at, updated_at)
VALUES ('5b0e7d3c-0000-4000-8000-000000000002', '6f1c2a0e-0000-4000-8000-000000000001', 'pro', 'active',
        'monthly', 1500, 15000000, 1, 1767225600000, 1769904000000, NULL, 0, 1735689600000, 1767225600000);

INSERT INTO user_credit_balance (user_id, amount, period_id, total_credits, used_credits, remaining_credits,
                                 billing_period_start, billing_period_end, updated_at)
VALUES ('6f1c2a0e-0000-4000-8000-000000000001', 13997500, 'p-1', 15000000, 1002500, 13997500,
        1767225600000, 1769904000000, 1768435200000);

INSERT INTO credit_allocation (id, credit_type, source_type, amount, remaining, granted_at, expires_at)
VALUES ('grant-a', 'subscription', 'monthly_allocation', 15000000, 13997500, 1767225600000, 1769904000000),
       ('grant-c', 'admin_grant', 'admin_grant', 1000000, 1000000, 1764547200000, NULL);

INSERT INTO token_usage_ledger (id, request_id, model_id, provider, request_type, input_tokens, output_tokens,
                                credits_deducted, is_byok, status, occurred_at, created_at, updated_at)
VALUES ('u-1', 'r-1', 'claude-sonnet-4.5', 'anthropic', 'completion', 500, 1500, 32000, 0, 'success',
        1768435200000, 1768435205000, 1768435205000),
       ('u-2', 'r-2', 'gpt-4o-mini', 'openai', 'streaming', 1200, 300, 1000, 0, 'success',
        1768438800000, 1768438805000, 1768438805000),
       ('u-3', 'r-3', 'claude-sonnet-4.5', 'anthropic', 'completion', 800, 200, 0, 1, 'success',
        1768442400000, 1768442405000, 1768442405000);

INSERT INTO perpetual_license (id, user_id, license_key_sha256, license_key_hint, status, purchased_version,
                               eligible_until_version, max_activations, current_activations, byok_enabled,
                               purchase_price_cents, purchased_at, activated_at)
VALUES ('lic-1', '6f1c2a0e-0000-4000-8000-000000000001',
        '0f3c5d7e9a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5', 'REPHLO-••••-••••-••••-7XQ2',
        'active', '1.0.0', '1.99.99', 3, 1, 1, 19900, 1735689600000, 1735693200000);

INSERT INTO license_activation (id, license_id, machine_fingerprint, device_name, os_type, os_version, cpu_info,
                                status, activated_at, last_seen_at, deactivated_at)
VALUES ('act-1', 'lic-1', NULL, 'workstation', 'linux', 'Debian 12', NULL, 'active', 1735693200000,
        1768435200000, NULL);

INSERT INTO sync_state (stream, cursor, server_version, server_updated_at, etag, synced_at)
VALUES ('usage', 'cursor-after-u-3', NULL, NULL, NULL, 1768442500000);

INSERT INTO outbox (kind, payload, idempotency_key, created_at, attempts, last_error, last_attempt_at)
VALUES ('update_preferences', '{"maxTokens":2048}', '1b4e28ba-2fa1-4d4b-9c6a-000000000009', 1768442600000, 0,
        NULL, NULL);
