// Error mapping (error_mapping.h): every wire code of api-contract.md — error
// envelopes, OAuth string errors, coupon-validate failure bodies, bare
// statuses — and every transport failure lands on a distinct client code.
#include "core/api/api_errors.h"
#include "core/api/error_mapping.h"
#include "core/api/http_date.h"

#include <QJsonArray>
#include <QSet>
#include <QtTest>

using namespace Qt::StringLiterals;
using namespace creditdesk;

namespace {

constexpr std::int64_t kNow = 1'764'221'820'000;

api::HttpResponse response(int status, const QByteArray &body, bool ours = true)
{
    api::HttpResponse r;
    r.status = status;
    r.body = body;
    if (ours)
        r.headers.insert("x-creditdesk-server", "0.1.0");
    return r;
}

QByteArray envelope(const QString &code, const QByteArray &details = {})
{
    return "{\"error\":{\"code\":\"" + code.toLatin1() + "\",\"message\":\"m\"" +
           (details.isEmpty() ? QByteArray() : ",\"details\":" + details) + "}}";
}

Error mapped(const api::HttpResponse &r, const api::ApiRequestSpec &spec = {})
{
    return api::mapResponseError(r, spec, kNow);
}

} // namespace

class TestApiErrors : public QObject {
    Q_OBJECT

private slots:
    void codesAreDistinct();
    void envelopeCodes_data();
    void envelopeCodes();
    void envelopeDetailsArePreserved();
    void unknownEnvelopeCodeFallsBackToTheStatus();
    void oauthErrors_data();
    void oauthErrors();
    void couponFailureReasons_data();
    void couponFailureReasons();
    void bareStatuses_data();
    void bareStatuses();
    void unauthorized();
    void rateLimitedRetryAfter();
    void extensions();
    void networkErrors_data();
    void networkErrors();
};

void TestApiErrors::codesAreDistinct()
{
    using namespace api::errc;
    const QList<QLatin1StringView> all{networkUnreachable,
                                       timeout,
                                       tlsError,
                                       proxyError,
                                       serverUnavailable,
                                       invalidResponse,
                                       responseTooLarge,
                                       signInRequired,
                                       rateLimited,
                                       cancelled,
                                       extensionUnavailable,
                                       endpointUnavailable,
                                       httpError,
                                       invalidRequest,
                                       validationError,
                                       forbidden,
                                       notFound,
                                       methodNotAllowed,
                                       conflict,
                                       payloadTooLarge,
                                       internalServerError,
                                       serviceUnavailable,
                                       noActiveSubscription,
                                       subscriptionNotFound,
                                       paymentError,
                                       insufficientCredits,
                                       invalidCursor,
                                       licenseNotFound,
                                       activationNotFound,
                                       activationLimitReached,
                                       licenseRevoked,
                                       licenseSuspended,
                                       licenseExpired,
                                       invalidVersion,
                                       offlineRequestExpired,
                                       couponNotFound,
                                       redemptionFailed,
                                       idempotencyKeyReused,
                                       idempotencyRequestInProgress,
                                       invalidIdempotencyKey,
                                       couponInactive,
                                       couponExpired,
                                       tierNotEligible,
                                       maxUsesExceeded,
                                       maxUserUsesExceeded,
                                       campaignBudgetExceeded,
                                       minPurchaseNotMet,
                                       customRuleFailed,
                                       fraudDetected,
                                       velocityLimitExceeded,
                                       deviceFingerprintMismatch,
                                       couponInvalid,
                                       invalidGrant,
                                       unsupportedGrantType,
                                       invalidScope,
                                       invalidTarget,
                                       invalidClient,
                                       accessDenied,
                                       invalidToken};
    QSet<QString> seen;
    for (QLatin1StringView code : all) {
        QVERIFY2(!seen.contains(QString(code)), code.data());
        seen.insert(QString(code));
    }
    QCOMPARE(seen.size(), all.size());
}

