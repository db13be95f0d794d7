#include "core/byok/provider_key_store.h"

#include "core/byok/byok_errors.h"
#include "core/byok/byok_log.h"
#include "core/byok/provider_key.h"
#include "core/secrets/secret_errors.h"
#include "core/secrets/secret_store.h"

#include <QMetaObject>

#include <memory>

using namespace Qt::StringLiterals;

namespace creditdesk::byok {

ProviderKeyStore::ProviderKeyStore(secrets::SecretStore &secrets, QUrl server, QString account,
                                   QString profileDir, QObject *parent)
    : QObject(parent)
    , m_secrets(secrets)
    , m_server(std::move(server))
    , m_account(std::move(account))
    , m_settings(std::move(profileDir))
{}

template <typename T>
ProviderKeyStore::Callback<T> ProviderKeyStore::guarded(QObject *context, Callback<T> done)
{
    return [self = QPointer<ProviderKeyStore>(this), guardedContext = context != nullptr,
            target = QPointer<QObject>(context), done = std::move(done)](Result<T> result) {
        if (self && (!guardedContext || target))
            done(std::move(result));
    };
}

template <typename T>
void ProviderKeyStore::failLater(Error error, Callback<T> done)
{
    QMetaObject::invokeMethod(
        this, [done = std::move(done), error = std::move(error)] { done(std::unexpected(error)); },
        Qt::QueuedConnection);
}

Result<secrets::SecretKey> ProviderKeyStore::secretKey(ProviderKind provider) const
{
    return secrets::SecretKey::byok(m_server, m_account, toString(provider));
}

std::optional<QUrl> ProviderKeyStore::baseUrlFor(ProviderKind provider) const
{
    if (!requiresBaseUrl(provider))
        return std::nullopt;
    auto url = m_settings.compatibleBaseUrl();
    if (!url) {
        qCWarning(lcByok) << "cannot read the OpenAI-compatible base URL:" << url.error().code;
        return std::nullopt;
    }
    return *url;
}

void ProviderKeyStore::list(QObject *context, Callback<QList<StoredProviderKey>> done)
{
    listFrom(0, std::make_shared<QList<StoredProviderKey>>(), guarded(context, std::move(done)));
}

void ProviderKeyStore::listFrom(qsizetype index, std::shared_ptr<QList<StoredProviderKey>> found,
                                Callback<QList<StoredProviderKey>> done)
{
    const QList<ProviderKind> providers = allProviderKinds();
    if (index >= providers.size()) {
        // Delivered from the last read's callback, already outside the call.
        done(*found);
        return;
    }
    const ProviderKind provider = providers.at(index);
    auto key = secretKey(provider);
    if (!key) {
        failLater(key.error(), std::move(done));
        return;
    }
    m_secrets.read(*key, [this, self = QPointer<ProviderKeyStore>(this), index, provider, found,
                          done = std::move(done)](Result<QString> value) mutable {
        if (!self)
            return;
        if (value) {
            found->append({provider, maskProviderKey(*value), baseUrlFor(provider)});
        } else if (!value.error().is(secrets::errc::secretNotFound)) {
            done(std::unexpected(value.error()));
            return;
        }
        listFrom(index + 1, found, std::move(done));
    });
}

void ProviderKeyStore::key(ProviderKind provider, QObject *context, Callback<QString> done)
{
    Callback<QString> deliver = guarded(context, std::move(done));
    auto secret = secretKey(provider);
    if (!secret) {
        failLater(secret.error(), std::move(deliver));
        return;
    }
    m_secrets.read(*secret, [provider, deliver = std::move(deliver)](Result<QString> value) {
        if (!value && value.error().is(secrets::errc::secretNotFound)) {
            deliver(fail(errc::providerKeyMissing, u"no API key is stored for %1"_s.arg(toString(provider)),
                         {{u"provider"_s, toString(provider)}}));
            return;
        }
        deliver(std::move(value));
    });
}

void ProviderKeyStore::setKey(ProviderKind provider, const QString &key, QObject *context,
                              Callback<StoredProviderKey> done)
{
    Callback<StoredProviderKey> deliver = guarded(context, std::move(done));
    auto normalized = normalizeProviderKey(key);
    if (!normalized) {
        failLater(normalized.error(), std::move(deliver));
        return;
    }
    std::optional<QUrl> baseUrl;
    if (requiresBaseUrl(provider)) {
        auto configured = m_settings.compatibleBaseUrl();
        if (!configured) {
            failLater(configured.error(), std::move(deliver));
            return;
        }
        if (!*configured) {
            failLater(
                makeError(errc::providerBaseUrlMissing, u"set the server's base URL before its API key"_s),
                std::move(deliver));
            return;
        }
        baseUrl = *configured;
    }
    auto secret = secretKey(provider);
    if (!secret) {
        failLater(secret.error(), std::move(deliver));
        return;
    }
    StoredProviderKey stored{provider, maskProviderKey(*normalized), baseUrl};
    m_secrets.write(*secret, *normalized, [stored, deliver = std::move(deliver)](Result<void> written) {
        if (!written) {
            deliver(std::unexpected(written.error()));
            return;
        }
        qCInfo(lcByok).noquote() << "stored an API key for" << toString(stored.provider);
        deliver(stored);
    });
}

void ProviderKeyStore::removeKey(ProviderKind provider, QObject *context, Callback<void> done)
{
    Callback<void> deliver = guarded(context, std::move(done));
    auto secret = secretKey(provider);
    if (!secret) {
        failLater(secret.error(), std::move(deliver));
        return;
    }
    m_secrets.remove(*secret, [provider, deliver = std::move(deliver)](Result<void> removed) {
        if (removed)
            qCInfo(lcByok).noquote() << "removed the API key for" << toString(provider);
        deliver(std::move(removed));
    });
}

} // namespace creditdesk::byok
