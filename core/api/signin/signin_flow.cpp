#include "core/api/signin/signin_flow.h"

#include "core/api/signin/signin_errors.h"
#include "core/api/signin/signin_log.h"
#include "core/crypto/primitives.h"

#include <QJsonArray>
#include <QNetworkReply>
#include <QUrlQuery>

using namespace Qt::StringLiterals;

namespace creditdesk::api::signin {

SignInFlow::SignInFlow(QNetworkAccessManager &network, SignInConfig config, UrlOpener openUrl,
                       QObject *parent)
    : QObject(parent)
    , m_http(network, config.requestTimeout)
    , m_config(std::move(config))
    , m_openUrl(std::move(openUrl))
{
    m_timeout.setSingleShot(true);
    connect(&m_timeout, &QTimer::timeout, this, [this]() {
        finish(fail(errc::signInTimeout,
                    u"the browser did not come back within %1 s"_s.arg(
                        std::chrono::duration_cast<std::chrono::seconds>(m_config.browserTimeout).count())));
    });
    connect(&m_receiver, &LoopbackReceiver::callbackReceived, this, &SignInFlow::onCallback);
}

SignInFlow::~SignInFlow()
{
    SignInHttp::abandon(m_reply);
}

void SignInFlow::start(Done done)
{
    if (m_started) {
        QMetaObject::invokeMethod(
            this,
            [done = std::move(done)]() { done(fail(errc::signInInProgress, u"this sign-in already ran"_s)); },
            Qt::QueuedConnection);
        return;
    }
    m_started = true;
    m_done = std::move(done);
    discoverOidc(m_http, m_config.issuer, this, [this](Result<OidcConfiguration> endpoints) {
        if (!m_done)
            return;
        if (!endpoints) {
            finish(std::unexpected(endpoints.error()));
            return;
        }
        begin(*endpoints);
    });
}

void SignInFlow::start(const OidcConfiguration &endpoints, Done done)
{
    if (m_started) {
        QMetaObject::invokeMethod(
            this,
            [done = std::move(done)]() { done(fail(errc::signInInProgress, u"this sign-in already ran"_s)); },
            Qt::QueuedConnection);
        return;
    }
    m_started = true;
    m_done = std::move(done);
    QMetaObject::invokeMethod(
        this,
        [this, endpoints]() {
            if (m_done)
                begin(endpoints);
        },
        Qt::QueuedConnection);
}

void SignInFlow::cancel()
{
    finish(fail(errc::signInCancelled, u"the sign-in was cancelled"_s));
}

void SignInFlow::begin(const OidcConfiguration &endpoints)
{
    m_endpoints = endpoints;
    auto pkce = Pkce::generate();
    auto state = randomUrlSafeToken(32);
    if (!pkce || !state) {
        finish(std::unexpected(pkce ? state.error() : pkce.error()));
        return;
    }
    m_pkce = *pkce;
    m_state = *state;
    if (auto listening = listen(); !listening) {
        finish(std::unexpected(listening.error()));
        return;
    }
    m_authorizationUrl = buildAuthorizationUrl();
    m_timeout.start(m_config.browserTimeout);
    qCInfo(lcSignIn).noquote() << "opening the browser for" << m_endpoints.issuer.toDisplayString()
                               << "with the redirect on port" << m_receiver.port();
    const bool opened = m_openUrl && m_openUrl(m_authorizationUrl);
    if (!m_done)
        return; // the opener cancelled
    if (!opened) {
        finish(fail(errc::browserOpenFailed, u"cannot open the browser"_s,
                    QJsonObject{{u"authorization_url"_s, m_authorizationUrl.toString(QUrl::FullyEncoded)}}));
        return;
    }
    Q_EMIT waitingForBrowser(m_authorizationUrl);
}

Result<void> SignInFlow::listen()
{
    const QList<quint16> ports =
        m_config.redirectPorts.isEmpty() ? QList<quint16>{0} : m_config.redirectPorts;
    QJsonArray tried;
    QString lastMessage;
    for (const quint16 port : ports) {
        auto listening = m_receiver.listen(port);
        if (listening)
            return {};
        tried.append(port);
        lastMessage = listening.error().message;
    }
    return fail(errc::loopbackListenFailed, lastMessage, QJsonObject{{u"ports"_s, tried}});
}

QUrl SignInFlow::buildAuthorizationUrl() const
{
    QUrl url = m_endpoints.authorizationEndpoint;
    QUrlQuery query(url);
    const QList<QPair<QString, QString>> parameters{
        {u"response_type"_s, u"code"_s},
        {u"client_id"_s, m_config.clientId},
        {u"redirect_uri"_s, m_receiver.redirectUri().toString(QUrl::FullyEncoded)},
        {u"scope"_s, m_config.scopes.join(u' ')},
        {u"state"_s, m_state},
        {u"code_challenge"_s, m_pkce.challenge},
        {u"code_challenge_method"_s, QString(Pkce::kMethod)},
        {u"resource"_s, m_config.resource},
    };
    for (const auto &[name, value] : parameters) {
        if (!value.isEmpty())
            query.addQueryItem(name, QString::fromLatin1(QUrl::toPercentEncoding(value)));
    }
    url.setQuery(query.query(QUrl::FullyEncoded), QUrl::StrictMode);
    return url;
}

void SignInFlow::onCallback(const AuthorizationCallback &callback)
{
    if (!m_done)
        return;
    m_timeout.stop();
    if (!crypto::constantTimeEquals(callback.state.toUtf8(), m_state.toUtf8())) {
        finish(fail(errc::signInStateMismatch,
                    u"the browser returned a sign-in that this app did not start (state mismatch)"_s));
        return;
    }
    const QString issuer = normalizedIssuer(m_endpoints.issuer);
    if (callback.iss.isEmpty() ? m_endpoints.issParameterSupported : callback.iss != issuer) {
        finish(fail(errc::signInIssuerMismatch,
                    u"the sign-in came back from issuer '%1', expected %2"_s.arg(callback.iss, issuer)));
        return;
    }
    if (!callback.error.isEmpty()) {
        finish(std::unexpected(authorizeError(callback.error, callback.errorDescription)));
        return;
    }
    exchange(callback.code);
}

void SignInFlow::exchange(const QString &code)
{
    SignInHttp::Form form{{u"grant_type"_s, u"authorization_code"_s},
                          {u"code"_s, code},
                          {u"redirect_uri"_s, m_receiver.redirectUri().toString(QUrl::FullyEncoded)},
                          {u"client_id"_s, m_config.clientId},
                          {u"code_verifier"_s, m_pkce.verifier}};
    if (!m_config.resource.isEmpty())
        form.append({u"resource"_s, m_config.resource});
    m_reply = m_http.postForm(m_endpoints.tokenEndpoint, form, this, [this](Result<HttpResponse> response) {
        m_reply.clear();
        finish(tokenResult(response));
    });
}

void SignInFlow::finish(Result<TokenResponse> result)
{
    if (!m_done)
        return;
    Done done = std::exchange(m_done, Done());
    m_timeout.stop();
    m_receiver.close();
    SignInHttp::abandon(m_reply);
    if (result)
        qCInfo(lcSignIn) << "sign-in completed";
    else
        qCInfo(lcSignIn).noquote() << "sign-in failed:" << result.error().code;
    done(std::move(result));
}

} // namespace creditdesk::api::signin
