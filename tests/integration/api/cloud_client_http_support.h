#pragma once

#include "core/api/cloud_client.h"
#include "tests/integration/api/api_test_support.h"
#include "tests/integration/http/server_harness.h"

#include <QJsonObject>
#include <QString>
#include <QStringList>

#include <memory>

namespace creditdesk::test {

// A signed-in user of a harness server (create-user + issue-token).
struct Account {
    QString email;
    QString userId;
    QString token;
};

[[nodiscard]] Account newAccount(const ServerHarness &server, const QString &name);

// `creditdesk-server admin <args>`; the parsed output, or an empty object (and
// a warning) when the command failed.
QJsonObject adminOk(const ServerHarness &server, const QStringList &args);

// A CloudClient for `server` with `tokens`: retries do not sleep (RecordedDelays).
struct ClientFixture {
    ScriptedTokens tokens;
    RecordedDelays delays;
    std::unique_ptr<api::CloudClient> client;

    ClientFixture(const ServerHarness &server, const QString &token);
};

// 64 lower-case hex digits, distinct for each n.
[[nodiscard]] QString fingerprint(int n);
[[nodiscard]] api::DeviceInfo device(int n);

[[nodiscard]] ServerHarness::Options harnessOptions(bool extensions = true, bool rateLimits = false);

} // namespace creditdesk::test
