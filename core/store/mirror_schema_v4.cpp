#include "core/store/mirror_schema.h"

using namespace Qt::StringLiterals;

namespace creditdesk::store::schema {

namespace {

// SQLite cannot drop NOT NULL in place: the ledger is rebuilt (its indexes
// and triggers go with the old table and are created again). Its enumerated
// CHECKs are OR chains, not IN lists: SQLite evaluates an IN list of three or
// more strings in a CHECK by building a temporary b-tree for every inserted
// row (about a third of an insert's cost here). Rows an earlier
// polling pass filled with placeholders (provider 'unknown', its own id as
// request id, then status 'success', is_byok 0, updated_at = created_at) get
// NULL there. The daily totals do not change: credits, tokens and times are
// copied as they are.
QList<QString> nullablePolledLedgerColumns()
{
    return {
        uR"(CREATE TABLE token_usage_ledger_v4 (
    id TEXT PRIMARY KEY NOT NULL CHECK (id <> ''),
    request_id TEXT,
    model_id TEXT NOT NULL CHECK (model_id <> ''),
    provider TEXT CHECK (provider <> ''),
    request_type TEXT CHECK (request_type = 'completion' OR request_type = 'streaming' OR request_type = 'batch'),
    input_tokens INTEGER NOT NULL CHECK (input_tokens >= 0),
    output_tokens INTEGER NOT NULL CHECK (output_tokens >= 0),
    credits_deducted INTEGER NOT NULL,
    is_byok INTEGER CHECK (is_byok IN (0, 1)),
    status TEXT CHECK (status = 'success' OR status = 'failed' OR status = 'cancelled' OR status = 'rate_limited'),
    occurred_at INTEGER NOT NULL,
    created_at INTEGER NOT NULL,
    updated_at INTEGER,
    cached_input_tokens INTEGER NOT NULL DEFAULT 0 CHECK (cached_input_tokens >= 0),
    reverses_id TEXT CHECK (reverses_id <> ''),
    CHECK (is_byok = 0 OR credits_deducted = 0)
) STRICT)"_s,
        uR"(INSERT INTO token_usage_ledger_v4 (id, request_id, model_id, provider, request_type, input_tokens,
    output_tokens, credits_deducted, is_byok, status, occurred_at, created_at, updated_at, cached_input_tokens,
    reverses_id)
SELECT id, CASE WHEN placeholder THEN NULL ELSE request_id END, model_id,
       CASE WHEN placeholder THEN NULL ELSE provider END, request_type, input_tokens, output_tokens,
       credits_deducted, CASE WHEN placeholder THEN NULL ELSE is_byok END,
       CASE WHEN placeholder THEN NULL ELSE status END, occurred_at, created_at,
       CASE WHEN placeholder THEN NULL ELSE updated_at END, cached_input_tokens, reverses_id
FROM (SELECT *, provider = 'unknown' AND request_id = id AS placeholder FROM token_usage_ledger))"_s,
        u"DROP TABLE token_usage_ledger"_s,
        u"ALTER TABLE token_usage_ledger_v4 RENAME TO token_usage_ledger"_s,
        uR"(CREATE INDEX idx_token_usage_ledger_created
    ON token_usage_ledger (created_at DESC, id DESC))"_s,
        uR"(CREATE INDEX idx_token_usage_ledger_occurred ON token_usage_ledger (occurred_at))"_s,
        uR"(CREATE INDEX idx_token_usage_ledger_model
    ON token_usage_ledger (model_id, occurred_at))"_s,
        uR"(CREATE INDEX idx_token_usage_ledger_reverses
    ON token_usage_ledger (reverses_id) WHERE reverses_id IS NOT NULL)"_s,
    };
}

} // namespace

// Version 4: outbox entries get a state (pending, failed with the server's
// refusal, done) instead of reading last_error; the ledger columns the §7
// list does not send become nullable; inserts no longer fire a trigger; the
// file is stamped as a mirror.
QList<QString> detail::version4()
{
    QList<QString> statements{
        uR"(ALTER TABLE outbox ADD COLUMN state TEXT NOT NULL DEFAULT 'pending'
    CHECK (state IN ('pending', 'failed', 'done')))"_s,
        uR"(ALTER TABLE outbox ADD COLUMN refusal TEXT
    CHECK ((refusal IS NOT NULL) = (state = 'failed') AND (refusal IS NULL OR json_valid(refusal))))"_s,
        uR"(ALTER TABLE outbox ADD COLUMN done_at INTEGER CHECK ((done_at IS NOT NULL) = (state = 'done')))"_s,
        // Schema 3 kept a refusal as {"code",...} JSON in last_error; anything
        // else there was a failed attempt of a still pending entry.
        uR"(UPDATE outbox SET state = 'failed', refusal = last_error, last_error = NULL
    WHERE (CASE WHEN json_valid(last_error) THEN json_type(last_error, '$.code') END) = 'text')"_s,
        u"CREATE INDEX idx_outbox_state ON outbox (state, id)"_s,
    };
    statements += nullablePolledLedgerColumns();
    // No insert trigger any more: a per-row trigger cost about 25 µs of the
    // 40 µs a ledger insert took (docs/benchmarks.md, bench_sync), so
    // UsageRepository::applyUsagePage adds the day totals of the rows it
    // inserts once per page, in the same transaction. Updates and deletes
    // (rare: a re-sent row, a sign-out) keep their triggers.
    statements += usageDailyChangeTriggers();
    statements.append(u"PRAGMA application_id = %1"_s.arg(kApplicationId));
    return statements;
}

} // namespace creditdesk::store::schema
