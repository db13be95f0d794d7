#include "core/api/signin/signin_log.h"

Q_LOGGING_CATEGORY(lcSignIn, "creditdesk.api.signin", QtInfoMsg)
