#pragma once

#include <QLoggingCategory>

// Sign-ins, token issue and revocation; never a token, code, password or key.
Q_DECLARE_LOGGING_CATEGORY(lcServerAuth)
