#include "core/sync/sync_errors.h"

#include "core/api/api_errors.h"
#include "core/store/mirror_errors.h"

using namespace Qt::StringLiterals;

namespace creditdesk::sync {

FailureKind classify(const Error &error)
{
    namespace api = creditdesk::api::errc;
    namespace store = creditdesk::store::errc;
    const QString &c = error.code;
    if (c == api::networkUnreachable || c == api::timeout || c == api::serverUnavailable ||
        c == api::proxyError)
        return FailureKind::Offline;
    if (c == api::signInRequired)
        return FailureKind::SignedOut;
    if (c == api::cancelled)
        return FailureKind::Cancelled;
    if (c == api::rateLimited || c == api::idempotencyRequestInProgress || c == api::serviceUnavailable)
        return FailureKind::Throttled;
    if (c == api::internalServerError || c == api::tlsError)
        return FailureKind::ServerFault;
    if (c == store::mirrorIoError || c == store::mirrorBusy || c == store::mirrorCorrupt ||
        c == store::mirrorForeign || c == store::mirrorTooNew || c == store::mirrorWrongThread ||
        c == store::mirrorAlreadyOpen || c == store::mirrorMigrationFailed)
        return FailureKind::Local;
    return FailureKind::Rejected;
}

Error inStream(Error error, QLatin1StringView stream)
{
    if (!error.details.contains(u"stream"_s))
        error.details.insert(u"stream"_s, QString(stream));
    return error;
}

} // namespace creditdesk::sync
