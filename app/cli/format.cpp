#include "app/cli/format.h"

#include "core/domain/utc_time.h"

using namespace Qt::StringLiterals;

namespace creditdesk::cli::format {

namespace {

// "1234567" → "1,234,567"
QString groupDigits(const QString &digits)
{
    QString grouped;
    const qsizetype n = digits.size();
    for (qsizetype i = 0; i < n; ++i) {
        if (i > 0 && (n - i) % 3 == 0)
            grouped += u',';
        grouped += digits.at(i);
    }
    return grouped;
}

// "-1234.50" → "-1,234.50"
QString groupDecimal(const QString &decimal)
{
    const bool negative = decimal.startsWith(u'-');
    const QString body = negative ? decimal.mid(1) : decimal;
    const qsizetype point = body.indexOf(u'.');
    const QString whole = point < 0 ? body : body.left(point);
    const QString fraction = point < 0 ? QString() : body.mid(point);
    return (negative ? u"-"_s : QString()) + groupDigits(whole) + fraction;
}

QString twoDigits(int value)
{
    return QString::number(value).rightJustified(2, u'0');
}

} // namespace

QString money(Money amount)
{
    const QString decimal = amount.toDecimalString();
    if (amount.isNegative())
        return u"-$"_s + groupDecimal(decimal.mid(1));
    return u'$' + groupDecimal(decimal);
}

QString credits(Credits amount)
{
    return groupDecimal(amount.toDecimalString());
}

QString integer(std::int64_t value)
{
    return groupDecimal(QString::number(value));
}

QString time(std::int64_t ms)
{
    const UtcFields f = utcFields(ms);
    return u"%1-%2-%3 %4:%5 UTC"_s.arg(f.year, 4, 10, QChar(u'0'))
        .arg(twoDigits(f.month), twoDigits(f.day), twoDigits(f.hour), twoDigits(f.minute));
}

QString date(std::int64_t ms)
{
    const UtcFields f = utcFields(ms);
    return u"%1-%2-%3"_s.arg(f.year, 4, 10, QChar(u'0')).arg(twoDigits(f.month), twoDigits(f.day));
}

QString percentHundredths(std::int64_t hundredths)
{
    const bool negative = hundredths < 0;
    const std::int64_t magnitude = negative ? -hundredths : hundredths;
    QString text = QString::number(magnitude / 100);
    if (const std::int64_t fraction = magnitude % 100; fraction != 0) {
        QString digits = QString::number(fraction).rightJustified(2, u'0');
        while (digits.endsWith(u'0'))
            digits.chop(1);
        text += u'.' + digits;
    }
    return (negative ? u"-"_s : QString()) + text + u'%';
}

QJsonValue jsonCredits(Credits amount)
{
    return amount.toDecimalString();
}

QJsonValue jsonTime(std::optional<std::int64_t> ms)
{
    if (!ms)
        return QJsonValue::Null;
    return toIsoUtc(*ms);
}

QJsonValue jsonText(const QString &text)
{
    if (text.isEmpty())
        return QJsonValue::Null;
    return text;
}

Table::Table(QStringList header, QList<int> rightAligned)
    : m_rightAligned(std::move(rightAligned))
{
    m_rows.append(std::move(header));
}

void Table::add(QStringList row)
{
    m_rows.append(std::move(row));
}

QStringList Table::render() const
{
    QList<qsizetype> widths;
    for (const QStringList &row : m_rows) {
        for (qsizetype c = 0; c < row.size(); ++c) {
            if (widths.size() <= c)
                widths.append(0);
            widths[c] = std::max(widths[c], row.at(c).size());
        }
    }
    QStringList lines;
    for (const QStringList &row : m_rows) {
        QStringList cells;
        for (qsizetype c = 0; c < row.size(); ++c) {
            const bool right = m_rightAligned.contains(static_cast<int>(c));
            const bool last = c + 1 == row.size();
            if (right)
                cells.append(row.at(c).rightJustified(widths.at(c)));
            else
                cells.append(last ? row.at(c) : row.at(c).leftJustified(widths.at(c)));
        }
        lines.append(cells.join(u"  "_s));
    }
    return lines;
}

QString dataAsOf(std::optional<std::int64_t> lastSyncMs)
{
    return lastSyncMs ? u"Data as of %1."_s.arg(time(*lastSyncMs))
                      : u"Nothing has been synced yet: run 'creditdesk sync'."_s;
}

} // namespace creditdesk::cli::format
