#pragma once

#include "tests/integration/http/server_harness.h"

#include <QJsonObject>
#include <QList>
#include <QString>

#include <memory>

// Helpers of the billing HTTP tests: a real creditdesk-server with the
// billing seed (migration 0006) applied, users with tokens, usage bodies and
// a concurrent client.
namespace creditdesk::test {

// The server for the current data row (`dialect` column of addDialectRows()),
// extensions on, rate limits off; nullptr + `error` when it cannot start.
[[nodiscard]] std::unique_ptr<ServerHarness> startBillingServer(QString *error);

struct TestUser {
    QString id;
    QString email;
    QString token;
};
// create-user + issue-token with a unique e-mail built from `name`.
[[nodiscard]] TestUser newUser(const ServerHarness &server, const QString &name);

// A §10.6 body: gpt-4o-mini 1,200 in / 300 out (0.1 credits on free).
[[nodiscard]] QJsonObject usageBody(const QString &userId, const QString &requestId = {});
[[nodiscard]] QString newUuid();

// POSTs every body to /internal/usage at once over `connections`
// connections; the HTTP status of each, in order.
[[nodiscard]] QList<int> postConcurrently(const ServerHarness &server, const QString &serviceToken,
                                          const QList<QJsonObject> &bodies, int connections = 64);

} // namespace creditdesk::test

// Starts (or reuses) the server of the current row into `var` (ServerHarness &):
// `cache` is a std::map<int, std::unique_ptr<ServerHarness>> member.
#define BILLING_SERVER(var, cache)                                                                           \
    const int var##Dialect_ = static_cast<int>(::creditdesk::test::currentDialect());                        \
    if (!cache.count(var##Dialect_)) {                                                                       \
        const QString reason_ = ::creditdesk::test::dialectUnavailableReason(                                \
            static_cast<::creditdesk::test::ServerHarness::Dialect>(var##Dialect_));                         \
        if (!reason_.isEmpty())                                                                              \
            QSKIP(qPrintable(reason_));                                                                      \
        QString error_;                                                                                      \
        auto started_ = ::creditdesk::test::startBillingServer(&error_);                                     \
        QVERIFY2(started_ != nullptr, qPrintable(error_));                                                   \
        cache[var##Dialect_] = std::move(started_);                                                          \
    }                                                                                                        \
    ::creditdesk::test::ServerHarness &var = *cache[var##Dialect_]
