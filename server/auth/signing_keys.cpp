#include "server/auth/signing_keys.h"

#include "server/auth/auth_errors.h"
#include "server/auth/auth_log.h"

#include <QDir>
#include <QFile>
#include <QLockFile>

using namespace Qt::StringLiterals;

namespace creditdesk::server::auth {

namespace {

template <typename Key, typename Generate>
Result<Key> loadOrCreate(const QString &path, Generate generate)
{
    if (QFile::exists(path)) {
        auto loaded = Key::loadFromFile(path);
        if (!loaded) {
            return fail(autherr::signingKeyUnavailable,
                        u"cannot load the signing key %1: %2"_s.arg(path, loaded.error().message));
        }
        return loaded;
    }
    auto created = generate();
    if (!created)
        return fail(autherr::signingKeyUnavailable, u"cannot generate a key: %1"_s.arg(created.error().message));
    if (auto saved = created->saveToFile(path); !saved)
        return fail(autherr::signingKeyUnavailable, u"cannot save %1: %2"_s.arg(path, saved.error().message));
    qCInfo(lcServerAuth) << "generated" << QDir::toNativeSeparators(path);
    return created;
}

} // namespace

Result<SigningKeys> loadOrCreateSigningKeys(const QString &dataDir)
{
    if (dataDir.isEmpty() || !QDir().mkpath(dataDir))
        return fail(autherr::signingKeyUnavailable, u"cannot create the data directory '%1'"_s.arg(dataDir));
    const QDir dir(dataDir);
    QLockFile lock(dir.filePath(u".keys.lock"_s));
    lock.setStaleLockTime(30'000);
    if (!lock.tryLock(30'000))
        return fail(autherr::signingKeyUnavailable, u"cannot lock the key files in '%1'"_s.arg(dataDir));

    SigningKeys keys;
    auto certificate = loadOrCreate<crypto::Ed25519PrivateKey>(dir.filePath(QString::fromLatin1(kCertificateKeyFile)),
                                                               [] { return crypto::Ed25519PrivateKey::generate(); });
    if (!certificate)
        return std::unexpected(certificate.error());
    keys.certificateKey = std::move(*certificate);
    auto token = loadOrCreate<crypto::RsaPrivateKey>(dir.filePath(QString::fromLatin1(kTokenKeyFile)),
                                                     [] { return crypto::RsaPrivateKey::generate(2048); });
    if (!token)
        return std::unexpected(token.error());
    keys.tokenKey = std::move(*token);
    return keys;
}

} // namespace creditdesk::server::auth
