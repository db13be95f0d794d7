#include "server/billing/invoice_service.h"

#include "server/billing/billing_errors.h"
#include "server/billing/billing_json.h"
#include "server/billing/billing_sql.h"
#include "server/db/connection.h"
#include "server/db/sql_values.h"

#include <QJsonArray>
#include <QUuid>

using namespace Qt::StringLiterals;

namespace creditdesk::server {

Result<QJsonObject> InvoiceService::list(const QString &userId, int limit, const QString &startingAfter)
{
    QString sql = u"SELECT id, stripe_invoice_id, issued_at, amount_due_cents, currency, status, hosted_invoice_url, "
                  "invoice_pdf_url, description FROM billing_invoice WHERE user_id = ?"_s;
    QVariantList values{sqlv::uuid(m_db, userId)};
    if (!startingAfter.isEmpty()) {
        const bool uuid = !QUuid::fromString(startingAfter).isNull();
        bool found = false;
        auto anchor = billing::runSqlFirst(
            m_db,
            u"SELECT issued_at, id FROM billing_invoice WHERE user_id = ? AND "_s
                + (uuid ? u"id = ?"_s : u"stripe_invoice_id = ?"_s),
            {sqlv::uuid(m_db, userId), uuid ? sqlv::uuid(m_db, startingAfter.toLower()) : QVariant(startingAfter)},
            &found);
        if (!anchor)
            return std::unexpected(anchor.error());
        if (!found)
            return fail(billerr::invalidRequest, u"starting_after is not one of your invoices"_s,
                        QJsonObject{{u"starting_after"_s, u"unknown invoice"_s}});
        sql += u" AND (issued_at < ? OR (issued_at = ? AND id < ?))"_s;
        values << anchor->value(0) << anchor->value(0) << sqlv::uuid(m_db, sqlv::readUuid(anchor->value(1)));
    }
    sql += u" ORDER BY issued_at DESC, id DESC LIMIT ?"_s;
    values.append(limit + 1);
    auto q = billing::runSql(m_db, sql, values);
    if (!q)
        return std::unexpected(q.error());
    QJsonArray invoices;
    bool more = false;
    while (q->next()) {
        if (invoices.size() == limit) {
            more = true;
            break;
        }
        auto issued = sqlv::readTimestamp(m_db, q->value(2));
        if (!issued)
            return std::unexpected(issued.error());
        const QString number = q->value(1).toString();
        invoices.append(QJsonObject{{u"id"_s, number.isEmpty() ? sqlv::readUuid(q->value(0)) : number},
                                    {u"date"_s, billing::tsJson(*issued)},
                                    {u"amount"_s, q->value(3).toLongLong()},
                                    {u"currency"_s, q->value(4).toString().trimmed()},
                                    {u"status"_s, q->value(5).toString()},
                                    {u"invoiceUrl"_s, q->value(6).toString()},
                                    {u"pdfUrl"_s, q->value(7).toString()},
                                    {u"description"_s, q->value(8).toString()}});
    }
    return QJsonObject{{u"invoices"_s, invoices}, {u"hasMore"_s, more}, {u"count"_s, static_cast<qint64>(invoices.size())}};
}

} // namespace creditdesk::server
