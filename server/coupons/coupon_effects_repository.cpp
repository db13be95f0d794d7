// CouponRepository: users, subscriptions and what a redemption grants
// (months, the `coupon` credit grant, a pending license), sync versions.
#include "server/coupons/coupon_repository.h"

#include "server/coupons/coupon_sql.h"
#include "server/db/connection.h"
#include "server/db/db_errors.h"
#include "server/db/sql_values.h"
#include "server/db/transaction.h"

using namespace Qt::StringLiterals;

namespace creditdesk::server {

namespace {

QString subscriptionSelect()
{
    return u"SELECT id, user_id, tier, status, billing_interval, price_cents, current_period_end "
           u"FROM subscription_monetization "_s;
}

Result<std::optional<SubscriptionRecord>> readSubscription(const Connection &db, Result<QSqlQuery> query)
{
    if (!query)
        return std::unexpected(query.error());
    if (!query->next())
        return std::optional<SubscriptionRecord>();
    SubscriptionRecord s;
    s.id = sqlv::readUuid(query->value(0));
    s.userId = sqlv::readUuid(query->value(1));
    auto tier = parseSubscriptionTier(query->value(2).toString());
    auto status = parseSubscriptionStatus(query->value(3).toString());
    auto interval = parseBillingInterval(query->value(4).toString());
    auto price = Money::fromCents(query->value(5).toLongLong());
    auto end = sqlv::readTimestamp(db, query->value(6));
    if (!tier || !status || !interval || !price || !end)
        return fail(dberr::databaseError, u"subscription_monetization holds an unreadable row"_s);
    s.tier = *tier;
    s.status = *status;
    s.interval = *interval;
    s.price = *price;
    s.currentPeriodEndMs = *end;
    return std::optional<SubscriptionRecord>(s);
}

Result<void> done(const Result<QSqlQuery> &query)
{
    if (!query)
        return std::unexpected(query.error());
    return {};
}

} // namespace

Result<bool> CouponRepository::userExists(const QString &userId)
{
    auto count = cpnsql::scalar(m_db, u"SELECT COUNT(*) FROM users WHERE id = ?"_s, {sqlv::uuid(m_db, userId)},
                                u"user exists"_s);
    if (!count)
        return std::unexpected(count.error());
    return *count > 0;
}

Result<void> CouponRepository::lockUser(const QString &userId)
{
    const QString lock = m_db.dialect() == Dialect::PostgreSql ? u" FOR NO KEY UPDATE"_s : QString();
    return done(cpnsql::run(m_db, u"SELECT id FROM users WHERE id = ?"_s + lock, {sqlv::uuid(m_db, userId)},
                            u"lock user"_s));
}

Result<QString> CouponRepository::userEmail(const QString &userId)
{
    auto query = cpnsql::run(m_db, u"SELECT email FROM users WHERE id = ?"_s, {sqlv::uuid(m_db, userId)},
                             u"user email"_s);
    if (!query)
        return std::unexpected(query.error());
    return query->next() ? query->value(0).toString() : QString();
}

Result<std::optional<SubscriptionRecord>> CouponRepository::currentSubscription(const QString &userId)
{
    const QString status = sqlv::enumParam(m_db, u"subscription_status"_s);
    return readSubscription(m_db, cpnsql::run(m_db,
                                              subscriptionSelect() + u"WHERE user_id = ? AND status IN ("_s + status
                                                  + u", "_s + status + u", "_s + status
                                                  + u") ORDER BY current_period_end DESC, id LIMIT 1"_s,
                                              {sqlv::uuid(m_db, userId), toString(SubscriptionStatus::Trial),
                                               toString(SubscriptionStatus::Active),
                                               toString(SubscriptionStatus::PastDue)},
                                              u"current subscription"_s));
}

Result<std::optional<SubscriptionRecord>> CouponRepository::subscriptionById(const QString &id, bool lock)
{
    return readSubscription(m_db, cpnsql::run(m_db, subscriptionSelect() + u"WHERE id = ?"_s
                                                        + (lock ? forUpdate(m_db) : QString()),
                                              {sqlv::uuid(m_db, id)}, u"subscription"_s));
}

Result<std::int64_t> CouponRepository::paidSubscriptionCount(const QString &userId)
{
    return cpnsql::scalar(m_db,
                          u"SELECT COUNT(*) FROM subscription_monetization WHERE user_id = ? AND tier <> "_s
                              + sqlv::enumParam(m_db, u"subscription_tier"_s),
                          {sqlv::uuid(m_db, userId), toString(SubscriptionTier::Free)}, u"paid subscriptions"_s);
}

Result<bool> CouponRepository::hasPaymentMethod(const QString &userId)
{
    auto count = cpnsql::scalar(m_db,
                                u"SELECT COUNT(*) FROM subscription_monetization WHERE user_id = ? "
                                u"AND stripe_customer_id IS NOT NULL"_s,
                                {sqlv::uuid(m_db, userId)}, u"payment method"_s);
    if (!count)
        return std::unexpected(count.error());
    return *count > 0;
}

Result<std::int64_t> CouponRepository::refundsSince(const QString &userId, std::int64_t sinceMs)
{
    return cpnsql::scalar(m_db,
                          u"SELECT COUNT(*) FROM payment_transaction WHERE user_id = ? AND status = "_s
                              + sqlv::enumParam(m_db, u"payment_status"_s) + u" AND created_at >= ?"_s,
                          {sqlv::uuid(m_db, userId), u"refunded"_s, sqlv::timestamp(m_db, sinceMs)},
                          u"recent refunds"_s);
}

Result<Credits> CouponRepository::cachedBalance(const QString &userId)
{
    auto query = cpnsql::run(m_db, u"SELECT amount FROM user_credit_balance WHERE user_id = ?"_s,
                             {sqlv::uuid(m_db, userId)}, u"credit balance"_s);
    if (!query)
        return std::unexpected(query.error());
    if (!query->next())
        return Credits();
    return sqlv::readCredits(m_db, query->value(0));
}

Result<void> CouponRepository::setPeriodEnd(const QString &subscriptionId, std::int64_t periodEndMs,
                                            std::int64_t nowMs)
{
    return done(cpnsql::run(m_db,
                            u"UPDATE subscription_monetization SET current_period_end = ?, updated_at = ? WHERE id = ?"_s,
                            {sqlv::timestamp(m_db, periodEndMs), sqlv::timestamp(m_db, nowMs),
                             sqlv::uuid(m_db, subscriptionId)},
                            u"extend subscription"_s));
}

Result<QString> CouponRepository::grantCouponCredits(const QString &userId, Credits amount,
                                                     std::optional<std::int64_t> expiresAtMs, std::int64_t nowMs)
{
    const QVariant now = sqlv::timestamp(m_db, nowMs);
    if (auto created = done(cpnsql::run(m_db,
                                        u"INSERT INTO user_credit_balance (id, user_id, amount, created_at, updated_at) "
                                        u"VALUES (?, ?, ?, ?, ?) ON CONFLICT (user_id) DO NOTHING"_s,
                                        {sqlv::uuid(m_db, sqlv::newUuid()), sqlv::uuid(m_db, userId),
                                         sqlv::credits(m_db, Credits()), now, now},
                                        u"create credit balance"_s));
        !created)
        return std::unexpected(created.error());
    auto balance = cpnsql::run(m_db, u"SELECT id FROM user_credit_balance WHERE user_id = ?"_s + forUpdate(m_db),
                               {sqlv::uuid(m_db, userId)}, u"lock credit balance"_s);
    if (!balance)
        return std::unexpected(balance.error());
    if (!balance->next())
        return fail(dberr::databaseError, u"credit balance row vanished"_s);
    const QString balanceId = sqlv::readUuid(balance->value(0));

    const QString allocationId = sqlv::newUuid();
    if (auto granted = done(cpnsql::run(
            m_db,
            u"INSERT INTO credit_allocation (id, user_id, subscription_id, credit_type, source, amount, remaining, "
            u"expires_at, applied_to_balance_at, balance_id, created_at, updated_at) VALUES (?, ?, ?, "_s
                + sqlv::enumParam(m_db, u"credit_type"_s) + u", ?, ?, ?, ?, ?, ?, ?, ?)"_s,
            {sqlv::uuid(m_db, allocationId), sqlv::uuid(m_db, userId), sqlv::uuid(m_db, QString()),
             toString(CreditType::Coupon), u"coupon"_s, sqlv::credits(m_db, amount), sqlv::credits(m_db, amount),
             sqlv::timestamp(m_db, expiresAtMs), now, sqlv::uuid(m_db, balanceId), now, now},
            u"insert coupon grant"_s));
        !granted)
        return std::unexpected(granted.error());
    if (auto source = done(cpnsql::run(m_db,
                                       u"INSERT INTO user_credit_source (id, user_id, credit_allocation_id, source_type, "
                                       u"created_at) VALUES (?, ?, ?, "_s
                                           + sqlv::enumParam(m_db, u"credit_source_type"_s) + u", ?)"_s,
                                       {sqlv::uuid(m_db, sqlv::newUuid()), sqlv::uuid(m_db, userId),
                                        sqlv::uuid(m_db, allocationId), u"coupon_promotion"_s, now},
                                       u"insert credit source"_s));
        !source)
        return std::unexpected(source.error());
    // domain-rules §4: the cached balance equals Σ remaining of the live grants.
    if (auto updated = done(cpnsql::run(m_db,
                                        u"UPDATE user_credit_balance SET amount = (SELECT COALESCE(SUM(remaining), 0) "
                                        u"FROM credit_allocation WHERE user_id = ? AND (expires_at IS NULL OR "
                                        u"expires_at > ?)), updated_at = ? WHERE id = ?"_s,
                                        {sqlv::uuid(m_db, userId), now, now, sqlv::uuid(m_db, balanceId)},
                                        u"update credit balance"_s));
        !updated)
        return std::unexpected(updated.error());
    return allocationId;
}

Result<bool> CouponRepository::licenseKeyExists(const QString &key)
{
    auto count = cpnsql::scalar(m_db, u"SELECT COUNT(*) FROM perpetual_license WHERE license_key = ?"_s, {key},
                                u"license key"_s);
    if (!count)
        return std::unexpected(count.error());
    return *count > 0;
}

Result<QString> CouponRepository::latestReleasedVersion(std::int64_t nowMs)
{
    auto query = cpnsql::run(m_db,
                             u"SELECT version FROM app_version WHERE released_at <= ? "
                             u"ORDER BY major DESC, minor DESC, patch DESC, released_at DESC LIMIT 1"_s,
                             {sqlv::timestamp(m_db, nowMs)}, u"latest app version"_s);
    if (!query)
        return std::unexpected(query.error());
    return query->next() ? query->value(0).toString() : QString();
}

Result<void> CouponRepository::insertPendingLicense(const NewLicense &l)
{
    const QVariant now = sqlv::timestamp(m_db, l.nowMs);
    return done(cpnsql::run(
        m_db,
        u"INSERT INTO perpetual_license (id, user_id, license_key, status, purchase_price_cents, purchased_version, "
        u"eligible_until_version, max_activations, current_activations, byok_enabled, acquisition_coupon_code, "
        u"purchased_at, created_at, updated_at) VALUES (?, ?, ?, "_s
            + sqlv::enumParam(m_db, u"license_status"_s) + u", ?, ?, ?, ?, 0, ?, ?, ?, ?, ?)"_s,
        {sqlv::uuid(m_db, l.id), sqlv::uuid(m_db, l.userId), l.key, toString(LicenseStatus::Pending),
         cpnsql::int64(l.price.cents()), l.purchasedVersion, l.eligibleUntilVersion, l.maxActivations,
         sqlv::boolean(m_db, true), l.couponCode, now, now, now},
        u"insert pending license"_s));
}

Result<void> CouponRepository::bumpSyncVersions(const QString &userId, const QStringList &names, std::int64_t nowMs)
{
    static const QStringList kKnown{u"coupons"_s, u"balance"_s, u"subscription"_s, u"license"_s};
    for (const QString &name : names) {
        if (!kKnown.contains(name))
            return fail(dberr::databaseError, u"unknown sync version '%1'"_s.arg(name));
        // Column names come from the list above, never from input.
        const QString version = name + u"_version"_s;
        const QString updated = name + u"_updated_at"_s;
        auto bumped = done(cpnsql::run(m_db,
                                       u"INSERT INTO user_sync_state (user_id, "_s + version + u", "_s + updated
                                           + u") VALUES (?, 1, ?) ON CONFLICT (user_id) DO UPDATE SET "_s + version
                                           + u" = user_sync_state."_s + version + u" + 1, "_s + updated
                                           + u" = excluded."_s + updated,
                                       {sqlv::uuid(m_db, userId), sqlv::timestamp(m_db, nowMs)},
                                       u"bump sync version"_s));
        if (!bumped)
            return bumped;
    }
    return {};
}

} // namespace creditdesk::server
