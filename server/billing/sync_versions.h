#pragma once

#include "core/domain/error.h"

#include <QString>

#include <cstdint>
#include <optional>

namespace creditdesk::server {

class Connection;

// The streams of GET /v1/sync/state (api-contract §10.5). Usage has no
// version: clients follow its latest_cursor; bumping it only stamps
// usage_updated_at.
enum class SyncStream { Profile, Subscription, Balance, License, Coupons, Invoices, Usage };

// Increments the stream's version of `userId` (creating the user's
// user_sync_state row on first use) and stamps its updated_at with `nowMs`.
// Call it inside the SAME transaction that changes the stream's data, so a
// client never sees new data under an old version. Every area uses it:
// licenses bump License (status changes, not last_seen_at), coupons bump
// Coupons (and Balance when a credit coupon adds a grant).
[[nodiscard]] Result<void> bumpSyncVersion(Connection &db, const QString &userId, SyncStream stream,
                                           std::int64_t nowMs);

struct SyncVersion {
    std::int64_t version = 0;
    std::optional<std::int64_t> updatedAtMs;
};

struct SyncVersions {
    SyncVersion profile;
    SyncVersion subscription;
    SyncVersion balance;
    SyncVersion license;
    SyncVersion coupons;
    SyncVersion invoices;
    std::optional<std::int64_t> usageUpdatedAtMs;
};

// All zero / null for a user without a row yet.
[[nodiscard]] Result<SyncVersions> readSyncVersions(const Connection &db, const QString &userId);

} // namespace creditdesk::server
