#include "core/secrets/memory_secret_store.h"

#include "core/secrets/secret_errors.h"

#include <QMetaObject>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace creditdesk::secrets {

MemorySecretStore::MemorySecretStore(QObject *parent)
    : SecretStore(parent)
{}

// Runs `operation` from the event loop (in call order) and hands its result to `done`.
template <typename Callback, typename Operation>
void MemorySecretStore::complete(Callback done, Operation operation)
{
    std::optional<Error> failure = m_failure;
    QMetaObject::invokeMethod(
        this,
        [this, done = std::move(done), operation = std::move(operation), failure = std::move(failure)]() {
            if (failure) {
                done(std::unexpected(*failure));
                return;
            }
            done(operation(m_values));
        },
        Qt::QueuedConnection);
}

void MemorySecretStore::read(const SecretKey &key, ReadCallback done)
{
    complete(std::move(done), [key](const QHash<QString, QString> &values) -> Result<QString> {
        if (auto ok = checkKey(key); !ok)
            return std::unexpected(ok.error());
        const auto it = values.constFind(key.toString());
        if (it == values.cend())
            return fail(errc::secretNotFound, u"no secret is stored under %1"_s.arg(key.toString()));
        return *it;
    });
}

void MemorySecretStore::write(const SecretKey &key, const QString &value, DoneCallback done)
{
    complete(std::move(done), [key, value](QHash<QString, QString> &values) -> Result<void> {
        if (auto ok = checkKey(key); !ok)
            return ok;
        if (auto ok = checkValue(value); !ok)
            return ok;
        values.insert(key.toString(), value);
        return {};
    });
}

void MemorySecretStore::remove(const SecretKey &key, DoneCallback done)
{
    complete(std::move(done), [key](QHash<QString, QString> &values) -> Result<void> {
        if (auto ok = checkKey(key); !ok)
            return ok;
        values.remove(key.toString());
        return {};
    });
}

std::optional<QString> MemorySecretStore::peek(const SecretKey &key) const
{
    const auto it = m_values.constFind(key.toString());
    if (it == m_values.cend())
        return std::nullopt;
    return *it;
}

QStringList MemorySecretStore::keys() const
{
    QStringList all = m_values.keys();
    std::ranges::sort(all);
    return all;
}

} // namespace creditdesk::secrets
