#include "server/http/wire_numbers.h"

#include <QString>

using namespace Qt::StringLiterals;

namespace creditdesk::server::wire {

QJsonValue usdNumber(Money value)
{
    return value.toDecimalString().toDouble();
}

QJsonValue creditsNumber(Credits value)
{
    return value.toDecimalString(2).toDouble();
}

QJsonValue hundredthsNumber(std::int64_t hundredths)
{
    const std::int64_t magnitude = hundredths < 0 ? -hundredths : hundredths;
    const QString text = (hundredths < 0 ? u"-"_s : QString()) + QString::number(magnitude / 100) + u'.' +
                         u"%1"_s.arg(magnitude % 100, 2, 10, QChar(u'0'));
    return text.toDouble();
}

} // namespace creditdesk::server::wire
