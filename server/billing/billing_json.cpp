#include "server/billing/billing_json.h"

#include "core/domain/utc_time.h"
#include "server/http/wire_numbers.h"
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
    return wire::creditsNumber(value);
}

QJsonValue usdJson(Money value)
{
    return wire::usdNumber(value);
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
