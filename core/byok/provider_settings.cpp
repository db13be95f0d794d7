#include "core/byok/provider_settings.h"

#include "core/byok/byok_errors.h"
#include "core/byok/byok_log.h"

#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QHostAddress>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QSaveFile>

using namespace Qt::StringLiterals;

namespace creditdesk::byok {

namespace {

constexpr QLatin1StringView kFormatKey{"format"};
constexpr QLatin1StringView kCompatibleKey{"openai_compatible"};
constexpr QLatin1StringView kBaseUrlKey{"base_url"};

std::unexpected<Error> invalidUrl(const QString &reason, const QString &message)
{
    return fail(errc::providerBaseUrlInvalid, message, {{u"reason"_s, reason}});
}

bool isLoopbackHost(const QString &host)
{
    if (host.compare("localhost"_L1, Qt::CaseInsensitive) == 0)
        return true;
    const QHostAddress address(host);
    return !address.isNull() && address.isLoopback();
}

} // namespace

Result<QUrl> normalizeBaseUrl(const QUrl &url)
{
    if (!url.isValid() || url.isRelative())
        return invalidUrl(u"not_absolute"_s, u"the base URL is not an absolute URL"_s);
    const QString scheme = url.scheme();
    if (scheme != "https"_L1 && scheme != "http"_L1)
        return invalidUrl(u"scheme"_s, u"the base URL must use https (or http to this computer)"_s);
    if (url.host().isEmpty())
        return invalidUrl(u"host"_s, u"the base URL has no host"_s);
    if (!url.userInfo().isEmpty())
        return invalidUrl(u"user_info"_s, u"the base URL must not carry a user name or password"_s);
    if (url.hasQuery())
        return invalidUrl(u"query"_s, u"the base URL must not have a query"_s);
    if (url.hasFragment())
        return invalidUrl(u"fragment"_s, u"the base URL must not have a fragment"_s);
    if (scheme == "http"_L1 && !isLoopbackHost(url.host()))
        return invalidUrl(u"plain_http_remote"_s,
                          u"plain http is only allowed to this computer; use https for a remote server"_s);
    QUrl normalized = url.adjusted(QUrl::StripTrailingSlash | QUrl::NormalizePathSegments);
    if (normalized.path() == "/"_L1)
        normalized.setPath(QString());
    return normalized;
}

ProviderSettings::ProviderSettings(QString profileDir)
    : m_path(QDir(profileDir).filePath(kFileName))
{}

Result<QJsonObject> ProviderSettings::readBody() const
{
    QFile file(m_path);
    if (!file.exists())
        return QJsonObject();
    if (!file.open(QIODevice::ReadOnly))
        return fail(errc::settingsIo, u"cannot read %1: %2"_s.arg(m_path, file.errorString()));
    const QByteArray bytes = file.read(kMaxFileBytes + 1);
    file.close();

    QString problem;
    QJsonObject body;
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(bytes, &parseError);
    if (bytes.size() > kMaxFileBytes) {
        problem = u"larger than %1 bytes"_s.arg(kMaxFileBytes);
    } else if (parseError.error != QJsonParseError::NoError || !doc.isObject()) {
        problem = u"not a JSON object"_s;
    } else {
        body = doc.object();
        const QString format = body.value(kFormatKey).toString();
        static const QRegularExpression ours(uR"(^creditdesk\.byok-providers\.v([0-9]{1,9})$)"_s);
        const QRegularExpressionMatch match = ours.match(format);
        if (match.hasMatch() && match.captured(1).toInt() > 1)
            return fail(errc::settingsTooNew, u"%1 was written by a newer CreditDesk"_s.arg(m_path),
                        {{u"format"_s, format}});
        if (format != kFormat) {
            problem = u"not a CreditDesk BYOK settings file"_s;
        } else {
            const QJsonValue compatible = body.value(kCompatibleKey);
            if (!compatible.isUndefined() &&
                (!compatible.isObject() || !compatible.toObject().value(kBaseUrlKey).isString() ||
                 !normalizeBaseUrl(
                     QUrl(compatible.toObject().value(kBaseUrlKey).toString(), QUrl::StrictMode))))
                problem = u"openai_compatible.base_url is not a usable base URL"_s;
        }
    }
    if (problem.isEmpty())
        return body;

    // Keep the bytes for support; the settings start again empty.
    const QString movedTo =
        m_path + u".corrupt-"_s + QDateTime::currentDateTimeUtc().toString(u"yyyyMMddTHHmmssZ"_s);
    if (!QFile::rename(m_path, movedTo))
        return fail(errc::settingsIo, u"cannot move the damaged %1 aside"_s.arg(m_path));
    qCWarning(lcByok).noquote() << m_path << "is damaged (" << problem << "); moved to" << movedTo;
    return fail(errc::settingsCorrupt, u"%1 is damaged: %2"_s.arg(m_path, problem),
                {{u"path"_s, m_path}, {u"moved_to"_s, movedTo}, {u"reason"_s, problem}});
}

Result<void> ProviderSettings::writeBody(const QJsonObject &body) const
{
    if (!QDir().mkpath(QFileInfo(m_path).absolutePath()))
        return fail(errc::settingsIo, u"cannot create the profile directory of %1"_s.arg(m_path));
    QJsonObject stored = body;
    stored.insert(kFormatKey, QString(kFormat));
    QSaveFile file(m_path);
    if (!file.open(QIODevice::WriteOnly))
        return fail(errc::settingsIo, u"cannot write %1: %2"_s.arg(m_path, file.errorString()));
    file.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner);
    file.write(QJsonDocument(stored).toJson(QJsonDocument::Indented));
    if (!file.commit())
        return fail(errc::settingsIo, u"cannot write %1: %2"_s.arg(m_path, file.errorString()));
    return {};
}

Result<std::optional<QUrl>> ProviderSettings::compatibleBaseUrl() const
{
    auto body = readBody();
    if (!body)
        return std::unexpected(body.error());
    const QJsonValue compatible = body->value(kCompatibleKey);
    if (!compatible.isObject())
        return std::optional<QUrl>();
    return std::optional<QUrl>(QUrl(compatible.toObject().value(kBaseUrlKey).toString(), QUrl::StrictMode));
}

Result<QUrl> ProviderSettings::setCompatibleBaseUrl(const QUrl &url) const
{
    auto normalized = normalizeBaseUrl(url);
    if (!normalized)
        return std::unexpected(normalized.error());
    auto body = readBody();
    // A damaged file was moved aside: start from an empty one.
    if (!body && !body.error().is(errc::settingsCorrupt))
        return std::unexpected(body.error());
    QJsonObject next = body ? *body : QJsonObject();
    next.insert(kCompatibleKey, QJsonObject{{kBaseUrlKey, normalized->toString(QUrl::FullyEncoded)}});
    if (auto written = writeBody(next); !written)
        return std::unexpected(written.error());
    return *normalized;
}

Result<void> ProviderSettings::clearCompatibleBaseUrl() const
{
    auto body = readBody();
    if (!body && !body.error().is(errc::settingsCorrupt))
        return std::unexpected(body.error());
    QJsonObject next = body ? *body : QJsonObject();
    if (!next.contains(kCompatibleKey))
        return {};
    next.remove(kCompatibleKey);
    return writeBody(next);
}

} // namespace creditdesk::byok
