#pragma once

#include "core/domain/error.h"
#include "server/db/connection.h"
#include "tests/integration/http/server_harness.h"

#include <QJsonObject>
#include <QString>
#include <QStringList>

namespace creditdesk::test {

// A connection to the running server's own database (fresh per harness).
[[nodiscard]] Result<server::Connection> openServerDatabase(const ServerHarness &server);
// Rows of `table` in the server's database; -1 on error.
[[nodiscard]] qint64 serverRowCount(const ServerHarness &server, const QString &table);

// `admin create-coupon --code C --coupon-type T --discount-type D --value N` + extra args.
ServerHarness::AdminResult createCoupon(const ServerHarness &server, const QString &code, const QString &couponType,
                                        const QString &discountType, const QString &value,
                                        const QStringList &extra = {});

} // namespace creditdesk::test
