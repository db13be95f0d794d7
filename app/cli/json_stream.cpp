#include "app/cli/json_stream.h"

#include <QJsonDocument>

namespace creditdesk::cli {

namespace {

// {"a":1,"b":2} → "a":1,"b":2
QByteArray members(const QJsonObject &object)
{
    QByteArray bytes = QJsonDocument(object).toJson(QJsonDocument::Compact);
    return bytes.sliced(1, bytes.size() - 2);
}

} // namespace

JsonArrayStream::JsonArrayStream(const QJsonObject &head, QLatin1StringView arrayName)
    : m_head(head)
    , m_arrayName(arrayName)
{}

QByteArray JsonArrayStream::begin() const
{
    QByteArray bytes = "{" + members(m_head);
    if (!m_head.isEmpty())
        bytes += ',';
    // The name is one of the program's own ASCII identifiers: no escaping needed.
    return bytes + '"' + QByteArray(m_arrayName.data(), m_arrayName.size()) + "\":[";
}

QByteArray JsonArrayStream::element(const QJsonObject &value)
{
    QByteArray bytes = m_first ? QByteArray() : QByteArray(",");
    m_first = false;
    return bytes + QJsonDocument(value).toJson(QJsonDocument::Compact);
}

QByteArray JsonArrayStream::end(const QJsonObject &tail) const
{
    QByteArray bytes = "]";
    if (!tail.isEmpty())
        bytes += ',' + members(tail);
    return bytes + "}\n";
}

} // namespace creditdesk::cli
