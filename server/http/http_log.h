#pragma once

#include <QLoggingCategory>
#include <QString>
#include <QStringView>

// One line per request at info level; debug is opt-in:
// QT_LOGGING_RULES="creditdesk.server.http.debug=true".
Q_DECLARE_LOGGING_CATEGORY(lcServerHttp)

namespace creditdesk::server {

// The request path as the access log may show it: a license key in any path
// segment (`/api/licenses/:key/...`) is a bearer secret for the unauthenticated
// routes, so it appears masked like everywhere else in the logs.
[[nodiscard]] QString pathForLog(QStringView path);

} // namespace creditdesk::server
