#include "tests/unit/sync/fake_cloud.h"

#include <QCryptographicHash>
#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace creditdesk::test {

namespace {

constexpr std::int64_t kFirstRowMs = 1'764'221'820'000; // 2025-11-27T05:37:00Z

QString ts(std::int64_t ms)
{
    return QDateTime::fromMSecsSinceEpoch(ms, Qt::UTC).toString(Qt::ISODateWithMs);
}

QByteArray compact(const QJsonObject &o)
{
    return QJsonDocument(o).toJson(QJsonDocument::Compact);
}

QJsonObject rowJson(const FakeCloud::Row &r)
{
    return {{u"id"_s, r.id},
            {u"request_id"_s, QString(u"q-"_s + r.id)},
            {u"model_id"_s, u"gpt-4o"_s},
            {u"provider"_s, u"openai"_s},
            {u"request_type"_s, u"completion"_s},
            {u"input_tokens"_s, 100},
            {u"output_tokens"_s, 50},
            {u"cached_input_tokens"_s, 0},
            {u"credits_deducted"_s, r.credits.toDouble()},
            {u"is_byok"_s, false},
            {u"status"_s, r.status},
            {u"reverses_id"_s, QJsonValue(QJsonValue::Null)},
            {u"occurred_at"_s, ts(r.createdAtMs)},
            {u"created_at"_s, ts(r.createdAtMs)},
            {u"updated_at"_s, ts(r.createdAtMs)}};
}

QJsonObject version(std::int64_t v)
{
    return {{u"version"_s, static_cast<qint64>(v)}, {u"updated_at"_s, QJsonValue(QJsonValue::Null)}};
}

} // namespace

FakeCloud::FakeCloud()
{
    if (!server.listen())
        qFatal("the fake cloud cannot listen");
    server.setHandler([this](const Request &request) {
        if (intercept) {
            if (auto reply = intercept(request))
                return *reply;
        }
        return answer(request);
    });
}

QString FakeCloud::rowId(int index)
{
    return u"00000000-0000-4000-8000-%1"_s.arg(index, 12, 10, QChar(u'0'));
}

void FakeCloud::addRows(int count)
{
    const std::int64_t start = rows.isEmpty() ? kFirstRowMs : rows.constLast().createdAtMs + 1000;
    for (int i = 0; i < count; ++i) {
        const int index = static_cast<int>(rows.size());
        rows.append(Row{rowId(index), start + i * 1000LL});
    }
}

QList<FakeCloud::Request> FakeCloud::requestsTo(const QString &path) const
{
    QList<Request> out;
    for (const Request &r : server.requests()) {
        if (r.path() == path)
            out.append(r);
    }
    return out;
}

QUrlQuery FakeCloud::query(const Request &request)
{
    const QByteArray t = request.target;
    const qsizetype q = t.indexOf('?');
    return QUrlQuery(q < 0 ? QString() : QString::fromLatin1(t.mid(q + 1)));
}

QByteArray FakeCloud::ledgerPage(const QList<Row> &page, const QString &nextCursor, bool hasMore)
{
    QJsonArray data;
    for (const Row &r : page)
        data.append(rowJson(r));
    return compact({{u"data"_s, data}, {u"next_cursor"_s, nextCursor}, {u"has_more"_s, hasMore}});
}

FakeCloud::Reply FakeCloud::ours(int status, const QByteArray &body) const
{
    Reply reply = Reply::json(status, body);
    reply.creditDeskHeader = extensions;
    return reply;
}

QString FakeCloud::latestCursor() const
{
    return rows.isEmpty() ? QString() : u"c%1"_s.arg(rows.size());
}

