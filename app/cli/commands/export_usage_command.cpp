// `creditdesk export-usage --format csv|json --out FILE [--from DATE] [--to DATE] [--model ID]`
#include "app/cli/cli_errors.h"
#include "app/cli/command.h"
#include "app/cli/command_context.h"
#include "app/cli/format.h"
#include "app/cli/mirror_json.h"
#include "app/cli/usage_query.h"
#include "core/session/app_session.h"
#include "core/store/usage_export.h"

#include <QFileInfo>

using namespace Qt::StringLiterals;

namespace creditdesk::cli {

namespace {

class ExportUsageCommand final : public Command {
public:
    [[nodiscard]] QList<QCommandLineOption> options() const override
    {
        return QList<QCommandLineOption>{m_format, m_out} + usageFilterOptions();
    }

    Result<void> prepare(const CommandContext &context) override
    {
        if (!context.arguments().isEmpty())
            return fail(errc::usageError, u"export-usage takes options only"_s);
        if (!context.isSet(m_format) || !context.isSet(m_out))
            return fail(errc::usageError, u"export-usage needs --format csv|json and --out FILE"_s);
        const QString format = context.value(m_format).toLower();
        if (format == "csv"_L1)
            m_exportFormat = store::ExportFormat::Csv;
        else if (format == "json"_L1)
            m_exportFormat = store::ExportFormat::Json;
        else
            return fail(errc::invalidArgument, u"--format is csv or json, not '%1'"_s.arg(format.left(20)));
        m_path = context.value(m_out);
        if (m_path.isEmpty() || QFileInfo(m_path).isDir())
            return fail(errc::invalidArgument, u"--out needs a file name"_s);
        m_path = QFileInfo(m_path).absoluteFilePath();
        auto filter = usageFilterFrom(context);
        if (!filter)
            return std::unexpected(filter.error());
        m_filter = *filter;
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
        store::UsageExport file(m_path, m_exportFormat);
        if (auto begun = file.begin(); !begun)
            return context.fail(begun.error());
        auto count = forEachUsageRow(
            s->mirror(), m_filter, [&file, &context](const store::UsageRow &row) -> Result<bool> {
                if (auto added = file.add(row); !added)
                    return std::unexpected(added.error());
                if (file.rows() % 10'000 == 0)
                    context.out().progress(u"Exported %1 rows"_s.arg(format::integer(file.rows())));
                return true;
            });
        context.out().endProgress();
        if (!count)
            return context.fail(count.error());
        if (auto committed = file.commit(); !committed)
            return context.fail(committed.error());
        const QString formatName = m_exportFormat == store::ExportFormat::Csv ? u"csv"_s : u"json"_s;
        context.succeed(
            {{u"file"_s, m_path},
             {u"format"_s, formatName},
             {u"rows"_s, static_cast<qint64>(file.rows())},
             {u"last_sync_at"_s, format::jsonTime(*synced)}},
            {u"Exported %1 usage rows (newest first) to %2."_s.arg(format::integer(file.rows()), m_path),
             format::dataAsOf(*synced)});
    }

private:
    const QCommandLineOption m_format{u"format"_s, u"csv or json."_s, u"FORMAT"_s};
    const QCommandLineOption m_out{u"out"_s, u"The file to write (replaced whole, atomically)."_s, u"FILE"_s};
    store::ExportFormat m_exportFormat = store::ExportFormat::Csv;
    QString m_path;
    UsageFilter m_filter;
};

const RegisterCommand<ExportUsageCommand> registered{
    {u"export-usage"_s,
     u"--format csv|json --out FILE [--from DATE] [--to DATE] [--model ID]"_s,
     u"Write the synced usage ledger to a CSV or JSON file"_s,
     u"Streams the rows from the local data into FILE a page at a time; the file appears only\n"
     u"when complete. Credits are written as exact decimals."_s,
     {}}};

} // namespace

} // namespace creditdesk::cli
