#include "server/billing/usage_query_service.h"

#include "core/domain/utc_time.h"
#include "server/billing/billing_errors.h"
#include "server/billing/billing_json.h"
#include "server/billing/credit_repository.h"
#include "server/billing/subscription_repository.h"
#include "server/billing/usage_query_repository.h"
#include "server/db/connection.h"

#include <QJsonArray>
#include <QUuid>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace creditdesk::server {

namespace {

constexpr auto kCursorEncoding = QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals;

std::int64_t weightedAverage(const UsageTotals &t)
{
    return t.timedRequests > 0 ? (t.durationMs + t.timedRequests / 2) / t.timedRequests : 0;
}

QJsonObject bucketFields(const UsageTotals &t)
{
    return QJsonObject{{u"creditsUsed"_s, billing::creditsJson(t.credits)},
                       {u"requestsCount"_s, static_cast<qint64>(t.requests)},
                       {u"tokensTotal"_s, static_cast<qint64>(t.tokens)},
                       {u"averageDurationMs"_s, static_cast<qint64>(weightedAverage(t))}};
}

QJsonObject syncRowJson(const UsageSyncRow &r)
{
    return QJsonObject{{u"id"_s, r.id},
                       {u"request_id"_s, r.requestId},
                       {u"model_id"_s, r.modelId},
                       {u"provider"_s, r.provider},
                       {u"request_type"_s, r.requestType},
                       {u"input_tokens"_s, static_cast<qint64>(r.inputTokens)},
                       {u"output_tokens"_s, static_cast<qint64>(r.outputTokens)},
                       {u"cached_input_tokens"_s, static_cast<qint64>(r.cachedInputTokens)},
                       {u"credits_deducted"_s, billing::creditsJson(r.credits)},
                       {u"is_byok"_s, r.byok},
                       {u"status"_s, r.status},
                       {u"reverses_id"_s, r.reversesId.isEmpty() ? QJsonValue(QJsonValue::Null)
                                                                 : QJsonValue(r.reversesId)},
                       {u"occurred_at"_s, billing::tsJson(r.occurredAtMs)},
                       {u"created_at"_s, billing::tsJson(r.createdAtMs)},
                       {u"updated_at"_s, billing::tsJson(r.updatedAtMs)}};
}

// Which grants paid for the month: subscription grants made in it (free or
// paid tier by the current subscription), the rest from purchased sources.
Result<QJsonObject> creditBreakdown(const Connection &db, const QString &userId, std::int64_t startMs,
                                    std::int64_t endMs, Credits creditsUsed)
{
    auto grants = CreditRepository(db).allGrants(userId);
    if (!grants)
        return std::unexpected(grants.error());
    auto subscription = SubscriptionRepository(db).current(userId);
    if (!subscription)
        return std::unexpected(subscription.error());
    const bool freeTier = !*subscription || (*subscription)->tier == SubscriptionTier::Free;
    Credits used;
    Credits allocated;
    for (const GrantRow &row : std::as_const(*grants)) {
        if (row.grant.type != CreditType::Subscription || row.grant.createdAtMs < startMs
            || row.grant.createdAtMs >= endMs)
            continue;
        used = used.plus(row.grant.amount.minus(row.grant.remaining).value_or(Credits())).value_or(used);
        allocated = allocated.plus(row.grant.amount).value_or(allocated);
    }
    const Credits purchased = creditsUsed > used ? creditsUsed.minus(used).value_or(Credits()) : Credits();
    return QJsonObject{{u"freeCreditsUsed"_s, billing::creditsJson(freeTier ? used : Credits())},
                       {u"freeCreditsLimit"_s, static_cast<qint64>(freeTier ? allocated.floorWhole() : 0)},
                       {u"proCreditsUsed"_s, billing::creditsJson(freeTier ? Credits() : used)},
                       {u"purchasedCreditsUsed"_s, billing::creditsJson(purchased)}};
}

std::int64_t percent(std::int64_t part, std::int64_t whole)
{
    return whole > 0 ? (part * 100 + whole / 2) / whole : 0;
}

} // namespace

QString encodeUsageCursor(std::int64_t createdAtMs, const QString &id)
{
    return QString::fromLatin1(
        QByteArray("c1:" + QByteArray::number(static_cast<qlonglong>(createdAtMs)) + ':' + id.toLatin1())
            .toBase64(kCursorEncoding));
}

Result<std::optional<UsageCursor>> decodeUsageCursor(const QString &text)
{
    if (text.isEmpty())
        return std::optional<UsageCursor>();
    auto invalid = [] { return fail(billerr::invalidCursor, u"the cursor is not one this server issued"_s); };
    if (text.size() > 200)
        return invalid();
    const auto decoded = QByteArray::fromBase64Encoding(text.toLatin1(), kCursorEncoding | QByteArray::AbortOnBase64DecodingErrors);
    if (!decoded)
        return invalid();
    const QList<QByteArray> parts = decoded.decoded.split(':');
    if (parts.size() != 3 || parts[0] != "c1")
        return invalid();
    bool ok = false;
    const qlonglong ms = parts[1].toLongLong(&ok);
    if (!ok || ms < 0)
        return invalid();
    const QString id = QString::fromLatin1(parts[2]);
    const QUuid uuid = QUuid::fromString(id);
    if (uuid.isNull() || uuid.toString(QUuid::WithoutBraces) != id)
        return invalid();
    // Round trip: only the canonical encoding is accepted.
    if (encodeUsageCursor(ms, id) != text)
        return invalid();
    return std::optional<UsageCursor>(UsageCursor{ms, id});
}