FakeCloud::Reply FakeCloud::answer(const Request &request)
{
    const QString path = request.path();
    const QByteArray &method = request.method;
    if (path == "/v1/sync/state"_L1)
        return syncState(request);
    if (path == "/v1/usage"_L1)
        return usage(request);
    if (path == "/v1/users/me"_L1) {
        return ours(200, compact({{u"id"_s, userId},
                                  {u"email"_s, u"ann@example.com"_s},
                                  {u"emailVerified"_s, true},
                                  {u"username"_s, QJsonValue(QJsonValue::Null)},
                                  {u"firstName"_s, u"Ann"_s},
                                  {u"lastName"_s, QJsonValue(QJsonValue::Null)},
                                  {u"profilePictureUrl"_s, QJsonValue(QJsonValue::Null)},
                                  {u"createdAt"_s, u"2025-01-01T00:00:00.000Z"_s},
                                  {u"lastLoginAt"_s, QJsonValue(QJsonValue::Null)}}));
    }
    if (path == "/v1/users/me/preferences"_L1) {
        const QJsonObject sent = QJsonDocument::fromJson(request.body).object();
        return ours(200, compact({{u"defaultModelId"_s, u"gpt-4o"_s},
                                  {u"enableStreaming"_s, sent.value(u"enableStreaming"_s).toBool(true)},
                                  {u"maxTokens"_s, sent.value(u"maxTokens"_s).toInt(4096)},
                                  {u"temperature"_s, 0.7},
                                  {u"preferencesMetadata"_s, sent.contains(u"preferencesMetadata"_s)
                                                                 ? sent.value(u"preferencesMetadata"_s)
                                                                 : QJsonValue(QJsonValue::Null)}}));
    }
    if (path == "/v1/users/me/preferences/model"_L1 && method == "POST") {
        const QString model = QJsonDocument::fromJson(request.body).object().value(u"modelId"_s).toString();
        return ours(200,
                    compact({{u"defaultModelId"_s, model}, {u"updatedAt"_s, u"2025-11-27T05:37:00.000Z"_s}}));
    }
    if (path == "/api/user/profile"_L1) {
        return ours(200,
                    R"({"userId":")" + userId.toLatin1() + R"(","email":"ann@example.com","displayName":"Ann",
"subscription":{"tier":"free","status":"active","currentPeriodStart":null,"currentPeriodEnd":null,
"cancelAtPeriodEnd":false},"preferences":{"defaultModel":null,"emailNotifications":true,"usageAlerts":false},
"accountCreatedAt":"2025-01-01T00:00:00.000Z","lastLoginAt":null})");
    }
    if (path == "/v1/subscriptions/me"_L1)
        return ours(404, R"({"error":{"code":"no_active_subscription","message":"none"}})");
    if (path == "/api/user/credits"_L1) {
        return ours(200, R"({"freeCredits":{"remaining":5000,"monthlyAllocation":5000,"used":0,
"resetDate":"2025-12-01T00:00:00.000Z","daysUntilReset":4},"subscriptionCredits":{"remaining":0,
"monthlyAllocation":0,"used":0,"resetDate":"2025-12-01T00:00:00.000Z","daysUntilReset":4},
"purchasedCredits":{"remaining":0,"totalPurchased":0,"lifetimeUsed":0},"totalAvailable":5000,
"lastUpdated":"2025-11-27T05:37:00.000Z","sources":[{"id":"g1","sourceType":"bonus","amount":5000,
"remaining":5000,"grantedAt":"2025-11-01T00:00:00.000Z","expiresAt":null}]})");
    }
    if (path == "/v1/credits/me"_L1)
        return ours(404, R"({"error":{"code":"not_found","message":"no current period"}})");
    if (path == "/api/licenses/me"_L1)
        return ours(200, R"({"status":"success","data":null})");
    if (path.startsWith("/api/users/"_L1) && path.endsWith("/coupons"_L1))
        return ours(200, R"({"redemptions":[]})");
    if (path == "/api/user/invoices"_L1)
        return ours(200, R"({"invoices":[],"hasMore":false,"count":0})");
    if (path.startsWith("/api/licenses/activations/"_L1) && method == "DELETE")
        return ours(200, R"({"message":"Device deactivated successfully"})");
    return ours(404, R"({"error":{"code":"not_found","message":"Route not found"}})");
}

