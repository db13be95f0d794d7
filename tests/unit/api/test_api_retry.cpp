// Retry timing (backoff schedule, Retry-After), HTTP dates, Idempotency-Key,
// proxy configuration and the User-Agent of the client transport.
#include "core/api/api_transport.h"
#include "core/api/http_date.h"
#include "core/api/idempotency_key.h"
#include "core/api/proxy_settings.h"
#include "core/api/retry_policy.h"

#include <QNetworkAccessManager>
#include <QNetworkProxy>
#include <QRegularExpression>
#include <QtTest>

using namespace Qt::StringLiterals;
using namespace creditdesk;

namespace {

constexpr std::int64_t kNow = 1'764'221'820'000; // Thu, 27 Nov 2025 05:37:00 GMT

} // namespace

class TestApiRetry : public QObject {
    Q_OBJECT

private slots:
    void backoffSchedule();
    void backoffJitterStaysInBounds();
    void retryAfter_data();
    void retryAfter();
    void httpDates_data();
    void httpDates();
    void formatsImfFixdate();
    void idempotencyKeys();
    void proxySettings();
    void userAgent();
};

void TestApiRetry::backoffSchedule()
{
    const api::RetryPolicy policy; // 500 ms base, 30 s cap
    const api::RandomFunction none = [](std::int64_t) -> std::int64_t {
        return 0;
    };
    const api::RandomFunction most = [](std::int64_t bound) {
        return bound;
    };
    const QList<std::int64_t> low{250, 500, 1000, 2000, 4000, 8000, 15000, 15000, 15000};
    const QList<std::int64_t> high{500, 1000, 2000, 4000, 8000, 16000, 30000, 30000, 30000};
    for (int i = 0; i < low.size(); ++i) {
        QCOMPARE(policy.backoffMs(i, none), low.at(i));
        QCOMPARE(policy.backoffMs(i, most), high.at(i));
    }
    QCOMPARE(policy.backoffMs(1000, most), 30000); // no overflow for absurd retry counts
    api::RetryPolicy custom;
    custom.baseDelayMs = 100;
    custom.maxDelayMs = 250;
    QCOMPARE(custom.backoffMs(0, most), 100);
    QCOMPARE(custom.backoffMs(5, most), 250);
    QCOMPARE(custom.backoffMs(5, {}), 125); // no random: the lower bound
}

void TestApiRetry::backoffJitterStaysInBounds()
{
    const api::RetryPolicy policy;
    const api::RandomFunction wild = [](std::int64_t bound) {
        return bound * 10 + 7;
    }; // a broken generator
    QCOMPARE(policy.backoffMs(0, wild), 500);
    const api::RandomFunction negative = [](std::int64_t) -> std::int64_t {
        return -99;
    };
    QCOMPARE(policy.backoffMs(0, negative), 250);
    const api::RandomFunction system = api::systemRandom();
    for (int i = 0; i < 200; ++i) {
        const std::int64_t ms = policy.backoffMs(3, system);
        QVERIFY(ms >= 2000 && ms <= 4000);
    }
}

