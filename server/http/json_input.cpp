#include "server/http/json_input.h"

#include "server/http/http_errors.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonParseError>
#include <QRegularExpression>

#include <cstring>

using namespace Qt::StringLiterals;

namespace creditdesk::server {

namespace {

// Raw text of the top-level number members of a JSON object ("12.50" stays
// "12.50" instead of the double 12.5). The document already parsed, so this
// scanner may assume well-formed input and only has to skip values.
class RawNumberScanner {
public:
    explicit RawNumberScanner(const QByteArray &text)
        : m_text(text)
    {}

    QHash<QString, QString> scan()
    {
        QHash<QString, QString> numbers;
        skipSpace();
        if (!consume('{'))
            return numbers;
        while (true) {
            skipSpace();
            if (peek() != '"')
                return numbers;
            const QString key = readString();
            skipSpace();
            if (!consume(':'))
                return numbers;
            skipSpace();
            const qsizetype start = m_pos;
            const char c = peek();
            if (c == '-' || (c >= '0' && c <= '9')) {
                while (m_pos < m_text.size() && m_text.at(m_pos) != '\0' && std::strchr("+-.eE0123456789", m_text.at(m_pos)) != nullptr)
                    ++m_pos;
                numbers.insert(key, QString::fromLatin1(m_text.sliced(start, m_pos - start)));
            } else {
                skipValue();
            }
            skipSpace();
            if (!consume(','))
                return numbers;
        }
    }

private:
    char peek() const { return m_pos < m_text.size() ? m_text.at(m_pos) : '\0'; }
    bool consume(char c)
    {
        if (peek() != c)
            return false;
        ++m_pos;
        return true;
    }
    void skipSpace()
    {
        while (m_pos < m_text.size() && m_text.at(m_pos) != '\0' && std::strchr(" \t\r\n", m_text.at(m_pos)) != nullptr)
            ++m_pos;
    }
    QString readString()
    {
        const qsizetype start = m_pos;
        ++m_pos; // opening quote
        while (m_pos < m_text.size() && m_text.at(m_pos) != '"')
            m_pos += m_text.at(m_pos) == '\\' ? 2 : 1;
        ++m_pos;
        // Decode escapes with the real parser.
        const QJsonDocument doc = QJsonDocument::fromJson('[' + m_text.sliced(start, m_pos - start) + ']');
        return doc.array().at(0).toString();
    }
    void skipValue()
    {
        int depth = 0;
        while (m_pos < m_text.size()) {
            const char c = m_text.at(m_pos);
            if (c == '"') {
                (void)readString();
                if (depth == 0)
                    return;
                continue;
            }
            if (c == '{' || c == '[') {
                ++depth;
            } else if (c == '}' || c == ']') {
                if (depth == 0)
                    return;
                --depth;
                if (depth == 0) {
                    ++m_pos;
                    return;
                }
            } else if (depth == 0 && (c == ',' || c == ' ' || c == '\n' || c == '\r' || c == '\t')) {
                return;
            }
            ++m_pos;
        }
    }

