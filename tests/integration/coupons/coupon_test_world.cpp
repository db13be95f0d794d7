#include "tests/integration/coupons/coupon_test_world.h"

#include "core/domain/credits.h"
#include "core/domain/utc_time.h"
#include "server/coupons/coupon_admin.h"
#include "server/db/database_url.h"
#include "server/db/db_errors.h"
#include "server/db/sql_values.h"
#include "server/db/transaction.h"

#include <QLoggingCategory>
#include <QSqlError>
#include <QSqlQuery>

#include <atomic>

using namespace Qt::StringLiterals;

namespace creditdesk::server::test {

namespace {

Result<void> exec(const Connection &db, const QString &sql, const QVariantList &values)
{
    QSqlQuery query(db.database());
    if (!query.prepare(sql))
        return std::unexpected(queryError(query, sql));
    for (const QVariant &value : values)
        query.addBindValue(value);
    if (!query.exec())
        return std::unexpected(queryError(query, sql));
    return {};
}

} // namespace

QHash<QString, QString> couponOptions(const QString &code, const QString &couponType, const QString &discountType,
                                      const QString &value)
{
    return {{u"code"_s, code}, {u"coupon-type"_s, couponType}, {u"discount-type"_s, discountType}, {u"value"_s, value}};
}

Result<Connection> openThreadConnection(const TestDatabase &database)
{
    static std::atomic<int> counter{0};
    auto config = parseDatabaseUrl(database.url());
    if (!config)
        return std::unexpected(config.error());
    return Connection::open(*config, u"coupon-worker-%1"_s.arg(++counter));
}

Result<std::unique_ptr<CouponWorld>> CouponWorld::create(Dialect dialect)
{
    QLoggingCategory::setFilterRules(u"creditdesk.server.db.info=false\ncreditdesk.server.coupons.warning=false\n"
                                     u"creditdesk.server.coupons.info=false"_s);
    std::unique_ptr<CouponWorld> world(new CouponWorld());
    auto database = TestDatabase::create(dialect);
    if (!database)
        return std::unexpected(database.error());
    world->m_database = std::move(*database);
    auto db = world->m_database->connectMigrated();
    if (!db)
        return std::unexpected(db.error());
    world->m_db.emplace(std::move(*db));
    world->m_env.database = world->m_db->config();
    world->m_env.clock = &world->m_clock;
    world->m_env.rateLimitsEnabled = false;
    return world;
}

Result<QString> CouponWorld::createUser(const QString &email)
{
    const QString id = sqlv::newUuid();
    auto done = exec(*m_db, u"INSERT INTO users (id, email, created_at, updated_at) VALUES (?, ?, ?, ?)"_s,
                     {sqlv::uuid(*m_db, id), email, sqlv::timestamp(*m_db, now()), sqlv::timestamp(*m_db, now())});
    if (!done)
        return std::unexpected(done.error());
    return id;
}

Result<QStringList> CouponWorld::createUsers(const QString &prefix, int count)
{
    auto tx = Transaction::begin(*m_db);
    if (!tx)
        return std::unexpected(tx.error());
    QStringList ids;
    for (int i = 0; i < count; ++i) {
        auto id = createUser(u"%1-%2@example.com"_s.arg(prefix).arg(i));
        if (!id)
            return std::unexpected(id.error());
        ids.append(*id);
    }
    if (auto committed = tx->commit(); !committed)
        return std::unexpected(committed.error());
    return ids;
}

Result<QString> insertSubscription(const Connection &db, const QString &userId, const CouponWorld::Subscription &s,
                                   std::int64_t nowMs)
{
    const QString id = sqlv::newUuid();
    const std::int64_t start = s.periodStartMs ? s.periodStartMs : nowMs - 14 * kMsPerDay;
    const std::int64_t end = s.periodEndMs ? s.periodEndMs : addMonths(start, 1).value();
    const auto price = Money::fromCents(s.priceCents).value();
    const auto allocation = Credits::fromWhole(1'500).value();
    auto done = exec(
        db,
        u"INSERT INTO subscription_monetization (id, user_id, tier, status, billing_interval, base_price_usd, "
        u"price_cents, monthly_credit_allocation, started_at, current_period_start, current_period_end, trial_end, "
        u"created_at, updated_at) VALUES (?, ?, "_s
            + sqlv::enumParam(db, u"subscription_tier"_s) + u", "_s
            + sqlv::enumParam(db, u"subscription_status"_s) + u", "_s
            + sqlv::enumParam(db, u"billing_interval"_s) + u", ?, ?, ?, ?, ?, ?, ?, ?, ?)"_s,
        {sqlv::uuid(db, id), sqlv::uuid(db, userId), toString(s.tier), toString(s.status), toString(s.interval),
         sqlv::usd(db, price), QVariant::fromValue(qint64{s.priceCents}), sqlv::credits(db, allocation),
         sqlv::timestamp(db, start), sqlv::timestamp(db, start), sqlv::timestamp(db, end),
         sqlv::timestamp(db, s.status == SubscriptionStatus::Trial ? std::optional<std::int64_t>(end)
                                                                      : std::nullopt),
         sqlv::timestamp(db, nowMs), sqlv::timestamp(db, nowMs)});
    if (!done)
        return std::unexpected(done.error());
    return id;
}

Result<QString> CouponWorld::createSubscription(const QString &userId, const Subscription &s)
{
    return insertSubscription(*m_db, userId, s, now());
}

Result<QJsonObject> CouponWorld::createCoupon(const QHash<QString, QString> &options)
{
    return coupon_admin::createCoupon(*m_db, m_env, options);
}

Result<void> CouponWorld::insertPastRedemption(const QString &userId, const QString &couponId, const QString &code,
                                               std::int64_t atMs, const QString &ip)
{
    return exec(*m_db,
                u"INSERT INTO coupon_redemption (id, coupon_id, coupon_code, user_id, redemption_date, "
                u"redemption_status, ip_address, created_at, updated_at) VALUES (?, ?, ?, ?, ?, "_s
                    + sqlv::enumParam(*m_db, u"redemption_status"_s) + u", ?, ?, ?)"_s,
                {sqlv::uuid(*m_db, sqlv::newUuid()), sqlv::uuid(*m_db, couponId), code, sqlv::uuid(*m_db, userId),
                 sqlv::timestamp(*m_db, atMs), u"success"_s, ip.isEmpty() ? QVariant(QMetaType::fromType<QString>()) : QVariant(ip),
                 sqlv::timestamp(*m_db, atMs), sqlv::timestamp(*m_db, atMs)});
}

Result<void> CouponWorld::setTotalUses(const QString &couponId, int uses)
{
    return exec(*m_db, u"UPDATE coupon_usage_limit SET total_uses = ?, unique_users = ? WHERE coupon_id = ?"_s,
                {uses, uses, sqlv::uuid(*m_db, couponId)});
}

Result<void> CouponWorld::grantSubscriptionCredits(const QString &userId, std::int64_t wholeCredits)
{
    const auto amount = Credits::fromWhole(wholeCredits).value();
    const QString balanceId = sqlv::newUuid();
    if (auto b = exec(*m_db,
                      u"INSERT INTO user_credit_balance (id, user_id, amount, created_at, updated_at) "
                      u"VALUES (?, ?, ?, ?, ?)"_s,
                      {sqlv::uuid(*m_db, balanceId), sqlv::uuid(*m_db, userId), sqlv::credits(*m_db, amount),
                       sqlv::timestamp(*m_db, now()), sqlv::timestamp(*m_db, now())});
        !b)
        return b;
    return exec(*m_db,
                u"INSERT INTO credit_allocation (id, user_id, credit_type, source, amount, remaining, expires_at, "
                u"applied_to_balance_at, balance_id, created_at, updated_at) VALUES (?, ?, "_s
                    + sqlv::enumParam(*m_db, u"credit_type"_s) + u", ?, ?, ?, ?, ?, ?, ?, ?)"_s,
                {sqlv::uuid(*m_db, sqlv::newUuid()), sqlv::uuid(*m_db, userId), u"subscription"_s,
                 u"monthly_allocation"_s, sqlv::credits(*m_db, amount), sqlv::credits(*m_db, amount),
                 sqlv::timestamp(*m_db, now() + 10 * kMsPerDay), sqlv::timestamp(*m_db, now()),
                 sqlv::uuid(*m_db, balanceId), sqlv::timestamp(*m_db, now()), sqlv::timestamp(*m_db, now())});
}

Result<qint64> CouponWorld::count(const QString &table, const QString &column, const QVariant &value)
{
    return countRows(*m_db, table, column, value);
}

Result<QVariant> CouponWorld::scalar(const QString &sql, const QVariantList &values)
{
    QSqlQuery query(m_db->database());
    if (!query.prepare(sql))
        return std::unexpected(queryError(query, sql));
    for (const QVariant &value : values)
        query.addBindValue(value);
    if (!query.exec())
        return std::unexpected(queryError(query, sql));
    if (!query.next())
        return QVariant();
    return query.value(0);
}

} // namespace creditdesk::server::test
