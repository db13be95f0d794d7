// `creditdesk upgrade-preview TIER`
#include "app/cli/cli_errors.h"
#include "app/cli/command.h"
#include "app/cli/command_context.h"
#include "app/cli/format.h"
#include "core/api/cloud_client.h"
#include "core/domain/enums.h"
#include "core/session/app_session.h"

using namespace Qt::StringLiterals;

namespace creditdesk::cli {

namespace {

class UpgradePreviewCommand final : public Command {
public:
    Result<void> prepare(const CommandContext &context) override
    {
        if (context.arguments().size() != 1)
            return fail(errc::usageError, u"upgrade-preview takes one argument: the tier to change to"_s);
        m_tier = context.arguments().constFirst().trimmed().toLower();
        if (!parseSubscriptionTier(m_tier))
            return fail(errc::invalidArgument,
                        u"'%1' is not a tier; use one of: %2"_s.arg(
                            m_tier.left(40), enumLabels(allSubscriptionTiers()).join(u", "_s)));
        return {};
    }

    void run(CommandContext &context) override
    {
        context.whenSignedIn([this, &context](session::AppSession &s) {
            s.cloud().fetchSubscription(
                &context, [this, &context, &s](Result<api::Subscription> subscription) {
                    if (!subscription)
                        return context.fail(subscription.error());
                    s.cloud().previewProration(subscription->id, m_tier, &context,
                                               [&context](Result<api::ProrationPreview> preview) {
                                                   if (!preview)
                                                       return context.fail(preview.error());
                                                   report(context, *preview);
                                               });
                });
        });
    }

private:
    static QStringList previewText(const api::ProrationPreview &p)
    {
        const QList<std::pair<QString, QString>> rows{
            {u"unused value of %1"_s.arg(p.fromTier), format::money(p.unusedCreditValue)},
            {u"prorated cost of %1"_s.arg(p.toTier), format::money(p.newTierProratedCost)},
            {u"net charge"_s, format::money(p.netCharge)},
            {u"charged today"_s, format::money(p.chargeToday)},
            {u"next bill, %1"_s.arg(format::date(p.nextBillingDateMs)), format::money(p.nextBillingAmount)}};
        qsizetype width = 0;
        for (const auto &[label, value] : rows)
            width = std::max(width, label.size());
        QStringList text{u"Changing %1 → %2 with %3 of %4 days left in the cycle:"_s.arg(
            p.fromTier, p.toTier, QString::number(p.daysRemaining), QString::number(p.daysInCycle))};
        for (const auto &[label, value] : rows)
            text.append(u"  "_s + QString(label + u':').leftJustified(width + 2) + value.rightJustified(12));
        text.append(u"This is a preview: nothing was changed."_s);
        return text;
    }

    static void report(CommandContext &context, const api::ProrationPreview &p)
    {
        const auto cents = [](Money m) {
            return static_cast<qint64>(m.cents());
        };
        context.succeed({{u"subscription_id"_s, p.subscriptionId},
                         {u"from_tier"_s, p.fromTier},
                         {u"to_tier"_s, p.toTier},
                         {u"days_remaining"_s, static_cast<qint64>(p.daysRemaining)},
                         {u"days_in_cycle"_s, static_cast<qint64>(p.daysInCycle)},
                         {u"unused_credit_value_cents"_s, cents(p.unusedCreditValue)},
                         {u"new_tier_prorated_cost_cents"_s, cents(p.newTierProratedCost)},
                         {u"net_charge_cents"_s, cents(p.netCharge)},
                         {u"charge_today_cents"_s, cents(p.chargeToday)},
                         {u"next_billing_amount_cents"_s, cents(p.nextBillingAmount)},
                         {u"next_billing_date"_s, format::jsonTime(p.nextBillingDateMs)},
                         {u"message"_s, p.message}},
                        previewText(p));
    }

    QString m_tier;
};

const RegisterCommand<UpgradePreviewCommand> registered{
    {u"upgrade-preview"_s,
     u"TIER"_s,
     u"What changing the plan to TIER would cost now (prorated)"_s,
     u"Asks the server for the proration of a change from the current subscription to TIER\n"
     u"(pro, pro_max, enterprise_pro, enterprise_max, …). Changes nothing."_s,
     {}}};

} // namespace

} // namespace creditdesk::cli
