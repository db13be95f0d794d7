#pragma once

#include "core/api/access_token_source.h"
#include "core/api/api_transport.h"
#include "core/api/cloud_client.h"
#include "core/domain/error.h"

#include <QList>
#include <QObject>
#include <QString>
#include <QTest>
#include <QTimer>

#include <cstdint>
#include <memory>
#include <optional>

namespace creditdesk::test {

// An AccessTokenSource with a fixed token and a scripted refresh: each
// refresh() answers (on the next event-loop turn) with the next token of
// `refreshTokens` (it becomes the access token), or with
// `refreshError` once they run out.
class ScriptedTokens final : public api::AccessTokenSource {
public:
    explicit ScriptedTokens(QString token = {})
        : m_token(std::move(token))
    {}

    [[nodiscard]] QString accessToken() const override { return m_token; }
    void refresh(std::function<void(Result<void>)> done) override;

    void setToken(QString token) { m_token = std::move(token); }
    void setRefreshTokens(QStringList tokens) { m_refreshTokens = std::move(tokens); }
    [[nodiscard]] int refreshCount() const { return m_refreshCount; }

private:
    QObject m_context; // the refresh answer's event-loop context
    QString m_token;
    QStringList m_refreshTokens;
    int m_refreshCount = 0;
};

// Records the calls of a Callback<T>; wait() spins the event loop until the
// first one. The state is shared, so a late call after the recorder is gone
// is harmless (and still counted by any copy).
template <typename T>
class Recorder {
public:
    [[nodiscard]] api::Callback<T> callback()
    {
        auto state = m_state;
        return [state](Result<T> result) {
            ++state->calls;
            state->result.emplace(std::move(result));
        };
    }
    bool wait(int timeoutMs = 60'000)
    {
        auto state = m_state;
        return QTest::qWaitFor([state] { return state->calls > 0; }, timeoutMs);
    }
    [[nodiscard]] int calls() const { return m_state->calls; }
    [[nodiscard]] const Result<T> &result() const { return *m_state->result; }

private:
    struct State {
        int calls = 0;
        std::optional<Result<T>> result;
    };
    std::shared_ptr<State> m_state = std::make_shared<State>();
};

// Runs a CloudClient call and waits for its result (QVERIFY-friendly: an
// unexpected Result on timeout is `timeout` from the helper itself).
template <typename T, typename Start>
Result<T> await(Start &&start, int timeoutMs = 60'000)
{
    Recorder<T> recorder;
    start(recorder.callback());
    if (!recorder.wait(timeoutMs))
        return std::unexpected(Error{QStringLiteral("test_timeout"), QStringLiteral("no callback"), {}});
    return recorder.result();
}

// A DelayFunction that records each requested wait and fires on the next
// event-loop turn, so retry tests do not sleep.
struct RecordedDelays {
    std::shared_ptr<QList<std::int64_t>> waits = std::make_shared<QList<std::int64_t>>();

    [[nodiscard]] api::DelayFunction function() const
    {
        auto list = waits;
        return [list](std::int64_t ms, QObject *context, std::function<void()> fire) {
            list->append(ms);
            QTimer::singleShot(0, context, std::move(fire));
        };
    }
};

// Transport options for tests: fixed jitter (always 0), recorded delays,
// a short transfer timeout.
[[nodiscard]] api::TransportOptions testTransportOptions(const QUrl &baseUrl, const RecordedDelays &delays,
                                                         std::int64_t transferTimeoutMs = 2'000);

} // namespace creditdesk::test