void TestApiErrors::envelopeCodes_data()
{
    QTest::addColumn<int>("status");
    QTest::addColumn<QString>("wire");
    QTest::addColumn<QString>("expected");
    const QList<std::pair<int, QLatin1StringView>> kept{
        {400, api::errc::invalidRequest},
        {422, api::errc::validationError},
        {400, api::errc::validationError}, // /api paths
        {403, api::errc::forbidden},
        {404, api::errc::notFound},
        {405, api::errc::methodNotAllowed},
        {409, api::errc::conflict},
        {413, api::errc::payloadTooLarge},
        {500, api::errc::internalServerError},
        {503, api::errc::serviceUnavailable},
        {404, api::errc::noActiveSubscription},
        {404, api::errc::subscriptionNotFound},
        {402, api::errc::paymentError},
        {402, api::errc::insufficientCredits},
        {400, api::errc::invalidCursor},
        {404, api::errc::licenseNotFound},
        {404, api::errc::activationNotFound},
        {403, api::errc::activationLimitReached},
        {403, api::errc::licenseRevoked},
        {403, api::errc::licenseSuspended},
        {403, api::errc::licenseExpired},
        {400, api::errc::invalidVersion},
        {400, api::errc::offlineRequestExpired},
        {404, api::errc::couponNotFound},
        {400, api::errc::redemptionFailed},
        {422, api::errc::idempotencyKeyReused},
        {409, api::errc::idempotencyRequestInProgress},
        {400, api::errc::invalidIdempotencyKey},
    };
    for (const auto &[status, code] : kept)
        QTest::addRow("%d %s", status, code.data()) << status << QString(code) << QString(code);
    QTest::newRow("unauthorized") << 401 << u"unauthorized"_s << QString(api::errc::signInRequired);
    QTest::newRow("rate_limit_exceeded")
        << 429 << u"rate_limit_exceeded"_s << QString(api::errc::rateLimited);
    QTest::newRow("real 500 validation_error")
        << 500 << u"validation_error"_s << QString(api::errc::validationError);
}

void TestApiErrors::envelopeCodes()
{
    QFETCH(int, status);
    QFETCH(QString, wire);
    QFETCH(QString, expected);
    const Error error = mapped(response(status, envelope(wire)));
    QCOMPARE(error.code, expected);
    QVERIFY(!error.message.isEmpty());
}

void TestApiErrors::envelopeDetailsArePreserved()
{
    const QByteArray devices = R"({"max_activations":3,"devices":[{"activation_id":"a","device_name":null,
"os_type":"linux","last_seen_at":"2025-11-01T00:00:00.000Z","activated_at":"2025-10-01T00:00:00.000Z"}]})";
    const Error limit = mapped(response(403, envelope(u"activation_limit_reached"_s, devices)));
    QCOMPARE(limit.code, QString(api::errc::activationLimitReached));
    QCOMPARE(limit.details.value(u"max_activations"_s).toInt(), 3);
    QCOMPARE(limit.details.value(u"devices"_s).toArray().at(0).toObject().value(u"os_type"_s).toString(),
             u"linux"_s);
    QVERIFY(limit.details.value(u"devices"_s).toArray().at(0).toObject().value(u"device_name"_s).isNull());

    const Error credits = mapped(response(
        402, envelope(u"insufficient_credits"_s, R"({"required_credits":3.2,"available_credits":0.5})")));
    QCOMPARE(credits.code, QString(api::errc::insufficientCredits));
    QCOMPARE(credits.details.value(u"available_credits"_s).toDouble(), 0.5);

    // Non-object details ([{field,message}] lists) are kept under `items`.
    const Error list =
        mapped(response(422, envelope(u"validation_error"_s, R"([{"field":"email","message":"bad"}])")));
    QCOMPARE(list.details.value(u"items"_s).toArray().at(0).toObject().value(u"field"_s).toString(),
             u"email"_s);

    // Real's non-production `stack` is ignored; the message is kept for logs.
    const Error stack = mapped(response(
        404, R"({"error":{"code":"not_found","message":"Route GET /x not found","stack":"Error: at ..."}})"));
    QCOMPARE(stack.code, QString(api::errc::notFound));
    QVERIFY(stack.message.contains(u"Route GET /x not found"_s));
    QVERIFY(stack.details.isEmpty());
}

void TestApiErrors::unknownEnvelopeCodeFallsBackToTheStatus()
{
    const Error unknown = mapped(response(409, envelope(u"quota_wobble"_s)));
    QCOMPARE(unknown.code, QString(api::errc::conflict));
    QVERIFY(unknown.message.contains(u"quota_wobble"_s));
    const Error hostile = mapped(response(400, R"({"error":{"code":"<script>","message":"x"}})"));
    QCOMPARE(hostile.code, QString(api::errc::invalidRequest));
    const Error typed = mapped(response(404, R"({"error":{"code":42}})"));
    QCOMPARE(typed.code, QString(api::errc::notFound));
}

void TestApiErrors::oauthErrors_data()
{
    QTest::addColumn<int>("status");
    QTest::addColumn<QString>("wire");
    QTest::addColumn<QString>("expected");
    for (QLatin1StringView code :
         {api::errc::invalidGrant, api::errc::invalidRequest, api::errc::unsupportedGrantType,
          api::errc::invalidScope, api::errc::invalidTarget, api::errc::accessDenied})
        QTest::addRow("%s", code.data()) << 400 << QString(code) << QString(code);
    QTest::newRow("invalid_client 401") << 401 << u"invalid_client"_s << QString(api::errc::signInRequired);
    QTest::newRow("invalid_token 401") << 401 << u"invalid_token"_s << QString(api::errc::signInRequired);
    QTest::newRow("invalid_client 400") << 400 << u"invalid_client"_s << QString(api::errc::invalidClient);
    QTest::newRow("unknown oauth") << 400 << u"server_exploded"_s << QString(api::errc::invalidRequest);
}

