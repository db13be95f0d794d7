#include "tests/integration/coupons/coupon_http_support.h"

#include "server/db/database_url.h"
#include "tests/integration/server/schema_test_support.h"

#include <atomic>

using namespace Qt::StringLiterals;

namespace creditdesk::test {

Result<server::Connection> openServerDatabase(const ServerHarness &server)
{
    static std::atomic<int> counter{0};
    auto config = server::parseDatabaseUrl(server.databaseUrl());
    if (!config)
        return std::unexpected(config.error());
    return server::Connection::open(*config, u"coupon-http-%1"_s.arg(++counter));
}

qint64 serverRowCount(const ServerHarness &server, const QString &table)
{
    auto db = openServerDatabase(server);
    if (!db)
        return -1;
    auto count = server::test::countRows(*db, table);
    return count ? *count : -1;
}

ServerHarness::AdminResult createCoupon(const ServerHarness &server, const QString &code, const QString &couponType,
                                        const QString &discountType, const QString &value, const QStringList &extra)
{
    return server.admin(QStringList{u"create-coupon"_s, u"--code"_s, code, u"--coupon-type"_s, couponType,
                                    u"--discount-type"_s, discountType, u"--value"_s, value}
                        + extra);
}

} // namespace creditdesk::test
