#pragma once

#include "core/domain/error.h"
#include "core/secrets/secret_key.h"

#include <QObject>
#include <QString>

#include <functional>

namespace creditdesk::secrets {

// Asynchronous secret storage (refresh token, BYOK keys, proxy password).
//
// Completion contract, shared by every implementation:
// - each call's `done` runs exactly once, on the store's thread, from the
//   event loop — never inside the call itself, so a caller may start an
//   operation and then update its own state safely;
// - operations on one store complete in the order they were started;
// - when the store is destroyed first, pending callbacks are dropped (never run);
// - values are never logged; they may hold any Unicode text except U+0000,
//   non-empty, at most kMaxValueBytes of UTF-8 (invalid_argument otherwise).
//
// Error codes: core/secrets/secret_errors.h. Removing a secret that does not
// exist succeeds.
class SecretStore : public QObject {
public:
    static constexpr qsizetype kMaxValueBytes = 64 * 1024;

    using ReadCallback = std::function<void(Result<QString>)>;
    using DoneCallback = std::function<void(Result<void>)>;

    explicit SecretStore(QObject *parent = nullptr)
        : QObject(parent)
    {}
    ~SecretStore() override = default;
    SecretStore(const SecretStore &) = delete;
    SecretStore &operator=(const SecretStore &) = delete;

    virtual void read(const SecretKey &key, ReadCallback done) = 0;
    // Creates or overwrites.
    virtual void write(const SecretKey &key, const QString &value, DoneCallback done) = 0;
    virtual void remove(const SecretKey &key, DoneCallback done) = 0;

    // invalid_argument for an invalid key, an empty or oversized value or one holding U+0000.
    [[nodiscard]] static Result<void> checkKey(const SecretKey &key);
    [[nodiscard]] static Result<void> checkValue(const QString &value);
};

} // namespace creditdesk::secrets
