#pragma once

#include <QByteArray>
#include <QJsonObject>
#include <QLatin1StringView>

namespace creditdesk::cli {

// A JSON object whose one array member is written element by element, so a
// long list never has to be held in memory:
//   {"<head members>","<array>":[<elements>],"<tail members>"}
// Elements and members are serialised by QJsonDocument, compact.
class JsonArrayStream {
public:
    JsonArrayStream(const QJsonObject &head, QLatin1StringView arrayName);

    // The bytes that open the object and the array.
    [[nodiscard]] QByteArray begin() const;
    // One element, with the separating comma when needed.
    [[nodiscard]] QByteArray element(const QJsonObject &value);
    // Closes the array, adds `tail`'s members, closes the object (with a newline).
    [[nodiscard]] QByteArray end(const QJsonObject &tail) const;

private:
    QJsonObject m_head;
    QLatin1StringView m_arrayName;
    bool m_first = true;
};

} // namespace creditdesk::cli
