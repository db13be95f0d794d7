#pragma once

#include "core/byok/byok_entitlement.h"
#include "core/byok/mode.h"
#include "core/domain/client_rules.h"
#include "core/domain/error.h"

#include <QObject>

#include <functional>
#include <optional>

namespace creditdesk {
class Clock;
}

namespace creditdesk::api {
class CloudClient;
struct Preferences;
} // namespace creditdesk::api

namespace creditdesk::sync {
class MirrorWriter;
}

namespace creditdesk::byok {

struct ModeChange {
    Mode mode = Mode::Cloud;
    // Offline: the change waits in the outbox (kind preferences.update, with
    // its Idempotency-Key) for OutboxReplayer; the mirror already shows it.
    bool queued = false;
    std::optional<qint64> outboxId;
    std::optional<ByokSource> source; // switching to BYOK: what entitles the user
};

// The user's BYOK / cloud mode (domain-rules §9), kept in their
// preferencesMetadata["creditdesk"]["mode"] (api-contract §4), which the
// server stores whole: every change is a read-modify-write that keeps all
// other keys. Switching to BYOK is checked first with evaluateByok() on the
// mirror (subscription, license) and the licensing snapshot, and refused
// with byok_not_entitled / byok_locked and the reason in details. The change
// goes to the server at once (Idempotency-Key per action) and the answer is
// written to the mirror (server wins); when the server cannot be reached it
// is queued in the outbox and shown at once.
//
// Mirror reads and writes run on `writer`'s worker connection. Calls complete
// asynchronously, exactly once, on this object's thread; when `context`
// (optional) or the controller is destroyed first the callback is dropped.
// `client` and `writer` must outlive the controller.
class ModeController : public QObject {
    Q_OBJECT

public:
    template <typename T>
    using Callback = std::function<void(Result<T>)>;

    // Without a licensing source there is no certificate: BYOK is refused.
    ModeController(api::CloudClient &client, sync::MirrorWriter &writer, LicensingSource licensing = {},
                   const Clock *clock = nullptr, QObject *parent = nullptr);
    ~ModeController() override;

    void setLicensingSource(LicensingSource licensing) { m_licensing = std::move(licensing); }

    // The last known mode (Cloud until load() or refresh() said otherwise).
    [[nodiscard]] Mode mode() const { return m_mode; }
    [[nodiscard]] bool isChanging() const { return m_changing; }

    // From the mirror. An unreadable stored mode counts as Cloud.
    void load(QObject *context, Callback<Mode> done);
    // From the server (GET preferences), written to the mirror.
    void refresh(QObject *context, Callback<Mode> done);
    // Would BYOK be allowed now? Same check and errors as setMode(Byok).
    void checkByok(QObject *context, Callback<ByokSource> done);
    // mode_change_in_progress while an earlier change runs; byok_not_entitled,
    // byok_locked; CloudClient errors other than being offline; mirror errors.
    void setMode(Mode mode, QObject *context, Callback<ModeChange> done);

signals:
    void modeChanged(creditdesk::byok::Mode mode);

private:
    struct Facts;
    struct Change;

    template <typename T>
    [[nodiscard]] Callback<T> guarded(QObject *context, Callback<T> done);
    void readFacts(std::function<void(Result<Facts>)> done);
    [[nodiscard]] Result<ByokSource> evaluate(const Facts &facts) const;
    void sendChange(std::shared_ptr<Change> change);
    void applyAnswer(std::shared_ptr<Change> change, const api::Preferences &answer);
    void queueChange(std::shared_ptr<Change> change, const Error &offline);
    void finishChange(std::shared_ptr<Change> change, Result<ModeChange> result);
    void setCurrent(Mode mode);
    [[nodiscard]] std::int64_t nowMs() const;

    api::CloudClient &m_client;
    sync::MirrorWriter &m_writer;
    LicensingSource m_licensing;
    const Clock *m_clock;
    Mode m_mode = Mode::Cloud;
    bool m_changing = false;
};

} // namespace creditdesk::byok
