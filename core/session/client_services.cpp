#include "core/session/client_services.h"

#include "core/byok/mode_controller.h"
#include "core/licensing/license_manager.h"
#include "core/session/app_session.h"
#include "core/sync/outbox_replayer.h"

namespace creditdesk::session {

ClientServices::ClientServices(AppSession &session)
    : m_session(session)
{}

// The controller and the manager hold references to the outbox: destroyed first.
ClientServices::~ClientServices()
{
    m_mode.reset();
    m_licenses.reset();
}

sync::OutboxReplayer &ClientServices::outbox()
{
    if (!m_outbox)
        m_outbox = std::make_unique<sync::OutboxReplayer>(m_session.cloud(), m_session.mirrorWriter());
    return *m_outbox;
}

licensing::LicenseManager &ClientServices::licenses()
{
    if (!m_licenses) {
        licensing::LicenseManager::Options options;
        options.profileDir = m_session.profile().directory();
        options.appVersion = QStringLiteral(CREDITDESK_VERSION);
        m_licenses =
            std::make_unique<licensing::LicenseManager>(m_session.cloud(), std::move(options), &outbox());
        // The token's sub is the user id certificates name (api-contract §2, §10.1).
        m_licenses->setUserId(m_session.auth().account());
    }
    return *m_licenses;
}

byok::ModeController &ClientServices::mode()
{
    if (!m_mode)
        m_mode = std::make_unique<byok::ModeController>(m_session.cloud(), m_session.mirrorWriter(),
                                                        [this] { return licensingSnapshot(); });
    return *m_mode;
}

byok::LicensingSnapshot ClientServices::licensingSnapshot()
{
    licensing::LicenseManager &manager = licenses();
    const ByokInputs inputs = manager.byokLicenseInputs();
    byok::LicensingSnapshot snapshot;
    snapshot.certificateValidUntilMs = inputs.certificateValidUntilMs;
    snapshot.certificateByokEnabled = manager.snapshot().byokEnabled;
    snapshot.versionEligible = manager.snapshot().versionEligible.value_or(true);
    snapshot.nowMs = inputs.nowMs;
    snapshot.highWaterMs = inputs.highWaterMs;
    return snapshot;
}

} // namespace creditdesk::session
