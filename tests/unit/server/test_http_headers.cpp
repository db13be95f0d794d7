// §10.8 headers and the response envelopes.
#include "server/http/api_response.h"
#include "server/http/http_headers.h"
#include "server/http/idempotency.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QUuid>
#include <QtTest>

using namespace Qt::StringLiterals;
using namespace creditdesk;
using namespace creditdesk::server;

class TestHttpHeaders : public QObject {
    Q_OBJECT

private slots:
    void imfFixdate()
    {
        QCOMPARE(server::imfFixdate(784111777000), QByteArray("Sun, 06 Nov 1994 08:49:37 GMT")); // RFC 9110's example
        QCOMPARE(server::imfFixdate(0), QByteArray("Thu, 01 Jan 1970 00:00:00 GMT"));
        QCOMPARE(server::imfFixdate(1764221820999), QByteArray("Thu, 27 Nov 2025 05:37:00 GMT"));
    }

    void requestIds()
    {
        QCOMPARE(requestIdFor("abc-DEF_1.2:3"), u"abc-DEF_1.2:3"_s);
        QCOMPARE(requestIdFor(QByteArray(128, 'x')), QString(128, u'x'));
        for (const QByteArray &bad : {QByteArray(), QByteArray(129, 'x'), QByteArray("a b"), QByteArray("a/b"),
                                      QByteArray("é"), QByteArray("a\nb")}) {
            const QString id = requestIdFor(bad);
            QVERIFY(!QUuid::fromString(id).isNull());
        }
    }

    void licenseKeyDigest()
    {
        const QString a = server::licenseKeyDigest(R"({"licenseKey":" rephlo-aaaa-bbbb-cccc-dddd "})");
        const QString b = server::licenseKeyDigest(R"({"license_key":"REPHLO-AAAA-BBBB-CCCC-DDDD"})");
        QCOMPARE(a.size(), 64);
        QCOMPARE(a, b);
        QCOMPARE(server::licenseKeyDigest(R"({"other":1})"), QString());
        QCOMPARE(server::licenseKeyDigest("not json"), QString());
    }

    void envelopes()
    {
        const auto error = ApiResponse::error(404, u"not_found"_s, u"gone"_s);
        QCOMPARE(error.body, QByteArray(R"({"error":{"code":"not_found","message":"gone"}})"));
        const auto withDetails = ApiResponse::error(422, u"validation_error"_s, u"bad"_s, QJsonObject{{u"a"_s, u"b"_s}});
        QCOMPARE(QJsonDocument::fromJson(withDetails.body).object().value(u"error"_s).toObject().value(u"details"_s)
                     .toObject().value(u"a"_s).toString(),
                 u"b"_s);
        QCOMPARE(ApiResponse::success(200, 1).body, QByteArray(R"({"data":1,"status":"success"})"));
        QCOMPARE(ApiResponse::data(200, QJsonValue(u"x"_s)).body, QByteArray(R"({"data":"x"})"));
        QCOMPARE(ApiResponse::json(200, QJsonValue()).body, QByteArray("null"));
        QCOMPARE(ApiResponse::oauthError(400, u"invalid_grant"_s, u"no"_s).body,
                 QByteArray(R"({"error":"invalid_grant","error_description":"no"})"));
        const auto redirect = ApiResponse::redirect(QUrl(u"http://127.0.0.1:1/cb?code=a%2Bb"_s));
        QCOMPARE(redirect.status, 302);
        QCOMPARE(redirect.headers.first().second, QByteArray("http://127.0.0.1:1/cb?code=a%2Bb"));
        // 5xx never leak the developer message
        const auto internal = ApiResponse::fromError(makeError("database_error"_L1, u"SELECT secret FROM x"_s));
        QCOMPARE(internal.status, 500);
        QVERIFY(!internal.body.contains("SELECT"));
    }

    void defaultStatuses()
    {
        QCOMPARE(defaultStatusFor(u"invalid_request"_s), 400);
        QCOMPARE(defaultStatusFor(u"unauthorized"_s), 401);
        QCOMPARE(defaultStatusFor(u"forbidden"_s), 403);
        QCOMPARE(defaultStatusFor(u"activation_limit_reached"_s), 403);
        QCOMPARE(defaultStatusFor(u"license_not_found"_s), 404);
        QCOMPARE(defaultStatusFor(u"coupon_not_found"_s), 404);
        QCOMPARE(defaultStatusFor(u"conflict"_s), 409);
        QCOMPARE(defaultStatusFor(u"insufficient_credits"_s), 402);
        QCOMPARE(defaultStatusFor(u"validation_error"_s), 422);
        QCOMPARE(defaultStatusFor(u"rate_limit_exceeded"_s), 429);
        QCOMPARE(defaultStatusFor(u"service_unavailable"_s), 503);
        QCOMPARE(defaultStatusFor(u"something_new"_s), 400);
    }

    void idempotencyStoresWhatTheContractSays()
    {
        for (int status : {200, 201, 204, 400, 402, 404, 422})
            QVERIFY2(IdempotencyStore::isStorable(status), qPrintable(QString::number(status)));
        for (int status : {302, 401, 403, 409, 429, 500, 503})
            QVERIFY2(!IdempotencyStore::isStorable(status), qPrintable(QString::number(status)));
    }
};

QTEST_GUILESS_MAIN(TestHttpHeaders)
#include "test_http_headers.moc"