void TestApiErrors::oauthErrors()
{
    QFETCH(int, status);
    QFETCH(QString, wire);
    QFETCH(QString, expected);
    const QByteArray body =
        "{\"error\":\"" + wire.toLatin1() + "\",\"error_description\":\"the grant is gone\"}";
    const Error error = mapped(response(status, body));
    QCOMPARE(error.code, expected);
    QVERIFY(error.message.contains(u"the grant is gone"_s));
}

void TestApiErrors::couponFailureReasons_data()
{
    QTest::addColumn<QString>("reason");
    QTest::addColumn<QString>("expected");
    const QList<std::pair<const char *, QLatin1StringView>> reasons{
        {"COUPON_NOT_FOUND", api::errc::couponNotFound},
        {"COUPON_INACTIVE", api::errc::couponInactive},
        {"COUPON_EXPIRED", api::errc::couponExpired},
        {"TIER_NOT_ELIGIBLE", api::errc::tierNotEligible},
        {"MAX_USES_EXCEEDED", api::errc::maxUsesExceeded},
        {"MAX_USER_USES_EXCEEDED", api::errc::maxUserUsesExceeded},
        {"CAMPAIGN_BUDGET_EXCEEDED", api::errc::campaignBudgetExceeded},
        {"MIN_PURCHASE_NOT_MET", api::errc::minPurchaseNotMet},
        {"CUSTOM_RULE_FAILED", api::errc::customRuleFailed},
        {"FRAUD_DETECTED", api::errc::fraudDetected},
        {"VELOCITY_LIMIT_EXCEEDED", api::errc::velocityLimitExceeded},
        {"DEVICE_FINGERPRINT_MISMATCH", api::errc::deviceFingerprintMismatch},
        {"VALIDATION_ERROR", api::errc::validationError},
        {"SOMETHING_NEW", api::errc::couponInvalid},
    };
    for (const auto &[reason, code] : reasons)
        QTest::newRow(reason) << QString::fromLatin1(reason) << QString(code);
}

void TestApiErrors::couponFailureReasons()
{
    QFETCH(QString, reason);
    QFETCH(QString, expected);
    api::ApiRequestSpec spec;
    spec.couponValidate = true;
    const QByteArray body = R"({"valid":false,"errors":[")" + reason.toLatin1() +
                            R"(","MIN_PURCHASE_NOT_MET"],"details":{"reason":"ended"}})";
    const Error error = mapped(response(400, body), spec);
    QCOMPARE(error.code, expected);
    QCOMPARE(error.details.value(u"errors"_s).toArray(), (QJsonArray{reason, u"MIN_PURCHASE_NOT_MET"_s}));
    QCOMPARE(error.details.value(u"details"_s).toObject().value(u"reason"_s).toString(), u"ended"_s);
    QCOMPARE(api::clientCodeForCouponReason(reason), expected);

    // Without the coupon flag the same body is just a 400.
    QCOMPARE(mapped(response(400, body)).code, QString(api::errc::invalidRequest));
}

void TestApiErrors::bareStatuses_data()
{
    QTest::addColumn<int>("status");
    QTest::addColumn<QString>("expected");
    const QList<std::pair<int, QLatin1StringView>> statuses{
        {400, api::errc::invalidRequest},
        {401, api::errc::signInRequired},
        {403, api::errc::forbidden},
        {404, api::errc::notFound},
        {405, api::errc::methodNotAllowed},
        {407, api::errc::proxyError},
        {409, api::errc::conflict},
        {413, api::errc::payloadTooLarge},
        {422, api::errc::validationError},
        {429, api::errc::rateLimited},
        {500, api::errc::internalServerError},
        {501, api::errc::internalServerError},
        {502, api::errc::serverUnavailable},
        {503, api::errc::serverUnavailable},
        {504, api::errc::serverUnavailable},
        {302, api::errc::invalidResponse},
        {418, api::errc::httpError},
        {402, api::errc::httpError},
    };
    for (const auto &[status, code] : statuses)
        QTest::addRow("%d", status) << status << QString(code);
}

void TestApiErrors::bareStatuses()
{
    QFETCH(int, status);
    QFETCH(QString, expected);
    QCOMPARE(mapped(response(status, "<html><body>Bad Gateway</body></html>")).code, expected);
    QCOMPARE(mapped(response(status, {})).code, expected);
    QCOMPARE(mapped(response(status, R"({"unrelated":true})")).code, expected);
    QCOMPARE(api::clientCodeForStatus(status), expected);
}

