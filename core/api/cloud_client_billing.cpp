// CloudClient: credits (§6), usage and invoices (§7), cursor paging and sync state (§10.5).
#include "core/api/api_errors.h"
#include "core/api/cloud_client.h"
#include "core/api/cloud_client_p.h"

#include <QRegularExpression>

using namespace Qt::StringLiterals;

namespace creditdesk::api {

using namespace client_detail;

namespace {

Error badArgument(const QString &message)
{
    return makeError(creditdesk::errc::invalidArgument, message);
}

} // namespace

CallHandle CloudClient::fetchCreditPeriod(QObject *context, Callback<CreditPeriod> done)
{
    return call<CreditPeriod>(get(u"/v1/credits/me"_s), bare(&parse::creditPeriod), context, std::move(done));
}

CallHandle CloudClient::fetchCreditSummary(QObject *context, Callback<CreditSummary> done)
{
    return call<CreditSummary>(get(u"/api/user/credits"_s), bare(&parse::creditSummary), context,
                               std::move(done));
}

CallHandle CloudClient::fetchUsage(const UsageQuery &query, QObject *context, Callback<UsagePage> done)
{
    if (query.limit < 1 || query.limit > 100 || query.offset < 0)
        return reject(badArgument(u"usage limit must be 1..100 and offset >= 0"_s), context, std::move(done));
    ApiRequestSpec spec = get(u"/v1/usage"_s);
    const std::pair<QString, QString> optional[] = {{u"start_date"_s, query.startDate},
                                                    {u"end_date"_s, query.endDate},
                                                    {u"model_id"_s, query.modelId},
                                                    {u"operation"_s, query.operation}};
    for (const auto &[name, value] : optional) {
        if (!value.isEmpty())
            spec.query.addQueryItem(name, QString::fromLatin1(QUrl::toPercentEncoding(value)));
    }
    spec.query.addQueryItem(u"limit"_s, QString::number(query.limit));
    spec.query.addQueryItem(u"offset"_s, QString::number(query.offset));
    return call<UsagePage>(std::move(spec), bare(&parse::usagePage), context, std::move(done));
}

CallHandle CloudClient::fetchUsageAfter(const QString &cursor, int limit, QObject *context,
                                        Callback<LedgerPage> done)
{
    if (limit < 1 || limit > 1000)
        return reject(badArgument(u"usage page limit must be 1..1000"_s), context, std::move(done));
    ApiRequestSpec spec = get(u"/v1/usage"_s);
    spec.extension = true;
    spec.query.addQueryItem(u"after"_s, QString::fromLatin1(QUrl::toPercentEncoding(cursor)));
    spec.query.addQueryItem(u"limit"_s, QString::number(limit));
    return call<LedgerPage>(std::move(spec), bare(&parse::ledgerPage), context, std::move(done));
}

CallHandle CloudClient::fetchUsageStats(const UsageStatsQuery &query, QObject *context,
                                        Callback<UsageStats> done)
{
    if (query.groupBy != "day"_L1 && query.groupBy != "hour"_L1 && query.groupBy != "model"_L1)
        return reject(badArgument(u"group_by must be day, hour or model"_s), context, std::move(done));
    ApiRequestSpec spec = get(u"/v1/usage/stats"_s);
    if (!query.startDate.isEmpty())
        spec.query.addQueryItem(u"start_date"_s,
                                QString::fromLatin1(QUrl::toPercentEncoding(query.startDate)));
    if (!query.endDate.isEmpty())
        spec.query.addQueryItem(u"end_date"_s, QString::fromLatin1(QUrl::toPercentEncoding(query.endDate)));
    spec.query.addQueryItem(u"group_by"_s, query.groupBy);
    return call<UsageStats>(std::move(spec), bare(&parse::usageStats), context, std::move(done));
}

CallHandle CloudClient::fetchUsageSummary(const QString &period, QObject *context,
                                          Callback<MonthlySummary> done)
{
    static const QRegularExpression month(u"^\\d{4}-\\d{2}$"_s);
    if (period != "current_month"_L1 && !month.match(period).hasMatch())
        return reject(badArgument(u"period must be current_month or YYYY-MM"_s), context, std::move(done));
    ApiRequestSpec spec = get(u"/api/user/usage/summary"_s);
    spec.query.addQueryItem(u"period"_s, period);
    return call<MonthlySummary>(std::move(spec), bare(&parse::monthlySummary), context, std::move(done));
}

CallHandle CloudClient::fetchInvoices(int limit, const QString &startingAfter, QObject *context,
                                      Callback<InvoicePage> done)
{
    if (limit < 1 || limit > 50)
        return reject(badArgument(u"invoice limit must be 1..50"_s), context, std::move(done));
    ApiRequestSpec spec = get(u"/api/user/invoices"_s);
    spec.query.addQueryItem(u"limit"_s, QString::number(limit));
    if (!startingAfter.isEmpty())
        spec.query.addQueryItem(u"starting_after"_s,
                                QString::fromLatin1(QUrl::toPercentEncoding(startingAfter)));
    return call<InvoicePage>(std::move(spec), bare(&parse::invoicePage), context, std::move(done));
}

CallHandle CloudClient::fetchSyncState(const QString &etag, QObject *context, Callback<SyncStateResult> done)
{
    ApiRequestSpec spec = get(u"/v1/sync/state"_s);
    spec.extension = true;
    spec.passStatuses = {304};
    if (!etag.isEmpty())
        spec.headers.append({QByteArray("If-None-Match"), etag.toLatin1()});
    Parser<SyncStateResult> parser = [etag](const HttpResponse &response) -> Result<SyncStateResult> {
        SyncStateResult result;
        result.etag = QString::fromLatin1(response.header("etag"));
        if (response.status == 304) {
            result.notModified = true;
            if (result.etag.isEmpty())
                result.etag = etag;
            return result;
        }
        auto json = dataEnvelope(response);
        if (!json)
            return std::unexpected(json.error());
        auto state = parse::syncState(*json);
        if (!state)
            return std::unexpected(state.error());
        result.state = std::move(*state);
        return result;
    };
    return call<SyncStateResult>(std::move(spec), std::move(parser), context, std::move(done));
}

} // namespace creditdesk::api
