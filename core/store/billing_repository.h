#pragma once

#include "core/domain/error.h"
#include "core/store/mirror_types.h"

#include <QList>

namespace creditdesk::store {

class MirrorDatabase;

// Coupon redemptions, invoices and proration events.
class BillingRepository {
public:
    static constexpr int kMaxInvoices = 1000;

    explicit BillingRepository(MirrorDatabase &db) : m_db(db) {}

    // Full lists from the server replace the mirrored set.
    [[nodiscard]] Result<void> replaceRedemptions(const QList<CouponRedemption> &redemptions);
    [[nodiscard]] Result<void> replaceProrationEvents(const QList<ProrationEvent> &events);
    // A redeem result written at once.
    [[nodiscard]] Result<void> upsertRedemption(const CouponRedemption &redemption);
    // Invoices arrive newest-N per page, so they are upserted, never replaced.
    [[nodiscard]] Result<void> upsertInvoices(const QList<Invoice> &invoices);

    // Newest first.
    [[nodiscard]] Result<QList<CouponRedemption>> redemptions();
    [[nodiscard]] Result<QList<ProrationEvent>> prorationEvents();
    [[nodiscard]] Result<QList<Invoice>> invoices(int limit = 50);

private:
    MirrorDatabase &m_db;
};

} // namespace creditdesk::store
