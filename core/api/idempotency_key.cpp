#include "core/api/idempotency_key.h"

#include "core/api/json_fields.h"

#include <QUuid>

using namespace Qt::StringLiterals;

namespace creditdesk::api {

IdempotencyKey IdempotencyKey::generate()
{
    // QUuid::createUuid() is a random (version 4) UUID.
    return IdempotencyKey(QUuid::createUuid().toString(QUuid::WithoutBraces).toLower());
}

Result<IdempotencyKey> IdempotencyKey::fromString(QStringView text)
{
    if (!isUuid(text))
        return fail(creditdesk::errc::invalidArgument, u"an idempotency key must be a UUID"_s);
    return IdempotencyKey(text.toString().toLower());
}

} // namespace creditdesk::api
