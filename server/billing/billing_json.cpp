#include "server/billing/billing_json.h"

#include "core/domain/utc_time.h"
#include "server/server_environment.h"

#include <QDateTime>

namespace creditdesk::server::billing {

std::int64_t nowMs(const ServerEnvironment &env)
{
    return env.clock ? env.clock->nowMs() : QDateTime::currentMSecsSinceEpoch();
}

QJsonValue tsJson(std::optional<std::int64_t> epochMs)
{
    if (!epochMs)
        return QJsonValue(QJsonValue::Null);
    return toIsoUtc(*epochMs);
}

QJsonValue creditsJson(Credits value)
{
    // Exact for every Decimal(12,2) value: shortest round-trip formatting.
    return value.toDecimalString(2).toDouble();
}

QJsonValue usdJson(Money value)
{
    return value.toDecimalString().toDouble();
}

QString usdText(Money value)
{
    return value.toDecimalString();
}

std::int64_t wholeCredits(Credits value)
{
    return value.floorWhole();
}

} // namespace creditdesk::server::billing
