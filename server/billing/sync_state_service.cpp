#include "server/billing/sync_state_service.h"

#include "server/billing/billing_errors.h"
#include "server/billing/billing_json.h"
#include "server/billing/sync_versions.h"
#include "server/billing/usage_query_service.h"
#include "server/billing/user_repository.h"
#include "server/db/connection.h"

#include <QCryptographicHash>
#include <QJsonDocument>

using namespace Qt::StringLiterals;

namespace creditdesk::server {

namespace {

QJsonObject versionJson(const SyncVersion &v)
{
    return QJsonObject{{u"version"_s, static_cast<qint64>(v.version)}, {u"updated_at"_s, billing::tsJson(v.updatedAtMs)}};
}

} // namespace

Result<SyncStateView> SyncStateService::state(const QString &userId)
{
    auto user = UserRepository(m_db).find(userId);
    if (!user)
        return std::unexpected(user.error());
    if (!*user)
        return fail(billerr::notFound, u"user not found"_s);
    auto versions = readSyncVersions(m_db, userId);
    if (!versions)
        return std::unexpected(versions.error());
    auto cursor = UsageQueryService(m_env, m_db).latestCursor(userId);
    if (!cursor)
        return std::unexpected(cursor.error());
    QJsonObject data{{u"user_id"_s, userId},
                     {u"profile"_s, versionJson(versions->profile)},
                     {u"subscription"_s, versionJson(versions->subscription)},
                     {u"balance"_s, versionJson(versions->balance)},
                     {u"license"_s, versionJson(versions->license)},
                     {u"coupons"_s, versionJson(versions->coupons)},
                     {u"invoices"_s, versionJson(versions->invoices)},
                     {u"usage"_s, QJsonObject{{u"latest_cursor"_s, *cursor},
                                             {u"updated_at"_s, billing::tsJson(versions->usageUpdatedAtMs)}}}};
    // QJsonObject keys are sorted: the document is canonical.
    const QByteArray digest =
        QCryptographicHash::hash(QJsonDocument(data).toJson(QJsonDocument::Compact), QCryptographicHash::Sha256)
            .toHex()
            .left(32);
    data.insert(u"server_time"_s, billing::tsJson(billing::nowMs(m_env)));
    return SyncStateView{data, '"' + digest + '"'};
}

bool SyncStateService::matches(const QByteArray &ifNoneMatch, const QByteArray &etag)
{
    for (QByteArray candidate : ifNoneMatch.split(',')) {
        candidate = candidate.trimmed();
        if (candidate == "*")
            return true;
        if (candidate.startsWith("W/"))
            candidate = candidate.mid(2);
        if (candidate == etag)
            return true;
    }
    return false;
}

} // namespace creditdesk::server
