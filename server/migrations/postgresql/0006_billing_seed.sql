-- CreditDesk server schema, PostgreSQL 0006: billing seed data and usage index.
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
-- Billing (users, Plans 109/112). Seed rows with the domain-rules figures:
--   subscription_tier_config  domain rules 2 (core/domain/tier_config.cpp; a test
--                             compares the two);
--   providers                 the six of api-contract 10.6;
--   model_provider_pricing    vendor list prices per 1k tokens (OpenAI rows carry
--                             the 50 % cached-prompt price explicitly);
--   pricing_configs           one approved tier-scope multiplier per tier.
-- Plus an index for /v1/usage and /v1/usage/stats, which filter and order a
-- user's usage by occurred_at.

INSERT INTO subscription_tier_config (id, tier, display_name, monthly_price_cents, yearly_price_cents,
    monthly_credit_allocation, rollover_cap, rollover_months, history_days, byok_access, max_devices,
    trial_days, credit_multiplier, requests_per_minute, max_parallel_requests, max_calls_per_day,
    max_users, is_available, available_from, features) VALUES
    ('00000000-0000-4000-8000-000000000101', 'free', 'Free', 0, 0, 200.00, 0.00, 0, 30, 'none', NULL, 0, 1.50, 10, 1, 50, 1, true, NULL, '["200 credits per month", "30 days of usage history", "10 requests per minute"]'),
    ('00000000-0000-4000-8000-000000000102', 'pro', 'Pro', 1500, 15000, 1500.00, 750.00, 1, 90, 'none', NULL, 14, 1.30, 30, 3, 200, 1, true, NULL, '["1,500 credits per month", "Rollover up to 750 credits for 1 month", "90 days of usage history", "14-day free trial"]'),
    ('00000000-0000-4000-8000-000000000103', 'pro_max', 'Pro Max', 19900, 199000, 25000.00, 12500.00, 6, 365, 'hybrid', 3, 14, 1.25, 120, 10, 2500, 1, true, NULL, '["25,000 credits per month", "Rollover up to 12,500 credits for 6 months", "Bring your own API keys (hybrid)", "365 days of usage history", "3 devices", "14-day free trial"]'),
    ('00000000-0000-4000-8000-000000000104', 'enterprise_pro', 'Enterprise Pro', 3000, 30000, 3500.00, 1750.00, 3, 180, 'hybrid', 3, 30, 1.15, 60, 5, 700, 5, false, '2026-04-01T00:00:00Z', '["3,500 credits per month", "Rollover up to 1,750 credits for 3 months", "Bring your own API keys (hybrid)", "Up to 5 users", "30-day free trial"]'),
    ('00000000-0000-4000-8000-000000000105', 'enterprise_max', 'Enterprise Max', 9000, 90000, 11000.00, 5500.00, 6, 365, 'hybrid', 3, 30, 1.10, 120, 10, 2200, 15, false, '2026-04-01T00:00:00Z', '["11,000 credits per month", "Rollover up to 5,500 credits for 6 months", "Bring your own API keys (hybrid)", "Up to 15 users", "30-day free trial"]'),
    ('00000000-0000-4000-8000-000000000106', 'perpetual', 'Perpetual License', 0, 0, 0.00, 0.00, 0, 30, 'license', 3, 0, 1.50, NULL, NULL, NULL, 1, true, NULL, '["One-time purchase", "Bring your own API keys", "All updates of the purchased major version", "3 devices"]');

INSERT INTO providers (id, name, display_name) VALUES
    ('00000000-0000-4000-8000-000000000001', 'openai', 'OpenAI'),
    ('00000000-0000-4000-8000-000000000002', 'anthropic', 'Anthropic'),
    ('00000000-0000-4000-8000-000000000003', 'google', 'Google'),
    ('00000000-0000-4000-8000-000000000004', 'meta', 'Meta'),
    ('00000000-0000-4000-8000-000000000005', 'mistral', 'Mistral AI'),
    ('00000000-0000-4000-8000-000000000006', 'cohere', 'Cohere');

