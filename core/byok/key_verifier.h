#pragma once

#include "core/byok/provider_kind.h"
#include "core/domain/error.h"

#include <QByteArray>
#include <QObject>
#include <QString>
#include <QUrl>

#include <cstdint>
#include <functional>
#include <optional>

class QNetworkAccessManager;

namespace creditdesk::byok {

enum class KeyStatus {
    Valid,       // the provider accepted the key (200)
    Invalid,     // the provider refused the key (401, 403; Google's 400 API_KEY_INVALID)
    NoQuota,     // the key works but has no credit or quota left (402; OpenAI's 429 insufficient_quota)
    RateLimited, // 429: the key is fine, the provider asks to wait; NOT invalid
    Unknown,     // no verdict: network, timeout, 5xx, a reply cut short or unexpected (see reason)
};

[[nodiscard]] QString toString(EnumArg<KeyStatus> status);

struct KeyVerification {
    KeyStatus status = KeyStatus::Unknown;
    int httpStatus = 0; // 0: no HTTP answer
    // Unknown: why, as a CloudClient-style code: network_unreachable, timeout,
    // tls_error, proxy_error, server_unavailable (5xx), invalid_response
    // (details.reason: truncated, not_json, redirect, protocol_error),
    // response_too_large or http_error (another status). Never holds the key.
    std::optional<Error> reason;
    std::optional<std::int64_t> retryAfterSeconds; // RateLimited: the provider's Retry-After
};

// Where the providers live; tests point these at a local fake provider.
struct ProviderEndpoints {
    QUrl openAi{QStringLiteral("https://api.openai.com")};
    QUrl anthropic{QStringLiteral("https://api.anthropic.com")};
    QUrl google{QStringLiteral("https://generativelanguage.googleapis.com")};
};

struct VerifierOptions {
    ProviderEndpoints endpoints;
    std::int64_t transferTimeoutMs = 15'000;   // no byte moved for this long → Unknown (timeout)
    qint64 maxResponseBytes = 8 * 1024 * 1024; // a model list is far smaller
    QByteArray userAgent;                      // default: ApiTransport::defaultUserAgent()
};

// "Verify key": one side-effect-free call that needs a valid key (listing
// the provider's models), mapped to a KeyStatus:
// - OpenAI and compatible: GET {base}/v1/models (or {base}/models when the
//   base URL already ends in a version segment such as /v1; a compatible
//   server answering 404 on /v1/models is asked {base}/models once more),
//   `Authorization: Bearer <key>`;
// - Anthropic: GET /v1/models, `x-api-key` and `anthropic-version: 2023-06-01`;
// - Google: GET /v1beta/models, `x-goog-api-key`.
// The key travels only in that header: never in the URL, a log line, an
// error message or details. Redirects are not followed (the key must not
// reach another host); no retries (a verdict is asked for, not a result).
class KeyVerifier : public QObject {
    Q_OBJECT

public:
    using Callback = std::function<void(Result<KeyVerification>)>;

    static constexpr QLatin1StringView kAnthropicVersion{"2023-06-01"};

    // `manager` (its proxy setup is used) must outlive the verifier.
    explicit KeyVerifier(QNetworkAccessManager &manager, VerifierOptions options = {},
                         QObject *parent = nullptr);
    ~KeyVerifier() override;

    // `baseUrl` is required for the OpenAI-compatible provider and ignored
    // otherwise. The Result is an error only for bad input, found before
    // anything is sent: provider_key_invalid, provider_base_url_missing,
    // provider_base_url_invalid. `done` runs exactly once, from the event
    // loop, unless `context` (optional) or the verifier is destroyed first,
    // which aborts the request.
    void verify(ProviderKind provider, const QString &key, const std::optional<QUrl> &baseUrl,
                QObject *context, Callback done);

    // The URL verify() requests first.
    [[nodiscard]] static Result<QUrl> modelsUrl(ProviderKind provider, const ProviderEndpoints &endpoints,
                                                const std::optional<QUrl> &baseUrl);

private:
    class Job;

    QNetworkAccessManager &m_manager;
    VerifierOptions m_options;
};

} // namespace creditdesk::byok
