#include "core/sync/sync_log.h"

Q_LOGGING_CATEGORY(lcSync, "creditdesk.sync", QtInfoMsg)
