#pragma once

#include "core/secrets/secret_store.h"

#include <chrono>
#include <memory>

namespace creditdesk::secrets {

// The OS keychain through QtKeychain (on Linux the freedesktop Secret Service:
// GNOME Keyring, KWallet, KeePassXC). Service "creditdesk", key
// SecretKey::toString(). There is no plaintext fallback: without a keyring
// every operation fails with secret_service_unavailable after one retry
// (retryDelay later), which covers a Secret Service that is still starting
// with the desktop session. Values are never logged.
//
// QtKeychain jobs cannot be cancelled, so a job outlives a store destroyed
// while it runs; its result is then dropped (see SecretStore).
class KeychainSecretStore final : public SecretStore {
public:
    static constexpr std::chrono::milliseconds kDefaultRetryDelay{2000};

    explicit KeychainSecretStore(QObject *parent = nullptr);
    ~KeychainSecretStore() override;

    void setRetryDelay(std::chrono::milliseconds delay) { m_retryDelay = delay; }

    void read(const SecretKey &key, ReadCallback done) override;
    void write(const SecretKey &key, const QString &value, DoneCallback done) override;
    void remove(const SecretKey &key, DoneCallback done) override;

private:
    struct Request;
    void start(std::shared_ptr<Request> request);
    void failLater(std::shared_ptr<Request> request, Error error);

    std::chrono::milliseconds m_retryDelay = kDefaultRetryDelay;
};

} // namespace creditdesk::secrets
