#pragma once

#include "core/byok/provider_kind.h"
#include "core/byok/provider_settings.h"
#include "core/domain/error.h"
#include "core/secrets/secret_key.h"

#include <QList>
#include <QObject>
#include <QPointer>
#include <QString>
#include <QUrl>

#include <functional>
#include <memory>
#include <optional>

namespace creditdesk::secrets {
class SecretStore;
}

namespace creditdesk::byok {

// What the app may show about a stored key: never the key itself.
struct StoredProviderKey {
    ProviderKind provider = ProviderKind::OpenAi;
    QString hint;                // maskProviderKey(): "sk-…abcd"
    std::optional<QUrl> baseUrl; // OpenAI-compatible: the configured base URL
    friend bool operator==(const StoredProviderKey &, const StoredProviderKey &) = default;
};

// The user's own provider API keys (BYOK). Each key lives in the SecretStore
// (the OS keychain) under "creditdesk:<server>:<account>:byok:<provider>", so
// two servers or accounts never share one. There is no plaintext fallback:
// without a keychain every call fails with the store's error. Keys are never
// logged, never written to SQLite, QSettings or any file; the
// OpenAI-compatible base URL, which is not secret, is kept in
// ProviderSettings (`byok-providers.json` in the profile directory).
//
// Every call completes asynchronously, exactly once, on this object's
// thread, never inside the call; in call order. When `context` (optional)
// or the store is destroyed first, the callback is dropped.
class ProviderKeyStore : public QObject {
    Q_OBJECT

public:
    template <typename T>
    using Callback = std::function<void(Result<T>)>;

    // `secrets` must outlive the store. `server` is the CreditDesk server the
    // account belongs to, `account` the user id.
    ProviderKeyStore(secrets::SecretStore &secrets, QUrl server, QString account, QString profileDir,
                     QObject *parent = nullptr);

    [[nodiscard]] const ProviderSettings &settings() const { return m_settings; }

    // The providers that have a key, in allProviderKinds() order.
    void list(QObject *context, Callback<QList<StoredProviderKey>> done);
    // The key itself, to make a request or verify it; provider_key_missing.
    void key(ProviderKind provider, QObject *context, Callback<QString> done);
    // Normalised by normalizeProviderKey() (provider_key_invalid). The
    // OpenAI-compatible provider needs its base URL first
    // (provider_base_url_missing).
    void setKey(ProviderKind provider, const QString &key, QObject *context,
                Callback<StoredProviderKey> done);
    // Removing a key that is not there succeeds. The base URL stays (see settings()).
    void removeKey(ProviderKind provider, QObject *context, Callback<void> done);

    [[nodiscard]] Result<secrets::SecretKey> secretKey(ProviderKind provider) const;

private:
    template <typename T>
    [[nodiscard]] Callback<T> guarded(QObject *context, Callback<T> done);
    template <typename T>
    void failLater(Error error, Callback<T> done);
    void listFrom(qsizetype index, std::shared_ptr<QList<StoredProviderKey>> found,
                  Callback<QList<StoredProviderKey>> done);
    [[nodiscard]] std::optional<QUrl> baseUrlFor(ProviderKind provider) const;

    secrets::SecretStore &m_secrets;
    QUrl m_server;
    QString m_account;
    ProviderSettings m_settings;
};

} // namespace creditdesk::byok
