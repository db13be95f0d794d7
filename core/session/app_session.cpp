#include "core/session/app_session.h"

#include "core/api/proxy_settings.h"
#include "core/secrets/keychain_secret_store.h"
#include "core/secrets/memory_secret_store.h"
#include "core/secrets/secret_key.h"
#include "core/session/session_errors.h"
#include "core/session/session_log.h"
#include "core/store/mirror_database.h"
#include "core/store/mirror_recovery.h"
#include "core/sync/mirror_writer.h"
#include "core/sync/sync_engine.h"

#include <QNetworkAccessManager>

using namespace Qt::StringLiterals;

namespace creditdesk::session {

Result<std::unique_ptr<AppSession>> AppSession::open(Profile profile, SessionOptions options, QObject *parent)
{
    auto settings = profile.loadSettings();
    if (!settings)
        return std::unexpected(settings.error());
    for (QUrl *url : {&options.server, &options.issuer}) {
        if (url->isEmpty())
            continue;
        auto checked = parseServerUrl(url->toString());
        if (!checked)
            return std::unexpected(checked.error());
        *url = *checked;
    }
    std::unique_ptr<AppSession> session(
        new AppSession(std::move(profile), std::move(*settings), std::move(options), parent));
    if (auto opened = session->openMirror(); !opened)
        return std::unexpected(opened.error());
    session->wire();
    return session;
}

AppSession::AppSession(Profile profile, ProfileSettings settings, SessionOptions options, QObject *parent)
    : QObject(parent)
    , m_profile(std::move(profile))
    , m_settings(std::move(settings))
    , m_options(std::move(options))
{
    m_server = m_options.server.isEmpty() ? m_settings.server : m_options.server;
    if (!m_options.issuer.isEmpty())
        m_issuer = m_options.issuer;
    else if (m_server == m_settings.server && !m_settings.issuer.isEmpty())
        m_issuer = m_settings.issuer;
    else
        m_issuer = m_server;
}

AppSession::~AppSession()
{
    // Pending callbacks hold pointers into the graph: stop the run first.
    if (m_engine)
        m_engine->cancel();
}

Result<void> AppSession::openMirror()
{
    // The mirror only caches what the server holds: a damaged, foreign or
    // too-new file is set aside (nothing is deleted) and a fresh one started.
    auto opened = store::openOrRecover(m_profile.mirrorPath());
    if (!opened)
        return std::unexpected(opened.error());
    if (opened->recovery != store::MirrorRecovery::None) {
        qCWarning(lcSession).noquote()
            << "the mirror could not be used (" << store::recoveryName(opened->recovery)
            << ") and has been moved to" << opened->movedAsidePath;
        m_quarantined = opened->movedAsidePath;
    }
    m_mirror = std::move(opened->db);
    return {};
}

void AppSession::wire()
{
    m_writer = std::make_unique<sync::MirrorWriter>(m_profile.mirrorPath());

    m_network = std::make_unique<QNetworkAccessManager>();
    (void)api::applyProxy(*m_network, api::ProxySettings{}); // the system's configuration never fails

    if (m_options.secrets == SecretBackend::Memory)
        m_secrets = std::make_unique<secrets::MemorySecretStore>();
    else
        m_secrets = std::make_unique<secrets::KeychainSecretStore>();

    api::signin::SignInConfig signIn = m_options.signIn;
    signIn.issuer = m_issuer;
    m_auth = std::make_unique<api::signin::AuthSession>(*m_network, *m_secrets, signIn);
    connect(m_auth.get(), &api::signin::AuthSession::refreshTokenNotSaved, this, [](const Error &error) {
        qCWarning(lcSession).noquote()
            << "the renewed sign-in could not be saved; the next start will ask to "
               "sign in again:"
            << error.code;
    });

    api::TransportOptions transport = m_options.transport;
    transport.baseUrl = m_server;
    m_cloud = std::make_unique<api::CloudClient>(transport, m_auth.get(), m_network.get());
    m_engine = std::make_unique<sync::SyncEngine>(*m_cloud, *m_writer, m_options.sync);
}

Result<void> AppSession::requireServer() const
{
    if (m_server.isEmpty())
        return fail(errc::serverNotConfigured, u"no server is configured for this profile"_s,
                    {{u"profile"_s, m_profile.directory()}});
    return {};
}

Result<void> AppSession::lockProfile()
{
    if (m_lock)
        return {};
    auto held = m_profile.lock();
    if (!held)
        return std::unexpected(held.error());
    m_lock = std::move(*held);
    return {};
}

bool AppSession::hasStoredSignIn() const
{
    return !m_server.isEmpty() && m_server == m_settings.server && !m_settings.account.isEmpty() &&
           m_settings.credential != Credential::None;
}

void AppSession::later(Done done, Result<void> result)
{
    QMetaObject::invokeMethod(
        this, [done = std::move(done), result = std::move(result)]() { done(result); }, Qt::QueuedConnection);
}

} // namespace creditdesk::session
