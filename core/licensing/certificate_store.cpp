#include "core/licensing/certificate_store.h"

#include "core/domain/clock.h"
#include "core/domain/utc_time.h"
#include "core/licensing/licensing_errors.h"
#include "core/licensing/licensing_log.h"
#include "core/licensing/profile_json_file.h"

#include <QDir>
#include <QJsonArray>

using namespace Qt::StringLiterals;

namespace creditdesk::licensing {

namespace {

constexpr QLatin1StringView kStoreKind{"creditdesk.activation"};

detail::ProfileJsonFile storeFile(const QString &path)
{
    return detail::ProfileJsonFile(path, kStoreKind, errc::certificateStoreCorrupt);
}

bool isString(const QJsonObject &json, QLatin1StringView key)
{
    return json.value(key).isString();
}

std::optional<std::int64_t> timestamp(const QJsonValue &value)
{
    const auto ms = parseIsoUtc(value.toString());
    return ms ? std::optional{*ms} : std::nullopt;
}

std::optional<StoredCertificate> parseCertificate(const QJsonObject &body, bool &ok)
{
    if (!body.contains("certificate"_L1))
        return std::nullopt;
    const QJsonObject cert = body.value("certificate"_L1).toObject();
    const auto storedAt = timestamp(body.value("stored_at"_L1));
    if (!body.value("certificate"_L1).isObject() || !isString(cert, "payload"_L1) ||
        !isString(cert, "signature"_L1) || !isString(cert, "key_id"_L1) ||
        !isString(body, "activation_id"_L1) || !storedAt) {
        ok = false;
        return std::nullopt;
    }
    return StoredCertificate{cert, body.value("activation_id"_L1).toString(), *storedAt};
}

QList<PendingOfflineRequest> parsePending(const QJsonObject &body, bool &ok)
{
    QList<PendingOfflineRequest> pending;
    const QJsonValue list = body.value("pending_offline_requests"_L1);
    if (list.isUndefined())
        return pending;
    if (!list.isArray()) {
        ok = false;
        return pending;
    }
    for (const QJsonValue &value : list.toArray()) {
        const QJsonObject entry = value.toObject();
        const auto createdAt = timestamp(entry.value("created_at"_L1));
        if (!value.isObject() || !isString(entry, "nonce"_L1) || !isString(entry, "machine_fingerprint"_L1) ||
            !isString(entry, "license_key_sha256"_L1) || !createdAt) {
            ok = false;
            return pending;
        }
        pending.append({entry.value("nonce"_L1).toString(), entry.value("machine_fingerprint"_L1).toString(),
                        entry.value("license_key_sha256"_L1).toString(), *createdAt});
    }
    return pending;
}

} // namespace

CertificateStore::CertificateStore(QString profileDir, const Clock &clock)
    : m_path(QDir(profileDir).filePath(kFileName))
    , m_clock(clock)
{}

QString CertificateStore::filePath() const
{
    return m_path;
}

Result<void> CertificateStore::load()
{
    m_loaded = true;
    m_readOnlyReason.reset();
    m_state = State{};
    const detail::ProfileJsonFile file = storeFile(m_path);
    const std::int64_t now = m_clock.nowMs();
    auto body = file.read(now);
    if (!body) {
        if (!body.error().is(errc::certificateStoreCorrupt))
            m_readOnlyReason = body.error();
        return std::unexpected(body.error());
    }
    if (!*body)
        return {};

    bool ok = true;
    State state;
    state.certificate = parseCertificate(**body, ok);
    state.pending = parsePending(**body, ok);
    const QJsonValue lastAttempt = (*body)->value("last_renewal_attempt_at"_L1);
    if (!lastAttempt.isUndefined()) {
        state.lastRenewalAttemptMs = timestamp(lastAttempt);
        ok = ok && state.lastRenewalAttemptMs.has_value();
    }
    if (!ok) {
        Error aside = file.setAside(u"a field is missing or of the wrong type"_s, now);
        if (!aside.is(errc::certificateStoreCorrupt))
            m_readOnlyReason = aside;
        return std::unexpected(std::move(aside));
    }
    m_state = std::move(state);
    return {};
}

void CertificateStore::ensureLoaded()
{
    if (m_loaded)
        return;
    if (auto loaded = load(); !loaded)
        qCWarning(lcLicensing).noquote() << "activation store not loaded:" << loaded.error().code;
}

Result<void> CertificateStore::write(const State &state)
{
    if (m_readOnlyReason)
        return std::unexpected(*m_readOnlyReason);
    QJsonObject body;
    if (state.certificate) {
        body.insert(u"certificate"_s, state.certificate->certificate);
        body.insert(u"activation_id"_s, state.certificate->activationId);
        body.insert(u"stored_at"_s, toIsoUtc(state.certificate->storedAtMs));
    }
    if (!state.pending.isEmpty()) {
        QJsonArray pending;
        for (const PendingOfflineRequest &p : state.pending)
            pending.append(QJsonObject{{u"nonce"_s, p.nonce},
                                       {u"machine_fingerprint"_s, p.machineFingerprint},
                                       {u"license_key_sha256"_s, p.licenseKeySha256},
                                       {u"created_at"_s, toIsoUtc(p.createdAtMs)}});
        body.insert(u"pending_offline_requests"_s, pending);
    }
    if (state.lastRenewalAttemptMs)
        body.insert(u"last_renewal_attempt_at"_s, toIsoUtc(*state.lastRenewalAttemptMs));
    if (auto written = storeFile(m_path).write(body); !written)
        return written;
    m_state = state;
    return {};
}

std::optional<StoredCertificate> CertificateStore::certificate()
{
    ensureLoaded();
    return m_state.certificate;
}

Result<void> CertificateStore::saveCertificate(const QJsonObject &certificate, const QString &activationId)
{
    ensureLoaded();
    State next = m_state;
    next.certificate = StoredCertificate{certificate, activationId, m_clock.nowMs()};
    return write(next);
}

Result<void> CertificateStore::clearCertificate()
{
    ensureLoaded();
    State next = m_state;
    next.certificate.reset();
    return write(next);
}

QList<PendingOfflineRequest> CertificateStore::pendingOfflineRequests()
{
    ensureLoaded();
    return m_state.pending;
}

std::optional<PendingOfflineRequest> CertificateStore::pendingOfflineRequest(QStringView nonce)
{
    ensureLoaded();
    for (const PendingOfflineRequest &p : std::as_const(m_state.pending)) {
        if (p.nonce == nonce)
            return p;
    }
    return std::nullopt;
}

Result<void> CertificateStore::addPendingOfflineRequest(const PendingOfflineRequest &request)
{
    ensureLoaded();
    State next = m_state;
    next.pending.removeIf([&](const PendingOfflineRequest &p) { return p.nonce == request.nonce; });
    next.pending.prepend(request);
    if (next.pending.size() > kMaxPendingRequests)
        next.pending.resize(kMaxPendingRequests);
    return write(next);
}

Result<void> CertificateStore::removePendingOfflineRequest(QStringView nonce)
{
    ensureLoaded();
    State next = m_state;
    if (next.pending.removeIf([&](const PendingOfflineRequest &p) { return p.nonce == nonce; }) == 0)
        return {};
    return write(next);
}

std::optional<std::int64_t> CertificateStore::lastRenewalAttemptMs()
{
    ensureLoaded();
    return m_state.lastRenewalAttemptMs;
}

Result<void> CertificateStore::setLastRenewalAttemptMs(std::int64_t atMs)
{
    ensureLoaded();
    State next = m_state;
    next.lastRenewalAttemptMs = atMs;
    return write(next);
}

} // namespace creditdesk::licensing
