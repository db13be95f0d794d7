// The coupon API under load over HTTP: 429 + Retry-After from the rate
// limits, and 240 concurrent redemptions of a 100-use coupon.
#include "tests/integration/coupons/coupon_http_support.h"

#include <QEventLoop>
#include <QJsonArray>
#include <QJsonDocument>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QSqlQuery>
#include <QElapsedTimer>
#include <QTimer>
#include <QtTest>

#include <memory>
#include <vector>

using namespace Qt::StringLiterals;
using namespace creditdesk;
using namespace creditdesk::test;

class TestCouponHttpLoad : public QObject {
    Q_OBJECT

private slots:
    void rateLimitsAnswer429_data() { addDialectRows(); }
    void rateLimitsAnswer429();
    void concurrentRedemptionsKeepTheLimit_data() { addDialectRows(); }
    void concurrentRedemptionsKeepTheLimit();
};

namespace {

struct Sent {
    QString token;
    QByteArray body;
};

// Fires every request at once over `managers` access managers (each opens up to
// six connections) and returns the HTTP statuses.
QList<int> postConcurrently(const QUrl &url, const QList<Sent> &requests, int managers = 40)
{
    std::vector<std::unique_ptr<QNetworkAccessManager>> pool;
    for (int i = 0; i < managers; ++i)
        pool.push_back(std::make_unique<QNetworkAccessManager>());
    QList<int> statuses(requests.size(), 0);
    int pending = static_cast<int>(requests.size());
    QEventLoop loop;
    for (qsizetype i = 0; i < requests.size(); ++i) {
        QNetworkRequest request(url);
        request.setHeader(QNetworkRequest::ContentTypeHeader, u"application/json"_s);
        request.setRawHeader("Authorization", "Bearer " + requests[i].token.toUtf8());
        request.setTransferTimeout(120'000);
        QNetworkReply *reply = pool[static_cast<std::size_t>(i % managers)]->post(request, requests[i].body);
        QObject::connect(reply, &QNetworkReply::finished, &loop, [&, reply, i] {
            statuses[i] = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
            reply->deleteLater();
            if (--pending == 0)
                loop.quit();
        });
    }
    QTimer::singleShot(180'000, &loop, &QEventLoop::quit);
    loop.exec();
    return statuses;
}

} // namespace

void TestCouponHttpLoad::rateLimitsAnswer429()
{
    ServerHarness::Options options;
    options.dialect = currentDialect();
    options.rateLimits = true;
    CREDITDESK_START_SERVER(s, options);
    QString userId;
    const QString token = s->createUserWithToken(u"limited@example.com"_s, &userId);
    QVERIFY(createCoupon(*s, u"LIMIT123"_s, u"percentage"_s, u"percentage"_s, u"1000"_s).exitCode == 0);

    // Plan 111: the 11th validation of a user within the hour.
    for (int i = 0; i < 10; ++i)
        QCOMPARE(s->post(u"/api/coupons/validate"_s, QJsonObject{{u"code"_s, u"LIMIT123"_s}}, token).status, 200);
    HttpReply capped = s->post(u"/api/coupons/validate"_s, QJsonObject{{u"code"_s, u"LIMIT123"_s}}, token);
    QCOMPARE(capped.status, 429);
    QCOMPARE(capped.errorCode(), u"rate_limited"_s);
    QVERIFY(capped.header("retry-after").toInt() > 3'500);
    const QJsonObject details = capped.object().value(u"error"_s).toObject().value(u"details"_s).toObject();
    QCOMPARE(details.value(u"limit"_s).toInt(), 10);
    QCOMPARE(details.value(u"scope"_s).toString(), u"user"_s);

    // §10.7: redeem 5 per user and minute.
    int limited = 0;
    for (int i = 0; i < 6; ++i) {
        HttpReply reply = s->post(u"/api/coupons/redeem"_s, QJsonObject{{u"code"_s, u"NOSUCH%1"_s.arg(i)}}, token);
        if (reply.status == 429) {
            ++limited;
            QCOMPARE(reply.errorCode(), u"rate_limit_exceeded"_s);
            QVERIFY(reply.header("retry-after").toInt() > 0);
        } else {
            QCOMPARE(reply.status, 404);
        }
    }
    QCOMPARE(limited, 1);
}

void TestCouponHttpLoad::concurrentRedemptionsKeepTheLimit()
{
    ServerHarness::Options options;
    options.dialect = currentDialect();
    CREDITDESK_START_SERVER(s, options);
    QVERIFY(createCoupon(*s, u"RUSH100"_s, u"duration_bonus"_s, u"credits"_s, u"25"_s,
                         {u"--max-uses"_s, u"100"_s, u"--max-uses-per-user"_s, u"3"_s})
                .exitCode
            == 0);
    // 40 users × 6 attempts: at most 3 each (120) can succeed, so the 100-use limit binds.
    QStringList tokens;
    for (int i = 0; i < 40; ++i) {
        const QString token = s->createUserWithToken(u"rush%1@example.com"_s.arg(i));
        QVERIFY(!token.isEmpty());
        tokens.append(token);
    }
    QList<Sent> requests;
    const QByteArray body = QJsonDocument(QJsonObject{{u"code"_s, u"RUSH100"_s}}).toJson(QJsonDocument::Compact);
    for (int round = 0; round < 6; ++round) {
        for (const QString &token : tokens)
            requests.append({token, body});
    }
    QUrl url = s->baseUrl();
    url.setPath(u"/api/coupons/redeem"_s);
    QElapsedTimer timer;
    timer.start();
    const QList<int> statuses = postConcurrently(url, requests);
    qInfo("%lld concurrent redemptions: %lld ms", static_cast<long long>(requests.size()), timer.elapsed());
    QCOMPARE(statuses.count(200), 100);
    QCOMPARE(statuses.count(400), 140);
    QCOMPARE(serverRowCount(*s, u"coupon_redemption"_s), 100);
    auto db = openServerDatabase(*s);
    QVERIFY(db.has_value());
    QSqlQuery uses(db->database());
    QVERIFY(uses.exec(u"SELECT total_uses FROM coupon_usage_limit"_s) && uses.next());
    QCOMPARE(uses.value(0).toInt(), 100);
    QCOMPARE(serverRowCount(*s, u"credit_allocation"_s), 100);
}

QTEST_GUILESS_MAIN(TestCouponHttpLoad)
#include "test_coupon_http_load.moc"
