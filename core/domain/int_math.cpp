#include "core/domain/int_math.h"

#include <QJsonObject>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace creditdesk {

namespace {

constexpr qsizetype kMaxDigits = 30;

auto malformed(QStringView text)
{
    return fail(errc::invalidAmount, u"not a decimal amount"_s,
                QJsonObject{{u"value"_s, text.left(64).toString()}});
}

bool isDigit(QChar c)
{
    return c >= u'0' && c <= u'9';
}

} // namespace

Result<Int128> parseScaledDecimal(QStringView text, int scale, int maxDecimals)
{
    qsizetype i = 0;
    const bool negative = !text.isEmpty() && text.front() == u'-';
    if (negative)
        ++i;
    const qsizetype intStart = i;
    while (i < text.size() && isDigit(text[i]))
        ++i;
    const QStringView intPart = text.mid(intStart, i - intStart);
    QStringView fracPart;
    if (i < text.size() && text[i] == u'.') {
        const qsizetype fracStart = ++i;
        while (i < text.size() && isDigit(text[i]))
            ++i;
        fracPart = text.mid(fracStart, i - fracStart);
        if (fracPart.isEmpty())
            return malformed(text);
    }
    if (intPart.isEmpty() || i != text.size())
        return malformed(text);
    if (fracPart.size() > maxDecimals || fracPart.size() > scale) {
        return fail(errc::invalidAmount,
                    u"more than %1 fractional digits"_s.arg(std::min(maxDecimals, scale)),
                    QJsonObject{{u"value"_s, text.left(64).toString()}});
    }
    qsizetype firstNonZero = 0;
    while (firstNonZero < intPart.size() && intPart[firstNonZero] == u'0')
        ++firstNonZero;
    if (intPart.size() - firstNonZero > kMaxDigits)
        return fail(errc::amountOverflow, u"amount too large"_s);

    Int128 value = 0;
    for (QChar c : intPart)
        value = value * 10 + (c.unicode() - u'0');
    for (QChar c : fracPart)
        value = value * 10 + (c.unicode() - u'0');
    value *= pow10(scale - static_cast<int>(fracPart.size()));
    return negative ? -value : value;
}

QString formatScaled(Int128 value, int decimals)
{
    const bool negative = value < 0;
    Int128 a = negative ? -value : value;
    QString digits;
    do {
        digits.prepend(QChar(u'0' + static_cast<char16_t>(a % 10)));
        a /= 10;
    } while (a != 0);
    if (decimals > 0) {
        if (digits.size() <= decimals)
            digits.prepend(QString(decimals - digits.size() + 1, u'0'));
        digits.insert(digits.size() - decimals, u'.');
    }
    if (negative)
        digits.prepend(u'-');
    return digits;
}

} // namespace creditdesk
