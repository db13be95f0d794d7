#include "server/db/db_log.h"

// Debug is opt-in: QT_LOGGING_RULES="creditdesk.server.db.debug=true".
Q_LOGGING_CATEGORY(lcServerDb, "creditdesk.server.db", QtInfoMsg)
