#include "core/licensing/licensing_log.h"

Q_LOGGING_CATEGORY(lcLicensing, "creditdesk.licensing", QtInfoMsg)