Result<QJsonObject> UsageQueryService::list(const QString &userId, const UsageFilter &filter, int limit,
                                            std::int64_t offset)
{
    const UsageQueryRepository repo(m_db);
    auto rows = repo.list(userId, filter, limit, offset);
    if (!rows)
        return std::unexpected(rows.error());
    auto totals = repo.totals(userId, filter);
    if (!totals)
        return std::unexpected(totals.error());
    QJsonArray usage;
    for (const UsageListRow &r : std::as_const(*rows)) {
        usage.append(QJsonObject{
            {u"id"_s, r.id},
            {u"modelId"_s, r.modelId},
            {u"operation"_s, r.requestType},
            {u"creditsUsed"_s, billing::creditsJson(r.credits)},
            {u"inputTokens"_s, static_cast<qint64>(r.inputTokens)},
            {u"outputTokens"_s, static_cast<qint64>(r.outputTokens)},
            {u"totalTokens"_s, static_cast<qint64>(r.inputTokens + r.outputTokens + r.cachedInputTokens)},
            {u"requestDurationMs"_s, r.durationMs ? QJsonValue(static_cast<qint64>(*r.durationMs))
                                                  : QJsonValue(QJsonValue::Null)},
            {u"createdAt"_s, billing::tsJson(r.occurredAtMs)}});
    }
    return QJsonObject{
        {u"usage"_s, usage},
        {u"pagination"_s, QJsonObject{{u"limit"_s, limit},
                                      {u"offset"_s, static_cast<qint64>(offset)},
                                      {u"total"_s, static_cast<qint64>(totals->requests)},
                                      {u"hasMore"_s, offset + rows->size() < totals->requests}}},
        {u"summary"_s, QJsonObject{{u"totalCreditsUsed"_s, billing::creditsJson(totals->credits)},
                                   {u"totalRequests"_s, static_cast<qint64>(totals->requests)},
                                   {u"totalTokens"_s, static_cast<qint64>(totals->tokens)}}}};
}

Result<QJsonObject> UsageQueryService::page(const QString &userId, const QString &after, int limit)
{
    auto cursor = decodeUsageCursor(after);
    if (!cursor)
        return std::unexpected(cursor.error());
    const std::int64_t visible = billing::nowMs(m_env) - kVisibilityDelayMs;
    auto rows = UsageQueryRepository(m_db).page(userId, *cursor ? std::optional((*cursor)->createdAtMs) : std::nullopt,
                                                 *cursor ? (*cursor)->id : QString(), visible, limit + 1);
    if (!rows)
        return std::unexpected(rows.error());
    const bool more = rows->size() > limit;
    if (more)
        rows->removeLast();
    QJsonArray data;
    for (const UsageSyncRow &r : std::as_const(*rows))
        data.append(syncRowJson(r));
    const QString next = rows->isEmpty() ? after : encodeUsageCursor(rows->last().createdAtMs, rows->last().id);
    return QJsonObject{{u"data"_s, data}, {u"next_cursor"_s, next}, {u"has_more"_s, more}};
}

Result<QString> UsageQueryService::latestCursor(const QString &userId)
{
    auto latest = UsageQueryRepository(m_db).latest(userId, billing::nowMs(m_env) - kVisibilityDelayMs);
    if (!latest)
        return std::unexpected(latest.error());
    return *latest ? encodeUsageCursor((*latest)->first, (*latest)->second) : QString();
}

Result<QJsonObject> UsageQueryService::stats(const QString &userId, const UsageFilter &filter, UsageGrouping grouping)
{
    const UsageQueryRepository repo(m_db);
    auto buckets = repo.grouped(userId, filter, grouping);
    if (!buckets)
        return std::unexpected(buckets.error());
    // The buckets partition the rows: their sums are the totals (one scan).
    UsageTotals totals;
    for (const UsageBucket &b : std::as_const(*buckets)) {
        totals.credits = totals.credits.plus(b.totals.credits).value_or(totals.credits);
        totals.requests += b.totals.requests;
        totals.tokens += b.totals.tokens;
        totals.durationMs += b.totals.durationMs;
        totals.timedRequests += b.totals.timedRequests;
    }
    QList<UsageBucket> list = *buckets;
    switch (grouping) {
    case UsageGrouping::Day:
        std::ranges::sort(list, std::greater<>(), [](const UsageBucket &b) { return b.key.toLongLong(); });
        if (list.size() > 90)
            list.resize(90);
        break;
    case UsageGrouping::Hour:
        std::ranges::sort(list, std::less<>(), [](const UsageBucket &b) { return b.key.toInt(); });
        break;
    default:
        std::ranges::sort(list, [](const UsageBucket &a, const UsageBucket &b) {
            return a.totals.credits != b.totals.credits ? a.totals.credits > b.totals.credits : a.key < b.key;
        });
        break;
    }
    QJsonArray stats;
    for (const UsageBucket &b : std::as_const(list)) {
        QJsonObject item = bucketFields(b.totals);
        if (grouping == UsageGrouping::Day) {
            const UtcFields f = utcFields(b.key.toLongLong() * kMsPerDay);
            item.insert(u"date"_s, u"%1-%2-%3"_s.arg(f.year, 4, 10, QChar(u'0'))
                                       .arg(f.month, 2, 10, QChar(u'0'))
                                       .arg(f.day, 2, 10, QChar(u'0')));
        } else if (grouping == UsageGrouping::Hour) {
            item.insert(u"hour"_s, b.key.toInt());
        } else {
            item.insert(u"modelId"_s, b.key);
        }
        stats.append(item);
    }
    return QJsonObject{{u"stats"_s, stats}, {u"total"_s, bucketFields(totals)}};
}