void TestApiErrors::unauthorized()
{
    api::ApiRequestSpec realBroken;
    realBroken.unauthorizedMeansUnavailable = true;
    const QByteArray body = envelope(u"unauthorized"_s);
    QCOMPARE(mapped(response(401, body, false), realBroken).code, QString(api::errc::endpointUnavailable));
    QCOMPARE(mapped(response(401, body, true), realBroken).code, QString(api::errc::signInRequired));
    QCOMPARE(mapped(response(401, body, false)).code, QString(api::errc::signInRequired));
}

void TestApiErrors::rateLimitedRetryAfter()
{
    const QByteArray body =
        envelope(u"rate_limit_exceeded"_s, R"({"limit":20,"retryAfter":42,"scope":"user"})");
    api::HttpResponse withHeader = response(429, body);
    withHeader.headers.insert("retry-after", "17");
    Error e = mapped(withHeader);
    QCOMPARE(e.code, QString(api::errc::rateLimited));
    QCOMPARE(e.details.value(u"retryAfter"_s).toInteger(), 17);
    QCOMPARE(e.details.value(u"scope"_s).toString(), u"user"_s);
    QCOMPARE(e.details.value(u"limit"_s).toInteger(), 20);

    withHeader.headers.insert("retry-after", api::formatImfFixdate(kNow + 90'000));
    QCOMPARE(mapped(withHeader).details.value(u"retryAfter"_s).toInteger(), 90);

    QCOMPARE(mapped(response(429, body)).details.value(u"retryAfter"_s).toInteger(),
             42); // details.retryAfter
    QCOMPARE(mapped(response(429, "too many")).details.value(u"retryAfter"_s).toInteger(), 60); // default
}

void TestApiErrors::extensions()
{
    api::ApiRequestSpec extension;
    extension.extension = true;
    QCOMPARE(mapped(response(404, envelope(u"not_found"_s), false), extension).code,
             QString(api::errc::extensionUnavailable));
    QCOMPARE(mapped(response(404, envelope(u"license_not_found"_s), false), extension).code,
             QString(api::errc::extensionUnavailable));
    QCOMPARE(mapped(response(404, envelope(u"activation_not_found"_s), true), extension).code,
             QString(api::errc::activationNotFound));
    QCOMPARE(mapped(response(403, envelope(u"license_revoked"_s), false), extension).code,
             QString(api::errc::licenseRevoked));
    QCOMPARE(mapped(response(404, envelope(u"not_found"_s), false)).code, QString(api::errc::notFound));
}

void TestApiErrors::networkErrors_data()
{
    QTest::addColumn<int>("error");
    QTest::addColumn<bool>("headReceived");
    QTest::addColumn<QString>("expected");
    using E = QNetworkReply::NetworkError;
    const QList<std::tuple<E, bool, QLatin1StringView>> cases{
        {E::ConnectionRefusedError, false, api::errc::networkUnreachable},
        {E::HostNotFoundError, false, api::errc::networkUnreachable},
        {E::RemoteHostClosedError, false, api::errc::networkUnreachable},
        {E::TemporaryNetworkFailureError, false, api::errc::networkUnreachable},
        {E::NetworkSessionFailedError, false, api::errc::networkUnreachable},
        {E::UnknownNetworkError, false, api::errc::networkUnreachable},
        {E::RemoteHostClosedError, true, api::errc::invalidResponse}, // body cut short
        {E::UnknownNetworkError, true, api::errc::invalidResponse},
        {E::TimeoutError, false, api::errc::timeout},
        {E::OperationCanceledError, false, api::errc::cancelled},
        {E::SslHandshakeFailedError, false, api::errc::tlsError},
        {E::ProxyConnectionRefusedError, false, api::errc::proxyError},
        {E::ProxyNotFoundError, false, api::errc::proxyError},
        {E::ProxyAuthenticationRequiredError, false, api::errc::proxyError},
        {E::ProxyTimeoutError, false, api::errc::proxyError},
        {E::UnknownProxyError, false, api::errc::proxyError},
        {E::ProtocolFailure, false, api::errc::invalidResponse},
        {E::TooManyRedirectsError, false, api::errc::invalidResponse},
    };
    for (const auto &[error, head, code] : cases)
        QTest::addRow("%d head=%d", int(error), int(head)) << int(error) << head << QString(code);
}

void TestApiErrors::networkErrors()
{
    QFETCH(int, error);
    QFETCH(bool, headReceived);
    QFETCH(QString, expected);
    QCOMPARE(api::clientCodeForNetworkError(static_cast<QNetworkReply::NetworkError>(error), headReceived),
             expected);
}

QTEST_GUILESS_MAIN(TestApiErrors)
#include "test_api_errors.moc"
