#pragma once

#include "core/domain/credits.h"
#include "core/domain/money.h"

#include <QJsonValue>
#include <QString>

#include <cstdint>
#include <optional>

namespace creditdesk::server {

struct ServerEnvironment;

namespace billing {

// The environment's clock (system time when a test left it unset).
[[nodiscard]] std::int64_t nowMs(const ServerEnvironment &env);

// Wire values (api-contract §1 Notation). JSON numbers are produced from the
// exact decimal text, so 1399.75 stays 1399.75; no arithmetic is done in double.
[[nodiscard]] QJsonValue tsJson(std::optional<std::int64_t> epochMs); // ts or null
[[nodiscard]] QJsonValue creditsJson(Credits value);                  // cr: number, ≤ 2 decimals
[[nodiscard]] QJsonValue usdJson(Money value);                        // usd: number
[[nodiscard]] QString usdText(Money value);                           // usd$: "12.50"
// Period counters are integers: floor of the credits.
[[nodiscard]] std::int64_t wholeCredits(Credits value);

} // namespace billing
} // namespace creditdesk::server
