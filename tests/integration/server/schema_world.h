#pragma once

#include "core/domain/error.h"
#include "server/db/connection.h"
#include "tests/integration/server/schema_rows.h"

#include <QDate>
#include <QDateTime>
#include <QList>
#include <QPair>
#include <QString>
#include <QStringList>
#include <QVariant>

namespace creditdesk::server::test {

// Ids of a small but complete data set: one row in every table, for two users.
struct UserRows {
    QString user, preferences, syncState, grant, code, refreshToken, idempotencyKey;
    QString subscription, allocation, invoice, payment, dunning;
    QString balance, source, usage, reversal, deduction, tokenSummary, creditSummary;
    QString license, activation, offlineRequest, upgrade, proration;
    QString redemption, fraud;
};

struct World {
    QString oauthClient, tierConfig, provider, pricing, pricingConfig, appVersion;
    QString campaign, coupon, campaignCoupon, usageLimit, validationRule, analytics;
    UserRows a, b;
};

// Builds World with user A as the coupon's creator. Values are chosen so that
// every enum column can take every value of its type (see enumCompanions).
[[nodiscard]] Result<World> buildWorld(const Connection &connection);

// Columns to set together with `column = value` so that cross-column CHECKs
// still hold (e.g. a 'deactivated' activation needs deactivated_at).
[[nodiscard]] Row enumCompanions(Dialect dialect, const World &world, const QString &table,
                                 const QString &column, const QString &value);

} // namespace creditdesk::server::test
