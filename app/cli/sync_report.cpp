#include "app/cli/sync_report.h"

#include "app/cli/error_text.h"
#include "app/cli/format.h"

#include <QJsonArray>

using namespace Qt::StringLiterals;

namespace creditdesk::cli {

QJsonObject syncResultJson(const sync::SyncResult &result)
{
    QJsonArray failures;
    for (const sync::StreamFailure &f : result.failures)
        failures.append(QJsonObject{
            {u"stream"_s, f.stream}, {u"code"_s, f.error.code}, {u"message"_s, describeError(f.error)}});
    return {{u"ok"_s, result.ok()},
            {u"status"_s, sync::toString(result.status)},
            {u"fetched"_s, QJsonArray::fromStringList(result.fetched)},
            {u"skipped"_s, QJsonArray::fromStringList(result.skipped)},
            {u"fallback"_s, result.fallback},
            {u"usage_rows"_s, static_cast<qint64>(result.usageRows)},
            {u"usage_pages"_s, static_cast<qint64>(result.usagePages)},
            {u"completed_at"_s, format::jsonTime(result.completedAtMs)},
            {u"failures"_s, failures}};
}

QStringList syncResultText(const sync::SyncResult &result)
{
    QStringList text;
    if (result.ok())
        text.append(
            u"Synced at %1."_s.arg(result.completedAtMs ? format::time(*result.completedAtMs) : u"?"_s));
    if (!result.fetched.isEmpty())
        text.append(u"  updated: %1"_s.arg(result.fetched.join(u", "_s)));
    if (!result.skipped.isEmpty())
        text.append(u"  unchanged: %1"_s.arg(result.skipped.join(u", "_s)));
    text.append(u"  usage rows received: %1"_s.arg(format::integer(result.usageRows)));
    if (result.fallback)
        text.append(u"  (the server offers no incremental sync: every list was read in full)"_s);
    for (const sync::StreamFailure &f : result.failures)
        text.append(u"  %1 failed: %2"_s.arg(f.stream, describeError(f.error)));
    return text;
}

} // namespace creditdesk::cli
