#pragma once

#include "core/domain/error.h"
#include "core/domain/money.h"

#include <QString>

#include <cstdint>

namespace creditdesk::server {

class Connection;

struct ChargeRequest {
    QString userId;
    QString email;          // the test gateway's decline trigger
    QString subscriptionId; // may be empty
    Money amount;           // >= 0; the invoice subtotal
    QString description;
    std::int64_t periodStartMs = 0;
    std::int64_t periodEndMs = 0; // > periodStartMs
    QString invoiceBaseUrl;       // e.g. "http://127.0.0.1:7150"; hosted invoice links hang off it
};

struct ChargeResult {
    QString invoiceId;     // billing_invoice.id
    QString paymentId;     // payment_transaction.id; empty when nothing was due
    Money subtotal;
    Money creditApplied;   // account credit from earlier downgrades (domain-rules §6)
    Money charged;         // amount_due = subtotal − credit applied
};

// Charges a user for a subscription or a proration, inside the caller's
// transaction: writes the billing_invoice (and, when something is due, the
// payment_transaction) and bumps the user's invoices sync version. A decline
// is `payment_error` (402) with details {decline_code}; the caller rolls back,
// so nothing is written.
class PaymentGateway {
public:
    PaymentGateway() = default;
    PaymentGateway(const PaymentGateway &) = delete;
    PaymentGateway &operator=(const PaymentGateway &) = delete;
    virtual ~PaymentGateway();

    [[nodiscard]] virtual Result<ChargeResult> charge(Connection &db, const ChargeRequest &request,
                                                      std::int64_t nowMs) const = 0;
};

// The reference server's gateway: no card processor; every charge succeeds
// immediately, except for users whose e-mail local part contains "+decline"
// (like a processor's test card), which get `payment_error` / card_declined.
class TestPaymentGateway final : public PaymentGateway {
public:
    [[nodiscard]] Result<ChargeResult> charge(Connection &db, const ChargeRequest &request,
                                              std::int64_t nowMs) const override;
};

// The gateway services use (a TestPaymentGateway; stateless, thread-safe).
[[nodiscard]] const PaymentGateway &defaultPaymentGateway();

// Account credit left from downgrades: Σ −net of applied downgrade proration
// events − Σ credit applied to invoices (never below 0).
[[nodiscard]] Result<Money> accountCredit(const Connection &db, const QString &userId);

} // namespace creditdesk::server
