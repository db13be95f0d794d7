#include "core/store/store_log.h"

Q_LOGGING_CATEGORY(lcStore, "creditdesk.store", QtInfoMsg)
