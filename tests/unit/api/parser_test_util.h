#pragma once

// Helpers of the parser tests: JSON from text, one-field variants, the field an error names.
#include "core/api/api_errors.h"
#include "core/api/api_parsers.h"

#include <QByteArray>
#include <QByteArrayView>
#include <QString>

namespace creditdesk::test {

using namespace Qt::StringLiterals;

inline api::JsonNode json(QByteArrayView text)
{
    auto parsed = api::parseJson(text);
    if (!parsed)
        qFatal("bad test JSON: %s", qPrintable(parsed.error().message));
    return *parsed;
}

// text with the first occurrence of `from` replaced by `to`
inline QByteArray variant(QByteArrayView text, QByteArrayView from, QByteArrayView to)
{
    QByteArray out = text.toByteArray();
    const qsizetype at = out.indexOf(from);
    if (at < 0)
        qFatal("variant: '%s' not found", from.toByteArray().constData());
    return out.replace(at, from.size(), to.toByteArray());
}

// The field an invalid_response names, or a marker for any other outcome.
template <typename T>
QString failedField(const Result<T> &result)
{
    if (result)
        return u"<parsed>"_s;
    if (result.error().code != api::errc::invalidResponse)
        return u"<code %1>"_s.arg(result.error().code);
    return result.error().details.value(u"field"_s).toString();
}

} // namespace creditdesk::test
