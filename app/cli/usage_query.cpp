#include "app/cli/usage_query.h"

#include "app/cli/cli_errors.h"
#include "app/cli/command_context.h"
#include "core/domain/utc_time.h"
#include "core/store/usage_export.h"
#include "core/store/usage_repository.h"

#include <QRegularExpression>

using namespace Qt::StringLiterals;

namespace creditdesk::cli {

namespace {

const QCommandLineOption kFrom{
    u"from"_s, u"Only rows recorded at or after DATE (YYYY-MM-DD, UTC, or an ISO time)."_s, u"DATE"_s};
const QCommandLineOption kTo{u"to"_s, u"Only rows recorded up to DATE (a day is included whole)."_s,
                             u"DATE"_s};
const QCommandLineOption kModel{u"model"_s, u"Only rows of this model id."_s, u"ID"_s};

// A day ("2025-11-27") is its start; with `endOfDay` the start of the next day.
Result<std::int64_t> parseDate(const QString &option, const QString &text, bool endOfDay)
{
    static const QRegularExpression day(u"^(\\d{4})-(\\d{2})-(\\d{2})$"_s);
    if (const auto match = day.match(text); match.hasMatch()) {
        auto start = utcMs(match.captured(1).toInt(), match.captured(2).toInt(), match.captured(3).toInt());
        if (start)
            return endOfDay ? *start + kMsPerDay : *start;
    } else if (auto at = parseIsoUtc(text)) {
        return *at;
    }
    return fail(errc::invalidArgument,
                u"--%1 takes a date YYYY-MM-DD or a time YYYY-MM-DDTHH:MM:SSZ, not '%2'"_s.arg(
                    option, text.left(40)));
}

} // namespace

QList<QCommandLineOption> usageFilterOptions()
{
    return {kFrom, kTo, kModel};
}

Result<UsageFilter> usageFilterFrom(const CommandContext &context)
{
    UsageFilter filter;
    if (context.isSet(kFrom)) {
        auto from = parseDate(u"from"_s, context.value(kFrom), false);
        if (!from)
            return std::unexpected(from.error());
        filter.fromMs = *from;
    }
    if (context.isSet(kTo)) {
        auto to = parseDate(u"to"_s, context.value(kTo), true);
        if (!to)
            return std::unexpected(to.error());
        filter.toMs = *to;
    }
    if (filter.toMs && *filter.toMs <= filter.fromMs)
        return fail(errc::invalidArgument, u"--to must be after --from"_s);
    if (context.isSet(kModel)) {
        filter.modelId = context.value(kModel).trimmed();
        if (filter.modelId.isEmpty())
            return fail(errc::invalidArgument, u"--model needs a model id"_s);
    }
    return filter;
}

Result<std::int64_t> forEachUsageRow(store::MirrorDatabase &db, const UsageFilter &filter,
                                     const std::function<Result<bool>(const store::UsageRow &)> &row)
{
    store::UsagePageRequest request;
    request.sinceMs = filter.fromMs;
    request.untilMs = filter.toMs;
    request.modelId = filter.modelId;
    store::UsageRowCursor rows(db, request, store::UsageRepository::kMaxPageSize);
    std::int64_t handed = 0;
    while (!rows.done() && !(filter.limit && handed >= *filter.limit)) {
        auto page = rows.next();
        if (!page)
            return std::unexpected(page.error());
        for (const store::UsageRow &r : std::as_const(*page)) {
            if (filter.limit && handed >= *filter.limit)
                return handed;
            auto more = row(r);
            if (!more)
                return std::unexpected(more.error());
            ++handed;
            if (!*more)
                return handed;
        }
    }
    return handed;
}

} // namespace creditdesk::cli
