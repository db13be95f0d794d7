#pragma once

#include "core/secrets/secret_store.h"

#include <QHash>
#include <QStringList>

#include <optional>

namespace creditdesk::secrets {

// Secrets in this process's memory only, gone when it ends: for demo mode and
// tests. Never a fallback for a missing keychain — the app chooses it
// explicitly. Same completion contract as every SecretStore.
class MemorySecretStore final : public SecretStore {
public:
    explicit MemorySecretStore(QObject *parent = nullptr);

    void read(const SecretKey &key, ReadCallback done) override;
    void write(const SecretKey &key, const QString &value, DoneCallback done) override;
    void remove(const SecretKey &key, DoneCallback done) override;

    // Fault injection: while set, every operation started fails with `failure`
    // and changes nothing.
    void setFailure(std::optional<Error> failure) { m_failure = std::move(failure); }

    // Synchronous inspection (tests, demo reset).
    [[nodiscard]] std::optional<QString> peek(const SecretKey &key) const;
    [[nodiscard]] QStringList keys() const; // SecretKey::toString() of each entry, sorted
    void clear() { m_values.clear(); }

private:
    template <typename Callback, typename Operation>
    void complete(Callback done, Operation operation);

    QHash<QString, QString> m_values;
    std::optional<Error> m_failure;
};

} // namespace creditdesk::secrets
