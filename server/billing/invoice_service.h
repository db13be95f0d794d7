#pragma once

#include "core/domain/error.h"

#include <QJsonObject>
#include <QString>

namespace creditdesk::server {

class Connection;

// GET /api/user/invoices?limit=&starting_after= (api-contract §7): newest
// first by issue date; `starting_after` (ours) is an invoice id of the
// caller's answered before (the `in_…` id, or the row's uuid).
class InvoiceService {
public:
    static constexpr int kDefaultLimit = 10;
    static constexpr int kMaxLimit = 50;

    explicit InvoiceService(Connection &db)
        : m_db(db)
    {}

    // invalid_request for an unknown starting_after (another user's included).
    [[nodiscard]] Result<QJsonObject> list(const QString &userId, int limit, const QString &startingAfter);

private:
    Connection &m_db;
};

} // namespace creditdesk::server
