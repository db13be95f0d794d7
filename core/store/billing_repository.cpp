#include "core/store/billing_repository.h"

#include "core/store/mirror_database.h"
#include "core/store/sql_support.h"

using namespace Qt::StringLiterals;

namespace creditdesk::store {

namespace {

const QString &upsertRedemptionStatement()
{
    static const QString statement = sql::upsertStatement(
        "coupon_redemption"_L1,
        {"id"_L1, "coupon_code"_L1, "subscription_id"_L1, "discount_applied_cents"_L1, "original_amount_cents"_L1,
         "final_amount_cents"_L1, "redemption_status"_L1, "redemption_date"_L1},
        "id"_L1);
    return statement;
}

const QString &upsertProration()
{
    static const QString statement = sql::upsertStatement(
        "proration_event"_L1,
        {"id"_L1, "subscription_id"_L1, "from_tier"_L1, "to_tier"_L1, "change_type"_L1, "net_charge_cents"_L1,
         "status"_L1, "effective_date"_L1},
        "id"_L1);
    return statement;
}

const QString &upsertInvoice()
{
    static const QString statement = sql::upsertStatement(
        "billing_invoice"_L1,
        {"id"_L1, "invoice_date"_L1, "amount_cents"_L1, "currency"_L1, "status"_L1, "invoice_url"_L1, "pdf_url"_L1,
         "description"_L1},
        "id"_L1);
    return statement;
}

QVariantList redemptionBinds(const CouponRedemption &c)
{
    return {c.id, c.couponCode, sql::text(c.subscriptionId), sql::cents(c.discountApplied),
            sql::cents(c.originalAmount), sql::cents(c.finalAmount), c.status, sql::integer(c.redeemedAtMs)};
}

// Clears `table` (a constant), then writes each item with `statement`.
template <typename T, typename Binds>
Result<void> replaceAll(MirrorDatabase &db, QLatin1StringView table, const QString &statement, const QList<T> &items,
                        Binds binds)
{
    return db.transact([&]() -> Result<void> {
        if (!table.isEmpty()) {
            if (auto r = db.write(u"DELETE FROM "_s + table); !r)
                return r;
        }
        auto q = db.prepare(statement);
        if (!q)
            return std::unexpected(q.error());
        for (const T &item : items) {
            if (auto r = db.exec(*q, binds(item), MirrorDatabase::Access::Write); !r)
                return r;
        }
        return {};
    });
}

} // namespace

Result<void> BillingRepository::replaceRedemptions(const QList<CouponRedemption> &redemptions)
{
    return replaceAll(m_db, "coupon_redemption"_L1, upsertRedemptionStatement(), redemptions, redemptionBinds);
}

Result<void> BillingRepository::upsertRedemption(const CouponRedemption &redemption)
{
    return replaceAll(m_db, QLatin1StringView(), upsertRedemptionStatement(), QList<CouponRedemption>{redemption},
                      redemptionBinds);
}

Result<void> BillingRepository::replaceProrationEvents(const QList<ProrationEvent> &events)
{
    return replaceAll(m_db, "proration_event"_L1, upsertProration(), events, [](const ProrationEvent &e) {
        return QVariantList{e.id,         e.subscriptionId,       e.fromTier, e.toTier,
                            e.changeType, sql::cents(e.netCharge), e.status,   sql::integer(e.effectiveAtMs)};
    });
}

Result<void> BillingRepository::upsertInvoices(const QList<Invoice> &invoices)
{
    return replaceAll(m_db, QLatin1StringView(), upsertInvoice(), invoices, [](const Invoice &i) {
        return QVariantList{i.id,       sql::integer(i.dateMs),    sql::cents(i.amount),   i.currency,
                            i.status,   sql::text(i.invoiceUrl),   sql::text(i.pdfUrl),    sql::text(i.description)};
    });
}

Result<QList<CouponRedemption>> BillingRepository::redemptions()
{
    auto q = m_db.run(u"SELECT id, coupon_code, subscription_id, discount_applied_cents, original_amount_cents, "
                      u"final_amount_cents, redemption_status, redemption_date FROM coupon_redemption "
                      u"ORDER BY redemption_date DESC, id DESC"_s);
    if (!q)
        return std::unexpected(q.error());
    QList<CouponRedemption> result;
    while (q->next()) {
        sql::RowReader r(*q);
        CouponRedemption c;
        c.id = r.text(0);
        c.couponCode = r.text(1);
        c.subscriptionId = r.text(2);
        c.discountApplied = r.money(3);
        c.originalAmount = r.optMoney(4);
        c.finalAmount = r.optMoney(5);
        c.status = r.text(6);
        c.redeemedAtMs = r.integer(7);
        if (auto s = r.status(); !s)
            return std::unexpected(s.error());
        result.append(std::move(c));
    }
    if (auto s = sql::iterationStatus(*q, "read coupon redemptions"_L1); !s)
        return std::unexpected(s.error());
    return result;
}

Result<QList<ProrationEvent>> BillingRepository::prorationEvents()
{
    auto q = m_db.run(u"SELECT id, subscription_id, from_tier, to_tier, change_type, net_charge_cents, status, "
                      u"effective_date FROM proration_event ORDER BY effective_date DESC, id DESC"_s);
    if (!q)
        return std::unexpected(q.error());
    QList<ProrationEvent> result;
    while (q->next()) {
        sql::RowReader r(*q);
        ProrationEvent e;
        e.id = r.text(0);
        e.subscriptionId = r.text(1);
        e.fromTier = r.text(2);
        e.toTier = r.text(3);
        e.changeType = r.text(4);
        e.netCharge = r.money(5);
        e.status = r.text(6);
        e.effectiveAtMs = r.integer(7);
        if (auto s = r.status(); !s)
            return std::unexpected(s.error());
        result.append(std::move(e));
    }
    if (auto s = sql::iterationStatus(*q, "read proration events"_L1); !s)
        return std::unexpected(s.error());
    return result;
}

Result<QList<Invoice>> BillingRepository::invoices(int limit)
{
    if (limit < 1 || limit > kMaxInvoices)
        return fail(creditdesk::errc::invalidArgument, u"invoice limit must be 1..%1"_s.arg(kMaxInvoices));
    auto q = m_db.run(u"SELECT id, invoice_date, amount_cents, currency, status, invoice_url, pdf_url, description "
                      u"FROM billing_invoice ORDER BY invoice_date DESC, id DESC LIMIT ?"_s,
                      {sql::integer(qint64{limit})});
    if (!q)
        return std::unexpected(q.error());
    QList<Invoice> result;
    while (q->next()) {
        sql::RowReader r(*q);
        Invoice i;
        i.id = r.text(0);
        i.dateMs = r.integer(1);
        i.amount = r.money(2);
        i.currency = r.text(3);
        i.status = r.text(4);
        i.invoiceUrl = r.text(5);
        i.pdfUrl = r.text(6);
        i.description = r.text(7);
        if (auto s = r.status(); !s)
            return std::unexpected(s.error());
        result.append(std::move(i));
    }
    if (auto s = sql::iterationStatus(*q, "read invoices"_L1); !s)
        return std::unexpected(s.error());
    return result;
}

} // namespace creditdesk::store
