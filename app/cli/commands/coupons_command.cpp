// `creditdesk coupons`
#include "app/cli/cli_errors.h"
#include "app/cli/command.h"
#include "app/cli/command_context.h"
#include "app/cli/format.h"
#include "app/cli/mirror_json.h"
#include "core/session/app_session.h"
#include "core/store/billing_repository.h"

#include <QJsonArray>

using namespace Qt::StringLiterals;

namespace creditdesk::cli {

namespace {

class CouponsCommand final : public Command {
public:
    Result<void> prepare(const CommandContext &context) override
    {
        if (!context.arguments().isEmpty())
            return fail(errc::usageError,
                        u"coupons takes no arguments ('coupon validate CODE' checks one)"_s);
        return {};
    }

    void run(CommandContext &context) override
    {
        session::AppSession *s = context.session();
        if (!s)
            return;
        auto redemptions = store::BillingRepository(s->mirror()).redemptions();
        if (!redemptions)
            return context.fail(redemptions.error());
        auto synced = lastSyncMs(s->mirror());
        if (!synced)
            return context.fail(synced.error());
        QJsonArray list;
        format::Table table({u"REDEEMED"_s, u"CODE"_s, u"STATUS"_s, u"DISCOUNT"_s}, {3});
        for (const store::CouponRedemption &r : std::as_const(*redemptions)) {
            list.append(json::redemption(r));
            table.add(
                {format::date(r.redeemedAtMs), r.couponCode, r.status, format::money(r.discountApplied)});
        }
        QStringList text = table.isEmpty() ? QStringList{u"No coupon has been redeemed."_s} : table.render();
        text.append(format::dataAsOf(*synced));
        context.succeed({{u"redemptions"_s, list}, {u"last_sync_at"_s, format::jsonTime(*synced)}}, text);
    }
};

const RegisterCommand<CouponsCommand> registered{
    {u"coupons"_s, QString(), u"Coupon redemption history from the synced data"_s, QString(), {}}};

} // namespace

} // namespace creditdesk::cli
