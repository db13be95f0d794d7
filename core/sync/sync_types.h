#pragma once

#include "core/domain/error.h"

#include <QLatin1StringView>
#include <QList>
#include <QMetaType>
#include <QString>
#include <QStringList>

#include <cstdint>
#include <optional>

namespace creditdesk {
class Clock;
}

namespace creditdesk::sync {

// The streams of /v1/sync/state (api-contract §10.5), spelled as the mirror's
// sync_state.stream. "state" holds the ETag of the last fully applied state
// and the time of the last successful sync.
namespace stream {
inline constexpr QLatin1StringView state{"state"};
inline constexpr QLatin1StringView profile{"profile"};
inline constexpr QLatin1StringView subscription{"subscription"};
inline constexpr QLatin1StringView balance{"balance"};
inline constexpr QLatin1StringView license{"license"};
inline constexpr QLatin1StringView coupons{"coupons"};
inline constexpr QLatin1StringView invoices{"invoices"};
inline constexpr QLatin1StringView usage{"usage"};
} // namespace stream

enum class SyncStatus {
    Idle,      // not syncing; the last run succeeded, was cancelled, or none ran yet
    Syncing,   // a run is in progress
    Offline,   // the last run could not reach the server
    SignedOut, // the last run was refused: sign in again
    Error,     // the last run failed otherwise (see SyncResult::error)
};

[[nodiscard]] QString toString(SyncStatus status);

struct SyncOptions {
    int usagePageSize = 1000;   // §10.5 cursor pages: 1..1000
    int fallbackPageSize = 100; // §7 offset pages: 1..100
    // Polling fallback: re-read rows this far behind the stored high-water mark.
    std::int64_t fallbackOverlapMs = 10 * 60'000;
    int invoicePageSize = 50;     // 1..50
    const Clock *clock = nullptr; // default: system time
};

struct StreamFailure {
    QString stream;
    Error error;
    friend bool operator==(const StreamFailure &, const StreamFailure &) = default;
};

// What one sync run did. A run stops at the first failure that concerns every
// stream (offline, signed out, cancelled, throttled, the mirror itself); a
// failure of one stream (a refused request, a broken page) is recorded and the
// other streams still run. Nothing is applied beyond the last good page.
struct SyncResult {
    SyncStatus status = SyncStatus::Idle;      // the engine's status after the run
    std::optional<Error> error;                // the first failure; nullopt = success
    QList<StreamFailure> failures;             // every failure, in order
    QStringList fetched;                       // streams read from the server
    QStringList skipped;                       // streams /v1/sync/state reported unchanged
    bool fallback = false;                     // polled without the §10 extensions
    std::int64_t usageRows = 0;                // ledger rows applied (upserted)
    std::int64_t usagePages = 0;               // ledger pages applied
    std::optional<std::int64_t> completedAtMs; // success: the new last-successful-sync time

    [[nodiscard]] bool ok() const { return !error.has_value(); }
};

} // namespace creditdesk::sync

Q_DECLARE_METATYPE(creditdesk::sync::SyncResult)
Q_DECLARE_METATYPE(creditdesk::sync::SyncStatus)
