#include "core/licensing/pinned_keys.h"

#include "core/licensing/licensing_errors.h"
#include "core/licensing/profile_json_file.h"

#include <QJsonArray>

using namespace Qt::StringLiterals;

namespace creditdesk::licensing {

namespace {

constexpr QLatin1StringView kPinnedKeysKind{"creditdesk.pinned-keys"};

std::unexpected<Error> invalidKey(const QString &why, qsizetype index)
{
    return fail(errc::pinnedKeyInvalid, why, {{u"index"_s, index}});
}

} // namespace

Result<PinnedKeys> PinnedKeys::fromBase64Url(const QStringList &keys)
{
    PinnedKeys pinned;
    for (qsizetype i = 0; i < keys.size(); ++i) {
        auto key = crypto::Ed25519PublicKey::fromBase64Url(keys.at(i));
        if (!key)
            return invalidKey(u"not a base64url Ed25519 public key"_s, i);
        pinned.add(*key);
    }
    return pinned;
}

Result<PinnedKeys> PinnedKeys::fromJson(const QJsonObject &json)
{
    const QJsonValue list = json.value("keys"_L1);
    if (!list.isArray())
        return fail(errc::pinnedKeyInvalid, u"no keys array"_s);
    PinnedKeys pinned;
    const QJsonArray array = list.toArray();
    for (qsizetype i = 0; i < array.size(); ++i) {
        const QJsonObject entry = array.at(i).toObject();
        if (entry.value("algorithm"_L1).toString() != "Ed25519"_L1)
            return invalidKey(u"not an Ed25519 key"_s, i);
        auto key = crypto::Ed25519PublicKey::fromBase64Url(entry.value("public_key"_L1).toString());
        if (!key)
            return invalidKey(u"public_key is not a base64url Ed25519 key"_s, i);
        if (entry.value("key_id"_L1).toString() != key->keyId())
            return invalidKey(u"key_id does not match the public key"_s, i);
        pinned.add(*key);
    }
    return pinned;
}

Result<PinnedKeys> PinnedKeys::load(const QString &path, std::int64_t nowMs)
{
    const detail::ProfileJsonFile file(path, kPinnedKeysKind, errc::pinnedKeysCorrupt);
    auto body = file.read(nowMs);
    if (!body)
        return std::unexpected(body.error());
    if (!*body)
        return PinnedKeys{};
    auto keys = fromJson(**body);
    if (!keys)
        return std::unexpected(file.setAside(keys.error().message, nowMs));
    return keys;
}

Result<void> PinnedKeys::save(const QString &path) const
{
    return detail::ProfileJsonFile(path, kPinnedKeysKind, errc::pinnedKeysCorrupt).write(toJson());
}

bool PinnedKeys::add(const crypto::Ed25519PublicKey &key)
{
    if (key.isNull() || m_keys.contains(key))
        return false;
    m_keys.append(key);
    return true;
}

void PinnedKeys::merge(const PinnedKeys &other)
{
    for (const crypto::Ed25519PublicKey &key : other.m_keys)
        add(key);
}

std::optional<crypto::Ed25519PublicKey> PinnedKeys::find(QStringView keyId) const
{
    for (const crypto::Ed25519PublicKey &key : m_keys) {
        if (key.keyId() == keyId)
            return key;
    }
    return std::nullopt;
}

QJsonObject PinnedKeys::toJson() const
{
    QJsonArray keys;
    for (const crypto::Ed25519PublicKey &key : m_keys)
        keys.append(QJsonObject{{u"key_id"_s, key.keyId()},
                                {u"algorithm"_s, u"Ed25519"_s},
                                {u"public_key"_s, key.toBase64Url()}});
    return QJsonObject{{u"keys"_s, keys}};
}

} // namespace creditdesk::licensing
