#include "tests/bench/pg_data_sql.h"

using namespace Qt::StringLiterals;

namespace creditdesk::bench::pgsql {

namespace {

// A v4-sized random uuid without gen_random_uuid() (which costs ~5 us a call
// here): 64 random bits, then 32 bits of the row number `n` XOR 32 random
// bits, so ids are unique per statement and spread over the whole key space.
QString fastUuid(QLatin1StringView n)
{
    return u"encode(int8send((random() * 9.2e18)::bigint) || int8send(((%1) << 32) # "
           u"(random() * 4294967295)::bigint), 'hex')::uuid"_s.arg(n);
}

} // namespace

const QString &createModels()
{
    static const QString sql = uR"(
CREATE TEMP TABLE bench_model (
    model_no int PRIMARY KEY, provider text NOT NULL, model_id text NOT NULL,
    in_price numeric(10,8) NOT NULL, out_price numeric(10,8) NOT NULL, provider_id uuid, pricing_id uuid))"_s;
    return sql;
}

// Used only when the migrations seeded no vendor prices (see adoptPricing()).
const QString &fillModels()
{
    static const QString sql = uR"(
INSERT INTO bench_model (model_no, provider, model_id, in_price, out_price)
SELECT * FROM (VALUES
    (0, 'openai', 'gpt-4o-mini', 0.00015, 0.0006),
    (1, 'anthropic', 'claude-3-5-sonnet', 0.003, 0.015),
    (2, 'openai', 'gpt-4o', 0.0025, 0.01),
    (3, 'google', 'gemini-1.5-flash', 0.000075, 0.0003),
    (4, 'anthropic', 'claude-3-5-haiku', 0.0008, 0.004),
    (5, 'google', 'gemini-1.5-pro', 0.00125, 0.005),
    (6, 'meta', 'llama-3.1-70b', 0.00088, 0.00088),
    (7, 'mistral', 'mistral-large', 0.002, 0.006),
    (8, 'openai', 'o1', 0.015, 0.06),
    (9, 'cohere', 'command-r-plus', 0.0025, 0.01),
    (10, 'mistral', 'codestral', 0.0003, 0.0009),
    (11, 'anthropic', 'claude-3-opus', 0.015, 0.075)) v
WHERE NOT EXISTS (SELECT 1 FROM model_provider_pricing WHERE is_active))"_s;
    return sql;
}

const QString &insertProviders()
{
    static const QString sql = uR"(
INSERT INTO providers (id, name, display_name)
SELECT gen_random_uuid(), provider, initcap(provider) FROM bench_model GROUP BY provider
ON CONFLICT (name) DO NOTHING)"_s;
    return sql;
}

const QString &linkModels()
{
    static const QString sql = uR"(
UPDATE bench_model m SET provider_id = p.id, pricing_id = gen_random_uuid()
FROM providers p WHERE p.name = m.provider)"_s;
    return sql;
}

// The vendor prices the migrations seeded, cheapest first (model_no 0 is the
// most used), when fillModels() added none.
const QString &adoptPricing()
{
    static const QString sql = uR"(
INSERT INTO bench_model (model_no, provider, model_id, in_price, out_price, provider_id, pricing_id)
SELECT row_number() OVER (ORDER BY x.input_price_per_1k, x.model_id) - 1, p.name, x.model_id,
       x.input_price_per_1k, x.output_price_per_1k, x.provider_id, x.id
FROM model_provider_pricing x JOIN providers p ON p.id = x.provider_id
WHERE x.is_active AND NOT EXISTS (SELECT 1 FROM bench_model))"_s;
    return sql;
}

const QString &insertPricing()
{
    static const QString sql = uR"(
INSERT INTO model_provider_pricing (id, provider_id, model_id, input_price_per_1k, output_price_per_1k,
                                    effective_from)
SELECT pricing_id, provider_id, model_id, in_price, out_price, now() - interval '2 years' FROM bench_model)"_s;
    return sql;
}

