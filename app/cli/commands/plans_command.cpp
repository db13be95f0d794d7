// `creditdesk plans`
#include "app/cli/cli_errors.h"
#include "app/cli/command.h"
#include "app/cli/command_context.h"
#include "app/cli/format.h"
#include "core/api/cloud_client.h"
#include "core/session/app_session.h"

#include <QJsonArray>

using namespace Qt::StringLiterals;

namespace creditdesk::cli {

namespace {

class PlansCommand final : public Command {
public:
    Result<void> prepare(const CommandContext &context) override
    {
        if (!context.arguments().isEmpty())
            return fail(errc::usageError, u"plans takes no arguments"_s);
        return {};
    }

    void run(CommandContext &context) override
    {
        session::AppSession *s = context.session();
        if (!s)
            return;
        if (auto server = s->requireServer(); !server)
            return context.fail(server.error());
        s->cloud().fetchPlans(&context, [&context](Result<QList<api::Plan>> plans) {
            if (!plans)
                return context.fail(plans.error());
            QJsonArray list;
            format::Table table({u"PLAN"_s, u"NAME"_s, u"PRICE/MONTH"_s, u"CREDITS/MONTH"_s, u"YEARLY"_s},
                                {2, 3});
            for (const api::Plan &p : std::as_const(*plans)) {
                list.append(QJsonObject{
                    {u"id"_s, p.id},
                    {u"name"_s, p.name},
                    {u"description"_s, p.description},
                    {u"price_cents"_s, static_cast<qint64>(p.price.cents())},
                    {u"credits_per_month"_s, static_cast<qint64>(p.creditsPerMonth)},
                    {u"billing_intervals"_s, QJsonArray::fromStringList(p.billingIntervals)},
                    {u"yearly_discount_percent"_s,
                     p.yearlyDiscountPercent ? QJsonValue(static_cast<qint64>(*p.yearlyDiscountPercent))
                                             : QJsonValue::Null},
                    {u"features"_s, QJsonArray::fromStringList(p.features)}});
                table.add({p.id, p.name, format::money(p.price), format::integer(p.creditsPerMonth),
                           p.yearlyDiscountPercent ? u"-%1%"_s.arg(*p.yearlyDiscountPercent) : u"-"_s});
            }
            context.succeed({{u"plans"_s, list}},
                            table.isEmpty() ? QStringList{u"The server lists no plans."_s} : table.render());
        });
    }
};

const RegisterCommand<PlansCommand> registered{
    {u"plans"_s, QString(), u"The subscription plans the server offers"_s, QString(), {}}};

} // namespace

} // namespace creditdesk::cli