void TestApiRetry::retryAfter_data()
{
    QTest::addColumn<QByteArray>("value");
    QTest::addColumn<qint64>("expected"); // -1 = nullopt
    QTest::newRow("seconds") << QByteArray("120") << qint64(120'000);
    QTest::newRow("zero") << QByteArray("0") << qint64(0);
    QTest::newRow("spaces") << QByteArray(" 5 ") << qint64(5000);
    QTest::newRow("huge") << QByteArray("99999999999999999999") << qint64(999'999'999'000);
    QTest::newRow("date ahead") << QByteArray("Thu, 27 Nov 2025 05:39:00 GMT") << qint64(120'000);
    QTest::newRow("date past") << QByteArray("Thu, 27 Nov 2025 05:30:00 GMT") << qint64(0);
    QTest::newRow("rfc850") << QByteArray("Thursday, 27-Nov-25 05:38:00 GMT") << qint64(60'000);
    QTest::newRow("empty") << QByteArray() << qint64(-1);
    QTest::newRow("negative") << QByteArray("-5") << qint64(-1);
    QTest::newRow("fraction") << QByteArray("1.5") << qint64(-1);
    QTest::newRow("garbage") << QByteArray("soon") << qint64(-1);
}

void TestApiRetry::retryAfter()
{
    QFETCH(QByteArray, value);
    QFETCH(qint64, expected);
    const auto ms = api::parseRetryAfter(value, kNow);
    if (expected < 0)
        QVERIFY(!ms);
    else
        QCOMPARE(ms, std::optional<std::int64_t>(expected));
}

void TestApiRetry::httpDates_data()
{
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<qint64>("expected"); // -1 = error
    QTest::newRow("imf-fixdate") << QByteArray("Sun, 06 Nov 1994 08:49:37 GMT") << qint64(784'111'777'000);
    QTest::newRow("rfc850") << QByteArray("Sunday, 06-Nov-94 08:49:37 GMT") << qint64(784'111'777'000);
    QTest::newRow("asctime") << QByteArray("Sun Nov  6 08:49:37 1994") << qint64(784'111'777'000);
    QTest::newRow("asctime two-digit day") << QByteArray("Thu Nov 27 05:37:00 2025") << qint64(kNow);
    QTest::newRow("server") << QByteArray("Thu, 27 Nov 2025 05:37:00 GMT") << qint64(kNow);
    QTest::newRow("leap day") << QByteArray("Thu, 29 Feb 2024 00:00:00 GMT") << qint64(1'709'164'800'000);
    QTest::newRow("not GMT") << QByteArray("Sun, 06 Nov 1994 08:49:37 UTC") << qint64(-1);
    QTest::newRow("bad day name") << QByteArray("Xyz, 06 Nov 1994 08:49:37 GMT") << qint64(-1);
    QTest::newRow("bad month") << QByteArray("Sun, 06 Nov 1994 08:49:37 GMT").replace("Nov", "Nox")
                               << qint64(-1);
    QTest::newRow("Feb 30") << QByteArray("Sun, 30 Feb 1994 08:49:37 GMT") << qint64(-1);
    QTest::newRow("hour 24") << QByteArray("Sun, 06 Nov 1994 24:00:00 GMT") << qint64(-1);
    QTest::newRow("ISO") << QByteArray("2025-11-27T05:37:00.000Z") << qint64(-1);
    QTest::newRow("epoch") << QByteArray("1764221820") << qint64(-1);
    QTest::newRow("empty") << QByteArray() << qint64(-1);
    QTest::newRow("lowercase") << QByteArray("sun, 06 nov 1994 08:49:37 gmt") << qint64(-1);
}

void TestApiRetry::httpDates()
{
    QFETCH(QByteArray, text);
    QFETCH(qint64, expected);
    const auto ms = api::parseHttpDate(text);
    if (expected < 0) {
        QVERIFY(!ms);
        QCOMPARE(ms.error().code, u"invalid_response"_s);
    } else {
        QVERIFY2(ms.has_value(), text.constData());
        QCOMPARE(*ms, expected);
    }
}

void TestApiRetry::formatsImfFixdate()
{
    QCOMPARE(api::formatImfFixdate(784'111'777'000), QByteArray("Sun, 06 Nov 1994 08:49:37 GMT"));
    QCOMPARE(api::formatImfFixdate(kNow + 999), QByteArray("Thu, 27 Nov 2025 05:37:00 GMT"));
    QCOMPARE(api::formatImfFixdate(0), QByteArray("Thu, 01 Jan 1970 00:00:00 GMT"));
    for (std::int64_t t :
         {std::int64_t{0}, kNow, std::int64_t{951'782'400'000}, std::int64_t{4'102'444'800'000}})
        QCOMPARE(api::parseHttpDate(api::formatImfFixdate(t)).value(), t);
}

void TestApiRetry::idempotencyKeys()
{
    const api::IdempotencyKey a = api::IdempotencyKey::generate();
    const api::IdempotencyKey b = api::IdempotencyKey::generate();
    QVERIFY(!a.isNull());
    QVERIFY(a != b);
    const QRegularExpression v4(u"^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$"_s);
    QVERIFY(v4.match(a.toString()).hasMatch());
    QCOMPARE(a.toHeaderValue(), a.toString().toLatin1());

    const auto parsed = api::IdempotencyKey::fromString(u"5B0F6C1E-8F6A-4C57-9A43-1D2F3A4B5C6D"_s);
    QVERIFY(parsed.has_value());
    QCOMPARE(parsed->toString(), u"5b0f6c1e-8f6a-4c57-9a43-1d2f3a4b5c6d"_s);
    QCOMPARE(api::IdempotencyKey::fromString(a.toString()).value(), a); // stored keys round-trip
    QVERIFY(!api::IdempotencyKey::fromString(u"not-a-key"_s));
    QCOMPARE(api::IdempotencyKey::fromString(u""_s).error().code, u"invalid_argument"_s);
    QVERIFY(api::IdempotencyKey().isNull());
}

void TestApiRetry::proxySettings()
{
    QNetworkAccessManager manager;
    api::ProxySettings http;
    http.mode = api::ProxySettings::Mode::Http;
    http.host = u" proxy.example.com "_s;
    http.port = 3128;
    http.user = u"ann"_s;
    QVERIFY(api::applyProxy(manager, http, u"secret"_s).has_value());
    QCOMPARE(manager.proxy().type(), QNetworkProxy::HttpProxy);
    QCOMPARE(manager.proxy().hostName(), u"proxy.example.com"_s);
    QCOMPARE(manager.proxy().port(), quint16(3128));
    QCOMPARE(manager.proxy().user(), u"ann"_s);
    QCOMPARE(manager.proxy().password(), u"secret"_s);
    QVERIFY(manager.proxyFactory() == nullptr);

    api::ProxySettings socks = http;
    socks.mode = api::ProxySettings::Mode::Socks5;
    socks.user.clear();
    QVERIFY(api::applyProxy(manager, socks, u"ignored"_s).has_value());
    QCOMPARE(manager.proxy().type(), QNetworkProxy::Socks5Proxy);
    QVERIFY(manager.proxy().password().isEmpty()); // no user, no password

    QVERIFY(api::applyProxy(manager, api::ProxySettings{}).has_value()); // system
    QVERIFY(manager.proxyFactory() != nullptr);

    api::ProxySettings none;
    none.mode = api::ProxySettings::Mode::None;
    QVERIFY(api::applyProxy(manager, none).has_value());
    QCOMPARE(manager.proxy().type(), QNetworkProxy::NoProxy);

    api::ProxySettings bad = http;
    bad.port = 0;
    QCOMPARE(api::applyProxy(manager, bad).error().code, u"invalid_argument"_s);
    bad = http;
    bad.host = u"  "_s;
    QCOMPARE(api::applyProxy(manager, bad).error().code, u"invalid_argument"_s);
    QCOMPARE(manager.proxy().type(), QNetworkProxy::NoProxy); // unchanged by the failures
}

void TestApiRetry::userAgent()
{
    const QByteArray ua = api::ApiTransport::defaultUserAgent();
    const QRegularExpression shape(
        u"^CreditDesk/\\d+\\.\\d+\\.\\d+ \\([!-'*-:<-~]+ [!-'*-:<-~]+; [!-'*-:<-~]+\\)$"_s);
    QVERIFY2(shape.match(QString::fromLatin1(ua)).hasMatch(), ua.constData());
    QVERIFY(ua.startsWith("CreditDesk/" CREDITDESK_VERSION));
}

QTEST_GUILESS_MAIN(TestApiRetry)
#include "test_api_retry.moc"