const QString &createUsers()
{
    static const QString sql = uR"(
CREATE TEMP TABLE bench_user (
    user_no int PRIMARY KEY, user_id uuid NOT NULL, sub_id uuid NOT NULL, balance_id uuid NOT NULL,
    tier subscription_tier NOT NULL, byok_share float8 NOT NULL, multiplier numeric(4,2) NOT NULL))"_s;
    return sql;
}

// Tiers: free 45 %, pro 27 %, pro_max 8 %, enterprise_pro 4 %, enterprise_max
// 1 %, perpetual 15 %; the heaviest users (lowest user_no, see insertUsage)
// draw from the upper half of that ladder.
const QString &fillUsers()
{
    static const QString sql = uR"(
INSERT INTO bench_user (user_no, user_id, sub_id, balance_id, tier, byok_share, multiplier)
SELECT s.g, gen_random_uuid(), gen_random_uuid(), gen_random_uuid(), t.tier,
    CASE t.tier WHEN 'perpetual' THEN 0.80 WHEN 'pro_max' THEN 0.25 WHEN 'enterprise_pro' THEN 0.25
                WHEN 'enterprise_max' THEN 0.25 ELSE 0 END,
    CASE t.tier WHEN 'pro' THEN 1.30 WHEN 'pro_max' THEN 1.25 WHEN 'enterprise_pro' THEN 1.15
                WHEN 'enterprise_max' THEN 1.10 ELSE 1.50 END
FROM (SELECT g, CASE WHEN g <= ?::int THEN 0.5 + random() / 2 ELSE random() END AS r
      FROM generate_series(1, ?::int) g OFFSET 0) s
CROSS JOIN LATERAL (SELECT (CASE WHEN s.r < 0.45 THEN 'free' WHEN s.r < 0.72 THEN 'pro'
                                 WHEN s.r < 0.80 THEN 'pro_max' WHEN s.r < 0.84 THEN 'enterprise_pro'
                                 WHEN s.r < 0.85 THEN 'enterprise_max' ELSE 'perpetual'
                            END)::subscription_tier AS tier) t)"_s;
    return sql;
}

const QString &insertUsers()
{
    static const QString sql = uR"(
INSERT INTO users (id, email, email_verified, username, first_name, last_name, created_at, updated_at,
                   last_login_at)
SELECT user_id, 'user' || user_no || '@bench.example', true, 'user' || user_no, 'Bench', 'User ' || user_no,
       created, now(), now() - seen
FROM (SELECT b.*, now() - interval '400 days' + random() * interval '250 days' AS created,
             random() * interval '7 days' AS seen
      FROM bench_user b OFFSET 0) x)"_s;
    return sql;
}

// One subscription each (status: active 90 %, past_due 4 %, cancelled 3 %,
// trial 3 %), the current period started in the last 30 days.
const QString &insertSubscriptions()
{
    static const QString sql = uR"(
INSERT INTO subscription_monetization (id, user_id, tier, status, billing_interval, base_price_usd, price_cents,
    monthly_credit_allocation, stripe_customer_id, stripe_subscription_id, started_at, current_period_start,
    current_period_end, trial_end, created_at, updated_at)
SELECT sub_id, user_id, tier, status, 'monthly', price_cents / 100.0, price_cents, credits,
    CASE WHEN price_cents > 0 THEN 'cus_bench_' || user_no END,
    CASE WHEN price_cents > 0 THEN 'sub_bench_' || user_no END,
    period_start - months * interval '1 month', period_start, period_start + interval '1 month',
    CASE WHEN status = 'trial' THEN period_start + interval '14 days' END,
    period_start - months * interval '1 month', now()
FROM (SELECT b.user_no, b.user_id, b.sub_id, b.tier,
          CASE b.tier WHEN 'pro' THEN 1500 WHEN 'pro_max' THEN 19900 WHEN 'enterprise_pro' THEN 3000
                      WHEN 'enterprise_max' THEN 9000 ELSE 0 END AS price_cents,
          (CASE b.tier WHEN 'free' THEN 200 WHEN 'pro' THEN 1500 WHEN 'pro_max' THEN 25000
                       WHEN 'enterprise_pro' THEN 3500 WHEN 'enterprise_max' THEN 11000 ELSE 0
           END)::numeric(12,2) AS credits,
          (CASE WHEN b.s < 0.90 THEN 'active' WHEN b.s < 0.94 THEN 'past_due' WHEN b.s < 0.97 THEN 'cancelled'
                ELSE 'trial' END)::subscription_status AS status,
          date_trunc('second', now() - random() * interval '30 days') AS period_start,
          floor(random() * 12)::int AS months
      FROM (SELECT u.*, random() AS s FROM bench_user u OFFSET 0) b OFFSET 0) x)"_s;
    return sql;
}

