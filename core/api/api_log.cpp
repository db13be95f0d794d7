#include "core/api/api_log.h"

Q_LOGGING_CATEGORY(lcApi, "creditdesk.api", QtInfoMsg)
