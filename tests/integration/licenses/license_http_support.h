#pragma once

#include "tests/integration/http/server_harness.h"
#include "tests/support/test_support.h"

#include <QJsonObject>
#include <QString>

namespace creditdesk::test {

// HTTP-level helpers of the licenses tests (through a real creditdesk-server).
struct LicenseOwner {
    QString userId;
    QString token;
    QString licenseKey;
    QString licenseId;
};

// create-user + issue-token + `admin create-license`; empty key on failure.
[[nodiscard]] LicenseOwner ownerWithLicense(const ServerHarness &server, const QString &email,
                                            const QStringList &licenseArgs = {});
// "deviceInfo"-style object for fingerprint(n).
[[nodiscard]] QJsonObject deviceJson(int n);
[[nodiscard]] QJsonObject activateBody(const QString &key, int n);
[[nodiscard]] QString deviceFingerprint(int n);
// Verifies `certificate` against GET /api/licenses/public-keys; the error text or "".
[[nodiscard]] QString verifyWithPublishedKey(const ServerHarness &server, const QJsonObject &certificate,
                                             const QString &expectedFingerprint, const QString &expectedUser);
// Skips (or, under CI=true, fails) when the server cannot start here.
#define LICENSE_SERVER(var, ...)                                                                             \
    QString var##Error_;                                                                                     \
    auto var##Ptr_ = ::creditdesk::test::ServerHarness::start(__VA_ARGS__, &var##Error_);                    \
    if (!var##Ptr_) {                                                                                        \
        if (::creditdesk::test::currentDialect() ==                                                          \
                ::creditdesk::test::ServerHarness::Dialect::PostgreSql &&                                    \
            !::creditdesk::test::postgresRequired())                                                         \
            QSKIP(qPrintable(var##Error_));                                                                  \
        QFAIL(qPrintable(var##Error_));                                                                      \
    }                                                                                                        \
    const ::creditdesk::test::ServerHarness &var = *var##Ptr_

} // namespace creditdesk::test