const QString &insertBalances()
{
    static const QString sql = uR"(
INSERT INTO user_credit_balance (id, user_id, amount, created_at, updated_at)
SELECT balance_id, user_id, 0, now() - interval '1 year', now() FROM bench_user)"_s;
    return sql;
}

// Three monthly grants per paying tier (only the current one has credits
// left) and a bonus grant for every fifth user.
const QString &insertAllocations()
{
    static const QString sql = uR"(
INSERT INTO credit_allocation (id, user_id, subscription_id, credit_type, source, amount, remaining,
    allocation_period_start, allocation_period_end, expires_at, applied_to_balance_at, balance_id, created_at,
    updated_at)
SELECT gen_random_uuid(), user_id, sub_id, credit_type, source, amount, remaining, period_start, period_end,
       expires_at, granted_at, balance_id, granted_at, now()
FROM (SELECT b.user_id, b.sub_id, 'subscription'::credit_type AS credit_type, 'monthly_allocation' AS source,
             sm.monthly_credit_allocation AS amount,
             CASE WHEN k = 0 THEN round((sm.monthly_credit_allocation * random())::numeric, 2) ELSE 0 END
                 AS remaining,
             sm.current_period_start - k * interval '1 month' AS period_start,
             sm.current_period_end - k * interval '1 month' AS period_end,
             sm.current_period_end - k * interval '1 month' AS expires_at,
             sm.current_period_start - k * interval '1 month' AS granted_at, b.balance_id
      FROM bench_user b JOIN subscription_monetization sm ON sm.id = b.sub_id CROSS JOIN generate_series(0, 2) k
      WHERE sm.monthly_credit_allocation > 0
      UNION ALL
      SELECT b.user_id, NULL, 'bonus', 'bonus', 500, round((500 * random())::numeric, 2), NULL, NULL, NULL,
             now() - interval '40 days', b.balance_id
      FROM bench_user b WHERE b.user_no % 5 = 0
      OFFSET 0) x)"_s;
    return sql;
}

const QString &insertSources()
{
    static const QString sql = uR"(
INSERT INTO user_credit_source (id, user_id, credit_allocation_id, source_type, created_at)
SELECT gen_random_uuid(), user_id, id,
       (CASE credit_type WHEN 'bonus' THEN 'bonus' ELSE 'monthly_allocation' END)::credit_source_type, created_at
FROM credit_allocation)"_s;
    return sql;
}

const QString &updateBalanceAmounts()
{
    static const QString sql = uR"(
UPDATE user_credit_balance ucb SET amount = s.total, updated_at = now()
FROM (SELECT balance_id, sum(remaining) AS total FROM credit_allocation
      WHERE expires_at IS NULL OR expires_at > now() GROUP BY balance_id) s
WHERE ucb.id = s.balance_id)"_s;
    return sql;
}

