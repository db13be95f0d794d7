#include "core/crypto/crypto_log.h"

Q_LOGGING_CATEGORY(lcCrypto, "creditdesk.crypto", QtInfoMsg)
