#pragma once

#include "core/domain/error.h"

#include <QByteArray>
#include <QJsonObject>
#include <QJsonValue>

namespace creditdesk::crypto {

// The canonical JSON of api-contract §10.1, as UTF-8: object keys sorted by
// their UTF-8 bytes, no whitespace, integers only, and only `"`, `\` and
// U+0000–U+001F escaped (`\"`, `\\`, `\u00xx`); every other character raw.
// Errors: canonical_json_non_integer for a number with a fraction, one beyond
// ±(2^53 − 1) or a non-finite one; canonical_json_invalid for an undefined
// value or a string holding an unpaired surrogate. Qt 6 stores an integral
// double (1.0, 1e3) as an integer, so those cannot be told apart and are
// written as integers ("1", "1000").
[[nodiscard]] Result<QByteArray> canonicalJson(const QJsonObject &object);
[[nodiscard]] Result<QByteArray> canonicalJson(const QJsonValue &value);

} // namespace creditdesk::crypto
