#pragma once

#include "core/api/account_types.h"
#include "core/api/billing_types.h"
#include "core/api/license_types.h"
#include "core/domain/error.h"
#include "core/store/mirror_types.h"

#include <QList>
#include <QString>

#include <optional>

// CloudClient results → mirror rows (pure; the server wins, so a mirror row is
// what the server said, plus what only the mirror knows where noted).
namespace creditdesk::sync {

// users row: /v1/users/me plus displayName of /api/user/profile.
[[nodiscard]] store::UserProfile mirrorProfile(const api::UserProfile &user,
                                               const api::AccountProfile &account);
// user_preferences row: /v1/users/me/preferences plus the e-mail settings of /api/user/profile.
[[nodiscard]] store::UserPreferences mirrorPreferences(const QString &userId,
                                                       const api::Preferences &preferences,
                                                       const std::optional<api::AccountProfile> &account);
[[nodiscard]] Result<store::Subscription> mirrorSubscription(const api::Subscription &subscription);
// /api/user/credits (spendable balance) plus /v1/credits/me (nullopt: no current period).
[[nodiscard]] Result<store::CreditBalance> mirrorBalance(const QString &userId,
                                                         const api::CreditSummary &summary,
                                                         const std::optional<api::CreditPeriod> &period);
[[nodiscard]] QList<store::CreditSource> mirrorSources(const QList<api::CreditSource> &sources);

struct MirroredLicense {
    store::License license;
    QList<store::Device> devices;
    QList<store::VersionUpgrade> upgrades;
};

// /api/licenses/me + /api/licenses/:key (every seat, upgrades) + …/devices
// (active seats with OS details and last_seen_at). The key itself is reduced
// to its SHA-256 and a hint. `known` are the mirror's current seats: a seat's
// machine fingerprint, which these endpoints do not send, is kept from them.
[[nodiscard]] MirroredLicense mirrorLicense(const QString &userId, const api::MyLicense &mine,
                                            const api::LicenseDetails &details,
                                            const api::LicenseDevices &devices,
                                            const QList<store::Device> &known);

// Coupon history rows keep the subscription and amounts an earlier redeem
// wrote for the same id (`known`); the history does not send them.
[[nodiscard]] QList<store::CouponRedemption> mirrorRedemptions(const QList<api::RedemptionRecord> &history,
                                                               const QList<store::CouponRedemption> &known);
[[nodiscard]] QList<store::ProrationEvent> mirrorProrationEvents(const QList<api::ProrationEvent> &events);
[[nodiscard]] QList<store::Invoice> mirrorInvoices(const QList<api::Invoice> &invoices);

// A §10.5 ledger row.
[[nodiscard]] store::UsageRow mirrorUsageRow(const api::LedgerRow &row);
// An offset-paged /v1/usage row (the polling fallback). That shape has no
// request id, provider, status, BYOK flag or update time: they stay empty /
// nullopt (NULL in the mirror), and so does the request type when the
// operation is not one. Its createdAt is the row's time (occurred_at and
// created_at); cached input tokens are what totalTokens has beyond input +
// output (none when it has less).
[[nodiscard]] store::UsageRow mirrorUsageItem(const api::UsageItem &item);

} // namespace creditdesk::sync