// Every perpetual-tier user holds a BYOK license: active 90 %, suspended 5 %,
// revoked 5 %.
const QString &insertLicenses()
{
    static const QString sql = uR"(
INSERT INTO perpetual_license (id, user_id, license_key, status, purchase_price_cents, purchased_version,
    eligible_until_version, max_activations, current_activations, byok_enabled, purchased_at, activated_at,
    revoked_at, created_at, updated_at)
SELECT gen_random_uuid(), user_id,
    'REPHLO-' || substr(k, 1, 4) || '-' || substr(k, 5, 4) || '-' || substr(k, 9, 4) || '-' || substr(k, 13, 4),
    status, 19900, '1.2.0', '1.99.99', 3, CASE WHEN status = 'revoked' THEN 0 ELSE 1 + user_no % 3 END, true,
    bought, bought + interval '5 minutes', CASE WHEN status = 'revoked' THEN bought + interval '30 days' END,
    bought, now()
FROM (SELECT b.*, translate(upper(md5(b.user_id::text)), '01', 'XY') AS k,
             (CASE WHEN random() < 0.90 THEN 'active' WHEN random() < 0.5 THEN 'suspended' ELSE 'revoked'
              END)::license_status AS status,
             now() - interval '300 days' + random() * interval '200 days' AS bought
      FROM bench_user b WHERE b.tier = 'perpetual' OFFSET 0) x)"_s;
    return sql;
}

// Time-ordered (row g at now - days + g * step): the heap is in created_at
// order like an append-only ledger, so one user's rows are scattered over it.
// user_no = 1 + floor(users * random()^2.2): the top user makes ~1.5 % of all
// requests, the median user ~0.007 %. Models: small cheap ones most used.
// Tokens log-normal. 2 % failed (no output, no charge), 1 % cancelled.
const QString &insertUsage()
{
    static const QString sql = uR"(
INSERT INTO token_usage_ledger (id, request_id, user_id, subscription_id, model_id, provider_id, pricing_id,
    request_type, operation, input_tokens, output_tokens, cached_input_tokens, vendor_cost, credit_multiplier,
    credits_deducted, is_byok, status, request_duration_ms, occurred_at, created_at, updated_at)
SELECT r0.id, r0.request_id, u.user_id, u.sub_id, m.model_id, m.provider_id, m.pricing_id,
    r.request_type, r.operation, r0.input_tokens, r.output_tokens, r.cached_tokens, c.vendor_cost,
    CASE WHEN b.is_byok THEN 0 ELSE u.multiplier END,
    CASE WHEN b.is_byok THEN 0 ELSE round(c.vendor_cost * 100 * u.multiplier, 2) END,
    b.is_byok, r.status, r0.duration_ms, r0.created_at - r0.duration_ms * interval '1 millisecond',
    r0.created_at, r0.created_at
FROM (SELECT g,
          )"_s + fastUuid("g"_L1) +
                               uR"( AS id,
          )"_s + fastUuid("g"_L1) +
                               uR"( AS request_id,
          1 + floor(?::int * random() ^ 2.2)::int AS user_no,
          floor(?::int * random() ^ 2)::int AS model_no,
          random() AS byok_roll, random() AS s, random() AS t,
          least(200000, floor(exp(6.8 + 1.1 * sqrt(-2 * ln(1 - random())) * cos(2 * pi() * random()))))::int
              AS input_tokens,
          least(32000, floor(exp(5.5 + 0.9 * sqrt(-2 * ln(1 - random())) * cos(2 * pi() * random()))))::int
              AS output_tokens,
          date_trunc('milliseconds', now()) - make_interval(days => ?::int)
              + (g * ?::bigint) * interval '1 millisecond' AS created_at,
          (200 + floor(random() * 20000))::int AS duration_ms
      FROM generate_series(1::bigint, ?::bigint) g OFFSET 0) r0
CROSS JOIN LATERAL (SELECT
    CASE WHEN r0.s < 0.02 THEN 0 ELSE r0.output_tokens END AS output_tokens,
    CASE WHEN r0.t < 0.3 THEN r0.input_tokens / 2 ELSE 0 END AS cached_tokens,
    (CASE WHEN r0.s < 0.02 THEN 'failed' WHEN r0.s < 0.03 THEN 'cancelled' ELSE 'success' END)::usage_status
        AS status,
    (CASE WHEN r0.t < 0.6 THEN 'streaming' WHEN r0.t < 0.95 THEN 'completion' ELSE 'batch' END)::request_type
        AS request_type,
    (CASE WHEN r0.t < 0.85 THEN 'chat' WHEN r0.t < 0.95 THEN 'completion' WHEN r0.t < 0.98 THEN 'function_call'
          ELSE 'embedding' END)::usage_operation AS operation) r
