#include "ui/format/amount_format.h"

#include <cstdint>

namespace creditdesk::ui {
namespace {

// "-1,234.50" from a whole part and a fixed-width fraction in the locale's symbols.
QString localizedFixedPoint(std::int64_t whole, std::int64_t fraction, int fractionDigits, bool negative,
                            const QLocale &locale)
{
    QString text = locale.toString(static_cast<qlonglong>(whole));
    if (fractionDigits > 0) {
        text += locale.decimalPoint();
        text += QString::number(fraction).rightJustified(fractionDigits, QLatin1Char('0'));
    }
    if (negative)
        text.prepend(locale.negativeSign());
    return text;
}

std::int64_t absolute(std::int64_t v)
{
    return v < 0 ? -v : v; // values are bounded far inside int64 by Money/Credits
}

} // namespace

QString formatMoney(Money amount, const QLocale &locale)
{
    const std::int64_t cents = absolute(amount.cents());
    const QString number = localizedFixedPoint(cents / 100, cents % 100, 2, false, locale);
    return (amount.isNegative() ? locale.negativeSign() : QString()) + QStringLiteral("$") + number;
}

QString formatCredits(Credits amount, const QLocale &locale)
{
    // Two decimals, rounded half-up for display only.
    const std::int64_t hundredths = (absolute(amount.units()) + 50) / 100;
    const bool negative = amount.isNegative() && hundredths != 0;
    const QString number = localizedFixedPoint(hundredths / 100, hundredths % 100, 2, negative, locale);
    return QObject::tr("%1 credits").arg(number);
}

} // namespace creditdesk::ui
