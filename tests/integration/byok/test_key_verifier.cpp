// KeyVerifier against a local fake provider (HostileServer): the request
// each provider gets, every status class, timeouts and broken replies, and
// the key never showing up in a result or a log line.
#include "core/api/api_errors.h"
#include "core/byok/byok_errors.h"
#include "core/byok/key_verifier.h"
#include "tests/integration/api/api_test_support.h"
#include "tests/integration/api/hostile_server.h"

#include <QLoggingCategory>
#include <QMutex>
#include <QNetworkAccessManager>
#include <QTcpServer>
#include <QtTest>

using namespace Qt::StringLiterals;
using namespace creditdesk;
using namespace creditdesk::byok;
using namespace creditdesk::test;
using Reply = HostileServer::Reply;

namespace {

const QString kKey = u"sk-test-SECRETsecretSECRET-4242"_s;

QMutex g_logMutex;
QStringList g_log;
QtMessageHandler g_previous = nullptr;

void captureLog(QtMsgType type, const QMessageLogContext &context, const QString &message)
{
    {
        QMutexLocker lock(&g_logMutex);
        g_log.append(message);
    }
    if (g_previous)
        g_previous(type, context, message);
}

QUrl closedPortUrl()
{
    QTcpServer probe;
    if (!probe.listen(QHostAddress::LocalHost))
        qFatal("no free port");
    const quint16 port = probe.serverPort();
    probe.close();
    return QUrl(u"http://127.0.0.1:%1"_s.arg(port));
}

QString dump(const Result<KeyVerification> &r)
{
    if (!r)
        return u"error "_s + r.error().code;
    return toString(r->status) + u" "_s + QString::number(r->httpStatus) + u" "_s +
           (r->reason ? r->reason->code + u": "_s + r->reason->message : QString());
}

// Nothing of the key in the verdict.
bool mentionsKey(const Result<KeyVerification> &r)
{
    auto has = [](const QString &text) {
        return text.contains(kKey) || text.contains(u"SECRETsecret"_s);
    };
    const Error *e = r ? (r->reason ? &*r->reason : nullptr) : &r.error();
    if (!e)
        return false;
    return has(e->code) || has(e->message) ||
           has(QString::fromUtf8(QJsonDocument(e->details).toJson(QJsonDocument::Compact)));
}

} // namespace

class TestKeyVerifier : public QObject {
    Q_OBJECT

private:
    QNetworkAccessManager m_manager;
    std::unique_ptr<HostileServer> m_provider;
    std::unique_ptr<KeyVerifier> m_verifier;

