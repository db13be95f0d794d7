#include "core/store/mirror_schema.h"

using namespace Qt::StringLiterals;

// Units: money INTEGER cents (`*_cents`), credits INTEGER credit units
// (1 credit = 10,000 cu), times INTEGER epoch ms UTC, ids TEXT. STRICT tables
// refuse a REAL or a text in an INTEGER column. Enumerated columns keep the
// wire names of api-contract §1 (the mirror mirrors; core/domain maps them).
// There are no foreign keys to `users`: the server wins and each stream is
// applied on its own, in any order.

namespace creditdesk::store::schema {

namespace {

// Version 1: the first mirror.
QList<QString> version1()
{
    return {
        uR"(CREATE TABLE meta (
    key TEXT PRIMARY KEY NOT NULL,
    value TEXT NOT NULL
) STRICT, WITHOUT ROWID)"_s,

        uR"(CREATE TABLE users (
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
) STRICT)"_s,

        uR"(CREATE TABLE user_preferences (
    user_id TEXT PRIMARY KEY NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    default_model_id TEXT,
    enable_streaming INTEGER NOT NULL DEFAULT 1 CHECK (enable_streaming IN (0, 1)),
    max_tokens INTEGER NOT NULL CHECK (max_tokens BETWEEN 1 AND 200000),
    temperature_milli INTEGER NOT NULL CHECK (temperature_milli BETWEEN 0 AND 2000),
    preferences_metadata TEXT CHECK (preferences_metadata IS NULL OR json_valid(preferences_metadata)),
    email_notifications INTEGER CHECK (email_notifications IN (0, 1)),
    usage_alerts INTEGER CHECK (usage_alerts IN (0, 1))
) STRICT)"_s,

        uR"(CREATE TABLE subscription_monetization (
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
) STRICT)"_s,

        uR"(CREATE TABLE user_credit_balance (
    user_id TEXT PRIMARY KEY NOT NULL CHECK (user_id <> ''),
    amount INTEGER NOT NULL CHECK (amount >= 0),
    period_id TEXT,
    total_credits INTEGER NOT NULL DEFAULT 0 CHECK (total_credits >= 0),
    used_credits INTEGER NOT NULL DEFAULT 0 CHECK (used_credits >= 0),
    remaining_credits INTEGER NOT NULL DEFAULT 0,
    billing_period_start INTEGER,
    billing_period_end INTEGER,
    updated_at INTEGER NOT NULL
) STRICT, WITHOUT ROWID)"_s,

        uR"(CREATE TABLE credit_allocation (
    id TEXT PRIMARY KEY NOT NULL CHECK (id <> ''),
    credit_type TEXT CHECK (credit_type IN ('subscription', 'bonus', 'referral', 'coupon', 'admin_grant')),
    source_type TEXT NOT NULL CHECK (source_type IN ('monthly_allocation', 'referral_reward',
                                                     'coupon_promotion', 'bonus', 'refund', 'admin_grant')),
    amount INTEGER NOT NULL CHECK (amount >= 0),
    remaining INTEGER NOT NULL CHECK (remaining >= 0 AND remaining <= amount),
    granted_at INTEGER NOT NULL,
    expires_at INTEGER
) STRICT)"_s,
        // Consumption order (domain-rules §4): expires_at ascending, never-expiring last.
        uR"(CREATE INDEX idx_credit_allocation_order
    ON credit_allocation (expires_at IS NULL, expires_at, granted_at, id))"_s,

        uR"(CREATE TABLE token_usage_ledger (
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
) STRICT)"_s,
        uR"(CREATE INDEX idx_token_usage_ledger_created
    ON token_usage_ledger (created_at DESC, id DESC))"_s,
        uR"(CREATE INDEX idx_token_usage_ledger_occurred ON token_usage_ledger (occurred_at))"_s,

        uR"(CREATE TABLE credit_deduction_ledger (
    id TEXT PRIMARY KEY NOT NULL CHECK (id <> ''),
    request_id TEXT NOT NULL UNIQUE,
    usage_id TEXT,
    amount INTEGER NOT NULL CHECK (amount > 0),
    balance_after INTEGER CHECK (balance_after >= 0),
    created_at INTEGER NOT NULL
) STRICT)"_s,
        uR"(CREATE INDEX idx_credit_deduction_ledger_created ON credit_deduction_ledger (created_at))"_s,

        uR"(CREATE TABLE perpetual_license (
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
) STRICT)"_s,

        uR"(CREATE TABLE license_activation (
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
) STRICT)"_s,
        uR"(CREATE INDEX idx_license_activation_license
    ON license_activation (license_id, status, last_seen_at))"_s,

        uR"(CREATE TABLE version_upgrade (
    id TEXT PRIMARY KEY NOT NULL CHECK (id <> ''),
    license_id TEXT NOT NULL REFERENCES perpetual_license(id) ON DELETE CASCADE,
    from_version TEXT,
    to_version TEXT,
    upgrade_price_cents INTEGER CHECK (upgrade_price_cents >= 0),
    status TEXT NOT NULL CHECK (status IN ('pending', 'completed', 'failed', 'refunded')),
    purchased_at INTEGER NOT NULL
) STRICT)"_s,
        uR"(CREATE INDEX idx_version_upgrade_license ON version_upgrade (license_id, purchased_at))"_s,

        uR"(CREATE TABLE coupon_redemption (
    id TEXT PRIMARY KEY NOT NULL CHECK (id <> ''),
    coupon_code TEXT NOT NULL CHECK (coupon_code <> ''),
    subscription_id TEXT,
    discount_applied_cents INTEGER NOT NULL CHECK (discount_applied_cents >= 0),
    original_amount_cents INTEGER CHECK (original_amount_cents >= 0),
    final_amount_cents INTEGER CHECK (final_amount_cents >= 0),
    redemption_status TEXT NOT NULL CHECK (redemption_status IN ('success', 'failed', 'reversed', 'pending')),
    redemption_date INTEGER NOT NULL
) STRICT)"_s,
        uR"(CREATE INDEX idx_coupon_redemption_date
    ON coupon_redemption (redemption_date DESC, id DESC))"_s,

        uR"(CREATE TABLE proration_event (
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
) STRICT)"_s,
        uR"(CREATE INDEX idx_proration_event_subscription
    ON proration_event (subscription_id, effective_date, status))"_s,

        uR"(CREATE TABLE billing_invoice (
    id TEXT PRIMARY KEY NOT NULL CHECK (id <> ''),
    invoice_date INTEGER NOT NULL,
    amount_cents INTEGER NOT NULL,
    currency TEXT NOT NULL CHECK (length(currency) = 3),
    status TEXT NOT NULL CHECK (status IN ('draft', 'open', 'paid', 'void', 'uncollectible')),
    invoice_url TEXT,
    pdf_url TEXT,
    description TEXT
) STRICT)"_s,
        uR"(CREATE INDEX idx_billing_invoice_date ON billing_invoice (invoice_date DESC, id DESC))"_s,

        uR"(CREATE TABLE sync_state (
    stream TEXT PRIMARY KEY NOT NULL CHECK (stream IN ('state', 'profile', 'subscription', 'balance',
                                                       'license', 'coupons', 'invoices', 'usage')),
    cursor TEXT,
    server_version INTEGER,
    server_updated_at INTEGER,
    etag TEXT,
    synced_at INTEGER NOT NULL
) STRICT, WITHOUT ROWID)"_s,

        // AUTOINCREMENT: ids never reused, so replay order is insertion order.
        uR"(CREATE TABLE outbox (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    kind TEXT NOT NULL CHECK (kind <> ''),
    payload TEXT NOT NULL CHECK (json_valid(payload)),
    idempotency_key TEXT NOT NULL UNIQUE CHECK (idempotency_key <> ''),
    created_at INTEGER NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 0 CHECK (attempts >= 0),
    last_error TEXT,
    last_attempt_at INTEGER
) STRICT)"_s,
    };
}

