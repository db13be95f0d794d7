#pragma once

#include "core/domain/error.h"

#include <QByteArray>
#include <QByteArrayView>
#include <QJsonValue>
#include <QString>
#include <QStringView>

#include <cstdint>
#include <utility>
#include <vector>

namespace creditdesk::api {

// A JSON value that keeps every number as the literal text it was written
// with. QJsonDocument turns numbers with a fraction into double; amounts
// (credits, dollars) must never pass through double, so CloudClient parses
// responses with parseJson() and reads amounts from the literal (see
// json_fields.h). Objects keep document order; duplicate keys are rejected by
// the parser.
class JsonNode {
public:
    enum class Kind { Null, Bool, Number, String, Array, Object };
    using Member = std::pair<QString, JsonNode>;

    JsonNode() = default; // null
    [[nodiscard]] static JsonNode boolean(bool value);
    [[nodiscard]] static JsonNode string(QString value);
    [[nodiscard]] static JsonNode integer(std::int64_t value);
    // `literal` must be a JSON number ("12.5", "-3", "1e3"); e.g. Money::toDecimalString().
    [[nodiscard]] static JsonNode numberLiteral(QString literal);
    [[nodiscard]] static JsonNode array(std::vector<JsonNode> items = {});
    [[nodiscard]] static JsonNode object(std::vector<Member> members = {});
    // Numbers become their shortest round-trip text (for metadata the caller owns).
    [[nodiscard]] static JsonNode fromQJson(const QJsonValue &value);

    [[nodiscard]] Kind kind() const { return m_kind; }
    [[nodiscard]] bool isNull() const { return m_kind == Kind::Null; }
    [[nodiscard]] bool isObject() const { return m_kind == Kind::Object; }
    [[nodiscard]] bool isArray() const { return m_kind == Kind::Array; }
    [[nodiscard]] bool isString() const { return m_kind == Kind::String; }
    [[nodiscard]] bool isNumber() const { return m_kind == Kind::Number; }
    [[nodiscard]] bool isBool() const { return m_kind == Kind::Bool; }

    [[nodiscard]] bool boolValue() const { return m_bool; }
    // The string's value, or the number's literal text.
    [[nodiscard]] const QString &text() const { return m_text; }
    [[nodiscard]] const std::vector<JsonNode> &items() const { return m_items; }
    [[nodiscard]] const std::vector<Member> &members() const { return m_members; }
    // Member of an object (nullptr when absent or not an object).
    [[nodiscard]] const JsonNode *find(QStringView key) const;

    // Object builder: replaces an existing member or appends.
    void insert(QString key, JsonNode value);
    // Array builder.
    void append(JsonNode value);

    // For error details and diagnostics: integers that fit stay exact, other
    // numbers become double (never use the result for amounts).
    [[nodiscard]] QJsonValue toQJson() const;
    // Compact UTF-8 JSON; number literals are written verbatim.
    [[nodiscard]] QByteArray toJson() const;

    [[nodiscard]] static const char *kindName(Kind kind);

private:
    Kind m_kind = Kind::Null;
    bool m_bool = false;
    QString m_text;
    std::vector<JsonNode> m_items;
    std::vector<Member> m_members;
};

// Strict RFC 8259: one value, UTF-8 (no BOM, no invalid sequences, no lone
// surrogates in escapes), no duplicate keys, nesting up to `maxDepth`.
// Anything else is `invalid_response` with the byte offset in the message.
[[nodiscard]] Result<JsonNode> parseJson(QByteArrayView utf8, int maxDepth = 64);

// True for the JSON number grammar: -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?
[[nodiscard]] bool isJsonNumber(QStringView text);

} // namespace creditdesk::api
