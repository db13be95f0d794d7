#include "core/byok/byok_log.h"

Q_LOGGING_CATEGORY(lcByok, "creditdesk.byok", QtInfoMsg)
