#include "core/crypto/canonical_json.h"

#include "core/crypto/crypto_errors.h"

#include <QCborValue>
#include <QJsonArray>

#include <algorithm>
#include <utility>
#include <vector>

using namespace Qt::StringLiterals;

namespace creditdesk::crypto {

namespace {

constexpr qint64 kMaxSafeInteger = (qint64(1) << 53) - 1;

bool hasUnpairedSurrogate(const QString &text)
{
    for (qsizetype i = 0; i < text.size(); ++i) {
        const QChar c = text[i];
        if (c.isHighSurrogate() && i + 1 < text.size() && text[i + 1].isLowSurrogate())
            ++i;
        else if (c.isSurrogate())
            return true;
    }
    return false;
}

Result<void> appendString(QByteArray &out, const QString &text)
{
    if (hasUnpairedSurrogate(text))
        return fail(errc::canonicalJsonInvalid, u"string with an unpaired surrogate"_s);
    static constexpr char kHex[] = "0123456789abcdef";
    out += '"';
    for (const char byte : text.toUtf8()) {
        const auto u = static_cast<unsigned char>(byte);
        if (byte == '"' || byte == '\\') {
            out += '\\';
            out += byte;
        } else if (u < 0x20) {
            out += "\\u00";
            out += kHex[u >> 4];
            out += kHex[u & 0xf];
        } else {
            out += byte;
        }
    }
    out += '"';
    return {};
}

Result<void> appendValue(QByteArray &out, const QJsonValue &value);

Result<void> appendObject(QByteArray &out, const QJsonObject &object)
{
    std::vector<std::pair<QByteArray, QString>> keys;
    keys.reserve(static_cast<size_t>(object.size()));
    for (auto it = object.begin(); it != object.end(); ++it)
        keys.emplace_back(it.key().toUtf8(), it.key());
    std::sort(keys.begin(), keys.end(), [](const auto &a, const auto &b) { return a.first < b.first; });
    out += '{';
    bool first = true;
    for (const auto &[utf8, key] : keys) {
        if (!first)
            out += ',';
        first = false;
        if (auto ok = appendString(out, key); !ok)
            return ok;
        out += ':';
        if (auto ok = appendValue(out, object.value(key)); !ok)
            return ok;
    }
    out += '}';
    return {};
}

Result<void> appendValue(QByteArray &out, const QJsonValue &value)
{
    switch (value.type()) {
    case QJsonValue::Null:
        out += "null";
        return {};
    case QJsonValue::Bool:
        out += value.toBool() ? "true" : "false";
        return {};
    case QJsonValue::Double: {
        // QJsonValue keeps integers apart from doubles internally; CBOR shows which.
        const QCborValue number = QCborValue::fromJsonValue(value);
        if (!number.isInteger())
            return fail(errc::canonicalJsonNonInteger, u"floating-point numbers have no canonical form"_s);
        const qint64 integer = number.toInteger();
        if (integer > kMaxSafeInteger || integer < -kMaxSafeInteger)
            return fail(errc::canonicalJsonNonInteger, u"integer beyond +-(2^53 - 1)"_s);
        out += QByteArray::number(integer);
        return {};
    }
    case QJsonValue::String:
        return appendString(out, value.toString());
    case QJsonValue::Array: {
        out += '[';
        const QJsonArray array = value.toArray();
        for (qsizetype i = 0; i < array.size(); ++i) {
            if (i > 0)
                out += ',';
            if (auto ok = appendValue(out, array.at(i)); !ok)
                return ok;
        }
        out += ']';
        return {};
    }
    case QJsonValue::Object:
        return appendObject(out, value.toObject());
    case QJsonValue::Undefined:
        break;
    }
    return fail(errc::canonicalJsonInvalid, u"undefined JSON value"_s);
}

} // namespace

Result<QByteArray> canonicalJson(const QJsonValue &value)
{
    QByteArray out;
    if (auto ok = appendValue(out, value); !ok)
        return std::unexpected(ok.error());
    return out;
}

Result<QByteArray> canonicalJson(const QJsonObject &object)
{
    return canonicalJson(QJsonValue(object));
}

} // namespace creditdesk::crypto
