#pragma once

#include "core/domain/credits.h"
#include "core/domain/error.h"
#include "core/domain/money.h"

#include <QJsonObject>
#include <QLatin1StringView>
#include <QList>
#include <QSqlError>
#include <QSqlQuery>
#include <QString>
#include <QVariant>

#include <optional>

// Helpers shared by the store's repositories: SQLite error mapping, bind
// values and typed column reads.
namespace creditdesk::store::sql {

// Maps a SQLite failure to a mirror error code by its primary result code
// (busy, corrupt, constraint, everything else I/O); `context` names the step.
[[nodiscard]] Error toError(const QSqlError &error, QLatin1StringView context);

[[nodiscard]] QVariant text(const QString &value);           // empty → NULL
[[nodiscard]] QVariant integer(qint64 value);
[[nodiscard]] QVariant integer(std::optional<qint64> value); // nullopt → NULL
[[nodiscard]] QVariant boolean(bool value);
[[nodiscard]] QVariant boolean(std::optional<bool> value);
[[nodiscard]] QVariant cents(Money value);
[[nodiscard]] QVariant cents(std::optional<Money> value);
[[nodiscard]] QVariant units(Credits value);
[[nodiscard]] QVariant units(std::optional<Credits> value);
[[nodiscard]] QVariant json(const QJsonObject &value);
[[nodiscard]] QVariant json(const std::optional<QJsonObject> &value);

// After a `while (query.next())` loop: next() returns false both at the end
// and on a read error (a damaged page); this tells them apart.
[[nodiscard]] Result<void> iterationStatus(const QSqlQuery &query, QLatin1StringView context);

// "INSERT INTO table (c1, c2...) VALUES (?, ?...) ON CONFLICT (key) DO UPDATE
// SET c2 = excluded.c2...": an idempotent upsert that, unlike INSERT OR
// REPLACE, never deletes the row (and so never cascades). Names are constants.
[[nodiscard]] QString upsertStatement(QLatin1StringView table, const QList<QLatin1StringView> &columns,
                                      QLatin1StringView key);

// Reads typed columns of the current row; the first value that does not
// convert (out-of-range amount, bad JSON) is kept and reported by status().
class RowReader {
public:
    explicit RowReader(const QSqlQuery &query) : m_query(query) {}

    [[nodiscard]] QString text(int column) const;
    [[nodiscard]] qint64 integer(int column) const;
    [[nodiscard]] std::optional<qint64> optInteger(int column) const;
    [[nodiscard]] bool boolean(int column) const;
    [[nodiscard]] std::optional<bool> optBoolean(int column) const;
    [[nodiscard]] Money money(int column);
    [[nodiscard]] std::optional<Money> optMoney(int column);
    [[nodiscard]] Credits credits(int column);
    [[nodiscard]] std::optional<Credits> optCredits(int column);
    [[nodiscard]] QJsonObject json(int column);
    [[nodiscard]] std::optional<QJsonObject> optJson(int column);

    [[nodiscard]] Result<void> status() const;

private:
    void keep(const Error &error);

    const QSqlQuery &m_query;
    std::optional<Error> m_error;
};

} // namespace creditdesk::store::sql