// Version 2: §10.5 ledger rows carry cached input tokens and, for an
// append-only correction, the id of the row they reverse.
QList<QString> version2()
{
    return {
        uR"(ALTER TABLE token_usage_ledger
    ADD COLUMN cached_input_tokens INTEGER NOT NULL DEFAULT 0 CHECK (cached_input_tokens >= 0))"_s,
        uR"(ALTER TABLE token_usage_ledger
    ADD COLUMN reverses_id TEXT CHECK (reverses_id <> ''))"_s,
        uR"(CREATE INDEX idx_token_usage_ledger_model
    ON token_usage_ledger (model_id, occurred_at))"_s,
        uR"(CREATE INDEX idx_token_usage_ledger_reverses
    ON token_usage_ledger (reverses_id) WHERE reverses_id IS NOT NULL)"_s,
    };
}

// Version 3: per-UTC-day totals kept by triggers in the same transaction as
// every ledger write, so a 90-day chart reads 90 rows instead of scanning
// every request. Corrections (reverses_id set) net credits but are not requests.
QString dailyDelta(QLatin1StringView row, QLatin1StringView sign)
{
    return u"INSERT INTO usage_daily_summary (day, credits, requests, input_tokens, output_tokens) VALUES ("_s %
           row % u".occurred_at / 86400000, "_s % sign % row % u".credits_deducted, "_s % sign % u"("_s %
           row % u".reverses_id IS NULL), "_s % sign % u"(CASE WHEN "_s % row %
           u".reverses_id IS NULL THEN "_s % row % u".input_tokens ELSE 0 END), "_s % sign %
           u"(CASE WHEN "_s % row % u".reverses_id IS NULL THEN "_s % row %
           u".output_tokens ELSE 0 END)) ON CONFLICT (day) DO UPDATE SET "
           "credits = credits + excluded.credits, requests = requests + excluded.requests, "
           "input_tokens = input_tokens + excluded.input_tokens, "
           "output_tokens = output_tokens + excluded.output_tokens;"_s;
}