    VerifierOptions options(std::int64_t timeoutMs = 10'000) const
    {
        VerifierOptions o;
        o.endpoints.openAi = m_provider->baseUrl();
        o.endpoints.anthropic = m_provider->baseUrl();
        o.endpoints.google = m_provider->baseUrl();
        o.transferTimeoutMs = timeoutMs;
        o.userAgent = "CreditDesk-test";
        return o;
    }

    Result<KeyVerification> verify(ProviderKind provider, const QString &key = kKey,
                                   std::optional<QUrl> baseUrl = std::nullopt)
    {
        if (provider == ProviderKind::OpenAiCompatible && !baseUrl)
            baseUrl = m_provider->baseUrl();
        Recorder<KeyVerification> recorder;
        m_verifier->verify(provider, key, baseUrl, nullptr, recorder.callback());
        if (recorder.calls() != 0)
            qFatal("completed inside verify()");
        if (!recorder.wait(30'000))
            qFatal("no verdict");
        QTest::qWait(20);
        if (recorder.calls() != 1)
            qFatal("the verdict came more than once");
        return recorder.result();
    }

    void answer(Reply reply)
    {
        m_provider->setHandler([reply](const HostileServer::Request &) { return reply; });
    }

private slots:
    void initTestCase()
    {
        QLoggingCategory::setFilterRules(u"creditdesk.*.debug=true"_s);
        g_previous = qInstallMessageHandler(captureLog);
    }

    void cleanupTestCase()
    {
        qInstallMessageHandler(g_previous);
        QMutexLocker lock(&g_logMutex);
        QVERIFY(!g_log.isEmpty()); // the verifier did log its verdicts
        for (const QString &line : std::as_const(g_log)) {
            QVERIFY2(!line.contains(kKey), qPrintable(u"the key was logged: "_s + line));
            QVERIFY2(!line.contains(u"SECRETsecret"_s), qPrintable(u"part of the key was logged: "_s + line));
        }
    }

    void init()
    {
        m_provider = std::make_unique<HostileServer>();
        QVERIFY(m_provider->listen());
        m_verifier = std::make_unique<KeyVerifier>(m_manager, options());
    }

    void cleanup()
    {
        m_verifier.reset();
        m_provider.reset();
    }

    void eachProviderGetsItsOwnRequest_data()
    {
        QTest::addColumn<int>("provider");
        QTest::addColumn<QString>("path");
        QTest::addColumn<QByteArray>("header");
        QTest::addColumn<QByteArray>("value");
        QTest::newRow("openai") << int(ProviderKind::OpenAi) << u"/v1/models"_s << QByteArray("authorization")
                                << "Bearer " + kKey.toLatin1();
        QTest::newRow("anthropic") << int(ProviderKind::Anthropic) << u"/v1/models"_s
                                   << QByteArray("x-api-key") << kKey.toLatin1();
        QTest::newRow("google") << int(ProviderKind::Google) << u"/v1beta/models"_s
                                << QByteArray("x-goog-api-key") << kKey.toLatin1();
        QTest::newRow("compatible") << int(ProviderKind::OpenAiCompatible) << u"/v1/models"_s
                                    << QByteArray("authorization") << "Bearer " + kKey.toLatin1();
    }
    void eachProviderGetsItsOwnRequest()
    {
        QFETCH(int, provider);
        QFETCH(QString, path);
        QFETCH(QByteArray, header);
        QFETCH(QByteArray, value);
        answer(Reply::json(200, R"({"data":[{"id":"model-a"}],"object":"list"})"));
        auto r = verify(ProviderKind(provider));
        QVERIFY2(r && r->status == KeyStatus::Valid, qPrintable(dump(r)));
        QCOMPARE(r->httpStatus, 200);
        QVERIFY(!r->reason);
        QCOMPARE(m_provider->requestCount(), 1);
        const HostileServer::Request &request = m_provider->requests().at(0);
        QCOMPARE(request.method, QByteArray("GET"));
        QCOMPARE(request.path(), path);
        QVERIFY(!request.target.contains(kKey.toLatin1())); // never in the URL
        QCOMPARE(request.header(header), value);
        QCOMPARE(request.header("user-agent"), QByteArray("CreditDesk-test"));
        QVERIFY(request.body.isEmpty());
        // Exactly one way of sending the key.
        int carriers = 0;
        for (const QByteArray &name :
             {QByteArray("authorization"), QByteArray("x-api-key"), QByteArray("x-goog-api-key")})
            carriers += request.headers.contains(name) ? 1 : 0;
        QCOMPARE(carriers, 1);
        if (ProviderKind(provider) == ProviderKind::Anthropic)
            QCOMPARE(request.header("anthropic-version"), QByteArray("2023-06-01"));
        else
            QVERIFY(!request.headers.contains("anthropic-version"));
    }

    void statusClasses_data()
    {
        QTest::addColumn<int>("provider");
        QTest::addColumn<int>("status");
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<int>("verdict");
        QTest::addColumn<QString>("reason");
        // An error body echoing part of the key, as OpenAI's does.
        const QByteArray echo = "{\"error\":{\"message\":\"Incorrect API key provided: " + kKey.toLatin1() +
                                "\",\"type\":\"invalid_request_error\",\"code\":\"invalid_api_key\"}}";
        for (ProviderKind p : allProviderKinds()) {
            const QString n = toString(p);
            QTest::newRow(qPrintable(n + u" 200"_s))
                << int(p) << 200 << QByteArray(R"({"data":[]})") << int(KeyStatus::Valid) << QString();
            QTest::newRow(qPrintable(n + u" 401"_s))
                << int(p) << 401 << echo << int(KeyStatus::Invalid) << QString();
            QTest::newRow(qPrintable(n + u" 403"_s))
                << int(p) << 403 << QByteArray("{}") << int(KeyStatus::Invalid) << QString();
            QTest::newRow(qPrintable(n + u" 402"_s))
                << int(p) << 402 << QByteArray("{}") << int(KeyStatus::NoQuota) << QString();
            QTest::newRow(qPrintable(n + u" 429"_s))
                << int(p) << 429 << QByteArray(R"({"error":{"type":"rate_limit_error"}})")
                << int(KeyStatus::RateLimited) << QString();
            QTest::newRow(qPrintable(n + u" 500"_s))
                << int(p) << 500 << QByteArray("{}") << int(KeyStatus::Unknown) << u"server_unavailable"_s;
            QTest::newRow(qPrintable(n + u" 503"_s))
                << int(p) << 503 << QByteArray("") << int(KeyStatus::Unknown) << u"server_unavailable"_s;
            QTest::newRow(qPrintable(n + u" 529"_s))
                << int(p) << 529 << QByteArray("{}") << int(KeyStatus::Unknown) << u"server_unavailable"_s;
            QTest::newRow(qPrintable(n + u" 418"_s))
                << int(p) << 418 << QByteArray("{}") << int(KeyStatus::Unknown) << u"http_error"_s;
            QTest::newRow(qPrintable(n + u" 200 not json"_s))
                << int(p) << 200 << QByteArray("<html>ok</html>") << int(KeyStatus::Unknown)
                << u"invalid_response"_s;
        }
        // OpenAI's "no quota" is a 429 with insufficient_quota: not a rate limit, not invalid.
        QTest::newRow("openai 429 insufficient_quota")
            << int(ProviderKind::OpenAi) << 429
            << QByteArray(
                   R"({"error":{"message":"You exceeded your current quota","type":"insufficient_quota","code":"insufficient_quota"}})")
            << int(KeyStatus::NoQuota) << QString();
        // Google answers a bad key with 400 API_KEY_INVALID.
        QTest::newRow("google 400 API_KEY_INVALID")
            << int(ProviderKind::Google) << 400
            << QByteArray(
                   R"({"error":{"code":400,"status":"INVALID_ARGUMENT","details":[{"reason":"API_KEY_INVALID"}]}})")
            << int(KeyStatus::Invalid) << QString();
        QTest::newRow("google 400 other")
            << int(ProviderKind::Google) << 400 << QByteArray(R"({"error":{"code":400}})")
            << int(KeyStatus::Unknown) << u"http_error"_s;
        QTest::newRow("openai 400") << int(ProviderKind::OpenAi) << 400 << QByteArray("{}")
                                    << int(KeyStatus::Unknown) << u"http_error"_s;
        QTest::newRow("anthropic 404") << int(ProviderKind::Anthropic) << 404 << QByteArray("{}")
                                       << int(KeyStatus::Unknown) << u"http_error"_s;
    }
    void statusClasses()
    {
        QFETCH(int, provider);
        QFETCH(int, status);
        QFETCH(QByteArray, body);
        QFETCH(int, verdict);
        QFETCH(QString, reason);
        answer(Reply::json(status, body));
        auto r = verify(ProviderKind(provider));
        QVERIFY2(r, qPrintable(dump(r)));
        QCOMPARE(int(r->status), verdict);
        QCOMPARE(r->httpStatus, status);
        QCOMPARE(r->reason.has_value(), !reason.isEmpty());
        if (r->reason) {
            QCOMPARE(r->reason->code, reason);
            QCOMPARE(r->reason->details.value(u"http_status"_s).toInt(), status);
        }
        QVERIFY(!mentionsKey(r));
        if (ProviderKind(provider) != ProviderKind::OpenAiCompatible || status != 404)
            QCOMPARE(m_provider->requestCount(), 1); // never retried
    }

    void rateLimitedKeepsRetryAfter()
    {
        answer(Reply::json(429, "{}").withHeader("Retry-After", "30"));
        auto r = verify(ProviderKind::Anthropic);
        QCOMPARE(r->status, KeyStatus::RateLimited);
        QCOMPARE(r->retryAfterSeconds, std::optional<std::int64_t>(30));
        answer(Reply::json(429, "{}").withHeader("Retry-After", "Wed, 21 Oct 2015 07:28:00 GMT"));
        QCOMPARE(verify(ProviderKind::OpenAi)->retryAfterSeconds, std::nullopt);
    }

    void timeoutIsUnknown()
    {
        m_verifier = std::make_unique<KeyVerifier>(m_manager, options(300));
        answer(Reply::of(HostileServer::Behaviour::Hang));
        auto r = verify(ProviderKind::OpenAi);
        QVERIFY2(r, qPrintable(dump(r)));
        QCOMPARE(r->status, KeyStatus::Unknown);
        QCOMPARE(r->httpStatus, 0);
        QCOMPARE(r->reason->code, QString(api::errc::timeout));
        QVERIFY(!mentionsKey(r));
    }

    void truncatedReplyIsUnknown()
    {
        Reply cut = Reply::json(200, R"({"data":[{"id":"gpt-4o"},)");
        cut.behaviour = HostileServer::Behaviour::Truncate;
        cut.declaredLength = 4096;
        answer(cut);
        auto r = verify(ProviderKind::OpenAi);
        QVERIFY2(r, qPrintable(dump(r)));
        QCOMPARE(r->status, KeyStatus::Unknown);
        QCOMPARE(r->reason->code, QString(api::errc::invalidResponse));
        QCOMPARE(r->reason->details.value(u"reason"_s).toString(), u"truncated"_s);
        QCOMPARE(r->httpStatus, 200);
    }

    void resetMidBodyIsUnknown()
    {
        Reply reset = Reply::json(200, QByteArray(R"({"data":[)") + QByteArray(4000, ' ') + "]}");
        reset.behaviour = HostileServer::Behaviour::ResetMidBody;
        answer(reset);
        auto r = verify(ProviderKind::Google);
        QCOMPARE(r->status, KeyStatus::Unknown);
        QCOMPARE(r->reason->code, QString(api::errc::invalidResponse));
    }

    void closedWithoutAnswerIsUnknown()
    {
        answer(Reply::of(HostileServer::Behaviour::CloseWithoutAnswer));
        auto r = verify(ProviderKind::Anthropic);
        QCOMPARE(r->status, KeyStatus::Unknown);
        QCOMPARE(r->httpStatus, 0);
        QVERIFY(r->reason->code == QString(api::errc::networkUnreachable) ||
                r->reason->code == QString(api::errc::invalidResponse));
    }

    void unreachableIsUnknown()
    {
        VerifierOptions o = options();
        o.endpoints.openAi = closedPortUrl();
        m_verifier = std::make_unique<KeyVerifier>(m_manager, o);
        auto r = verify(ProviderKind::OpenAi);
        QCOMPARE(r->status, KeyStatus::Unknown);
        QCOMPARE(r->reason->code, QString(api::errc::networkUnreachable));
        QVERIFY(!mentionsKey(r));
    }

    void hugeReplyIsUnknown()
    {
        VerifierOptions o = options();
        o.maxResponseBytes = 64 * 1024;
        m_verifier = std::make_unique<KeyVerifier>(m_manager, o);
        Reply huge = Reply::of(HostileServer::Behaviour::Huge);
        huge.hugeBytes = 1024 * 1024;
        answer(huge);
        auto r = verify(ProviderKind::OpenAi);
        QCOMPARE(r->status, KeyStatus::Unknown);
        QCOMPARE(r->reason->code, QString(api::errc::responseTooLarge));
    }

    void redirectsAreNotFollowed()
    {
        HostileServer elsewhere;
        QVERIFY(elsewhere.listen());
        answer(Reply::json(302, "").withHeader("Location", elsewhere.baseUrl().toEncoded() + "/v1/models"));
        auto r = verify(ProviderKind::OpenAi);
        QCOMPARE(r->status, KeyStatus::Unknown);
        QCOMPARE(r->reason->code, QString(api::errc::invalidResponse));
        QCOMPARE(r->reason->details.value(u"reason"_s).toString(), u"redirect"_s);
        QTest::qWait(50);
        QCOMPARE(elsewhere.requestCount(), 0); // the key never went there
    }

    void compatibleBaseUrls()
    {
        answer(Reply::json(200, R"({"data":[]})"));
        QUrl versioned = m_provider->baseUrl();
        versioned.setPath(u"/openai/v1/"_s);
        QVERIFY(verify(ProviderKind::OpenAiCompatible, kKey, versioned));
        QCOMPARE(m_provider->requests().constLast().path(), u"/openai/v1/models"_s);

        QUrl prefixed = m_provider->baseUrl();
        prefixed.setPath(u"/llm"_s);
        QVERIFY(verify(ProviderKind::OpenAiCompatible, kKey, prefixed));
        QCOMPARE(m_provider->requests().constLast().path(), u"/llm/v1/models"_s);

        // A server without /v1: 404 there, then {base}/models.
        m_provider->clearRequests();
        m_provider->setHandler([](const HostileServer::Request &r) {
            return r.path() == u"/models"_s ? Reply::json(200, R"({"data":[]})") : Reply::json(404, "{}");
        });
        auto r = verify(ProviderKind::OpenAiCompatible);
        QVERIFY2(r && r->status == KeyStatus::Valid, qPrintable(dump(r)));
        QCOMPARE(m_provider->requestCount(), 2);
        QCOMPARE(m_provider->requests().at(0).path(), u"/v1/models"_s);
        QCOMPARE(m_provider->requests().at(1).path(), u"/models"_s);
        QCOMPARE(m_provider->requests().at(1).header("authorization"), "Bearer " + kKey.toLatin1());

        // 404 on both: unknown, asked twice only.
        m_provider->clearRequests();
        answer(Reply::json(404, "{}"));
        r = verify(ProviderKind::OpenAiCompatible);
        QCOMPARE(r->status, KeyStatus::Unknown);
        QCOMPARE(r->reason->code, QString(api::errc::httpError));
        QCOMPARE(m_provider->requestCount(), 2);
    }

    void badInputIsRefusedBeforeSending()
    {
        auto r = verify(ProviderKind::OpenAi, u"sk-short"_s.left(5));
        QCOMPARE(r.error().code, QString(byok::errc::providerKeyInvalid));
        r = verify(ProviderKind::OpenAi, kKey + u"\r\nX-Injected: 1"_s);
        QCOMPARE(r.error().code, QString(byok::errc::providerKeyInvalid));
        Recorder<KeyVerification> missing;
        m_verifier->verify(ProviderKind::OpenAiCompatible, kKey, std::nullopt, nullptr, missing.callback());
        QVERIFY(missing.wait());
        QCOMPARE(missing.result().error().code, QString(byok::errc::providerBaseUrlMissing));
        r = verify(ProviderKind::OpenAiCompatible, kKey, QUrl(u"http://llm.example.com/v1"_s));
        QCOMPARE(r.error().code, QString(byok::errc::providerBaseUrlInvalid));
        QCOMPARE(m_provider->requestCount(), 0);
        QVERIFY(!mentionsKey(r));
    }

    void destroyedContextAbortsSilently()
    {
        answer(Reply::of(HostileServer::Behaviour::Hang));
        Recorder<KeyVerification> recorder;
        {
            QObject context;
            m_verifier->verify(ProviderKind::OpenAi, kKey, std::nullopt, &context, recorder.callback());
            QVERIFY(QTest::qWaitFor([&] { return m_provider->requestCount() == 1; }, 10'000));
        }
        QTest::qWait(100);
        QCOMPARE(recorder.calls(), 0);

        // Destroying the verifier drops a running check the same way.
        m_verifier->verify(ProviderKind::OpenAi, kKey, std::nullopt, nullptr, recorder.callback());
        QVERIFY(QTest::qWaitFor([&] { return m_provider->requestCount() == 2; }, 10'000));
        m_verifier.reset();
        QTest::qWait(100);
        QCOMPARE(recorder.calls(), 0);
    }

    void defaultEndpointsAreTheProviders()
    {
        const ProviderEndpoints defaults;
        QCOMPARE(KeyVerifier::modelsUrl(ProviderKind::OpenAi, defaults, std::nullopt)->toString(),
                 u"https://api.openai.com/v1/models"_s);
        QCOMPARE(KeyVerifier::modelsUrl(ProviderKind::Anthropic, defaults, std::nullopt)->toString(),
                 u"https://api.anthropic.com/v1/models"_s);
        QCOMPARE(KeyVerifier::modelsUrl(ProviderKind::Google, defaults, std::nullopt)->toString(),
                 u"https://generativelanguage.googleapis.com/v1beta/models"_s);
        QCOMPARE(KeyVerifier::modelsUrl(ProviderKind::OpenAiCompatible, defaults,
                                        QUrl(u"https://api.groq.com/openai/v1"_s))
                     ->toString(),
                 u"https://api.groq.com/openai/v1/models"_s);
        QCOMPARE(KeyVerifier::modelsUrl(ProviderKind::OpenAiCompatible, defaults,
                                        QUrl(u"http://localhost:11434"_s))
                     ->toString(),
                 u"http://localhost:11434/v1/models"_s);
    }

    void verdictNames()
    {
        QCOMPARE(toString(KeyStatus::Valid), u"valid"_s);
        QCOMPARE(toString(KeyStatus::Invalid), u"invalid"_s);
        QCOMPARE(toString(KeyStatus::NoQuota), u"no_quota"_s);
        QCOMPARE(toString(KeyStatus::RateLimited), u"rate_limited"_s);
        QCOMPARE(toString(KeyStatus::Unknown), u"unknown"_s);
    }
};

QTEST_GUILESS_MAIN(TestKeyVerifier)
#include "test_key_verifier.moc"
