#include "core/domain/utc_time.h"

#include "core/domain/int_math.h"

#include <QJsonObject>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace creditdesk {

namespace {

constexpr int kMinYear = 1;
constexpr int kMaxYear = 9999;

// Howard Hinnant's civil-date algorithms (days since 1970-01-01).
constexpr std::int64_t daysFromCivil(std::int64_t y, std::int64_t m, std::int64_t d)
{
    y -= m <= 2 ? 1 : 0;
    const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
    const std::int64_t yoe = y - era * 400;
    const std::int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    const std::int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

struct Civil {
    std::int64_t year;
    std::int64_t month;
    std::int64_t day;
};

constexpr Civil civilFromDays(std::int64_t z)
{
    z += 719468;
    const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    const std::int64_t doe = z - era * 146097;
    const std::int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    const std::int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const std::int64_t mp = (5 * doy + 2) / 153;
    const std::int64_t d = doy - (153 * mp + 2) / 5 + 1;
    const std::int64_t m = mp < 10 ? mp + 3 : mp - 9;
    return {yoe + era * 400 + (m <= 2 ? 1 : 0), m, d};
}

bool isLeap(std::int64_t y)
{
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

std::int64_t monthLength(std::int64_t y, std::int64_t m)
{
    constexpr std::int64_t kLengths[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return m == 2 && isLeap(y) ? 29 : kLengths[m - 1];
}

auto outOfRange()
{
    return fail(errc::invalidArgument, u"instant outside years 1..9999"_s);
}

const std::int64_t kMinMs = daysFromCivil(kMinYear, 1, 1) * kMsPerDay;
const std::int64_t kMaxMs = daysFromCivil(kMaxYear + 1, 1, 1) * kMsPerDay - 1;

} // namespace

std::int64_t days(std::int64_t fromMs, std::int64_t toMs)
{
    if (toMs <= fromMs)
        return 0;
    return static_cast<std::int64_t>(ceilDiv(Int128{toMs} - fromMs, kMsPerDay));
}

int daysInMonth(int year, int month)
{
    if (month < 1 || month > 12)
        return 0;
    return static_cast<int>(monthLength(year, month));
}

Result<std::int64_t> utcMs(const UtcFields &f)
{
    if (f.year < kMinYear || f.year > kMaxYear || f.month < 1 || f.month > 12 || f.day < 1 ||
        f.day > daysInMonth(f.year, f.month) || f.hour < 0 || f.hour > 23 || f.minute < 0 || f.minute > 59 ||
        f.second < 0 || f.second > 59 || f.millisecond < 0 || f.millisecond > 999) {
        return fail(errc::invalidArgument, u"not a valid UTC date-time"_s);
    }
    return daysFromCivil(f.year, f.month, f.day) * kMsPerDay + f.hour * kMsPerHour + f.minute * kMsPerMinute +
           f.second * kMsPerSecond + f.millisecond;
}

Result<std::int64_t> utcMs(int year, int month, int day, int hour, int minute, int second, int millisecond)
{
    return utcMs(UtcFields{year, month, day, hour, minute, second, millisecond});
}

UtcFields utcFields(std::int64_t ms)
{
    const auto dayNumber = static_cast<std::int64_t>(floorDiv(ms, kMsPerDay));
    const std::int64_t msOfDay = ms - dayNumber * kMsPerDay;
    const Civil c = civilFromDays(dayNumber);
    return UtcFields{static_cast<int>(c.year),
                     static_cast<int>(c.month),
                     static_cast<int>(c.day),
                     static_cast<int>(msOfDay / kMsPerHour),
                     static_cast<int>(msOfDay / kMsPerMinute % 60),
                     static_cast<int>(msOfDay / kMsPerSecond % 60),
                     static_cast<int>(msOfDay % 1000)};
}

Result<std::int64_t> addMonths(std::int64_t ms, int months)
{
    if (ms < kMinMs || ms > kMaxMs)
        return outOfRange();
    const auto dayNumber = static_cast<std::int64_t>(floorDiv(ms, kMsPerDay));
    const std::int64_t msOfDay = ms - dayNumber * kMsPerDay;
    const Civil c = civilFromDays(dayNumber);
    const std::int64_t monthIndex = c.year * 12 + (c.month - 1) + months;
    const auto year = static_cast<std::int64_t>(floorDiv(monthIndex, 12));
    const std::int64_t month = monthIndex - year * 12 + 1;
    if (year < kMinYear || year > kMaxYear)
        return outOfRange();
    const std::int64_t day = std::min(c.day, monthLength(year, month));
    return daysFromCivil(year, month, day) * kMsPerDay + msOfDay;
}

Result<std::int64_t> addDays(std::int64_t ms, std::int64_t dayCount)
{
    const Int128 result = Int128{ms} + Int128{dayCount} * kMsPerDay;
    if (ms < kMinMs || ms > kMaxMs || result < kMinMs || result > kMaxMs)
        return outOfRange();
    return static_cast<std::int64_t>(result);
}

QString toIsoUtc(std::int64_t ms)
{
    const UtcFields f = utcFields(ms);
    return u"%1-%2-%3T%4:%5:%6.%7Z"_s.arg(f.year, 4, 10, QChar(u'0'))
        .arg(f.month, 2, 10, QChar(u'0'))
        .arg(f.day, 2, 10, QChar(u'0'))
        .arg(f.hour, 2, 10, QChar(u'0'))
        .arg(f.minute, 2, 10, QChar(u'0'))
        .arg(f.second, 2, 10, QChar(u'0'))
        .arg(f.millisecond, 3, 10, QChar(u'0'));
}

Result<std::int64_t> parseIsoUtc(QStringView text)
{
    auto malformed = [&] {
        return fail(errc::invalidArgument, u"not a UTC ISO 8601 timestamp"_s,
                    QJsonObject{{u"value"_s, text.left(64).toString()}});
    };
    // "YYYY-MM-DDTHH:MM:SSZ" is 20 characters, with ".mmm" 24.
    if (text.size() != 20 && text.size() != 24)
        return malformed();
    auto number = [&](qsizetype pos, qsizetype len) -> int {
        int value = 0;
        for (qsizetype i = pos; i < pos + len; ++i) {
            const QChar c = text[i];
            if (c < u'0' || c > u'9')
                return -1;
            value = value * 10 + (c.unicode() - u'0');
        }
        return value;
    };
    const bool withMs = text.size() == 24;
    if (text[4] != u'-' || text[7] != u'-' || text[10] != u'T' || text[13] != u':' || text[16] != u':' ||
        (withMs && text[19] != u'.') || text.back() != u'Z') {
        return malformed();
    }
    const UtcFields f{number(0, 4),
                      number(5, 2),
                      number(8, 2),
                      number(11, 2),
                      number(14, 2),
                      number(17, 2),
                      withMs ? number(20, 3) : 0};
    auto ms = utcMs(f);
    if (!ms)
        return malformed();
    return ms;
}

} // namespace creditdesk
