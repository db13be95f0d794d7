#include "server/billing/payment_gateway.h"

#include "core/domain/proration.h"
#include "server/billing/billing_errors.h"
#include "server/billing/billing_sql.h"
#include "server/billing/sync_versions.h"
#include "server/billing/time_uuid.h"
#include "server/db/connection.h"
#include "server/db/sql_values.h"

#include <QJsonObject>
#include <QRandomGenerator>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace creditdesk::server {

namespace {

QString processorId(QLatin1StringView prefix)
{
    static constexpr char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    QString id = prefix;
    for (int i = 0; i < 24; ++i)
        id.append(QLatin1Char(kAlphabet[QRandomGenerator::global()->bounded(62)]));
    return id;
}

QVariant nullableText(const QString &text)
{
    return text.isEmpty() ? QVariant(QMetaType::fromType<QString>()) : QVariant(text);
}

QVariant cents(std::int64_t value)
{
    return QVariant::fromValue(static_cast<qlonglong>(value));
}

} // namespace

PaymentGateway::~PaymentGateway() = default;

const PaymentGateway &defaultPaymentGateway()
{
    static const TestPaymentGateway gateway;
    return gateway;
}

Result<Money> accountCredit(const Connection &db, const QString &userId)
{
    bool found = false;
    auto credit = billing::runSqlFirst(db,
                                       u"SELECT COALESCE(SUM(-net_charge_cents), 0) FROM proration_event "
                                       "WHERE user_id = ? AND status = 'applied' AND net_charge_cents < 0"_s,
                                       {sqlv::uuid(db, userId)}, &found);
    if (!credit)
        return std::unexpected(credit.error());
    const qlonglong earned = found ? credit->value(0).toLongLong() : 0;
    auto applied = billing::runSqlFirst(db,
                                        u"SELECT COALESCE(SUM(credit_applied_cents), 0) FROM billing_invoice "
                                        "WHERE user_id = ?"_s,
                                        {sqlv::uuid(db, userId)}, &found);
    if (!applied)
        return std::unexpected(applied.error());
    const qlonglong used = found ? applied->value(0).toLongLong() : 0;
    return Money::fromCents(std::max<qlonglong>(0, earned - used));
}

Result<ChargeResult> TestPaymentGateway::charge(Connection &db, const ChargeRequest &request,
                                                std::int64_t nowMs) const
{
    if (request.amount.isNegative() || request.periodEndMs <= request.periodStartMs)
        return fail(errc::invalidArgument, u"a charge needs an amount >= 0 and a period"_s);
    if (request.email.section(u'@', 0, 0).contains("+decline"_L1)) {
        return fail(billerr::paymentError, u"the card was declined"_s,
                    QJsonObject{{u"decline_code"_s, u"card_declined"_s}});
    }
    auto credit = accountCredit(db, request.userId);
    if (!credit)
        return std::unexpected(credit.error());
    Money left = *credit;
    ChargeResult result;
    result.subtotal = request.amount;
    result.charged = applyAccountCredit(request.amount, left);
    auto applied = request.amount.minus(result.charged);
    if (!applied)
        return std::unexpected(applied.error());
    result.creditApplied = *applied;
    result.invoiceId = billing::timeOrderedUuid(nowMs);
    const QString number = processorId("in_"_L1);
    const QString base = request.invoiceBaseUrl.isEmpty() ? u"http://localhost"_s : request.invoiceBaseUrl;
    auto invoice = billing::runSql(
        db,
        u"INSERT INTO billing_invoice (id, user_id, subscription_id, stripe_invoice_id, status, currency, "
        "subtotal_cents, discount_cents, credit_applied_cents, amount_due_cents, amount_paid_cents, description, "
        "hosted_invoice_url, invoice_pdf_url, period_start, period_end, issued_at, due_at, paid_at, created_at, "
        "updated_at) VALUES (?, ?, ?, ?, "_s
            + sqlv::enumParam(db, u"invoice_status"_s) + u", ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"_s,
        {sqlv::uuid(db, result.invoiceId), sqlv::uuid(db, request.userId), sqlv::uuid(db, request.subscriptionId),
         number, u"paid"_s, u"usd"_s, cents(request.amount.cents()), cents(0), cents(result.creditApplied.cents()),
         cents(result.charged.cents()), cents(result.charged.cents()), nullableText(request.description),
         QString(base + u"/invoices/"_s + number), QString(base + u"/invoices/"_s + number + u".pdf"_s),
         sqlv::timestamp(db, request.periodStartMs), sqlv::timestamp(db, request.periodEndMs),
         sqlv::timestamp(db, nowMs), sqlv::timestamp(db, nowMs), sqlv::timestamp(db, nowMs),
         sqlv::timestamp(db, nowMs), sqlv::timestamp(db, nowMs)});
    if (!invoice)
        return std::unexpected(invoice.error());
    if (result.charged.cents() > 0) {
        result.paymentId = billing::timeOrderedUuid(nowMs);
        auto payment = billing::runSql(
            db,
            u"INSERT INTO payment_transaction (id, user_id, subscription_id, invoice_id, stripe_payment_intent_id, "
            "amount_cents, currency, status, payment_method_type, processed_at, created_at, updated_at) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, "_s
                + sqlv::enumParam(db, u"payment_status"_s) + u", ?, ?, ?, ?)"_s,
            {sqlv::uuid(db, result.paymentId), sqlv::uuid(db, request.userId), sqlv::uuid(db, request.subscriptionId),
             sqlv::uuid(db, result.invoiceId), processorId("pi_"_L1), cents(result.charged.cents()), u"usd"_s,
             u"succeeded"_s, u"card"_s, sqlv::timestamp(db, nowMs), sqlv::timestamp(db, nowMs),
             sqlv::timestamp(db, nowMs)});
        if (!payment)
            return std::unexpected(payment.error());
    }
    if (auto bumped = bumpSyncVersion(db, request.userId, SyncStream::Invoices, nowMs); !bumped)
        return std::unexpected(bumped.error());
    return result;
}

} // namespace creditdesk::server
