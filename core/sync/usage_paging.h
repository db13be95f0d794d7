#pragma once

#include "core/api/billing_types.h"
#include "core/domain/error.h"
#include "core/store/mirror_types.h"

#include <QSet>
#include <QString>

#include <cstdint>
#include <optional>

// Checks of the usage pages a server sends, before any is applied
// (api-contract §10.5 cursor pages, §7 offset pages for the polling fallback).
namespace creditdesk::sync {

// A §10.5 page asked for with `requestedCursor`: rows strictly ascending on
// (created_at, id) and all after `after` (the last row applied before, if
// known) → else sync_cursor_regressed; no id twice, a next cursor with rows,
// an unchanged cursor on an empty page → else sync_invalid_page; no cursor
// already used in this run, no "more" without progress → else sync_cursor_loop.
[[nodiscard]] Result<void> checkLedgerPage(const api::LedgerPage &page, const QString &requestedCursor,
                                           const std::optional<store::UsageKey> &after,
                                           const QSet<QString> &usedCursors);

// A §7 page asked for at `requestedOffset`: newest first (createdAt never
// rising) → else sync_cursor_regressed; no id twice → else sync_invalid_page;
// hasMore only with rows and before `total` → else sync_cursor_loop.
[[nodiscard]] Result<void> checkOffsetPage(const api::UsagePage &page, std::int64_t requestedOffset);

// The polling fallback keeps its high-water mark (the newest createdAt seen by
// a complete pass) as the usage stream's cursor, in a form no server issues;
// a CreditDesk server answers invalid_cursor to it and the engine restarts.
[[nodiscard]] QString encodeHighWaterMark(std::int64_t createdAtMs);
// nullopt: the cursor is not a high-water mark (empty, or a server's cursor).
[[nodiscard]] std::optional<std::int64_t> decodeHighWaterMark(const QString &cursor);

} // namespace creditdesk::sync