-- Prices per 1M tokens in USD, stored per 1k: input / output / cache write / cache read;
-- above context_threshold_tokens input tokens the high-context prices apply.
INSERT INTO model_provider_pricing (id, provider_id, model_id, input_price_per_1k, output_price_per_1k,
    cache_write_price_per_1k, cache_read_price_per_1k, context_threshold_tokens,
    input_price_per_1k_high_context, output_price_per_1k_high_context,
    cache_read_price_per_1k_high_context, effective_from) VALUES
    ('00000000-0000-4000-8000-000000000201', '00000000-0000-4000-8000-000000000001', 'gpt-4o', 0.00250000, 0.01000000, NULL, 0.00125000, NULL, NULL, NULL, NULL, '2025-01-01T00:00:00Z'),
    ('00000000-0000-4000-8000-000000000202', '00000000-0000-4000-8000-000000000001', 'gpt-4o-mini', 0.00015000, 0.00060000, NULL, 0.00007500, NULL, NULL, NULL, NULL, '2025-01-01T00:00:00Z'),
    ('00000000-0000-4000-8000-000000000203', '00000000-0000-4000-8000-000000000001', 'o3-mini', 0.00110000, 0.00440000, NULL, 0.00055000, NULL, NULL, NULL, NULL, '2025-01-01T00:00:00Z'),
    ('00000000-0000-4000-8000-000000000204', '00000000-0000-4000-8000-000000000002', 'claude-sonnet-4.5', 0.00300000, 0.01500000, 0.00375000, 0.00030000, 200000, 0.00600000, 0.02250000, 0.00060000, '2025-01-01T00:00:00Z'),
    ('00000000-0000-4000-8000-000000000205', '00000000-0000-4000-8000-000000000002', 'claude-haiku-4.5', 0.00100000, 0.00500000, 0.00125000, 0.00010000, NULL, NULL, NULL, NULL, '2025-01-01T00:00:00Z'),
    ('00000000-0000-4000-8000-000000000206', '00000000-0000-4000-8000-000000000002', 'claude-opus-4.1', 0.01500000, 0.07500000, 0.01875000, 0.00150000, NULL, NULL, NULL, NULL, '2025-01-01T00:00:00Z'),
    ('00000000-0000-4000-8000-000000000207', '00000000-0000-4000-8000-000000000003', 'gemini-2.5-pro', 0.00125000, 0.01000000, NULL, 0.00012500, 200000, 0.00250000, 0.01500000, 0.00025000, '2025-01-01T00:00:00Z'),
    ('00000000-0000-4000-8000-000000000208', '00000000-0000-4000-8000-000000000003', 'gemini-2.5-flash', 0.00030000, 0.00250000, NULL, 0.00003000, NULL, NULL, NULL, NULL, '2025-01-01T00:00:00Z'),
    ('00000000-0000-4000-8000-000000000209', '00000000-0000-4000-8000-000000000004', 'llama-3.3-70b', 0.00059000, 0.00079000, NULL, NULL, NULL, NULL, NULL, NULL, '2025-01-01T00:00:00Z'),
    ('00000000-0000-4000-8000-000000000210', '00000000-0000-4000-8000-000000000004', 'llama-3.1-8b', 0.00005000, 0.00008000, NULL, NULL, NULL, NULL, NULL, NULL, '2025-01-01T00:00:00Z'),
    ('00000000-0000-4000-8000-000000000211', '00000000-0000-4000-8000-000000000005', 'mistral-large', 0.00200000, 0.00600000, NULL, NULL, NULL, NULL, NULL, NULL, '2025-01-01T00:00:00Z'),
    ('00000000-0000-4000-8000-000000000212', '00000000-0000-4000-8000-000000000005', 'mistral-small', 0.00020000, 0.00060000, NULL, NULL, NULL, NULL, NULL, NULL, '2025-01-01T00:00:00Z'),
    ('00000000-0000-4000-8000-000000000213', '00000000-0000-4000-8000-000000000006', 'command-r-plus', 0.00250000, 0.01000000, NULL, NULL, NULL, NULL, NULL, NULL, '2025-01-01T00:00:00Z'),
    ('00000000-0000-4000-8000-000000000214', '00000000-0000-4000-8000-000000000006', 'command-r', 0.00015000, 0.00060000, NULL, NULL, NULL, NULL, NULL, NULL, '2025-01-01T00:00:00Z');

-- Tier multipliers (domain rules 2 and 5); more specific rows may be added by operators.
INSERT INTO pricing_configs (id, scope, tier, margin_multiplier, effective_from, is_active, approval_status, reason) VALUES
    ('00000000-0000-4000-8000-000000000301', 'tier', 'free', 1.50, '2025-01-01T00:00:00Z', true, 'approved', 'domain rules 2 tier multiplier'),
    ('00000000-0000-4000-8000-000000000302', 'tier', 'pro', 1.30, '2025-01-01T00:00:00Z', true, 'approved', 'domain rules 2 tier multiplier'),
    ('00000000-0000-4000-8000-000000000303', 'tier', 'pro_max', 1.25, '2025-01-01T00:00:00Z', true, 'approved', 'domain rules 2 tier multiplier'),
    ('00000000-0000-4000-8000-000000000304', 'tier', 'enterprise_pro', 1.15, '2025-01-01T00:00:00Z', true, 'approved', 'domain rules 2 tier multiplier'),
    ('00000000-0000-4000-8000-000000000305', 'tier', 'enterprise_max', 1.10, '2025-01-01T00:00:00Z', true, 'approved', 'domain rules 2 tier multiplier'),
    ('00000000-0000-4000-8000-000000000306', 'tier', 'perpetual', 1.50, '2025-01-01T00:00:00Z', true, 'approved', 'domain rules 2 tier multiplier');

-- /v1/usage and /v1/usage/stats: a user's usage by occurred_at (newest first, date filters).
CREATE INDEX token_usage_ledger_user_occurred_idx ON token_usage_ledger (user_id, occurred_at, id);