Result<QJsonObject> UsageQueryService::summary(const QString &userId, const QString &period)
{
    const std::int64_t now = billing::nowMs(m_env);
    int year = 0;
    int month = 0;
    if (period.isEmpty() || period == "current_month"_L1) {
        const UtcFields f = utcFields(now);
        year = f.year;
        month = f.month;
    } else {
        bool yearOk = false;
        bool monthOk = false;
        if (period.size() == 7 && period[4] == u'-') {
            year = period.left(4).toInt(&yearOk);
            month = period.mid(5, 2).toInt(&monthOk);
        }
        if (!yearOk || !monthOk || year < 2000 || month < 1 || month > 12 || !period[5].isDigit())
            return fail(billerr::validationError, u"period is current_month or YYYY-MM"_s,
                        QJsonObject{{u"period"_s, u"current_month or YYYY-MM"_s}});
    }
    auto start = utcMs(year, month, 1);
    if (!start)
        return std::unexpected(start.error());
    auto end = addMonths(*start, 1);
    if (!end)
        return std::unexpected(end.error());
    UsageFilter filter;
    filter.fromMs = *start;
    filter.untilMs = *end;
    const UsageQueryRepository repo(m_db);
    auto models = repo.grouped(userId, filter, UsageGrouping::ModelAndProvider);
    if (!models)
        return std::unexpected(models.error());
    UsageTotals sum;
    for (const UsageBucket &b : std::as_const(*models)) {
        sum.credits = sum.credits.plus(b.totals.credits).value_or(sum.credits);
        sum.requests += b.totals.requests;
        sum.tokens += b.totals.tokens;
    }
    const UsageTotals *totals = &sum;
    QList<UsageBucket> list = *models;
    std::ranges::sort(list, [](const UsageBucket &a, const UsageBucket &b) {
        return a.totals.requests != b.totals.requests ? a.totals.requests > b.totals.requests : a.key < b.key;
    });
    QJsonArray breakdown;
    for (const UsageBucket &b : std::as_const(list)) {
        breakdown.append(QJsonObject{{u"model"_s, b.key},
                                     {u"provider"_s, b.provider},
                                     {u"requests"_s, static_cast<qint64>(b.totals.requests)},
                                     {u"tokens"_s, static_cast<qint64>(b.totals.tokens)},
                                     {u"credits"_s, billing::creditsJson(b.totals.credits)},
                                     {u"percentage"_s, static_cast<qint64>(percent(b.totals.requests, totals->requests))}});
    }
    auto credits = creditBreakdown(m_db, userId, *start, *end, totals->credits);
    if (!credits)
        return std::unexpected(credits.error());
    const QString mostUsed = list.isEmpty() ? u"N/A"_s : list.first().key;
    const std::int64_t mostUsedShare = list.isEmpty() ? 0 : percent(list.first().totals.requests, totals->requests);
    return QJsonObject{
        {u"period"_s, u"%1-%2"_s.arg(year, 4, 10, QChar(u'0')).arg(month, 2, 10, QChar(u'0'))},
        {u"periodStart"_s, billing::tsJson(*start)},
        {u"periodEnd"_s, billing::tsJson(*end - 1)},
        {u"summary"_s,
         QJsonObject{{u"creditsUsed"_s, billing::creditsJson(totals->credits)},
                     {u"apiRequests"_s, static_cast<qint64>(totals->requests)},
                     {u"totalTokens"_s, static_cast<qint64>(totals->tokens)},
                     {u"averageTokensPerRequest"_s,
                      static_cast<qint64>(totals->requests > 0 ? (totals->tokens + totals->requests / 2) / totals->requests
                                                               : 0)},
                     {u"mostUsedModel"_s, mostUsed},
                     {u"mostUsedModelPercentage"_s, static_cast<qint64>(mostUsedShare)}}},
        {u"creditBreakdown"_s, *credits},
        {u"modelBreakdown"_s, breakdown}};
}

} // namespace creditdesk::server
