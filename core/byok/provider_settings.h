#pragma once

#include "core/domain/error.h"

#include <QJsonObject>
#include <QLatin1StringView>
#include <QString>
#include <QUrl>

#include <optional>

namespace creditdesk::byok {

// The base URL of an OpenAI-compatible server, as the requests will use it:
// an absolute https URL, or http only to a loopback host (a local runtime;
// keys never cross a network in clear text); no user info, query or
// fragment; trailing slashes dropped. provider_base_url_invalid otherwise
// (details.reason: not_absolute, scheme, host, user_info, query, fragment,
// plain_http_remote).
[[nodiscard]] Result<QUrl> normalizeBaseUrl(const QUrl &url);

// BYOK settings that are not secret, in `byok-providers.json` in the profile
// directory: for now the OpenAI-compatible base URL. Keys never go here (they
// live in the SecretStore). Read from the file on every call; written
// atomically (QSaveFile), owner-only.
class ProviderSettings {
public:
    static constexpr QLatin1StringView kFileName{"byok-providers.json"};
    static constexpr QLatin1StringView kFormat{"creditdesk.byok-providers.v1"};
    static constexpr qint64 kMaxFileBytes = 64 * 1024;

    explicit ProviderSettings(QString profileDir);

    [[nodiscard]] QString filePath() const { return m_path; }

    // nullopt when none is configured. byok_settings_corrupt (the file was
    // moved aside; the next call sees no file), byok_settings_too_new,
    // byok_settings_io.
    [[nodiscard]] Result<std::optional<QUrl>> compatibleBaseUrl() const;
    // Normalised as normalizeBaseUrl(); returns the stored URL.
    [[nodiscard]] Result<QUrl> setCompatibleBaseUrl(const QUrl &url) const;
    [[nodiscard]] Result<void> clearCompatibleBaseUrl() const;

private:
    [[nodiscard]] Result<QJsonObject> readBody() const;
    [[nodiscard]] Result<void> writeBody(const QJsonObject &body) const;

    QString m_path;
};

} // namespace creditdesk::byok
