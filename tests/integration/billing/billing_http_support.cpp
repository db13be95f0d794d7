#include "tests/integration/billing/billing_http_support.h"

#include "tests/integration/billing/billing_test_support.h"

#include <QEventLoop>
#include <QJsonDocument>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QUuid>
#include <QtTest>

#include <vector>

using namespace Qt::StringLiterals;

namespace creditdesk::test {

std::unique_ptr<ServerHarness> startBillingServer(QString *error)
{
    ServerHarness::Options options;
    options.dialect = currentDialect();
    options.extensions = true;
    options.rateLimits = false;
    return ServerHarness::start(options, error);
}

TestUser newUser(const ServerHarness &server, const QString &name)
{
    static int counter = 0;
    TestUser user;
    const char *row = QTest::currentDataTag();
    user.email = u"%1-%2-%3@example.com"_s.arg(name, QLatin1StringView(row ? row : "x")).arg(++counter);
    user.token = server.createUserWithToken(user.email, &user.id);
    return user;
}

QString newUuid()
{
    return QUuid::createUuid().toString(QUuid::WithoutBraces);
}

QJsonObject usageBody(const QString &userId, const QString &requestId)
{
    return QJsonObject{{u"request_id"_s, requestId.isEmpty() ? newUuid() : requestId},
                       {u"user_id"_s, userId},
                       {u"model_id"_s, u"gpt-4o-mini"_s},
                       {u"provider"_s, u"openai"_s},
                       {u"input_tokens"_s, 1200},
                       {u"output_tokens"_s, 300},
                       {u"request_type"_s, u"completion"_s},
                       {u"is_byok"_s, false}};
}

QList<int> postConcurrently(const ServerHarness &server, const QString &serviceToken,
                            const QList<QJsonObject> &bodies, int connections)
{
    // Each manager keeps up to 6 connections to the host: enough managers for `connections`.
    const int managers = std::max(1, connections / 6);
    std::vector<std::unique_ptr<QNetworkAccessManager>> pool;
    for (int i = 0; i < managers; ++i)
        pool.push_back(std::make_unique<QNetworkAccessManager>());
    QList<int> statuses(bodies.size(), 0);
    int pending = static_cast<int>(bodies.size());
    QEventLoop loop;
    QUrl url = server.baseUrl();
    url.setPath(u"/internal/usage"_s);
    for (qsizetype i = 0; i < bodies.size(); ++i) {
        QNetworkRequest request(url);
        request.setRawHeader("Content-Type", "application/json");
        request.setRawHeader("X-Service-Token", serviceToken.toLatin1());
        request.setTransferTimeout(60'000);
        QNetworkReply *reply = pool[static_cast<std::size_t>(i % managers)]->post(
            request, QJsonDocument(bodies.at(i)).toJson(QJsonDocument::Compact));
        QObject::connect(reply, &QNetworkReply::finished, &loop, [&, reply, i] {
            statuses[i] = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
            reply->deleteLater();
            if (--pending == 0)
                loop.quit();
        });
    }
    if (pending > 0)
        loop.exec();
    return statuses;
}

} // namespace creditdesk::test
