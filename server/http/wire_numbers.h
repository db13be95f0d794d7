#pragma once

#include "core/domain/credits.h"
#include "core/domain/money.h"

#include <QJsonValue>

#include <cstdint>

namespace creditdesk::server::wire {

// JSON numbers of api-contract §1 (usd, cr, percentages). QJsonValue holds a
// double, so each is parsed from the value's exact decimal text: the shortest
// round-trip form then prints that text again (1399.75 stays 1399.75, 99.00
// prints 99). No arithmetic is ever done in double.
[[nodiscard]] QJsonValue usdNumber(Money value);
[[nodiscard]] QJsonValue creditsNumber(Credits value); // ≤ 2 decimals
// A count of hundredths (a percentage or dollar amount stored as 1750) → 17.5.
[[nodiscard]] QJsonValue hundredthsNumber(std::int64_t hundredths);

} // namespace creditdesk::server::wire