QList<QString> version3()
{
    QList<QString> statements{
        uR"(CREATE TABLE usage_daily_summary (
    day INTEGER PRIMARY KEY,
    credits INTEGER NOT NULL DEFAULT 0,
    requests INTEGER NOT NULL DEFAULT 0,
    input_tokens INTEGER NOT NULL DEFAULT 0,
    output_tokens INTEGER NOT NULL DEFAULT 0
) STRICT)"_s,
        uR"(INSERT INTO usage_daily_summary (day, credits, requests, input_tokens, output_tokens)
    SELECT occurred_at / 86400000, sum(credits_deducted), sum(reverses_id IS NULL),
           sum(CASE WHEN reverses_id IS NULL THEN input_tokens ELSE 0 END),
           sum(CASE WHEN reverses_id IS NULL THEN output_tokens ELSE 0 END)
    FROM token_usage_ledger GROUP BY 1)"_s,
    };
    return statements + detail::usageDailyTriggers();
}

} // namespace

QList<QString> detail::usageDailyTriggers()
{
    return QList<QString>{
               u"CREATE TRIGGER usage_daily_after_insert AFTER INSERT ON token_usage_ledger BEGIN "_s %
               dailyDelta("NEW"_L1, ""_L1) % u" END"_s} +
           usageDailyChangeTriggers();
}

QList<QString> detail::usageDailyChangeTriggers()
{
    return {
        u"CREATE TRIGGER usage_daily_after_update AFTER UPDATE ON token_usage_ledger BEGIN "_s %
            dailyDelta("OLD"_L1, "-"_L1) % u" "_s % dailyDelta("NEW"_L1, ""_L1) % u" END"_s,
        u"CREATE TRIGGER usage_daily_after_delete AFTER DELETE ON token_usage_ledger BEGIN "_s %
            dailyDelta("OLD"_L1, "-"_L1) % u" END"_s,
    };
}

const QList<Migration> &migrations()
{
    static const QList<Migration> ladder{
        {1, "initial mirror"_L1, version1()},
        {2, "ledger cached tokens and corrections"_L1, version2()},
        {3, "daily usage totals"_L1, version3()},
        {4, "outbox states, nullable polled ledger columns, application_id"_L1, detail::version4()},
    };
    return ladder;
}

const QList<QLatin1StringView> &userTables()
{
    static const QList<QLatin1StringView> tables{
        "user_preferences"_L1,
        "users"_L1,
        "subscription_monetization"_L1,
        "user_credit_balance"_L1,
        "credit_allocation"_L1,
        "token_usage_ledger"_L1,
        "credit_deduction_ledger"_L1,
        "license_activation"_L1,
        "version_upgrade"_L1,
        "perpetual_license"_L1,
        "coupon_redemption"_L1,
        "proration_event"_L1,
        "billing_invoice"_L1,
        "usage_daily_summary"_L1,
        "sync_state"_L1,
        "outbox"_L1,
    };
    return tables;
}

} // namespace creditdesk::store::schema
