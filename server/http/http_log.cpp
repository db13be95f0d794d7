#include "server/http/http_log.h"

#include "core/domain/license_rules.h"

Q_LOGGING_CATEGORY(lcServerHttp, "creditdesk.server.http", QtInfoMsg)

namespace creditdesk::server {

QString pathForLog(QStringView path)
{
    QString logged;
    logged.reserve(path.size());
    bool first = true;
    for (const QStringView segment : path.tokenize(u'/')) {
        if (!first)
            logged += u'/';
        first = false;
        if (!segment.startsWith(kLicenseKeyPrefix, Qt::CaseInsensitive)) {
            logged += segment;
            continue;
        }
        const auto key = normalizeLicenseKey(segment);
        logged += maskLicenseKey(key ? QStringView(*key) : QStringView());
    }
    return logged;
}

} // namespace creditdesk::server
