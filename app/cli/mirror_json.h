#pragma once

#include "core/domain/error.h"
#include "core/store/mirror_types.h"

#include <QJsonObject>

#include <cstdint>
#include <optional>

namespace creditdesk::store {
class MirrorDatabase;
}

// JSON forms of the mirror's rows for --json output (units as in format.h).
// The license key never appears: the mirror holds only its hash and a hint.
namespace creditdesk::cli::json {

[[nodiscard]] QJsonObject profile(const store::UserProfile &profile);
[[nodiscard]] QJsonObject subscription(const store::Subscription &subscription);
[[nodiscard]] QJsonObject balance(const store::CreditBalance &balance);
[[nodiscard]] QJsonObject source(const store::CreditSource &source);
[[nodiscard]] QJsonObject license(const store::License &license);
[[nodiscard]] QJsonObject device(const store::Device &device);
[[nodiscard]] QJsonObject upgrade(const store::VersionUpgrade &upgrade);
[[nodiscard]] QJsonObject redemption(const store::CouponRedemption &redemption);
[[nodiscard]] QJsonObject invoice(const store::Invoice &invoice);
[[nodiscard]] QJsonObject usageRow(const store::UsageRow &row);

} // namespace creditdesk::cli::json

namespace creditdesk::cli {

// When the mirror was last synced successfully; nullopt: never.
[[nodiscard]] Result<std::optional<std::int64_t>> lastSyncMs(store::MirrorDatabase &db);

} // namespace creditdesk::cli
