#pragma once

#include "core/domain/clock.h"
#include "core/domain/enums.h"
#include "core/domain/error.h"
#include "server/coupons/coupon_quota.h"
#include "server/coupons/coupon_service.h"
#include "server/db/connection.h"
#include "server/server_environment.h"
#include "tests/integration/server/schema_test_support.h"
#include "tests/support/test_support.h"

#include <QHash>
#include <QJsonObject>
#include <QString>
#include <QVariant>

#include <cstdint>
#include <memory>
#include <optional>

namespace creditdesk::server::test {

// 2026-01-15T12:00:00.000Z: the fixed "now" of the coupon tests.
inline constexpr std::int64_t kCouponTestNowMs = 1'768'478'400'000;

// A fresh migrated database (SQLite file or PostgreSQL database) with a manual
// clock, and helpers that write users, subscriptions, coupons and history
// directly, so the service is tested without the HTTP layer.
class CouponWorld {
public:
    [[nodiscard]] static Result<std::unique_ptr<CouponWorld>> create(Dialect dialect);

    [[nodiscard]] Connection &db() { return *m_db; }
    [[nodiscard]] ManualClock &clock() { return m_clock; }
    [[nodiscard]] ServerEnvironment &env() { return m_env; }
    [[nodiscard]] CouponValidationQuota &quota() { return m_quota; }
    [[nodiscard]] const TestDatabase &database() const { return *m_database; }
    [[nodiscard]] CouponService service() { return CouponService(m_env, *m_db, m_quota); }
    [[nodiscard]] std::int64_t now() const { return m_clock.nowMs(); }

    [[nodiscard]] Result<QString> createUser(const QString &email);
    // Many users in one transaction: "<prefix>-<i>@example.com".
    [[nodiscard]] Result<QStringList> createUsers(const QString &prefix, int count);
    struct Subscription {
        SubscriptionTier tier = SubscriptionTier::Pro;
        BillingInterval interval = BillingInterval::Monthly;
        std::int64_t priceCents = 1'500;
        SubscriptionStatus status = SubscriptionStatus::Active;
        std::int64_t periodStartMs = 0; // 0: now − 14 days
        std::int64_t periodEndMs = 0;   // 0: start + 1 month
    };
    [[nodiscard]] Result<QString> createSubscription(const QString &userId, const Subscription &subscription);
    [[nodiscard]] Result<QString> createSubscription(const QString &userId) { return createSubscription(userId, {}); }
    // coupon_admin::createCoupon with these CLI options (code, coupon-type, …).
    [[nodiscard]] Result<QJsonObject> createCoupon(const QHash<QString, QString> &options);
    // A successful redemption row of the past (no side effects), for history facts.
    [[nodiscard]] Result<void> insertPastRedemption(const QString &userId, const QString &couponId,
                                                    const QString &code, std::int64_t atMs, const QString &ip);
    [[nodiscard]] Result<void> setTotalUses(const QString &couponId, int uses);
    // An existing subscription grant + balance row (so grants add to something).
    [[nodiscard]] Result<void> grantSubscriptionCredits(const QString &userId, std::int64_t wholeCredits);

    [[nodiscard]] Result<qint64> count(const QString &table, const QString &column = {}, const QVariant &value = {});
    // First column of the first row of `sql` (values bound).
    [[nodiscard]] Result<QVariant> scalar(const QString &sql, const QVariantList &values = {});

private:
    CouponWorld() = default;

    std::unique_ptr<TestDatabase> m_database;
    std::optional<Connection> m_db;
    ManualClock m_clock{kCouponTestNowMs};
    ServerEnvironment m_env;
    CouponValidationQuota m_quota;
};

// The fields a test usually sets: code, type, discount type, value.
[[nodiscard]] QHash<QString, QString> couponOptions(const QString &code, const QString &couponType,
                                                    const QString &discountType, const QString &value);

// Writes a subscription_monetization row (also for HTTP tests, on the server's database).
[[nodiscard]] Result<QString> insertSubscription(const Connection &db, const QString &userId,
                                                 const CouponWorld::Subscription &subscription, std::int64_t nowMs);

// A connection of its own for a worker thread (open it in that thread).
[[nodiscard]] Result<Connection> openThreadConnection(const TestDatabase &database);

} // namespace creditdesk::server::test
