#include "core/api/json_node.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QLocale>

#include <cmath>

using namespace Qt::StringLiterals;

namespace creditdesk::api {

namespace {

void writeString(QString &out, const QString &text)
{
    out.append(u'"');
    for (QChar c : text) {
        switch (c.unicode()) {
        case u'"':
            out.append(u"\\\""_s);
            break;
        case u'\\':
            out.append(u"\\\\"_s);
            break;
        case u'\n':
            out.append(u"\\n"_s);
            break;
        case u'\r':
            out.append(u"\\r"_s);
            break;
        case u'\t':
            out.append(u"\\t"_s);
            break;
        default:
            if (c.unicode() < 0x20)
                out.append(u"\\u%1"_s.arg(static_cast<uint>(c.unicode()), 4, 16, QChar(u'0')));
            else
                out.append(c);
        }
    }
    out.append(u'"');
}

void write(QString &out, const JsonNode &node)
{
    switch (node.kind()) {
    case JsonNode::Kind::Null:
        out.append(u"null"_s);
        return;
    case JsonNode::Kind::Bool:
        out.append(node.boolValue() ? u"true"_s : u"false"_s);
        return;
    case JsonNode::Kind::Number:
        out.append(node.text());
        return;
    case JsonNode::Kind::String:
        writeString(out, node.text());
        return;
    case JsonNode::Kind::Array: {
        out.append(u'[');
        bool first = true;
        for (const JsonNode &item : node.items()) {
            if (!first)
                out.append(u',');
            first = false;
            write(out, item);
        }
        out.append(u']');
        return;
    }
    case JsonNode::Kind::Object: {
        out.append(u'{');
        bool first = true;
        for (const JsonNode::Member &m : node.members()) {
            if (!first)
                out.append(u',');
            first = false;
            writeString(out, m.first);
            out.append(u':');
            write(out, m.second);
        }
        out.append(u'}');
        return;
    }
    }
}

} // namespace

JsonNode JsonNode::boolean(bool value)
{
    JsonNode node;
    node.m_kind = Kind::Bool;
    node.m_bool = value;
    return node;
}

JsonNode JsonNode::string(QString value)
{
    JsonNode node;
    node.m_kind = Kind::String;
    node.m_text = std::move(value);
    return node;
}

JsonNode JsonNode::integer(std::int64_t value)
{
    return numberLiteral(QString::number(value));
}

JsonNode JsonNode::numberLiteral(QString literal)
{
    JsonNode node;
    node.m_kind = Kind::Number;
    node.m_text = std::move(literal);
    return node;
}

JsonNode JsonNode::array(std::vector<JsonNode> items)
{
    JsonNode node;
    node.m_kind = Kind::Array;
    node.m_items = std::move(items);
    return node;
}

JsonNode JsonNode::object(std::vector<Member> members)
{
    JsonNode node;
    node.m_kind = Kind::Object;
    node.m_members = std::move(members);
    return node;
}

JsonNode JsonNode::fromQJson(const QJsonValue &value)
{
    switch (value.type()) {
    case QJsonValue::Bool:
        return boolean(value.toBool());
    case QJsonValue::Double: {
        const double d = value.toDouble();
        if (!std::isfinite(d))
            return {};
        if (std::trunc(d) == d && std::fabs(d) < 9007199254740992.0)
            return integer(static_cast<std::int64_t>(d));
        return numberLiteral(QString::number(d, 'g', QLocale::FloatingPointShortest));
    }
    case QJsonValue::String:
        return string(value.toString());
    case QJsonValue::Array: {
        std::vector<JsonNode> items;
        for (const QJsonValue &item : value.toArray())
            items.push_back(fromQJson(item));
        return array(std::move(items));
    }
    case QJsonValue::Object: {
        const QJsonObject object = value.toObject();
        std::vector<Member> members;
        for (auto it = object.begin(); it != object.end(); ++it)
            members.emplace_back(it.key(), fromQJson(it.value()));
        return JsonNode::object(std::move(members));
    }
    case QJsonValue::Null:
    case QJsonValue::Undefined:
        break;
    }
    return {};
}

const JsonNode *JsonNode::find(QStringView key) const
{
    for (const Member &m : m_members) {
        if (m.first == key)
            return &m.second;
    }
    return nullptr;
}

void JsonNode::insert(QString key, JsonNode value)
{
    m_kind = Kind::Object;
    for (Member &m : m_members) {
        if (m.first == key) {
            m.second = std::move(value);
            return;
        }
    }
    m_members.emplace_back(std::move(key), std::move(value));
}

void JsonNode::append(JsonNode value)
{
    m_kind = Kind::Array;
    m_items.push_back(std::move(value));
}

QJsonValue JsonNode::toQJson() const
{
    switch (m_kind) {
    case Kind::Null:
        return QJsonValue(QJsonValue::Null);
    case Kind::Bool:
        return m_bool;
    case Kind::Number: {
        bool ok = false;
        const qlonglong whole = m_text.toLongLong(&ok);
        if (ok)
            return QJsonValue(static_cast<qint64>(whole));
        return m_text.toDouble();
    }
    case Kind::String:
        return m_text;
    case Kind::Array: {
        QJsonArray array;
        for (const JsonNode &item : m_items)
            array.append(item.toQJson());
        return array;
    }
    case Kind::Object: {
        QJsonObject object;
        for (const Member &m : m_members)
            object.insert(m.first, m.second.toQJson());
        return object;
    }
    }
    return {};
}

QByteArray JsonNode::toJson() const
{
    QString out;
    write(out, *this);
    return out.toUtf8();
}

const char *JsonNode::kindName(Kind kind)
{
    switch (kind) {
    case Kind::Null:
        return "null";
    case Kind::Bool:
        return "a boolean";
    case Kind::Number:
        return "a number";
    case Kind::String:
        return "a string";
    case Kind::Array:
        return "an array";
    case Kind::Object:
        return "an object";
    }
    return "?";
}

} // namespace creditdesk::api
