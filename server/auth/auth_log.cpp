#include "server/auth/auth_log.h"

Q_LOGGING_CATEGORY(lcServerAuth, "creditdesk.server.auth", QtInfoMsg)
