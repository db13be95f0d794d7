#pragma once

#include "core/api/json_node.h"
#include "core/domain/credits.h"
#include "core/domain/error.h"
#include "core/domain/money.h"

#include <QLatin1StringView>
#include <QList>
#include <QString>
#include <QStringList>
#include <QStringView>

#include <cstdint>
#include <initializer_list>
#include <limits>
#include <optional>
#include <utility>

namespace creditdesk::api {

enum class Rounding { Exact, HalfUp };

// A JSON number literal (exponent allowed) or, with `allowString`, a plain
// decimal string ("12.5", "-3.07") → value × 10^scale as an exact integer.
// Rounding::Exact fails (`invalid_response`) when digits beyond `scale` are
// not zero: 12.345 is not an amount of hundredths. |result| < 10^17.
// This is how every amount is read: the number's text, never a double.
[[nodiscard]] Result<std::int64_t> scaledDecimal(const JsonNode &node, int scale, Rounding rounding,
                                                 bool allowString);

enum class Sign { Any, NonNegative };

// Strict typed reads of one JSON object for the response parsers. The first
// problem is recorded (code `invalid_response`, details {reason:"bad_field",
// field:"<path>"}); later reads return defaults, and finish() reports it.
// Child readers (child(), list()) report into their parent.
//
// "required" = present and not null; "nullable" = present, may be null;
// "optional" = may be absent or null. Strings never contain U+0000.
class FieldReader {
public:
    FieldReader(const JsonNode &node, QString path);
    FieldReader(const FieldReader &) = delete;
    FieldReader &operator=(const FieldReader &) = delete;
    FieldReader(FieldReader &&) = delete;
    FieldReader &operator=(FieldReader &&) = delete;
    ~FieldReader() = default;

    [[nodiscard]] bool ok() const { return !m_sink->has_value(); }
    [[nodiscard]] const QString &path() const { return m_path; }
    [[nodiscard]] const JsonNode &node() const { return *m_node; }

    template <typename T>
    [[nodiscard]] Result<T> finish(T value) const
    {
        if (!ok())
            return std::unexpected(**m_sink);
        return value;
    }
    [[nodiscard]] Result<void> finish() const;

    [[nodiscard]] bool has(QStringView key) const; // present (null counts)
    [[nodiscard]] bool isNullOrAbsent(QStringView key) const;

    [[nodiscard]] QString string(QStringView key, qsizetype maxLength = 100'000);
    [[nodiscard]] QString nullableString(QStringView key, qsizetype maxLength = 100'000);
    [[nodiscard]] QString optionalString(QStringView key, qsizetype maxLength = 100'000);
    [[nodiscard]] QString uuid(QStringView key);
    [[nodiscard]] QString nullableUuid(QStringView key);
    // One of `allowed` (exact spelling).
    [[nodiscard]] QString oneOf(QStringView key, std::initializer_list<QLatin1StringView> allowed);

    [[nodiscard]] std::int64_t integer(QStringView key,
                                       std::int64_t min = std::numeric_limits<std::int64_t>::min(),
                                       std::int64_t max = std::numeric_limits<std::int64_t>::max());
    [[nodiscard]] std::optional<std::int64_t>
    nullableInteger(QStringView key, std::int64_t min = std::numeric_limits<std::int64_t>::min(),
                    std::int64_t max = std::numeric_limits<std::int64_t>::max());
    [[nodiscard]] std::optional<std::int64_t>
    optionalInteger(QStringView key, std::int64_t min = std::numeric_limits<std::int64_t>::min(),
                    std::int64_t max = std::numeric_limits<std::int64_t>::max());
    [[nodiscard]] bool boolean(QStringView key);
    [[nodiscard]] std::optional<bool> optionalBool(QStringView key);

    // `ts`: "YYYY-MM-DDTHH:MM:SS[.mmm]Z" → epoch ms.
    [[nodiscard]] std::int64_t timestamp(QStringView key);
    [[nodiscard]] std::optional<std::int64_t> nullableTimestamp(QStringView key);
    [[nodiscard]] std::optional<std::int64_t> optionalTimestamp(QStringView key);

    // `cr`: number or decimal string with at most two decimals.
    [[nodiscard]] Credits credits(QStringView key, Sign sign = Sign::Any);
    [[nodiscard]] std::optional<Credits> optionalCredits(QStringView key, Sign sign = Sign::Any);
    // `usd` / `usd$`: number or decimal string with at most two decimals.
    [[nodiscard]] Money usd(QStringView key, Sign sign = Sign::Any);
    [[nodiscard]] std::optional<Money> optionalUsd(QStringView key, Sign sign = Sign::Any);
    // `cents`: an integer.
    [[nodiscard]] Money cents(QStringView key, Sign sign = Sign::Any);
    // A non-money decimal (temperature, a percentage) × 10^scale, rounded half-up.
    [[nodiscard]] std::int64_t scaled(QStringView key, int scale, std::int64_t min, std::int64_t max);

    // Required member of any type; nullptr (and an error) when absent.
    [[nodiscard]] const JsonNode *member(QStringView key);
    [[nodiscard]] QStringList stringList(QStringView key);
    // An object member; null or absent → nullopt (no error); other types → error.
    [[nodiscard]] std::optional<JsonNode> optionalObject(QStringView key);

    // A reader over a required object member (or an empty object after an error).
    [[nodiscard]] FieldReader child(QStringView key);

    // Parses every element of a required array member with `parseItem(FieldReader &)`.
    template <typename Fn>
    [[nodiscard]] auto list(QStringView key, Fn &&parseItem)
        -> QList<std::decay_t<decltype(parseItem(std::declval<FieldReader &>()))>>
    {
        QList<std::decay_t<decltype(parseItem(std::declval<FieldReader &>()))>> out;
        const JsonNode *array = typed(key, JsonNode::Kind::Array);
        if (!array)
            return out;
        out.reserve(static_cast<qsizetype>(array->items().size()));
        qsizetype index = 0;
        for (const JsonNode &item : array->items()) {
            FieldReader reader(item, fieldPath(key) + u'[' + QString::number(index++) + u']', m_sink);
            auto value = parseItem(reader);
            if (!ok())
                return {};
            out.append(std::move(value));
        }
        return out;
    }

    // Records a problem with `key` (first one wins).
    void invalid(QStringView key, const QString &problem);

private:
    FieldReader(const JsonNode &node, QString path, std::optional<Error> *sink);
    [[nodiscard]] QString fieldPath(QStringView key) const;
    // The member when present, not null and of `kind`; else records an error.
    [[nodiscard]] const JsonNode *typed(QStringView key, JsonNode::Kind kind);
    [[nodiscard]] const JsonNode *present(QStringView key);
    [[nodiscard]] QString checkedString(QStringView key, const JsonNode &node, qsizetype maxLength);
    [[nodiscard]] std::int64_t checkedInteger(QStringView key, const JsonNode &node, std::int64_t min,
                                              std::int64_t max);
    [[nodiscard]] std::int64_t checkedTimestamp(QStringView key, const JsonNode &node);
    [[nodiscard]] std::optional<std::int64_t> hundredths(QStringView key, const JsonNode &node, Sign sign);

    const JsonNode *m_node;
    QString m_path;
    std::optional<Error> m_ownError;
    std::optional<Error> *m_sink;
};

// A well-formed UUID (8-4-4-4-12 hex digits, any case).
[[nodiscard]] bool isUuid(QStringView text);

} // namespace creditdesk::api
