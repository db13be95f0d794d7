#include "core/crypto/crypto_errors.h"
#include "core/crypto/key_file_p.h"

#include <QFile>
#include <QSaveFile>

using namespace Qt::StringLiterals;

namespace creditdesk::crypto::detail {

namespace {

constexpr qint64 kMaxKeyFileSize = 64 * 1024;

} // namespace

Result<void> writePrivateFile(const QString &path, QByteArrayView contents)
{
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        return fail(errc::keyFileIo, u"cannot create key file: "_s + file.errorString(), {{u"path"_s, path}});
    if (!file.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner)) {
        file.cancelWriting();
        return fail(errc::keyFileIo, u"cannot restrict key file permissions: "_s + file.errorString(),
                    {{u"path"_s, path}});
    }
    if (file.write(contents.data(), contents.size()) != contents.size() || !file.commit())
        return fail(errc::keyFileIo, u"cannot write key file: "_s + file.errorString(), {{u"path"_s, path}});
    return {};
}

Result<QByteArray> readKeyFile(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return fail(errc::keyFileIo, u"cannot open key file: "_s + file.errorString(), {{u"path"_s, path}});
    if (file.size() > kMaxKeyFileSize)
        return fail(errc::keyFileIo, u"key file too large"_s, {{u"path"_s, path}});
    QByteArray data = file.read(kMaxKeyFileSize + 1);
    if (data.size() > kMaxKeyFileSize)
        return fail(errc::keyFileIo, u"key file too large"_s, {{u"path"_s, path}});
    if (file.error() != QFileDevice::NoError)
        return fail(errc::keyFileIo, u"cannot read key file: "_s + file.errorString(), {{u"path"_s, path}});
    return data;
}

} // namespace creditdesk::crypto::detail
