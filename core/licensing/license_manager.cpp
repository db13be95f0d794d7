#include "core/licensing/license_manager.h"

#include "core/api/access_token_source.h"
#include "core/api/cloud_client.h"
#include "core/crypto/activation_certificate.h"
#include "core/domain/license_rules.h"
#include "core/licensing/license_key_format.h"
#include "core/licensing/licensing_errors.h"
#include "core/licensing/licensing_log.h"

#include <QDir>

#include <algorithm>
#include <chrono>

using namespace Qt::StringLiterals;

namespace creditdesk::licensing {

namespace {

const Clock &pickClock(const Clock *injected, std::unique_ptr<Clock> &owned)
{
    if (injected)
        return *injected;
    owned = std::make_unique<SystemClock>();
    return *owned;
}

} // namespace

LicenseManager::LicenseManager(api::CloudClient &client, Options options, sync::OutboxReplayer *outbox,
                               QObject *parent)
    : QObject(parent)
    , m_client(client)
    , m_outbox(outbox)
    , m_options(std::move(options))
    , m_clock(pickClock(m_options.clock, m_systemClock))
    , m_guard(m_clock, m_options.profileDir)
    , m_store(m_options.profileDir, m_clock)
    , m_verifier(m_keys, m_guard)
    , m_renewal(m_store)
    , m_offline(m_store, m_verifier, m_clock)
{
    qRegisterMetaType<LicenseStatusSnapshot>();
    m_timer.setSingleShot(true);
    connect(&m_timer, &QTimer::timeout, this, &LicenseManager::checkNow);
    connect(&m_client, &api::CloudClient::serverTimeObserved, this, [this](qint64 serverTimeMs, qint64) {
        if (auto observed = m_guard.observeServerTime(serverTimeMs); !observed)
            qCDebug(lcLicensing).noquote() << "server time not recorded:" << observed.error().code;
    });
}

LicenseManager::~LicenseManager()
{
    if (auto flushed = m_guard.flush(); !flushed)
        qCWarning(lcLicensing).noquote() << "clock guard mark not saved:" << flushed.error().code;
}

std::int64_t LicenseManager::nowMs() const
{
    return m_clock.nowMs();
}

QString LicenseManager::pinnedKeysPath() const
{
    return QDir(m_options.profileDir).filePath(PinnedKeys::kFileName);
}

QString LicenseManager::recordPath() const
{
    return QDir(m_options.profileDir).filePath(ActivationRecord::kFileName);
}

bool LicenseManager::signedIn() const
{
    const api::AccessTokenSource *tokens = m_client.transport().tokenSource();
    return tokens && !tokens->accessToken().isEmpty();
}

VerificationContext LicenseManager::verification(const QString &licenseKeySha256) const
{
    return VerificationContext{m_fingerprint, m_userId, licenseKeySha256, m_options.appVersion};
}

void LicenseManager::loadLocal()
{
    if (m_loaded)
        return;
    m_loaded = true;
    m_keys = m_options.builtInKeys;
    if (auto pinned = PinnedKeys::load(pinnedKeysPath(), nowMs()); pinned) {
        m_profileKeys = *pinned;
        m_keys.merge(m_profileKeys);
    } else {
        qCWarning(lcLicensing).noquote() << "pinned server keys not read:" << pinned.error().code;
    }
    if (auto record = ActivationRecord::load(recordPath(), nowMs()); record)
        m_record = *record;
    else
        qCWarning(lcLicensing).noquote() << "license record not read:" << record.error().code;

    const DeviceFingerprint device(m_options.profileDir, m_clock, m_options.machineId);
    if (auto fingerprint = device.compute(); fingerprint) {
        m_fingerprint = fingerprint->hex;
        if (fingerprint->installationIdReplaced)
            qCWarning(lcLicensing) << "the installation id was damaged and replaced: this device needs a new "
                                      "activation";
    } else {
        m_fingerprintError = fingerprint.error();
        qCWarning(lcLicensing).noquote() << "device fingerprint unavailable:" << fingerprint.error().code;
    }
}

void LicenseManager::ensureEvaluated()
{
    if (m_published)
        return;
    evaluate();
    publish();
}

void LicenseManager::evaluate()
{
    loadLocal();
    if (m_fingerprintError) {
        m_state = LicenseState{};
        m_state.clock = m_guard.check();
        m_state.reason = m_fingerprintError;
        return;
    }
    m_state = m_verifier.evaluateStored(m_store, verification());
    // A damaged store is set aside on the first read: keep saying why there
    // is no certificate until there is one again.
    if (m_state.certificate)
        m_storeProblem.reset();
    else if (m_state.reason)
        m_storeProblem = m_state.reason;
    else if (m_state.kind == LicenseState::Kind::NoCertificate)
        m_state.reason = m_storeProblem;
}

void LicenseManager::publish()
{
    const CheckFacts facts{m_online,         m_onlineOnly,           m_keyProblem,
                           m_renewalProblem, m_client.clockSkewMs(), m_nextCheckAtMs};
    LicenseStatusSnapshot next = buildSnapshot(m_state, m_record, facts);
    if (m_published && next == m_snapshot)
        return;
    m_snapshot = std::move(next);
    m_published = true;
    emit stateChanged(m_snapshot);
}

void LicenseManager::scheduleNext()
{
    const std::int64_t now = m_state.clock.effectiveNowMs;
    m_nextCheckAtMs = nextCheckAtMs(m_state, m_online, now, m_renewal.nextAttemptAtMs());
    const std::int64_t delay = std::clamp(*m_nextCheckAtMs - now, kMinCheckDelayMs, kLicenseCheckIntervalMs);
    m_timer.start(std::chrono::milliseconds(delay));
}

void LicenseManager::start()
{
    m_started = true;
    loadLocal();
    if (const auto serverTime = m_client.lastServerTimeMs()) {
        if (auto observed = m_guard.observeServerTime(*serverTime); !observed)
            qCDebug(lcLicensing).noquote() << "server time not recorded:" << observed.error().code;
    }
    evaluate();
    publish();
    checkNow();
}

void LicenseManager::setUserId(const QString &userId)
{
    if (userId == m_userId)
        return;
    m_userId = userId;
    if (m_started) {
        evaluate();
        publish();
    }
}

QString LicenseManager::fingerprint()
{
    loadLocal();
    return m_fingerprint;
}

ByokInputs LicenseManager::byokLicenseInputs()
{
    ensureEvaluated();
    const ClockReading reading = m_guard.check();
    return licenseByokInputs(m_state, m_record, reading.nowMs, reading.highWaterMs);
}

void LicenseManager::updateRecord(const QString &licenseKeySha256,
                                  const std::function<void(ActivationRecord &)> &change)
{
    ActivationRecord record;
    if (m_record && m_record->licenseKeySha256 == licenseKeySha256)
        record = *m_record;
    record.licenseKeySha256 = licenseKeySha256;
    change(record);
    if (m_record == record)
        return;
    if (auto saved = record.save(recordPath()); !saved)
        qCWarning(lcLicensing).noquote() << "license record not saved:" << saved.error().code;
    m_record = std::move(record);
}

Result<void> LicenseManager::writeRequest(const QString &licenseKey, const QString &path,
                                          const QString &deviceName)
{
    ensureEvaluated();
    const auto key = checkLicenseKey(licenseKey);
    if (!key)
        return std::unexpected(key.error());
    if (m_fingerprintError)
        return std::unexpected(*m_fingerprintError);
    DeviceDescription device = m_options.device;
    if (!deviceName.isEmpty())
        device.name = deviceName;
    auto request = m_offline.createRequest(*key, m_fingerprint, device);
    if (!request)
        return std::unexpected(request.error());
    if (auto written = OfflineActivator::writeRequestFile(*request, path); !written)
        return written;
    m_offlineKeys.insert(crypto::licenseKeySha256(*key), maskLicenseKey(*key));
    return {};
}

Result<LicenseStatusSnapshot> LicenseManager::importResponse(const QString &path)
{
    ensureEvaluated();
    if (m_fingerprintError)
        return std::unexpected(*m_fingerprintError);
    if (m_keys.isEmpty())
        return fail(
            errc::noPinnedKeys,
            u"no server key is trusted on this device yet: connect to the server once, or use a build "
            u"that ships its key"_s);
    auto state = m_offline.importResponseFile(path, verification());
    if (!state)
        return std::unexpected(keyError(state.error()));
    m_state = std::move(*state);
    const auto &certificate = *m_state.certificate;
    const QString masked = m_offlineKeys.value(certificate.licenseKeySha256);
    updateRecord(certificate.licenseKeySha256, [&](ActivationRecord &record) {
        if (!masked.isEmpty())
            record.maskedLicenseKey = masked;
        record.licenseId = certificate.licenseId;
        record.activationId = m_state.activationId;
        record.licenseStatus = LicenseStatus::Active;
        record.onlineOnly = false;
        record.lastCheckedMs = nowMs();
    });
    qCInfo(lcLicensing) << "offline activation imported";
    if (m_started)
        scheduleNext();
    publish();
    return m_snapshot;
}

} // namespace creditdesk::licensing
