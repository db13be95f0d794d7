#include "server/licenses/license_log.h"

// Debug is opt-in: QT_LOGGING_RULES="creditdesk.server.licenses.debug=true".
// License keys are never logged in full (maskLicenseKey).
Q_LOGGING_CATEGORY(lcServerLicenses, "creditdesk.server.licenses", QtInfoMsg)
