// Amounts from JSON (json_fields.h): exact decimals from the number's literal text.
#include "core/api/api_errors.h"
#include "core/api/json_fields.h"

#include <QJsonObject>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace creditdesk::api {

namespace {

constexpr int kMaxDigits = 17; // |value| < 10^17 fits int64 with room to spare

std::unexpected<Error> badDecimal(const QString &why)
{
    return fail(errc::invalidResponse, why, QJsonObject{{u"reason"_s, u"bad_amount"_s}});
}

bool isAsciiDigit(QChar c)
{
    return c >= u'0' && c <= u'9';
}

} // namespace

bool isUuid(QStringView text)
{
    if (text.size() != 36)
        return false;
    for (qsizetype i = 0; i < text.size(); ++i) {
        const QChar c = text[i];
        if (i == 8 || i == 13 || i == 18 || i == 23) {
            if (c != u'-')
                return false;
        } else if (!isAsciiDigit(c) && !(c >= u'a' && c <= u'f') && !(c >= u'A' && c <= u'F')) {
            return false;
        }
    }
    return true;
}

Result<std::int64_t> scaledDecimal(const JsonNode &node, int scale, Rounding rounding, bool allowString)
{
    if (!node.isNumber() && !(allowString && node.isString()))
        return badDecimal(u"expected a number"_s);
    const QString &text = node.text();
    if (node.isString()) {
        // A decimal string: the number grammar without an exponent.
        if (text.contains(u'e') || text.contains(u'E') || !isJsonNumber(text))
            return badDecimal(u"not a decimal string"_s);
    }
    qsizetype i = 0;
    const bool negative = text.startsWith(u'-');
    if (negative)
        ++i;
    QString digits;
    qsizetype fractionDigits = 0;
    bool inFraction = false;
    for (; i < text.size() && text[i] != u'e' && text[i] != u'E'; ++i) {
        if (text[i] == u'.') {
            inFraction = true;
            continue;
        }
        digits.append(text[i]);
        if (inFraction)
            ++fractionDigits;
    }
    qint64 exponent = 0;
    if (i < text.size()) {
        bool ok = false;
        const QStringView e = QStringView(text).mid(i + 1);
        exponent = (e.startsWith(u'+') ? e.mid(1) : e).toLongLong(&ok);
        if (!ok || exponent > 10'000 || exponent < -10'000)
            return badDecimal(u"exponent out of range"_s);
    }
    qsizetype firstNonZero = 0;
    while (firstNonZero < digits.size() && digits[firstNonZero] == u'0')
        ++firstNonZero;
    digits = digits.mid(firstNonZero);
    if (digits.isEmpty())
        return std::int64_t{0};
    // value × 10^scale = digits × 10^shift
    const qint64 shift = exponent - fractionDigits + scale;
    bool roundUp = false;
    if (shift < 0) {
        const qsizetype drop = static_cast<qsizetype>(-shift);
        const QStringView dropped =
            drop >= digits.size() ? QStringView(digits) : QStringView(digits).right(drop);
        const bool allZero = std::all_of(dropped.begin(), dropped.end(), [](QChar c) { return c == u'0'; });
        if (!allZero && rounding == Rounding::Exact)
            return badDecimal(u"more than %1 decimals"_s.arg(scale));
        // Half-up: look at the first dropped digit (a missing one counts as 0).
        if (drop <= digits.size())
            roundUp = digits[digits.size() - drop] >= u'5';
        digits = drop >= digits.size() ? QString() : digits.left(digits.size() - drop);
    } else {
        if (digits.size() + shift > kMaxDigits)
            return badDecimal(u"amount out of range"_s);
        digits.append(QString(static_cast<qsizetype>(shift), u'0'));
    }
    if (digits.size() > kMaxDigits)
        return badDecimal(u"amount out of range"_s);
    std::int64_t value = 0;
    for (QChar c : std::as_const(digits))
        value = value * 10 + (c.unicode() - u'0');
    if (roundUp)
        ++value;
    return negative ? -value : value;
}

std::optional<std::int64_t> FieldReader::hundredths(QStringView key, const JsonNode &node, Sign sign)
{
    auto value = scaledDecimal(node, 2, Rounding::Exact, true);
    if (!value) {
        invalid(key, value.error().message + u": "_s + node.text().left(40));
        return std::nullopt;
    }
    if (sign == Sign::NonNegative && *value < 0) {
        invalid(key, u"negative amount"_s);
        return std::nullopt;
    }
    return *value;
}

Credits FieldReader::credits(QStringView key, Sign sign)
{
    const JsonNode *value = present(key);
    if (!value)
        return {};
    if (value->isNull()) {
        invalid(key, u"expected an amount, got null"_s);
        return {};
    }
    return optionalCredits(key, sign).value_or(Credits());
}

std::optional<Credits> FieldReader::optionalCredits(QStringView key, Sign sign)
{
    const JsonNode *value = m_node->find(key);
    if (!value || value->isNull())
        return std::nullopt;
    const auto h = hundredths(key, *value, sign);
    if (!h)
        return std::nullopt;
    constexpr std::int64_t kUnitsPerHundredth = Credits::kUnitsPerCredit / 100;
    if (*h > Credits::kMaxUnits / kUnitsPerHundredth || *h < -Credits::kMaxUnits / kUnitsPerHundredth) {
        invalid(key, u"credits out of range"_s);
        return std::nullopt;
    }
    auto credits = Credits::fromUnits(*h * kUnitsPerHundredth);
    if (!credits) {
        invalid(key, u"credits out of range"_s);
        return std::nullopt;
    }
    return *credits;
}

Money FieldReader::usd(QStringView key, Sign sign)
{
    const JsonNode *value = present(key);
    if (!value)
        return {};
    if (value->isNull()) {
        invalid(key, u"expected an amount, got null"_s);
        return {};
    }
    return optionalUsd(key, sign).value_or(Money());
}

std::optional<Money> FieldReader::optionalUsd(QStringView key, Sign sign)
{
    const JsonNode *value = m_node->find(key);
    if (!value || value->isNull())
        return std::nullopt;
    const auto h = hundredths(key, *value, sign);
    if (!h)
        return std::nullopt;
    auto money = Money::fromCents(*h);
    if (!money) {
        invalid(key, u"amount out of range"_s);
        return std::nullopt;
    }
    return *money;
}

Money FieldReader::cents(QStringView key, Sign sign)
{
    const std::int64_t value =
        integer(key, sign == Sign::NonNegative ? 0 : -Money::kMaxCents, Money::kMaxCents);
    return Money::fromCents(value).value_or(Money());
}

std::int64_t FieldReader::scaled(QStringView key, int scale, std::int64_t min, std::int64_t max)
{
    const JsonNode *value = present(key);
    if (!value)
        return 0;
    auto result = scaledDecimal(*value, scale, Rounding::HalfUp, false);
    if (!result) {
        invalid(key, result.error().message);
        return 0;
    }
    if (*result < min || *result > max) {
        invalid(key, u"out of range"_s);
        return 0;
    }
    return *result;
}

} // namespace creditdesk::api
