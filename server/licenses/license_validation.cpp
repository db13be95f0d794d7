#include "server/licenses/license_validation.h"

#include "core/domain/license_rules.h"

#include <QUuid>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace creditdesk::server::licval {

namespace {

constexpr qsizetype kDeviceNameMax = 255;
constexpr qsizetype kOsTypeMax = 50;
constexpr qsizetype kOsVersionMax = 100;
constexpr qsizetype kCpuInfoMax = 255;
constexpr qsizetype kVersionMax = 50;

bool isControl(QChar c)
{
    const char16_t u = c.unicode();
    return u < 0x20 || (u >= 0x7F && u <= 0x9F) || u == 0x2028 || u == 0x2029;
}

// Free text: printable, valid UTF-16, at most `max` UTF-16 units (≤ the
// column's character limit).
QString checkText(const QString &text, qsizetype max)
{
    if (text.size() > max)
        return u"too_long"_s;
    if (!QStringView(text).isValidUtf16() || std::any_of(text.begin(), text.end(), isControl))
        return u"invalid_characters"_s;
    return {};
}

// Identifiers such as "Windows", "macOS", "10.0.22631 (Build 22631)".
QString checkToken(const QString &text, qsizetype max)
{
    if (const QString problem = checkText(text, max); !problem.isEmpty())
        return problem;
    const auto allowed = [](QChar c) {
        return (c >= u'a' && c <= u'z') || (c >= u'A' && c <= u'Z') || (c >= u'0' && c <= u'9') ||
               c == u' ' || c == u'.' || c == u'_' || c == u'-' || c == u'(' || c == u')' || c == u'+' ||
               c == u'/' || c == u',';
    };
    if (!std::all_of(text.begin(), text.end(), allowed))
        return u"invalid_characters"_s;
    return {};
}

} // namespace

Error validationError(const QString &field, const QString &reason, const QString &message)
{
    return makeError(licerr::validationError, message, QJsonObject{{field, reason}});
}

Result<QString> licenseKey(QStringView raw, const QString &field)
{
    auto key = normalizeLicenseKey(raw);
    if (!key)
        return std::unexpected(validationError(field, key.error().code, u"license key is malformed"_s));
    return key;
}

Result<void> deviceInfo(const DeviceInfo &device, const QString &prefix)
{
    QJsonObject details;
    const QString p = prefix.isEmpty() ? QString() : prefix + u'.';
    if (auto fp = validateFingerprint(device.fingerprint); !fp)
        details.insert(p + u"fingerprint"_s, fp.error().code);
    const auto note = [&](const QString &field, const QString &problem) {
        if (!problem.isEmpty())
            details.insert(p + field, problem);
    };
    note(u"deviceName"_s, checkText(device.deviceName, kDeviceNameMax));
    note(u"osType"_s, checkToken(device.osType, kOsTypeMax));
    note(u"osVersion"_s, checkToken(device.osVersion, kOsVersionMax));
    note(u"cpuInfo"_s, checkText(device.cpuInfo, kCpuInfoMax));
    if (!details.isEmpty())
        return fail(licerr::validationError, u"device information is invalid"_s, details);
    return {};
}

Result<DeviceInfo> deviceInfoFromJson(const QJsonObject &object, const QString &prefix)
{
    QJsonObject details;
    const QString p = prefix.isEmpty() ? QString() : prefix + u'.';
    const auto text = [&](const QString &field, bool required) -> QString {
        const QJsonValue value = object.value(field);
        if (value.isUndefined() || value.isNull()) {
            if (required)
                details.insert(p + field, u"required"_s);
            return {};
        }
        if (!value.isString()) {
            details.insert(p + field, u"must be a string"_s);
            return {};
        }
        return value.toString();
    };
    DeviceInfo device;
    device.fingerprint = text(u"fingerprint"_s, true);
    device.deviceName = text(u"deviceName"_s, false);
    device.osType = text(u"osType"_s, false);
    device.osVersion = text(u"osVersion"_s, false);
    device.cpuInfo = text(u"cpuInfo"_s, false);
    if (!details.isEmpty())
        return fail(licerr::validationError, u"device information is invalid"_s, details);
    if (auto checked = deviceInfo(device, prefix); !checked)
        return std::unexpected(checked.error());
    return device;
}

bool isUuid(QStringView text)
{
    if (text.size() != 36)
        return false;
    for (qsizetype i = 0; i < text.size(); ++i) {
        const QChar c = text[i];
        if (i == 8 || i == 13 || i == 18 || i == 23) {
            if (c != u'-')
                return false;
        } else if (!((c >= u'0' && c <= u'9') || (c >= u'a' && c <= u'f') || (c >= u'A' && c <= u'F'))) {
            return false;
        }
    }
    return true;
}

Result<void> version(QStringView text, const QString &field)
{
    if (text.size() > kVersionMax || !parseSemVer(text))
        return std::unexpected(validationError(field, u"invalid_version"_s, u"not a semantic version"_s));
    return {};
}

} // namespace creditdesk::server::licval
