#include "core/api/signin/oidc_discovery.h"

#include "core/api/signin/pkce.h"
#include "core/api/signin/signin_errors.h"

#include <QHostAddress>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QObject>

using namespace Qt::StringLiterals;

namespace creditdesk::api::signin {

namespace {

Result<QUrl> endpoint(const QJsonObject &document, const QString &field, bool required)
{
    const QJsonValue value = document.value(field);
    if (value.isUndefined() && !required)
        return QUrl();
    const QUrl url(value.toString(), QUrl::StrictMode);
    if (!value.isString() || !url.isValid() || url.isRelative() || url.host().isEmpty())
        return fail(errc::discoveryInvalid, u"the discovery document has no valid %1"_s.arg(field),
                    QJsonObject{{u"field"_s, field}});
    if (!isSecureEndpoint(url))
        return fail(
            errc::insecureEndpoint,
            u"%1 must use https (or http on a loopback address): %2"_s.arg(field, url.toDisplayString()),
            QJsonObject{{u"field"_s, field}});
    return url;
}

} // namespace

bool isSecureEndpoint(const QUrl &url)
{
    if (!url.isValid() || url.host().isEmpty())
        return false;
    if (url.scheme() == "https"_L1)
        return true;
    if (url.scheme() != "http"_L1)
        return false;
    if (url.host() == "localhost"_L1)
        return true;
    const QHostAddress address(url.host());
    return !address.isNull() && address.isLoopback();
}

QString normalizedIssuer(const QUrl &issuer)
{
    QString text = issuer.toString(QUrl::FullyEncoded);
    while (text.endsWith(u'/'))
        text.chop(1);
    return text;
}

QUrl discoveryUrl(const QUrl &issuer)
{
    return QUrl(normalizedIssuer(issuer) + "/.well-known/openid-configuration"_L1);
}

Result<OidcConfiguration> parseDiscoveryDocument(const QByteArray &json, const QUrl &expectedIssuer)
{
    if (!isSecureEndpoint(expectedIssuer))
        return fail(errc::insecureEndpoint,
                    u"the issuer must use https (or http on a loopback address): %1"_s.arg(
                        expectedIssuer.toDisplayString()));
    QJsonParseError parseError{};
    const QJsonDocument parsed = QJsonDocument::fromJson(json, &parseError);
    if (parseError.error != QJsonParseError::NoError || !parsed.isObject())
        return fail(errc::discoveryFailed, u"the discovery document is not a JSON object"_s);
    const QJsonObject document = parsed.object();

    const QJsonValue issuer = document.value("issuer"_L1);
    if (!issuer.isString() || issuer.toString().isEmpty())
        return fail(errc::discoveryInvalid, u"the discovery document has no issuer"_s,
                    QJsonObject{{u"field"_s, u"issuer"_s}});
    // OIDC Discovery §4.3: exactly the issuer we asked for.
    if (issuer.toString() != normalizedIssuer(expectedIssuer) &&
        issuer.toString() != normalizedIssuer(expectedIssuer) + u'/') {
        return fail(errc::discoveryIssuerMismatch,
                    u"the discovery document names issuer %1, expected %2"_s.arg(
                        issuer.toString(), normalizedIssuer(expectedIssuer)));
    }

    OidcConfiguration config;
    config.issuer = QUrl(normalizedIssuer(expectedIssuer));
    const struct {
        QString field;
        bool required;
        QUrl *target;
    } endpoints[] = {
        {u"authorization_endpoint"_s, true, &config.authorizationEndpoint},
        {u"token_endpoint"_s, true, &config.tokenEndpoint},
        {u"jwks_uri"_s, true, &config.jwksUri},
        {u"userinfo_endpoint"_s, false, &config.userinfoEndpoint},
        {u"revocation_endpoint"_s, false, &config.revocationEndpoint},
    };
    for (const auto &item : endpoints) {
        auto url = endpoint(document, item.field, item.required);
        if (!url)
            return std::unexpected(url.error());
        *item.target = *url;
    }
    if (config.revocationEndpoint.isEmpty())
        config.revocationEndpoint = QUrl(normalizedIssuer(expectedIssuer) + "/oauth/revoke"_L1);

    const QJsonValue methods = document.value("code_challenge_methods_supported"_L1);
    if (!methods.isUndefined() && !methods.isArray())
        return fail(errc::discoveryInvalid, u"code_challenge_methods_supported is not an array"_s,
                    QJsonObject{{u"field"_s, u"code_challenge_methods_supported"_s}});
    if (!methods.toArray().contains(QJsonValue(QString(Pkce::kMethod))))
        return fail(errc::pkceUnsupported, u"the issuer does not announce PKCE with S256"_s);
    config.issParameterSupported =
        document.value("authorization_response_iss_parameter_supported"_L1).toBool();
    return config;
}

void discoverOidc(const SignInHttp &http, const QUrl &issuer, QObject *context,
                  std::function<void(Result<OidcConfiguration>)> done)
{
    if (!isSecureEndpoint(issuer)) {
        // Still asynchronous, like every other outcome.
        QMetaObject::invokeMethod(
            context,
            [issuer, done = std::move(done)]() {
                done(fail(errc::insecureEndpoint,
                          u"the issuer must use https (or http on a loopback address): %1"_s.arg(
                              issuer.toDisplayString())));
            },
            Qt::QueuedConnection);
        return;
    }
    http.get(discoveryUrl(issuer), context, [issuer, done = std::move(done)](Result<HttpResponse> response) {
        if (!response) {
            Error error = response.error();
            error.code = QString(errc::discoveryFailed);
            error.details.insert(u"cause"_s, response.error().code);
            done(std::unexpected(std::move(error)));
            return;
        }
        if (response->status != 200) {
            done(fail(
                errc::discoveryFailed,
                u"%1 answered HTTP %2"_s.arg(discoveryUrl(issuer).toDisplayString()).arg(response->status),
                QJsonObject{{u"status"_s, response->status}}));
            return;
        }
        done(parseDiscoveryDocument(response->body, issuer));
    });
}

} // namespace creditdesk::api::signin
