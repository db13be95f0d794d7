// `creditdesk invoices [--limit N]`
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

class InvoicesCommand final : public Command {
public:
    [[nodiscard]] QList<QCommandLineOption> options() const override { return {m_limit}; }

    Result<void> prepare(const CommandContext &context) override
    {
        if (!context.arguments().isEmpty())
            return fail(errc::usageError, u"invoices takes options only"_s);
        if (context.isSet(m_limit)) {
            bool ok = false;
            m_count = context.value(m_limit).toInt(&ok);
            if (!ok || m_count < 1 || m_count > store::BillingRepository::kMaxInvoices)
                return fail(errc::invalidArgument, u"--limit takes a number from 1 to %1"_s.arg(
                                                       store::BillingRepository::kMaxInvoices));
        }
        return {};
    }

    void run(CommandContext &context) override
    {
        session::AppSession *s = context.session();
        if (!s)
            return;
        auto invoices = store::BillingRepository(s->mirror()).invoices(m_count);
        if (!invoices)
            return context.fail(invoices.error());
        auto synced = lastSyncMs(s->mirror());
        if (!synced)
            return context.fail(synced.error());
        QJsonArray list;
        format::Table table({u"DATE"_s, u"INVOICE"_s, u"AMOUNT"_s, u"STATUS"_s, u"DESCRIPTION"_s}, {2});
        for (const store::Invoice &i : std::as_const(*invoices)) {
            list.append(json::invoice(i));
            const QString amount =
                format::money(i.amount) +
                (i.currency.compare("usd"_L1, Qt::CaseInsensitive) == 0 ? QString() : u' ' + i.currency);
            table.add({format::date(i.dateMs), i.id, amount, i.status, i.description});
        }
        QStringList text = table.isEmpty() ? QStringList{u"No invoices."_s} : table.render();
        text.append(format::dataAsOf(*synced));
        context.succeed({{u"invoices"_s, list}, {u"last_sync_at"_s, format::jsonTime(*synced)}}, text);
    }

private:
    const QCommandLineOption m_limit{u"limit"_s, u"At most N invoices, newest first (default 20)."_s, u"N"_s};
    int m_count = 20;
};

const RegisterCommand<InvoicesCommand> registered{
    {u"invoices"_s, u"[--limit N]"_s, u"Invoices from the synced data, newest first"_s, QString(), {}}};

} // namespace

} // namespace creditdesk::cli
