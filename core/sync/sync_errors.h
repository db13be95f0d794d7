#pragma once

#include "core/domain/error.h"

#include <QLatin1StringView>

// Error codes of the sync engine and the outbox (creditdesk::sync). The
// engine also passes on CloudClient's codes (api_errors.h: invalid_response
// for a malformed, ill-typed or truncated page...) and the mirror's
// (mirror_errors.h: mirror_constraint_violation for a row the mirror's CHECKs
// refuse); errors it reports carry details.stream. Each code is tested in
// tests/unit/sync.
namespace creditdesk::sync::errc {

// A usage page whose rows are not strictly after the previous page's last row
// (or the mirror's newest row when resuming), or out of order within the page:
// the server's cursor went backwards. The page is not applied.
inline constexpr QLatin1StringView cursorRegressed{"sync_cursor_regressed"};
// The server handed back a cursor already used in this run, or promised more
// rows (has_more / hasMore) without moving on. The page is not applied.
inline constexpr QLatin1StringView cursorLoop{"sync_cursor_loop"};
// A page that contradicts itself: rows without a next cursor, a cursor that
// changes on an empty page, one id twice. The page is not applied.
inline constexpr QLatin1StringView invalidPage{"sync_invalid_page"};
// A stream that needs the signed-in user's id ran before any profile was known
// (the profile stream failed and the mirror holds none).
inline constexpr QLatin1StringView profileMissing{"sync_profile_missing"};
// An outbox entry of a kind this build does not replay.
inline constexpr QLatin1StringView unknownOutboxKind{"outbox_unknown_kind"};
// An outbox entry whose payload or Idempotency-Key cannot be read.
inline constexpr QLatin1StringView invalidOutboxPayload{"outbox_invalid_payload"};

} // namespace creditdesk::sync::errc

namespace creditdesk::sync {

// How a failure bears on a sync run or an outbox replay.
enum class FailureKind {
    Offline,     // network_unreachable, timeout, server_unavailable, proxy_error
    SignedOut,   // sign_in_required
    Cancelled,   // cancelled
    Throttled,   // rate_limited, idempotency_request_in_progress, service_unavailable
    ServerFault, // internal_server_error, tls_error, an undefined 5xx: nothing was written
    Local,       // the mirror cannot be read or written (I/O, busy, corrupt, too new)
    Rejected,    // everything else: the server refused this request, or its answer is unusable
};

[[nodiscard]] FailureKind classify(const Error &error);

// Adds details.stream (kept if already set).
[[nodiscard]] Error inStream(Error error, QLatin1StringView stream);

} // namespace creditdesk::sync