    const QByteArray &m_text;
    qsizetype m_pos = 0;
};

QString typeName(const QJsonValue &value)
{
    switch (value.type()) {
    case QJsonValue::Null:
        return u"null"_s;
    case QJsonValue::Bool:
        return u"a boolean"_s;
    case QJsonValue::Double:
        return u"a number"_s;
    case QJsonValue::String:
        return u"a string"_s;
    case QJsonValue::Array:
        return u"an array"_s;
    case QJsonValue::Object:
        return u"an object"_s;
    case QJsonValue::Undefined:
        break;
    }
    return u"missing"_s;
}

bool isDecimalText(const QString &text)
{
    static const QRegularExpression pattern(uR"(^-?(0|[1-9][0-9]{0,15})(\.[0-9]{1,8})?$)"_s);
    return pattern.match(text).hasMatch();
}

} // namespace

Result<JsonInput> JsonInput::parse(const QByteArray &body, qsizetype maxBytes)
{
    if (body.size() > maxBytes)
        return fail(httperr::invalidRequest, u"the request body is larger than %1 bytes"_s.arg(maxBytes));
    if (body.trimmed().isEmpty())
        return fail(httperr::invalidRequest, u"the request body must be a JSON object"_s);
    QJsonParseError error{};
    const QJsonDocument doc = QJsonDocument::fromJson(body, &error);
    if (error.error != QJsonParseError::NoError)
        return fail(httperr::invalidRequest,
                    u"malformed JSON at offset %1: %2"_s.arg(error.offset).arg(error.errorString()));
    if (!doc.isObject())
        return fail(httperr::invalidRequest, u"the request body must be a JSON object"_s);
    JsonInput input(doc.object());
    input.m_rawNumbers = RawNumberScanner(body).scan();
    return input;
}

JsonInput::JsonInput(QJsonObject object)
    : m_object(std::move(object))
{}

void JsonInput::addError(const QString &field, const QString &message)
{
    if (!m_errors.contains(field))
        m_errors.insert(field, message);
}

QString JsonInput::requiredString(const QString &field, int minLength, int maxLength)
{
    const QJsonValue value = m_object.value(field);
    if (value.isUndefined() || value.isNull()) {
        addError(field, u"is required"_s);
        return {};
    }
    if (!value.isString()) {
        addError(field, u"must be a string, not %1"_s.arg(typeName(value)));
        return {};
    }
    const QString text = value.toString();
    if (text.size() < minLength || text.size() > maxLength) {
        addError(field, u"must be %1 to %2 characters"_s.arg(minLength).arg(maxLength));
        return {};
    }
    return text;
}

std::optional<QString> JsonInput::optionalString(const QString &field, int maxLength)
{
    const QJsonValue value = m_object.value(field);
    if (value.isUndefined() || value.isNull())
        return std::nullopt;
    if (!value.isString()) {
        addError(field, u"must be a string, not %1"_s.arg(typeName(value)));
        return std::nullopt;
    }
    if (value.toString().size() > maxLength) {
        addError(field, u"must be at most %1 characters"_s.arg(maxLength));
        return std::nullopt;
    }
    return value.toString();
}

std::optional<std::int64_t> JsonInput::optionalInteger(const QString &field, std::int64_t min, std::int64_t max)
{
    const QJsonValue value = m_object.value(field);
    if (value.isUndefined() || value.isNull())
        return std::nullopt;
    if (!value.isDouble()) {
        addError(field, u"must be an integer, not %1"_s.arg(typeName(value)));
        return std::nullopt;
    }
    // Integers are exact in the raw text; reject fractions and exponents.
    const QString raw = m_rawNumbers.value(field);
    bool ok = false;
    const qlonglong number = raw.toLongLong(&ok);
    if (!ok) {
        addError(field, u"must be an integer"_s);
        return std::nullopt;
    }
    if (number < min || number > max) {
        addError(field, u"must be between %1 and %2"_s.arg(min).arg(max));
        return std::nullopt;
    }
    return number;
}

std::int64_t JsonInput::requiredInteger(const QString &field, std::int64_t min, std::int64_t max)
{
    if (!m_object.contains(field) || m_object.value(field).isNull()) {
        addError(field, u"is required"_s);
        return 0;
    }
    return optionalInteger(field, min, max).value_or(0);
}

std::optional<bool> JsonInput::optionalBool(const QString &field)
{
    const QJsonValue value = m_object.value(field);
    if (value.isUndefined() || value.isNull())
        return std::nullopt;
    if (!value.isBool()) {
        addError(field, u"must be a boolean, not %1"_s.arg(typeName(value)));
        return std::nullopt;
    }
    return value.toBool();
}

QJsonObject JsonInput::requiredObject(const QString &field)
{
    if (!m_object.contains(field) || m_object.value(field).isNull()) {
        addError(field, u"is required"_s);
        return {};
    }
    return optionalObject(field).value_or(QJsonObject());
}

std::optional<QJsonObject> JsonInput::optionalObject(const QString &field)
{
    const QJsonValue value = m_object.value(field);
    if (value.isUndefined() || value.isNull())
        return std::nullopt;
    if (!value.isObject()) {
        addError(field, u"must be an object, not %1"_s.arg(typeName(value)));
        return std::nullopt;
    }
    return value.toObject();
}

std::optional<QString> JsonInput::optionalDecimalText(const QString &field)
{
    const QJsonValue value = m_object.value(field);
    if (value.isUndefined() || value.isNull())
        return std::nullopt;
    QString text;
    if (value.isString())
        text = value.toString().trimmed();
    else if (value.isDouble())
        text = m_rawNumbers.value(field);
    else {
        addError(field, u"must be a decimal number, not %1"_s.arg(typeName(value)));
        return std::nullopt;
    }
    if (!isDecimalText(text)) {
        addError(field, u"must be a plain decimal number such as 12.50"_s);
        return std::nullopt;
    }
    return text;
}

Result<void> JsonInput::finish() const
{
    if (m_errors.isEmpty())
        return {};
    return fail(httperr::validationError, u"the request body is invalid"_s, m_errors);
}

} // namespace creditdesk::server
