#include "core/licensing/license_key_format.h"

#include "core/domain/license_rules.h"

#include <QStringList>

using namespace Qt::StringLiterals;

namespace creditdesk::licensing {

namespace {

constexpr qsizetype kGroups = 4;
constexpr qsizetype kGroupLength = 4;

std::unexpected<Error> malformed(const QString &message, QJsonObject details)
{
    return fail(creditdesk::errc::licenseKeyMalformed, message, std::move(details));
}

} // namespace

Result<QString> checkLicenseKey(QStringView raw)
{
    auto normalized = normalizeLicenseKey(raw);
    if (normalized)
        return normalized;

    QString key = raw.trimmed().toString().toUpper();
    key.remove(u' ');
    if (key.isEmpty())
        return malformed(u"no license key was entered"_s, {{u"reason"_s, u"empty"_s}});
    const QString prefix = kLicenseKeyPrefix + u'-';
    if (!key.startsWith(prefix))
        return malformed(u"a license key starts with %1"_s.arg(prefix), {{u"reason"_s, u"prefix"_s}});

    const QStringList groups = key.sliced(prefix.size()).split(u'-');
    if (groups.size() != kGroups)
        return malformed(u"a license key has %1 groups of %2 symbols after %3, this one has %4"_s.arg(kGroups)
                             .arg(kGroupLength)
                             .arg(prefix)
                             .arg(groups.size()),
                         {{u"reason"_s, u"group_count"_s}, {u"groups"_s, groups.size()}});
    qsizetype position = prefix.size();
    for (qsizetype g = 0; g < groups.size(); ++g) {
        const QString &group = groups.at(g);
        if (group.size() != kGroupLength)
            return malformed(
                u"group %1 of the license key has %2 symbols instead of %3"_s.arg(g + 1)
                    .arg(group.size())
                    .arg(kGroupLength),
                {{u"reason"_s, u"group_length"_s}, {u"group"_s, g + 1}, {u"length"_s, group.size()}});
        for (const QChar c : group) {
            ++position;
            if (!kLicenseKeyAlphabet.contains(c))
                return malformed(
                    u"'%1' (position %2) is not used in license keys: they have no 0, 1, I or O"_s.arg(c).arg(
                        position),
                    {{u"reason"_s, u"character"_s}, {u"character"_s, QString(c)}, {u"position"_s, position}});
        }
        ++position; // the dash
    }
    return normalized; // the domain's own error: a shape this diagnosis does not name
}

} // namespace creditdesk::licensing
