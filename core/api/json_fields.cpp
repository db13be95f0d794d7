#include "core/api/json_fields.h"

#include "core/api/api_errors.h"
#include "core/domain/utc_time.h"

#include <QJsonObject>

using namespace Qt::StringLiterals;

namespace creditdesk::api {

namespace {

const JsonNode &emptyObject()
{
    static const JsonNode node = JsonNode::object();
    return node;
}

} // namespace

FieldReader::FieldReader(const JsonNode &node, QString path)
    : FieldReader(node, std::move(path), nullptr)
{}

FieldReader::FieldReader(const JsonNode &node, QString path, std::optional<Error> *sink)
    : m_node(&node)
    , m_path(std::move(path))
    , m_sink(sink ? sink : &m_ownError)
{
    if (!node.isObject()) {
        if (ok()) {
            *m_sink = makeError(errc::invalidResponse,
                                u"%1: expected an object, got %2"_s.arg(
                                    m_path, QLatin1StringView(JsonNode::kindName(node.kind()))),
                                QJsonObject{{u"reason"_s, u"bad_field"_s}, {u"field"_s, m_path}});
        }
        m_node = &emptyObject();
    }
}

Result<void> FieldReader::finish() const
{
    if (!ok())
        return std::unexpected(**m_sink);
    return {};
}

QString FieldReader::fieldPath(QStringView key) const
{
    return m_path.isEmpty() ? key.toString() : m_path + u'.' + key;
}

void FieldReader::invalid(QStringView key, const QString &problem)
{
    if (!ok())
        return;
    const QString field = fieldPath(key);
    *m_sink = makeError(errc::invalidResponse, field + u": "_s + problem,
                        QJsonObject{{u"reason"_s, u"bad_field"_s}, {u"field"_s, field}});
}

bool FieldReader::has(QStringView key) const
{
    return m_node->find(key) != nullptr;
}

bool FieldReader::isNullOrAbsent(QStringView key) const
{
    const JsonNode *value = m_node->find(key);
    return !value || value->isNull();
}

const JsonNode *FieldReader::present(QStringView key)
{
    const JsonNode *value = m_node->find(key);
    if (!value) {
        invalid(key, u"missing"_s);
        return nullptr;
    }
    return value;
}

const JsonNode *FieldReader::typed(QStringView key, JsonNode::Kind kind)
{
    const JsonNode *value = present(key);
    if (!value)
        return nullptr;
    if (value->kind() != kind) {
        invalid(key, u"expected %1, got %2"_s.arg(QLatin1StringView(JsonNode::kindName(kind)),
                                                  QLatin1StringView(JsonNode::kindName(value->kind()))));
        return nullptr;
    }
    return value;
}

QString FieldReader::checkedString(QStringView key, const JsonNode &node, qsizetype maxLength)
{
    if (!node.isString()) {
        invalid(key, u"expected a string, got %1"_s.arg(QLatin1StringView(JsonNode::kindName(node.kind()))));
        return {};
    }
    if (node.text().contains(QChar(u'\0'))) {
        invalid(key, u"contains U+0000"_s);
        return {};
    }
    if (node.text().size() > maxLength) {
        invalid(key, u"longer than %1 characters"_s.arg(maxLength));
        return {};
    }
    return node.text();
}

QString FieldReader::string(QStringView key, qsizetype maxLength)
{
    const JsonNode *value = present(key);
    if (!value)
        return {};
    if (value->isNull()) {
        invalid(key, u"expected a string, got null"_s);
        return {};
    }
    return checkedString(key, *value, maxLength);
}

QString FieldReader::nullableString(QStringView key, qsizetype maxLength)
{
    const JsonNode *value = present(key);
    if (!value || value->isNull())
        return {};
    return checkedString(key, *value, maxLength);
}

QString FieldReader::optionalString(QStringView key, qsizetype maxLength)
{
    const JsonNode *value = m_node->find(key);
    if (!value || value->isNull())
        return {};
    return checkedString(key, *value, maxLength);
}

QString FieldReader::uuid(QStringView key)
{
    const QString text = string(key, 36);
    if (ok() && !isUuid(text))
        invalid(key, u"not a UUID"_s);
    return text;
}

QString FieldReader::nullableUuid(QStringView key)
{
    const QString text = nullableString(key, 36);
    if (ok() && !text.isEmpty() && !isUuid(text))
        invalid(key, u"not a UUID"_s);
    return text;
}

QString FieldReader::oneOf(QStringView key, std::initializer_list<QLatin1StringView> allowed)
{
    const QString text = string(key, 64);
    if (!ok())
        return {};
    for (QLatin1StringView candidate : allowed) {
        if (text == candidate)
            return text;
    }
    invalid(key, u"unknown value '%1'"_s.arg(text.left(64)));
    return {};
}

std::int64_t FieldReader::checkedInteger(QStringView key, const JsonNode &node, std::int64_t min,
                                         std::int64_t max)
{
    if (!node.isNumber()) {
        invalid(key,
                u"expected an integer, got %1"_s.arg(QLatin1StringView(JsonNode::kindName(node.kind()))));
        return 0;
    }
    bool ok = false;
    const qlonglong value = node.text().toLongLong(&ok); // rejects fractions and exponents
    if (!ok) {
        invalid(key, u"not an integer in range: %1"_s.arg(node.text().left(40)));
        return 0;
    }
    if (value < min || value > max) {
        invalid(key, u"%1 is outside %2..%3"_s.arg(value).arg(min).arg(max));
        return 0;
    }
    return value;
}

std::int64_t FieldReader::integer(QStringView key, std::int64_t min, std::int64_t max)
{
    const JsonNode *value = present(key);
    if (!value)
        return 0;
    return checkedInteger(key, *value, min, max);
}

std::optional<std::int64_t> FieldReader::nullableInteger(QStringView key, std::int64_t min, std::int64_t max)
{
    const JsonNode *value = present(key);
    if (!value || value->isNull())
        return std::nullopt;
    return checkedInteger(key, *value, min, max);
}

std::optional<std::int64_t> FieldReader::optionalInteger(QStringView key, std::int64_t min, std::int64_t max)
{
    const JsonNode *value = m_node->find(key);
    if (!value || value->isNull())
        return std::nullopt;
    return checkedInteger(key, *value, min, max);
}

bool FieldReader::boolean(QStringView key)
{
    const JsonNode *value = typed(key, JsonNode::Kind::Bool);
    return value && value->boolValue();
}

std::optional<bool> FieldReader::optionalBool(QStringView key)
{
    const JsonNode *value = m_node->find(key);
    if (!value || value->isNull())
        return std::nullopt;
    if (!value->isBool()) {
        invalid(key, u"expected a boolean"_s);
        return std::nullopt;
    }
    return value->boolValue();
}

std::int64_t FieldReader::checkedTimestamp(QStringView key, const JsonNode &node)
{
    const QString text = checkedString(key, node, 40);
    if (!ok())
        return 0;
    auto ms = parseIsoUtc(text);
    if (!ms) {
        invalid(key, u"not an ISO 8601 UTC time: '%1'"_s.arg(text));
        return 0;
    }
    return *ms;
}

std::int64_t FieldReader::timestamp(QStringView key)
{
    const JsonNode *value = present(key);
    if (!value)
        return 0;
    if (value->isNull()) {
        invalid(key, u"expected a time, got null"_s);
        return 0;
    }
    return checkedTimestamp(key, *value);
}

std::optional<std::int64_t> FieldReader::nullableTimestamp(QStringView key)
{
    const JsonNode *value = present(key);
    if (!value || value->isNull())
        return std::nullopt;
    return checkedTimestamp(key, *value);
}

std::optional<std::int64_t> FieldReader::optionalTimestamp(QStringView key)
{
    const JsonNode *value = m_node->find(key);
    if (!value || value->isNull())
        return std::nullopt;
    return checkedTimestamp(key, *value);
}

const JsonNode *FieldReader::member(QStringView key)
{
    return present(key);
}

QStringList FieldReader::stringList(QStringView key)
{
    QStringList out;
    const JsonNode *array = typed(key, JsonNode::Kind::Array);
    if (!array)
        return out;
    qsizetype index = 0;
    for (const JsonNode &item : array->items()) {
        const QString itemKey = key + u'[' + QString::number(index++) + u']';
        out.append(checkedString(itemKey, item, 10'000));
        if (!ok())
            return {};
    }
    return out;
}

std::optional<JsonNode> FieldReader::optionalObject(QStringView key)
{
    const JsonNode *value = m_node->find(key);
    if (!value || value->isNull())
        return std::nullopt;
    if (!value->isObject()) {
        invalid(key, u"expected an object or null"_s);
        return std::nullopt;
    }
    return *value;
}

FieldReader FieldReader::child(QStringView key)
{
    const JsonNode *value = typed(key, JsonNode::Kind::Object);
    return FieldReader(value ? *value : emptyObject(), fieldPath(key), m_sink);
}

} // namespace creditdesk::api
