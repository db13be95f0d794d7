#pragma once

#include "core/domain/error.h"
#include "core/store/mirror_types.h"

#include <QList>
#include <QString>

#include <optional>

namespace creditdesk::store {

class MirrorDatabase;

// The usage ledger (token_usage_ledger, credit_deduction_ledger): page
// application for the sync engine and the queries of the usage views.
class UsageRepository {
public:
    static constexpr int kPageSize = 200;
    static constexpr int kMaxPageSize = 1000;
    static constexpr qint64 kDayMs = 86'400'000;

    explicit UsageRepository(MirrorDatabase &db) : m_db(db) {}

    // Upserts the rows by id and stores `nextCursor` as the usage stream's
    // cursor in the same transaction: the page lands whole or not at all.
    // Applying the same page twice leaves the same rows.
    [[nodiscard]] Result<void> applyUsagePage(const QList<UsageRow> &rows, const QString &nextCursor,
                                              qint64 syncedAtMs);
    [[nodiscard]] Result<void> upsertDeductions(const QList<CreditDeduction> &deductions);

    // Keyset page, newest first on (created_at DESC, id DESC); pass the
    // returned `next` as `after` for the following page.
    [[nodiscard]] Result<UsagePage> usagePage(const UsagePageRequest &request);
    // First page of the last `days` × 24 h before nowMs.
    [[nodiscard]] static UsagePageRequest recent(qint64 nowMs, int days = 30, int limit = kPageSize);

    // One entry per UTC day (by occurred_at), oldest first, for the `days`
    // days ending with the day of nowMs; days without usage are zero.
    [[nodiscard]] Result<QList<DailyUsage>> dailyUsage(qint64 nowMs, int days);
    // Per (model, provider) over occurred_at in [fromMs, toMs), most credits first.
    [[nodiscard]] Result<QList<ModelUsage>> modelUsage(qint64 fromMs, qint64 toMs);

    [[nodiscard]] Result<std::optional<UsageRow>> usageRow(const QString &id);
    [[nodiscard]] Result<qint64> rowCount();
    [[nodiscard]] Result<QList<CreditDeduction>> deductions();

private:
    MirrorDatabase &m_db;
};

} // namespace creditdesk::store
