#include "server/http/http_headers.h"

#include "core/crypto/primitives.h"
#include "core/domain/utc_time.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QUuid>

#include <array>

using namespace Qt::StringLiterals;

namespace creditdesk::server {

QString requestIdFor(const QByteArray &clientValue)
{
    bool valid = !clientValue.isEmpty() && clientValue.size() <= 128;
    for (const char c : clientValue) {
        if (!valid)
            break;
        valid = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '_'
             || c == ':' || c == '-';
    }
    if (valid)
        return QString::fromLatin1(clientValue);
    return QUuid::createUuid().toString(QUuid::WithoutBraces);
}

QByteArray imfFixdate(std::int64_t epochMs)
{
    static constexpr std::array<const char *, 7> kDays{"Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"};
    static constexpr std::array<const char *, 12> kMonths{"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                                          "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    const UtcFields f = utcFields(epochMs);
    // 1970-01-01 was a Thursday.
    std::int64_t dayNumber = epochMs / kMsPerDay;
    if (epochMs < 0 && epochMs % kMsPerDay != 0)
        --dayNumber;
    const auto weekday = static_cast<std::size_t>(((dayNumber % 7) + 7) % 7);
    return QByteArray(kDays.at(weekday)) + ", " + QByteArray::number(f.day).rightJustified(2, '0') + ' '
         + kMonths.at(static_cast<std::size_t>(f.month - 1)) + ' ' + QByteArray::number(f.year) + ' '
         + QByteArray::number(f.hour).rightJustified(2, '0') + ':' + QByteArray::number(f.minute).rightJustified(2, '0')
         + ':' + QByteArray::number(f.second).rightJustified(2, '0') + " GMT";
}

QString methodName(HttpMethod method)
{
    switch (method) {
    case HttpMethod::Get:
        return u"GET"_s;
    case HttpMethod::Post:
        return u"POST"_s;
    case HttpMethod::Put:
        return u"PUT"_s;
    case HttpMethod::Patch:
        return u"PATCH"_s;
    case HttpMethod::Delete:
        return u"DELETE"_s;
    case HttpMethod::Head:
        return u"HEAD"_s;
    case HttpMethod::Options:
        return u"OPTIONS"_s;
    }
    return u"GET"_s;
}

QString licenseKeyDigest(const QByteArray &body)
{
    const QJsonObject object = QJsonDocument::fromJson(body).object();
    QString key = object.value(u"licenseKey"_s).toString();
    if (key.isEmpty())
        key = object.value(u"license_key"_s).toString();
    key = key.trimmed().toUpper();
    if (key.isEmpty())
        return {};
    return crypto::sha256Hex(key.toUtf8());
}

} // namespace creditdesk::server
