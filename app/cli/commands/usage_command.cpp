// `creditdesk usage [--from DATE] [--to DATE] [--model ID] [--limit N]`
#include "app/cli/cli_errors.h"
#include "app/cli/command.h"
#include "app/cli/command_context.h"
#include "app/cli/format.h"
#include "app/cli/json_stream.h"
#include "app/cli/mirror_json.h"
#include "app/cli/usage_query.h"
#include "core/domain/utc_time.h"
#include "core/session/app_session.h"

using namespace Qt::StringLiterals;

namespace creditdesk::cli {

namespace {

constexpr std::int64_t kDefaultLimit = 20;
constexpr std::int64_t kMaxLimit = 1'000'000;

// Fixed widths, so rows can be printed as they are read.
QString usageLine(const QString &time, const QString &model, const QString &provider, const QString &type,
                  const QString &input, const QString &output, const QString &credits, const QString &byok,
                  const QString &status)
{
    return time.leftJustified(19) + u"  "_s + model.leftJustified(26) + u"  "_s + provider.leftJustified(9) +
           u"  "_s + type.leftJustified(10) + u"  "_s + input.rightJustified(9) + u"  "_s +
           output.rightJustified(9) + u"  "_s + credits.rightJustified(10) + u"  "_s + byok.leftJustified(4) +
           u"  "_s + status;
}

QString rowTime(std::int64_t ms)
{
    // "2025-11-27T05:37:12.000Z" → "2025-11-27 05:37:12"
    return toIsoUtc(ms).left(19).replace(u'T', u' ');
}

class UsageCommand final : public Command {
public:
    [[nodiscard]] QList<QCommandLineOption> options() const override
    {
        return usageFilterOptions() << m_limit;
    }

    Result<void> prepare(const CommandContext &context) override
    {
        if (!context.arguments().isEmpty())
            return fail(errc::usageError, u"usage takes options only"_s);
        auto filter = usageFilterFrom(context);
        if (!filter)
            return std::unexpected(filter.error());
        m_filter = *filter;
        m_filter.limit = kDefaultLimit;
        if (context.isSet(m_limit)) {
            bool ok = false;
            const qlonglong limit = context.value(m_limit).toLongLong(&ok);
            if (!ok || limit < 1 || limit > kMaxLimit)
                return fail(errc::invalidArgument, u"--limit takes a number from 1 to %1"_s.arg(kMaxLimit));
            m_filter.limit = limit;
        }
        return {};
    }

    void run(CommandContext &context) override
    {
        session::AppSession *s = context.session();
        if (!s)
            return;
        auto synced = lastSyncMs(s->mirror());
        if (!synced)
            return context.fail(synced.error());
        Output &out = context.out();
        JsonArrayStream stream({{u"last_sync_at"_s, format::jsonTime(*synced)}}, "rows"_L1);
        if (out.json())
            out.raw(stream.begin());
        else
            out.line(usageLine(u"RECORDED (UTC)"_s, u"MODEL"_s, u"PROVIDER"_s, u"TYPE"_s, u"IN"_s, u"OUT"_s,
                               u"CREDITS"_s, u"BYOK"_s, u"STATUS"_s));
        auto count = forEachUsageRow(s->mirror(), m_filter, [&](const store::UsageRow &r) -> Result<bool> {
            if (out.json())
                out.raw(stream.element(json::usageRow(r)));
            else
                out.line(usageLine(rowTime(r.createdAtMs), r.modelId, r.provider, r.requestType,
                                   format::integer(r.inputTokens), format::integer(r.outputTokens),
                                   format::credits(r.creditsDeducted),
                                   r.byok ? (*r.byok ? u"yes"_s : u"no"_s) : u"-"_s, r.status));
            return true;
        });
        if (!count) {
            if (!out.json())
                return context.fail(count.error());
            // The document has begun: the error goes inside it, so stdout stays one JSON document.
            out.raw(stream.end({{u"error"_s, context.errorObject(count.error())}}));
            return context.end(2);
        }
        if (out.json()) {
            out.raw(stream.end({{u"count"_s, static_cast<qint64>(*count)}, {u"complete"_s, true}}));
        } else {
            out.line();
            out.line(u"%1 rows, newest first%2."_s.arg(
                format::integer(*count),
                *count == m_filter.limit ? u" (--limit %1)"_s.arg(*m_filter.limit) : QString()));
            out.line(format::dataAsOf(*synced));
        }
        context.end(0);
    }

private:
    const QCommandLineOption m_limit{u"limit"_s, u"At most N rows (default 20)."_s, u"N"_s};
    UsageFilter m_filter;
};

const RegisterCommand<UsageCommand> registered{
    {u"usage"_s,
     u"[--from DATE] [--to DATE] [--model ID] [--limit N]"_s,
     u"The usage ledger from the synced data, newest first"_s,
     u"Reads the local data (run 'creditdesk sync' to update it) a page at a time. DATE is a UTC\n"
     u"day YYYY-MM-DD (--to includes that day) or a time YYYY-MM-DDTHH:MM:SSZ; rows are selected\n"
     u"by the time the server recorded them."_s,
     {}}};

} // namespace

} // namespace creditdesk::cli
