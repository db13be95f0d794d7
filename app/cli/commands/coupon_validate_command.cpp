// `creditdesk coupon validate CODE [--amount USD]`
#include "app/cli/account_facts.h"
#include "app/cli/cli_errors.h"
#include "app/cli/command.h"
#include "app/cli/command_context.h"
#include "app/cli/format.h"
#include "core/api/cloud_client.h"
#include "core/domain/coupon_discount.h"
#include "core/session/app_session.h"

#include <QJsonArray>

using namespace Qt::StringLiterals;

namespace creditdesk::cli {

namespace {

QJsonValue optionalInteger(const std::optional<std::int64_t> &value)
{
    return value ? QJsonValue(static_cast<qint64>(*value)) : QJsonValue(QJsonValue::Null);
}

class CouponValidateCommand final : public Command {
public:
    [[nodiscard]] QList<QCommandLineOption> options() const override { return {m_amount}; }

    Result<void> prepare(const CommandContext &context) override
    {
        if (context.arguments().size() != 1)
            return fail(errc::usageError, u"coupon validate takes one argument: the code"_s);
        auto code = normalizeCouponCode(context.arguments().constFirst());
        if (!code)
            return fail(errc::invalidArgument, u"a coupon code is 4 to 50 letters and digits"_s);
        m_code = *code;
        if (context.isSet(m_amount)) {
            auto amount = Money::parse(context.value(m_amount).trimmed());
            if (!amount || amount->isNegative())
                return fail(errc::invalidArgument, u"--amount takes dollars and cents, e.g. 49.00"_s);
            m_cartTotal = *amount;
        }
        return {};
    }

    void run(CommandContext &context) override
    {
        context.whenSignedIn([this, &context](session::AppSession &s) {
            withAccountFacts(context, s, [this, &context, &s](const AccountFacts &facts) {
                api::CouponCheck check;
                check.code = m_code;
                check.userId = facts.userId;
                check.subscriptionTier = facts.tier;
                check.cartTotal = m_cartTotal;
                s.cloud().validateCoupon(check, &context, [&context](Result<api::CouponValidation> result) {
                    if (!result)
                        return context.fail(result.error());
                    report(context, *result);
                });
            });
        });
    }

private:
    static void report(CommandContext &context, const api::CouponValidation &v)
    {
        QStringList text{u"Coupon %1 is valid (%2, %3)."_s.arg(v.code, v.couponType, v.discountTypeApplied)};
        if (v.percentageHundredths)
            text.append(u"  %1 off"_s.arg(format::percentHundredths(*v.percentageHundredths)));
        if (v.fixedAmount)
            text.append(u"  %1 off"_s.arg(format::money(*v.fixedAmount)));
        if (v.creditAmount)
            text.append(u"  adds %1 credits"_s.arg(format::integer(*v.creditAmount)));
        if (v.bonusMonths)
            text.append(u"  adds %1 free month(s)"_s.arg(*v.bonusMonths));
        text.append(u"  %1 → %2 (discount %3)"_s.arg(
            format::money(v.originalAmount), format::money(v.finalAmount), format::money(v.discountApplied)));
        for (const QString &warning : v.warnings)
            text.append(u"  note: %1"_s.arg(warning));
        context.succeed(
            {{u"valid"_s, true},
             {u"code"_s, v.code},
             {u"coupon_id"_s, v.couponId},
             {u"coupon_type"_s, v.couponType},
             {u"discount_type"_s, v.discountTypeApplied},
             {u"original_amount_cents"_s, static_cast<qint64>(v.originalAmount.cents())},
             {u"discount_cents"_s, static_cast<qint64>(v.discountApplied.cents())},
             {u"final_amount_cents"_s, static_cast<qint64>(v.finalAmount.cents())},
             {u"percentage_hundredths"_s, optionalInteger(v.percentageHundredths)},
             {u"fixed_amount_cents"_s,
              v.fixedAmount ? QJsonValue(static_cast<qint64>(v.fixedAmount->cents())) : QJsonValue::Null},
             {u"credit_amount"_s, optionalInteger(v.creditAmount)},
             {u"bonus_months"_s, optionalInteger(v.bonusMonths)},
             {u"warnings"_s, QJsonArray::fromStringList(v.warnings)}},
            text);
    }

    const QCommandLineOption m_amount{
        u"amount"_s, u"The price to preview the discount on (dollars, e.g. 49.00)."_s, u"USD"_s};
    QString m_code;
    std::optional<Money> m_cartTotal;
};

const RegisterCommand<CouponValidateCommand> registered{
    {u"coupon validate"_s,
     u"CODE [--amount USD]"_s,
     u"Check a coupon: every reason it fails, or the discount"_s,
     u"Asks the server whether CODE can be used by this account and plan. A valid coupon shows\n"
     u"the discount; an invalid one ends with exit status 2 and lists every reason."_s,
     {}}};

} // namespace

} // namespace creditdesk::cli