JOIN bench_user u ON u.user_no = r0.user_no
CROSS JOIN LATERAL (SELECT r0.byok_roll < u.byok_share AS is_byok) b
JOIN bench_model m ON m.model_no = r0.model_no
CROSS JOIN LATERAL (SELECT round((r0.input_tokens * m.in_price + r.output_tokens * m.out_price) / 1000, 8)
                        AS vendor_cost) c)"_s;
    return sql;
}

// One deduction per charged (non-BYOK, not failed) request, same request_id.
const QString &insertDeductions()
{
    static const QString sql =
        uR"(
INSERT INTO credit_deduction_ledger (id, user_id, request_id, token_usage_id, amount, balance_before,
                                     balance_after, created_at)
SELECT )"_s +
        fastUuid("n"_L1) + uR"(, user_id, request_id, id, credits_deducted, after + credits_deducted, after,
       created_at
FROM (SELECT row_number() OVER () AS n, t.user_id, t.request_id, t.id, t.credits_deducted, t.created_at,
             round((random() * 20000)::numeric, 2) AS after
      FROM token_usage_ledger t WHERE NOT t.is_byok AND t.status <> 'failed' OFFSET 0) d)"_s;
    return sql;
}

const QString &createCoupons()
{
    static const QString sql = uR"(
CREATE TEMP TABLE bench_coupon (coupon_no int PRIMARY KEY, coupon_id uuid NOT NULL, code varchar(50) NOT NULL))"_s;
    return sql;
}

const QString &fillCoupons()
{
    static const QString sql = uR"(
INSERT INTO bench_coupon (coupon_no, coupon_id, code)
SELECT g, gen_random_uuid(), upper(substr(md5(g::text), 1, 6)) || g FROM generate_series(1, ?::int) g)"_s;
    return sql;
}

// Types: percentage 45 %, fixed amount 25 %, tier-specific 15 %, duration
// bonus 10 %, BYOK migration 5 %; 85 % active, 2 % soft-deleted.
const QString &insertCoupons()
{
    static const QString sql = uR"(
INSERT INTO coupon (id, code, coupon_type, discount_type, discount_value, description, max_uses,
    max_uses_per_user, valid_from, valid_until, tier_eligibility, is_active, deleted_at, created_at, updated_at)
SELECT x.coupon_id, x.code, k.coupon_type, k.discount_type, k.discount_value, 'Benchmark coupon ' || x.coupon_no,
    CASE WHEN x.u < 0.6 THEN 100 + floor(x.u * 10000)::int END, 1,
    x.valid_from, x.valid_from + make_interval(days => x.days),
    CASE WHEN k.coupon_type = 'tier_specific_discount' THEN '{pro,pro_max}'::subscription_tier[]
         ELSE '{free,pro,pro_max,enterprise_pro,enterprise_max}'::subscription_tier[] END,
    x.a < 0.85, CASE WHEN x.a >= 0.98 THEN x.valid_from + interval '10 days' END, x.valid_from, now()
FROM (SELECT c.*, random() AS r, random() AS u, random() AS a, random() AS d,
             now() - random() * interval '400 days' AS valid_from, (30 + floor(random() * 335))::int AS days
      FROM bench_coupon c OFFSET 0) x
CROSS JOIN LATERAL (SELECT
    (CASE WHEN x.r < 0.45 THEN 'percentage_discount' WHEN x.r < 0.70 THEN 'fixed_amount_discount'
          WHEN x.r < 0.85 THEN 'tier_specific_discount' WHEN x.r < 0.95 THEN 'duration_bonus'
          ELSE 'byok_migration' END)::coupon_type AS coupon_type,
    (CASE WHEN x.r < 0.45 THEN 'percentage' WHEN x.r < 0.70 THEN 'fixed_amount' WHEN x.r < 0.85 THEN 'percentage'
          WHEN x.r < 0.95 THEN 'months_free' ELSE 'percentage' END)::discount_type AS discount_type,
    CASE WHEN x.r < 0.45 THEN 500 + floor(x.d * 8)::int * 500 WHEN x.r < 0.70 THEN 500 + floor(x.d * 10)::int * 500
         WHEN x.r < 0.85 THEN 1000 + floor(x.d * 5)::int * 500 WHEN x.r < 0.95 THEN 1 + floor(x.d * 3)::int
         ELSE 2500 END AS discount_value) k)"_s;
    return sql;
}

