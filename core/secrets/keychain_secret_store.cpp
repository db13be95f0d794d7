#include "core/secrets/keychain_secret_store.h"

#include "core/secrets/keychain_errors_p.h"
#include "core/secrets/secret_errors.h"
#include "core/secrets/secrets_log.h"

#include <QMetaObject>
#include <QTimer>
#include <qt6keychain/keychain.h>

using namespace Qt::StringLiterals;

namespace creditdesk::secrets {

struct KeychainSecretStore::Request {
    keychain::Operation operation = keychain::Operation::Read;
    SecretKey key;
    QString value;
    ReadCallback onRead;
    DoneCallback onDone;
    int attempt = 1;

    void finish(Result<QString> result) const
    {
        if (operation == keychain::Operation::Read) {
            onRead(std::move(result));
        } else if (result) {
            onDone({});
        } else {
            onDone(std::unexpected(result.error()));
        }
    }
};

KeychainSecretStore::KeychainSecretStore(QObject *parent)
    : SecretStore(parent)
{}

KeychainSecretStore::~KeychainSecretStore() = default;

void KeychainSecretStore::read(const SecretKey &key, ReadCallback done)
{
    auto request = std::make_shared<Request>();
    request->operation = keychain::Operation::Read;
    request->key = key;
    request->onRead = std::move(done);
    if (auto ok = checkKey(key); !ok)
        return failLater(std::move(request), ok.error());
    start(std::move(request));
}

void KeychainSecretStore::write(const SecretKey &key, const QString &value, DoneCallback done)
{
    auto request = std::make_shared<Request>();
    request->operation = keychain::Operation::Write;
    request->key = key;
    request->value = value;
    request->onDone = std::move(done);
    if (auto ok = checkKey(key); !ok)
        return failLater(std::move(request), ok.error());
    if (auto ok = checkValue(value); !ok)
        return failLater(std::move(request), ok.error());
    start(std::move(request));
}

void KeychainSecretStore::remove(const SecretKey &key, DoneCallback done)
{
    auto request = std::make_shared<Request>();
    request->operation = keychain::Operation::Remove;
    request->key = key;
    request->onDone = std::move(done);
    if (auto ok = checkKey(key); !ok)
        return failLater(std::move(request), ok.error());
    start(std::move(request));
}

void KeychainSecretStore::failLater(std::shared_ptr<Request> request, Error error)
{
    QMetaObject::invokeMethod(
        this,
        [request = std::move(request), error = std::move(error)]() {
            request->finish(std::unexpected(error));
        },
        Qt::QueuedConnection);
}

void KeychainSecretStore::start(std::shared_ptr<Request> request)
{
    const QString service = request->key.service();
    QKeychain::Job *job = nullptr;
    switch (request->operation) {
    case keychain::Operation::Read:
        job = new QKeychain::ReadPasswordJob(service);
        break;
    case keychain::Operation::Write: {
        auto *writeJob = new QKeychain::WritePasswordJob(service);
        writeJob->setTextData(request->value);
        job = writeJob;
        break;
    }
    case keychain::Operation::Remove:
        job = new QKeychain::DeletePasswordJob(service);
        break;
    }
    // Not parented to the store: a libsecret callback may still arrive for a
    // running job, so the job must live until it finishes (it then deletes itself).
    job->setAutoDelete(true);
    job->setInsecureFallback(false);
    job->setKey(request->key.toString());
    connect(job, &QKeychain::Job::finished, this, [this, request](QKeychain::Job *finished) {
        const QKeychain::Error code = finished->error();
        if (code == QKeychain::NoError) {
            if (request->operation == keychain::Operation::Read) {
                request->finish(static_cast<QKeychain::ReadPasswordJob *>(finished)->textData());
            } else {
                request->finish(QString());
            }
            return;
        }
        const keychain::Failure failure{static_cast<int>(code), finished->errorString()};
        if (request->operation == keychain::Operation::Remove && code == QKeychain::EntryNotFound) {
            request->finish(QString());
            return;
        }
        if (keychain::isServiceUnavailable(failure) && request->attempt == 1) {
            qCInfo(lcSecrets).noquote() << "Secret Service not available yet, retrying in"
                                        << m_retryDelay.count() << "ms:" << failure.backendMessage;
            ++request->attempt;
            QTimer::singleShot(m_retryDelay, this, [this, request]() { start(request); });
            return;
        }
        Error error = keychain::toError(request->operation, failure, request->attempt);
        if (!error.is(errc::secretNotFound)) {
            qCWarning(lcSecrets).noquote()
                << "keychain" << error.code << "for" << request->key.name() << "-" << failure.backendMessage;
        }
        request->finish(std::unexpected(std::move(error)));
    });
    job->start();
}

} // namespace creditdesk::secrets
