#include "tests/integration/api/api_test_support.h"

#include "core/api/api_errors.h"

using namespace Qt::StringLiterals;

namespace creditdesk::test {

void ScriptedTokens::refresh(std::function<void(Result<void>)> done)
{
    ++m_refreshCount;
    Result<void> outcome;
    if (m_refreshTokens.isEmpty()) {
        outcome = fail("invalid_grant"_L1, u"the refresh token was revoked"_s);
    } else {
        m_token = m_refreshTokens.takeFirst();
    }
    QTimer::singleShot(0, &m_context, [done = std::move(done), outcome] { done(outcome); });
}

api::TransportOptions testTransportOptions(const QUrl &baseUrl, const RecordedDelays &delays,
                                           std::int64_t transferTimeoutMs)
{
    api::TransportOptions options;
    options.baseUrl = baseUrl;
    options.transferTimeoutMs = transferTimeoutMs;
    options.random = [](std::int64_t) -> std::int64_t {
        return 0;
    };
    options.delay = delays.function();
    return options;
}

} // namespace creditdesk::test
