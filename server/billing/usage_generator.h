#pragma once

#include "core/domain/error.h"

#include <QJsonObject>
#include <QString>

#include <cstdint>

namespace creditdesk::server {

class Connection;
struct ServerEnvironment;

struct GenerateUsageRequest {
    QString email;
    std::int64_t rows = 1000;
    int days = 30;
    int byokPercent = 15;     // share of BYOK rows
    std::uint64_t seed = 42;  // same seed, same rows
    std::int64_t batchRows = 20'000; // rows per transaction
};

// `admin generate-usage`: a realistic mix of models, providers, request
// types, BYOK and cloud rows with occurred_at spread over the last `days`,
// priced by the same PricingCatalog and deducted by the same UsageBatch as
// POST /internal/usage. First grants (admin_grant, source "generate-usage")
// whatever the cloud rows need beyond the balance, so every row is a real,
// balanced deduction; then writes in large transactions with reused
// prepared statements. Prints {rows, cloud_rows, byok_rows, credits_deducted,
// credits_granted, balance_after, elapsed_ms}.
[[nodiscard]] Result<QJsonObject> generateUsage(Connection &db, const ServerEnvironment &env,
                                                const GenerateUsageRequest &request);

} // namespace creditdesk::server
