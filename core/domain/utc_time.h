#pragma once

#include "core/domain/error.h"

#include <QString>
#include <QStringView>

#include <cstdint>

namespace creditdesk {

// Instants are int64 milliseconds since the Unix epoch, UTC, proleptic
// Gregorian calendar; no local time zone is ever consulted.
inline constexpr std::int64_t kMsPerSecond = 1'000;
inline constexpr std::int64_t kMsPerMinute = 60'000;
inline constexpr std::int64_t kMsPerHour = 3'600'000;
inline constexpr std::int64_t kMsPerDay = 86'400'000;

struct UtcFields {
    int year = 1970;
    int month = 1; // 1..12
    int day = 1;   // 1..31
    int hour = 0;
    int minute = 0;
    int second = 0;
    int millisecond = 0;
    friend bool operator==(const UtcFields &, const UtcFields &) = default;
};

// §1: ceil((b − a) / day) if b > a, else 0.
[[nodiscard]] std::int64_t days(std::int64_t fromMs, std::int64_t toMs);

// Years 1..9999; anything else (or Feb 30, 24:00, …) is `invalid_argument`.
[[nodiscard]] Result<std::int64_t> utcMs(const UtcFields &fields);
[[nodiscard]] Result<std::int64_t> utcMs(int year, int month, int day, int hour = 0, int minute = 0,
                                         int second = 0, int millisecond = 0);
[[nodiscard]] UtcFields utcFields(std::int64_t ms);
[[nodiscard]] int daysInMonth(int year, int month);

// Keeps the UTC time of day and the day of month, clamped to the month's end
// (Jan 31 + 1 month = Feb 28/29). Results outside years 1..9999 are
// `invalid_argument`.
[[nodiscard]] Result<std::int64_t> addMonths(std::int64_t ms, int months);
[[nodiscard]] Result<std::int64_t> addDays(std::int64_t ms, std::int64_t dayCount);

// "2025-11-27T05:37:00.000Z" (the wire `ts`).
[[nodiscard]] QString toIsoUtc(std::int64_t ms);
// Strict "YYYY-MM-DDTHH:MM:SS[.mmm]Z", else `invalid_argument`.
[[nodiscard]] Result<std::int64_t> parseIsoUtc(QStringView text);

} // namespace creditdesk
