#include "core/licensing/activation_record.h"

#include "core/domain/utc_time.h"
#include "core/licensing/licensing_errors.h"
#include "core/licensing/profile_json_file.h"

#include <QFile>

using namespace Qt::StringLiterals;

namespace creditdesk::licensing {

namespace {

constexpr QLatin1StringView kRecordKind{"creditdesk.license"};
constexpr int kMaxSeats = 100'000;

detail::ProfileJsonFile recordFile(const QString &path)
{
    return detail::ProfileJsonFile(path, kRecordKind, errc::licenseRecordCorrupt);
}

// Optional members: absent or null is "unknown"; any other type is damage.
bool optionalString(const QJsonObject &body, QLatin1StringView key, QString &out)
{
    const QJsonValue value = body.value(key);
    if (value.isUndefined() || value.isNull())
        return true;
    if (!value.isString())
        return false;
    out = value.toString();
    return true;
}

bool optionalCount(const QJsonObject &body, QLatin1StringView key, std::optional<int> &out)
{
    const QJsonValue value = body.value(key);
    if (value.isUndefined() || value.isNull())
        return true;
    const qint64 n = value.toInteger(-1);
    if (!value.isDouble() || n < 0 || n > kMaxSeats)
        return false;
    out = static_cast<int>(n);
    return true;
}

bool optionalBool(const QJsonObject &body, QLatin1StringView key, std::optional<bool> &out)
{
    const QJsonValue value = body.value(key);
    if (value.isUndefined() || value.isNull())
        return true;
    if (!value.isBool())
        return false;
    out = value.toBool();
    return true;
}

std::optional<ActivationRecord> parse(const QJsonObject &body)
{
    ActivationRecord record;
    QString status;
    QString lastChecked;
    std::optional<bool> onlineOnly;
    const bool ok = optionalString(body, "license_key_sha256"_L1, record.licenseKeySha256) &&
                    optionalString(body, "masked_license_key"_L1, record.maskedLicenseKey) &&
                    optionalString(body, "license_id"_L1, record.licenseId) &&
                    optionalString(body, "activation_id"_L1, record.activationId) &&
                    optionalString(body, "license_status"_L1, status) &&
                    optionalBool(body, "byok_enabled"_L1, record.byokEnabled) &&
                    optionalCount(body, "seats_used"_L1, record.seatsUsed) &&
                    optionalCount(body, "seats_total"_L1, record.seatsTotal) &&
                    optionalBool(body, "online_only"_L1, onlineOnly) &&
                    optionalString(body, "last_checked_at"_L1, lastChecked);
    if (!ok)
        return std::nullopt;
    record.onlineOnly = onlineOnly.value_or(false);
    if (!status.isEmpty()) {
        const auto parsed = parseLicenseStatus(status);
        if (!parsed)
            return std::nullopt;
        record.licenseStatus = *parsed;
    }
    if (!lastChecked.isEmpty()) {
        const auto parsed = parseIsoUtc(lastChecked);
        if (!parsed)
            return std::nullopt;
        record.lastCheckedMs = *parsed;
    }
    return record;
}

} // namespace

Result<std::optional<ActivationRecord>> ActivationRecord::load(const QString &path, std::int64_t nowMs)
{
    const detail::ProfileJsonFile file = recordFile(path);
    auto body = file.read(nowMs);
    if (!body)
        return std::unexpected(body.error());
    if (!*body)
        return std::optional<ActivationRecord>{};
    auto record = parse(**body);
    if (!record)
        return std::unexpected(file.setAside(u"a field is of the wrong type"_s, nowMs));
    return record;
}

Result<void> ActivationRecord::save(const QString &path) const
{
    QJsonObject body{{u"license_key_sha256"_s, licenseKeySha256},
                     {u"masked_license_key"_s, maskedLicenseKey},
                     {u"license_id"_s, licenseId},
                     {u"activation_id"_s, activationId},
                     {u"online_only"_s, onlineOnly}};
    if (licenseStatus)
        body.insert(u"license_status"_s, toString(*licenseStatus));
    if (byokEnabled)
        body.insert(u"byok_enabled"_s, *byokEnabled);
    if (seatsUsed)
        body.insert(u"seats_used"_s, *seatsUsed);
    if (seatsTotal)
        body.insert(u"seats_total"_s, *seatsTotal);
    if (lastCheckedMs)
        body.insert(u"last_checked_at"_s, toIsoUtc(*lastCheckedMs));
    return recordFile(path).write(body);
}

Result<void> ActivationRecord::remove(const QString &path)
{
    QFile file(path);
    if (!file.exists() || file.remove())
        return {};
    return fail(errc::profileFileIo, u"cannot remove a licensing file: "_s + file.errorString(),
                {{u"path"_s, path}});
}

} // namespace creditdesk::licensing
