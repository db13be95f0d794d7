#pragma once

#include "core/domain/error.h"
#include "core/store/mirror_types.h"

#include <QCommandLineOption>
#include <QList>
#include <QString>

#include <cstdint>
#include <functional>
#include <optional>

namespace creditdesk::store {
class MirrorDatabase;
}

namespace creditdesk::cli {

class CommandContext;

// Which ledger rows of the mirror `usage` and `export-usage` read: by the
// time the server recorded them (created_at), newest first.
struct UsageFilter {
    std::int64_t fromMs = 0;           // inclusive
    std::optional<std::int64_t> toMs;  // exclusive
    QString modelId;                   // empty: every model
    std::optional<std::int64_t> limit; // nullopt: every matching row
};

// --from DATE, --to DATE, --model ID
[[nodiscard]] QList<QCommandLineOption> usageFilterOptions();
// Reads the options of usageFilterOptions(): a DATE is YYYY-MM-DD (a UTC day;
// --to includes it) or YYYY-MM-DDTHH:MM:SS[.mmm]Z. invalid_argument otherwise.
[[nodiscard]] Result<UsageFilter> usageFilterFrom(const CommandContext &context);

// Calls `row` for every matching row, newest first, reading the mirror in
// pages (never the whole ledger at once) until the limit is reached or `row`
// returns false or an error. Returns the number of rows handed over.
[[nodiscard]] Result<std::int64_t>
forEachUsageRow(store::MirrorDatabase &db, const UsageFilter &filter,
                const std::function<Result<bool>(const store::UsageRow &)> &row);

} // namespace creditdesk::cli
