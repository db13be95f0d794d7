#include "core/secrets/secrets_log.h"

Q_LOGGING_CATEGORY(lcSecrets, "creditdesk.secrets", QtInfoMsg)
