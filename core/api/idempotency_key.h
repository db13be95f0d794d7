#pragma once

#include "core/domain/error.h"

#include <QByteArray>
#include <QString>
#include <QStringView>

namespace creditdesk::api {

// The Idempotency-Key of one user action (api-contract §10.4): a UUID v4,
// lower-case. Create it when the user acts, keep it with the pending action,
// and pass the same key when the action is submitted again (after a crash, a
// "try again" button): the server then answers with the first result.
// CloudClient reuses it byte-identically on its own retries of the call.
class IdempotencyKey {
public:
    IdempotencyKey() = default; // none: the client makes one per call
    [[nodiscard]] static IdempotencyKey generate();
    // A UUID (any version, any case; stored lower-case), else `invalid_argument`.
    [[nodiscard]] static Result<IdempotencyKey> fromString(QStringView text);

    [[nodiscard]] bool isNull() const { return m_value.isEmpty(); }
    [[nodiscard]] const QString &toString() const { return m_value; }
    [[nodiscard]] QByteArray toHeaderValue() const { return m_value.toLatin1(); }

    friend bool operator==(const IdempotencyKey &, const IdempotencyKey &) = default;

private:
    explicit IdempotencyKey(QString value)
        : m_value(std::move(value))
    {}
    QString m_value;
};

} // namespace creditdesk::api
