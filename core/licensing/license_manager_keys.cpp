// LicenseManager: the server's certificate key (pinning) and installing certificates.
#include "core/api/api_errors.h"
#include "core/api/cloud_client.h"
#include "core/crypto/crypto_errors.h"
#include "core/licensing/license_manager.h"
#include "core/licensing/licensing_errors.h"
#include "core/licensing/licensing_log.h"

#include <QJsonArray>
#include <QStringList>

using namespace Qt::StringLiterals;

namespace creditdesk::licensing {

namespace {

QJsonArray keyIds(const PinnedKeys &keys)
{
    QJsonArray ids;
    for (const crypto::Ed25519PublicKey &key : keys.keys())
        ids.append(key.keyId());
    return ids;
}

} // namespace

void LicenseManager::ensureKeys(std::function<void(Result<void>)> next)
{
    loadLocal();
    if (!m_keys.isEmpty()) {
        next({});
        return;
    }
    m_client.fetchPublicKeys(this, [this, next = std::move(next)](Result<QList<api::PublicKeyInfo>> keys) {
        if (!keys) {
            if (!keys.error().is(api::errc::extensionUnavailable)) {
                next(std::unexpected(keys.error()));
                return;
            }
            m_onlineOnly = true; // activation will tell: it comes without a certificate
            next({});
            return;
        }
        m_onlineOnly = keys->isEmpty();
        if (auto adopted = adoptServerKeys(*keys); !adopted) {
            m_keyProblem = adopted.error();
            next(std::unexpected(adopted.error()));
            return;
        }
        m_keyProblem.reset();
        next({});
    });
}

Result<void> LicenseManager::adoptServerKeys(const QList<api::PublicKeyInfo> &keys)
{
    QJsonArray list;
    for (const api::PublicKeyInfo &key : keys)
        list.append(QJsonObject{
            {u"key_id"_s, key.keyId}, {u"algorithm"_s, key.algorithm}, {u"public_key"_s, key.publicKey}});
    auto offered = PinnedKeys::fromJson(QJsonObject{{u"keys"_s, list}});
    if (!offered) {
        qCWarning(lcLicensing).noquote() << "the server's key list is unusable:" << offered.error().message;
        return std::unexpected(offered.error());
    }
    if (offered->isEmpty())
        return {};
    if (m_keys.isEmpty()) {
        // First contact: trust on first use, kept in the profile.
        m_profileKeys.merge(*offered);
        m_keys.merge(*offered);
        if (auto saved = m_profileKeys.save(pinnedKeysPath()); !saved)
            qCWarning(lcLicensing).noquote() << "pinned keys kept in memory only:" << saved.error().code;
        QStringList ids;
        for (const QJsonValue &id : keyIds(*offered))
            ids.append(id.toString());
        qCInfo(lcLicensing).noquote() << "pinned the server's certificate key" << ids.join(u", ");
        return {};
    }
    const QString current = offered->keys().first().keyId();
    if (m_keys.contains(current))
        return {};
    qCWarning(lcLicensing).noquote() << "the server signs with key" << current
                                     << "which is not pinned: its certificates are refused";
    return fail(errc::serverKeyChanged,
                u"the server now signs licenses with a key this device does not trust (%1)"_s.arg(current),
                {{u"key_id"_s, current}, {u"pinned_key_ids"_s, keyIds(m_keys)}});
}

Error LicenseManager::keyError(const Error &error, const QJsonObject &certificate) const
{
    if (!error.is(crypto::errc::certificateUnknownKey))
        return error;
    if (m_keys.isEmpty())
        return makeError(errc::noPinnedKeys, u"no server key is trusted on this device yet"_s);
    QJsonObject details{{u"pinned_key_ids"_s, keyIds(m_keys)}};
    const QString keyId = certificate.value("key_id"_L1).toString();
    if (!keyId.isEmpty())
        details.insert(u"key_id"_s, keyId);
    return makeError(errc::serverKeyChanged,
                     u"the certificate is signed with a key this device does not trust"_s, details);
}

Result<LicenseState> LicenseManager::installCertificate(const QJsonObject &certificate,
                                                        const QString &activationId,
                                                        const QString &licenseKeySha256)
{
    auto installed = m_verifier.install(m_store, certificate, activationId, verification(licenseKeySha256));
    if (!installed)
        return std::unexpected(keyError(installed.error(), certificate));
    m_state = std::move(*installed);
    m_onlineOnly = false;
    const auto &payload = *m_state.certificate;
    updateRecord(payload.licenseKeySha256, [&](ActivationRecord &record) {
        record.licenseId = payload.licenseId;
        record.activationId = activationId;
        record.licenseStatus = LicenseStatus::Active;
        record.onlineOnly = false;
        record.lastCheckedMs = nowMs();
    });
    return m_state;
}

} // namespace creditdesk::licensing
