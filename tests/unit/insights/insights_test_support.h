#pragma once

// Shared by the insights tests (header-only): a fresh mirror with a balance
// and hand-written ledger rows.

#include "core/domain/credits.h"
#include "core/store/account_repository.h"
#include "core/store/mirror_database.h"

#include <QList>
#include <QTemporaryDir>
#include <QUuid>
#include <QVariant>

#include <memory>
#include <optional>

namespace creditdesk::test {

struct LedgerRow {
    QString provider = QStringLiteral("openai");
    QString model = QStringLiteral("gpt-4o-mini");
    qint64 input = 0;
    qint64 output = 0;
    qint64 cached = 0;
    QString credits = QStringLiteral("0"); // decimal credits, e.g. "3.20"
    std::optional<bool> byok = false;      // nullopt: a polled row (not sent)
    qint64 atMs = 0;
    QString id{};         // generated when empty
    QString reversesId{}; // a correction row
};

class InsightsMirror {
public:
    InsightsMirror()
    {
        auto db = store::MirrorDatabase::open(m_dir.filePath(QStringLiteral("mirror.db")));
        if (!db)
            qFatal("cannot open the mirror: %s", qPrintable(db.error().message));
        m_db = std::move(*db);
    }

    [[nodiscard]] store::MirrorDatabase &db() { return *m_db; }

    void setBalance(const QString &credits)
    {
        store::CreditBalance balance;
        balance.userId = QStringLiteral("user-1");
        balance.amount = *Credits::parse(credits);
        balance.updatedAtMs = 1'000;
        if (!store::AccountRepository(*m_db).upsertBalance(balance))
            qFatal("cannot write the balance");
    }

    // Returns the row's id. Written with plain SQL (not the sync's writer),
    // so a polled row's missing columns are NULL exactly as the schema keeps them.
    QString add(const LedgerRow &row)
    {
        const QString id = row.id.isEmpty() ? QUuid::createUuid().toString(QUuid::WithoutBraces) : row.id;
        auto credits = Credits::parse(row.credits);
        if (!credits)
            qFatal("bad credits in a test row");
        const bool polled = !row.byok.has_value();
        auto text = [](const QString &value) {
            return value.isEmpty() ? QVariant() : QVariant(value);
        };
        auto written = m_db->write(
            QStringLiteral(
                "INSERT INTO token_usage_ledger (id, request_id, model_id, provider, request_type, "
                "input_tokens, output_tokens, cached_input_tokens, credits_deducted, is_byok, status, "
                "reverses_id, occurred_at, created_at, updated_at) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"),
            {id, polled ? QVariant() : QVariant(id), row.model, text(row.provider),
             polled ? QVariant() : QVariant(QStringLiteral("completion")), row.input, row.output, row.cached,
             QVariant::fromValue<qint64>(credits->units()), polled ? QVariant() : QVariant(*row.byok ? 1 : 0),
             polled ? QVariant() : QVariant(QStringLiteral("success")), text(row.reversesId), row.atMs,
             row.atMs + 1, polled ? QVariant() : QVariant(row.atMs + 1)});
        if (!written)
            qFatal("cannot write a ledger row: %s", qPrintable(written.error().message));
        return id;
    }

private:
    QTemporaryDir m_dir;
    std::unique_ptr<store::MirrorDatabase> m_db;
};

} // namespace creditdesk::test
