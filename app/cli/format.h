#pragma once

#include "core/domain/credits.h"
#include "core/domain/money.h"

#include <QJsonValue>
#include <QList>
#include <QString>
#include <QStringList>

#include <cstdint>
#include <optional>

// How the command line writes values. Text: "$1,234.50", "1,399.75",
// "2025-11-27 05:37 UTC". JSON: money as integer cents (fields named
// `…_cents`), credits as decimal strings ("1399.75": fixed point, never a
// binary float), times as ISO 8601 UTC strings or null. Built from integer
// digits only.
namespace creditdesk::cli::format {

[[nodiscard]] QString money(Money amount);
[[nodiscard]] QString credits(Credits amount);
[[nodiscard]] QString integer(std::int64_t value); // with thousands separators
[[nodiscard]] QString time(std::int64_t ms);       // "2025-11-27 05:37 UTC"
[[nodiscard]] QString date(std::int64_t ms);       // "2025-11-27"
// The closing line of a command that reads the mirror: "Data as of …" or how to get data.
[[nodiscard]] QString dataAsOf(std::optional<std::int64_t> lastSyncMs);
// Hundredths of a percent: 2500 → "25%", 1750 → "17.5%".
[[nodiscard]] QString percentHundredths(std::int64_t hundredths);

[[nodiscard]] QJsonValue jsonCredits(Credits amount);
[[nodiscard]] QJsonValue jsonTime(std::optional<std::int64_t> ms);
[[nodiscard]] QJsonValue jsonText(const QString &text); // null when empty

// A plain text table: the first row is the header; columns listed in
// `rightAligned` (numbers) are right-aligned.
class Table {
public:
    explicit Table(QStringList header, QList<int> rightAligned = {});
    void add(QStringList row);
    [[nodiscard]] QStringList render() const;
    [[nodiscard]] bool isEmpty() const { return m_rows.size() <= 1; }

private:
    QList<QStringList> m_rows;
    QList<int> m_rightAligned;
};

} // namespace creditdesk::cli::format
