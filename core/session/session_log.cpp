#include "core/session/session_log.h"

Q_LOGGING_CATEGORY(lcSession, "creditdesk.session", QtInfoMsg)
