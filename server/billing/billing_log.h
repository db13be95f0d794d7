#pragma once

#include <QLoggingCategory>

namespace creditdesk::server {

// creditdesk.server.billing: users, subscriptions, credits, usage, invoices, sync state.
Q_DECLARE_LOGGING_CATEGORY(lcBilling)

} // namespace creditdesk::server