// Time-ordered like the ledger; coupon popularity skewed (random()^3: the top
// 1 % of codes take ~22 % of redemptions), users uniform. success 85 %,
// failed 10 %, reversed 3 %, pending 2 %.
const QString &insertRedemptions()
{
    static const QString sql = uR"(
INSERT INTO coupon_redemption (id, coupon_id, coupon_code, user_id, subscription_id, redemption_date,
    redemption_status, original_amount_usd, discount_applied_usd, final_amount_usd, tier_before, tier_after,
    billing_cycle_before, billing_cycle_after, ip_address, user_agent, failure_reason, reversed_at, created_at,
    updated_at)
SELECT r.id, c.coupon_id, c.code, u.user_id, u.sub_id, r.at, st.status, p.original, d.discount,
    p.original - d.discount, u.tier, u.tier, 'monthly', 'monthly', r.ip, 'CreditDesk/0.1.0 (Linux; x86_64)',
    CASE WHEN st.status = 'failed' THEN 'coupon_expired' END,
    CASE WHEN st.status = 'reversed' THEN r.at + interval '1 day' END, r.at, r.at
FROM (SELECT g, )"_s + fastUuid("g"_L1) +
                               uR"( AS id,
          1 + floor(?::int * random() ^ 3)::int AS coupon_no,
          1 + floor(?::int * random())::int AS user_no,
          date_trunc('milliseconds', now()) - make_interval(days => ?::int)
              + (g * ?::bigint) * interval '1 millisecond' AS at,
          random() AS s, 0.1 + 0.4 * random() AS share,
          inet '10.0.0.0' + (random() * 16777215)::bigint AS ip
      FROM generate_series(1::bigint, ?::bigint) g OFFSET 0) r
JOIN bench_coupon c ON c.coupon_no = r.coupon_no
JOIN bench_user u ON u.user_no = r.user_no
CROSS JOIN LATERAL (SELECT (CASE WHEN r.s < 0.85 THEN 'success' WHEN r.s < 0.95 THEN 'failed'
                                 WHEN r.s < 0.98 THEN 'reversed' ELSE 'pending' END)::redemption_status AS status) st
CROSS JOIN LATERAL (SELECT (CASE u.tier WHEN 'pro_max' THEN 199 WHEN 'enterprise_pro' THEN 30
                                 WHEN 'enterprise_max' THEN 90 WHEN 'perpetual' THEN 199 ELSE 15
                            END)::numeric(10,2) AS original) p
CROSS JOIN LATERAL (SELECT CASE WHEN st.status IN ('success', 'reversed')
                                THEN round((p.original * r.share)::numeric, 2) ELSE 0 END AS discount) d)"_s;
    return sql;
}

const QString &insertUsageLimits()
{
    static const QString sql = uR"(
INSERT INTO coupon_usage_limit (id, coupon_id, total_uses, unique_users, total_discount_cents, last_used_at)
SELECT gen_random_uuid(), c.coupon_id, coalesce(s.uses, 0), coalesce(s.users, 0), coalesce(s.cents, 0), s.last
FROM bench_coupon c
LEFT JOIN (SELECT coupon_id, count(*) AS uses, count(DISTINCT user_id) AS users,
                  sum(discount_applied_usd * 100)::bigint AS cents, max(redemption_date) AS last
           FROM coupon_redemption WHERE redemption_status = 'success' GROUP BY coupon_id) s
    ON s.coupon_id = c.coupon_id)"_s;
    return sql;
}

} // namespace creditdesk::bench::pgsql