FakeCloud::Reply FakeCloud::syncState(const Request &request)
{
    if (!extensions)
        return ours(404, R"({"error":{"code":"not_found","message":"Route not found"}})");
    QJsonObject data{{u"user_id"_s, userId}, {u"server_time"_s, ts(kFirstRowMs)}};
    for (const QString &s :
         {u"profile"_s, u"subscription"_s, u"balance"_s, u"license"_s, u"coupons"_s, u"invoices"_s})
        data.insert(s, version(versions.value(s, 1)));
    data.insert(u"usage"_s, QJsonObject{{u"latest_cursor"_s, latestCursor()},
                                        {u"updated_at"_s, QJsonValue(QJsonValue::Null)}});
    QJsonObject hashed = data;
    hashed.remove(u"server_time"_s);
    const QByteArray etag =
        '"' + QCryptographicHash::hash(compact(hashed), QCryptographicHash::Sha256).toHex().left(16) + '"';
    if (request.header("if-none-match") == etag) {
        Reply notModified = ours(304, {});
        notModified.headers.append({"ETag", etag});
        return notModified;
    }
    return ours(200, compact({{u"data"_s, data}})).withHeader("ETag", etag);
}

FakeCloud::Reply FakeCloud::usage(const Request &request)
{
    const QUrlQuery q = query(request);
    if (extensions && q.hasQueryItem(u"after"_s)) {
        const QString after = q.queryItemValue(u"after"_s);
        if (!rejectedCursor.isEmpty() && after == rejectedCursor)
            return ours(400,
                        R"({"error":{"code":"invalid_cursor","message":"not a cursor of this server"}})");
        int start = 0;
        if (!after.isEmpty()) {
            bool ok = false;
            start = after.mid(1).toInt(&ok);
            if (!after.startsWith(u'c') || !ok || start < 0 || start > rows.size())
                return ours(400,
                            R"({"error":{"code":"invalid_cursor","message":"not a cursor of this server"}})");
        }
        const int limit = std::min(pageRows, q.queryItemValue(u"limit"_s).toInt());
        const QList<Row> page = rows.mid(start, limit);
        const int end = start + static_cast<int>(page.size());
        return ours(200, ledgerPage(page, page.isEmpty() ? after : u"c%1"_s.arg(end), end < rows.size()));
    }
    // §7 offset paging, newest first.
    const int limit = q.queryItemValue(u"limit"_s).toInt();
    const int offset = q.queryItemValue(u"offset"_s).toInt();
    QList<Row> newestFirst = rows;
    std::ranges::sort(newestFirst, [](const Row &a, const Row &b) {
        return a.createdAtMs != b.createdAtMs ? a.createdAtMs > b.createdAtMs : a.id > b.id;
    });
    QJsonArray usage;
    for (qsizetype i = offset; i < newestFirst.size() && usage.size() < limit; ++i) {
        const Row &r = newestFirst.at(i);
        usage.append(QJsonObject{{u"id"_s, r.id},
                                 {u"modelId"_s, u"gpt-4o"_s},
                                 {u"operation"_s, u"completion"_s},
                                 {u"creditsUsed"_s, r.credits.toDouble()},
                                 {u"inputTokens"_s, 100},
                                 {u"outputTokens"_s, 50},
                                 {u"totalTokens"_s, 150},
                                 {u"requestDurationMs"_s, QJsonValue(QJsonValue::Null)},
                                 {u"createdAt"_s, ts(r.createdAtMs)}});
    }
    const qint64 total = rows.size();
    return ours(200, compact({{u"usage"_s, usage},
                              {u"pagination"_s, QJsonObject{{u"limit"_s, limit},
                                                            {u"offset"_s, offset},
                                                            {u"total"_s, total},
                                                            {u"hasMore"_s, offset + usage.size() < total}}},
                              {u"summary"_s, QJsonObject{{u"totalCreditsUsed"_s, 0},
                                                         {u"totalRequests"_s, total},
                                                         {u"totalTokens"_s, 0}}}}));
}

} // namespace creditdesk::test
