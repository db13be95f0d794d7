#include "core/api/http_date.h"

#include "core/api/api_errors.h"
#include "core/domain/utc_time.h"

#include <QJsonObject>

#include <algorithm>
#include <array>
#include <optional>

using namespace Qt::StringLiterals;

namespace creditdesk::api {

namespace {

constexpr std::array<const char *, 7> kDays{"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"};
constexpr std::array<const char *, 7> kLongDays{"Monday", "Tuesday",  "Wednesday", "Thursday",
                                                "Friday", "Saturday", "Sunday"};
constexpr std::array<const char *, 12> kMonths{"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                               "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};

std::unexpected<Error> badDate(QByteArrayView text)
{
    return fail(errc::invalidResponse,
                u"not an HTTP date: '%1'"_s.arg(
                    QString::fromLatin1(text.first(std::min<qsizetype>(text.size(), 64)))),
                QJsonObject{{u"reason"_s, u"bad_date"_s}});
}

// Reads exactly `count` digits at `pos`.
std::optional<int> digits(QByteArrayView text, qsizetype pos, int count)
{
    if (pos + count > text.size())
        return std::nullopt;
    int value = 0;
    for (int i = 0; i < count; ++i) {
        const char c = text[pos + i];
        if (c < '0' || c > '9')
            return std::nullopt;
        value = value * 10 + (c - '0');
    }
    return value;
}

int monthOf(QByteArrayView name)
{
    for (int i = 0; i < 12; ++i) {
        if (name == QByteArrayView(kMonths[static_cast<std::size_t>(i)]))
            return i + 1;
    }
    return 0;
}

template <std::size_t N>
bool isOneOf(QByteArrayView name, const std::array<const char *, N> &names)
{
    for (const char *candidate : names) {
        if (name == QByteArrayView(candidate))
            return true;
    }
    return false;
}

// "HH:MM:SS" at pos.
bool timeOfDay(QByteArrayView text, qsizetype pos, UtcFields &fields)
{
    const auto h = digits(text, pos, 2);
    const auto m = digits(text, pos + 3, 2);
    const auto s = digits(text, pos + 6, 2);
    if (!h || !m || !s || text[pos + 2] != ':' || text[pos + 5] != ':')
        return false;
    fields.hour = *h;
    fields.minute = *m;
    fields.second = *s;
    return true;
}

Result<std::int64_t> finishDate(QByteArrayView text, const UtcFields &fields)
{
    auto ms = utcMs(fields);
    if (!ms)
        return badDate(text);
    return *ms;
}

} // namespace

Result<std::int64_t> parseHttpDate(QByteArrayView raw)
{
    const QByteArrayView text = raw.trimmed();
    UtcFields f;
    const qsizetype comma = text.indexOf(',');
    if (comma == 3) {
        // IMF-fixdate: "Sun, 06 Nov 1994 08:49:37 GMT"
        if (text.size() != 29 || !isOneOf(text.first(3), kDays) || text[4] != ' ' || text[7] != ' ' ||
            text[11] != ' ' || text[16] != ' ' || text.sliced(25) != QByteArrayView(" GMT"))
            return badDate(text);
        const auto day = digits(text, 5, 2);
        const auto year = digits(text, 12, 4);
        f.month = monthOf(text.sliced(8, 3));
        if (!day || !year || f.month == 0 || !timeOfDay(text, 17, f))
            return badDate(text);
        f.day = *day;
        f.year = *year;
        return finishDate(text, f);
    }
    if (comma > 3) {
        // RFC 850: "Sunday, 06-Nov-94 08:49:37 GMT"
        const QByteArrayView rest = text.sliced(comma + 1);
        if (!isOneOf(text.first(comma), kLongDays) || rest.size() != 23 || rest[0] != ' ' || rest[3] != '-' ||
            rest[7] != '-' || rest[10] != ' ' || rest.sliced(19) != QByteArrayView(" GMT"))
            return badDate(text);
        const auto day = digits(rest, 1, 2);
        const auto year = digits(rest, 8, 2);
        f.month = monthOf(rest.sliced(4, 3));
        if (!day || !year || f.month == 0 || !timeOfDay(rest, 11, f))
            return badDate(text);
        f.day = *day;
        f.year = *year < 70 ? 2000 + *year : 1900 + *year;
        return finishDate(text, f);
    }
    // asctime: "Sun Nov  6 08:49:37 1994"
    if (text.size() != 24 || !isOneOf(text.first(3), kDays) || text[3] != ' ' || text[7] != ' ' ||
        text[10] != ' ' || text[19] != ' ')
        return badDate(text);
    f.month = monthOf(text.sliced(4, 3));
    const auto day = text[8] == ' ' ? digits(text, 9, 1) : digits(text, 8, 2);
    const auto year = digits(text, 20, 4);
    if (!day || !year || f.month == 0 || !timeOfDay(text, 11, f))
        return badDate(text);
    f.day = *day;
    f.year = *year;
    return finishDate(text, f);
}

QByteArray formatImfFixdate(std::int64_t epochMs)
{
    const UtcFields f = utcFields(epochMs);
    const std::int64_t dayNumber = (epochMs >= 0 ? epochMs : epochMs - kMsPerDay + 1) / kMsPerDay;
    // 1970-01-01 was a Thursday (index 3 of kDays).
    const auto weekday = static_cast<std::size_t>(((dayNumber % 7) + 7 + 3) % 7);
    return QByteArray(kDays[weekday]) + ", " + QByteArray::number(f.day).rightJustified(2, '0') + ' ' +
           kMonths[static_cast<std::size_t>(f.month - 1)] + ' ' +
           QByteArray::number(f.year).rightJustified(4, '0') + ' ' +
           QByteArray::number(f.hour).rightJustified(2, '0') + ':' +
           QByteArray::number(f.minute).rightJustified(2, '0') + ':' +
           QByteArray::number(f.second).rightJustified(2, '0') + " GMT";
}

} // namespace creditdesk::api
