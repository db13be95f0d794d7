#pragma once

#include "core/domain/error.h"

#include <QHash>
#include <QJsonObject>
#include <QString>

#include <cstdint>
#include <optional>

namespace creditdesk::server {

// Strict reading of a JSON request body. Collects every problem as
// details {field: message} so one reply names them all; nothing is coerced
// (a number where a string is expected is an error, never converted).
class JsonInput {
public:
    // Body must be a JSON object of at most `maxBytes`; else `invalid_request`.
    [[nodiscard]] static Result<JsonInput> parse(const QByteArray &body, qsizetype maxBytes = 64 * 1024);
    explicit JsonInput(QJsonObject object);

    [[nodiscard]] QString requiredString(const QString &field, int minLength = 1, int maxLength = 1000);
    [[nodiscard]] std::optional<QString> optionalString(const QString &field, int maxLength = 1000);
    [[nodiscard]] std::optional<std::int64_t> optionalInteger(const QString &field, std::int64_t min, std::int64_t max);
    [[nodiscard]] std::int64_t requiredInteger(const QString &field, std::int64_t min, std::int64_t max);
    [[nodiscard]] std::optional<bool> optionalBool(const QString &field);
    [[nodiscard]] QJsonObject requiredObject(const QString &field);
    [[nodiscard]] std::optional<QJsonObject> optionalObject(const QString &field);
    // Decimal dollars/credits sent as a JSON number or string (api-contract §1
    // "usd"): the number's exact decimal text, never a double round trip.
    [[nodiscard]] std::optional<QString> optionalDecimalText(const QString &field);
    void addError(const QString &field, const QString &message);

    [[nodiscard]] bool ok() const { return m_errors.isEmpty(); }
    // `validation_error` with details {field: message}, or success.
    [[nodiscard]] Result<void> finish() const;
    [[nodiscard]] const QJsonObject &object() const { return m_object; }

private:
    QJsonObject m_object;
    QJsonObject m_errors;
    QHash<QString, QString> m_rawNumbers; // top-level number members as sent

};

} // namespace creditdesk::server
