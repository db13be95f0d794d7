#include "server/billing/billing_log.h"

namespace creditdesk::server {

Q_LOGGING_CATEGORY(lcBilling, "creditdesk.server.billing", QtInfoMsg)

} // namespace creditdesk::server
