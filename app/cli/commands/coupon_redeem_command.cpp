// `creditdesk coupon redeem CODE`
#include "app/cli/account_facts.h"
#include "app/cli/cli_errors.h"
#include "app/cli/command.h"
#include "app/cli/command_context.h"
#include "app/cli/error_text.h"
#include "app/cli/format.h"
#include "app/cli/sync_report.h"
#include "core/api/cloud_client.h"
#include "core/domain/coupon_discount.h"
#include "core/session/app_session.h"

using namespace Qt::StringLiterals;

namespace creditdesk::cli {

namespace {

class CouponRedeemCommand final : public Command {
public:
    Result<void> prepare(const CommandContext &context) override
    {
        if (context.arguments().size() != 1)
            return fail(errc::usageError, u"coupon redeem takes one argument: the code"_s);
        auto code = normalizeCouponCode(context.arguments().constFirst());
        if (!code)
            return fail(errc::invalidArgument, u"a coupon code is 4 to 50 letters and digits"_s);
        m_code = *code;
        return {};
    }

    void run(CommandContext &context) override
    {
        context.whenSignedIn([this, &context](session::AppSession &s) {
            withAccountFacts(context, s, [this, &context, &s](const AccountFacts &facts) {
                api::CouponRedeem redeem;
                redeem.code = m_code;
                redeem.subscriptionId = facts.subscriptionId;
                // One key for this action: the client's retries send it again, so a lost
                // answer never redeems twice.
                s.cloud().redeemCoupon(redeem, api::IdempotencyKey::generate(), &context,
                                       [this, &context, &s](Result<api::Redemption> redeemed) {
                                           if (!redeemed)
                                               return context.fail(redeemed.error());
                                           afterRedeem(context, s, *redeemed);
                                       });
            });
        });
    }

private:
    void afterRedeem(CommandContext &context, session::AppSession &s, const api::Redemption &r)
    {
        context.sync(s, [this, &context, r](const sync::SyncResult &result) {
            QStringList text{u"Redeemed %1: %2 (discount %3, to pay %4)."_s.arg(
                m_code, r.redemptionStatus, format::money(r.discountApplied), format::money(r.finalAmount))};
            if (result.ok())
                text.append(u"The local data is up to date."_s);
            else
                context.out().note(u"The coupon is redeemed, but the sync after it failed: %1"_s.arg(
                    describeError(*result.error)));
            context.succeed({{u"code"_s, m_code},
                             {u"redemption_id"_s, r.redemptionId},
                             {u"status"_s, r.redemptionStatus},
                             {u"discount_applied_cents"_s, static_cast<qint64>(r.discountApplied.cents())},
                             {u"final_amount_cents"_s, static_cast<qint64>(r.finalAmount.cents())},
                             {u"synced"_s, result.ok()},
                             {u"sync"_s, syncResultJson(result)}},
                            text);
        });
    }

    QString m_code;
};

const RegisterCommand<CouponRedeemCommand> registered{
    {u"coupon redeem"_s,
     u"CODE"_s,
     u"Redeem a coupon for this account, then sync"_s,
     u"Redeems CODE at the server (safe to retry: the request carries an Idempotency-Key), then\n"
     u"syncs so the balance and 'creditdesk coupons' show the result."_s,
     {}}};

} // namespace

} // namespace creditdesk::cli
