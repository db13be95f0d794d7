#pragma once

#include <QByteArray>
#include <QHash>
#include <QJsonObject>
#include <QJsonValue>
#include <QList>
#include <QSslCertificate>
#include <QString>
#include <QStringList>
#include <QUrl>

#include <memory>

namespace creditdesk::test {

struct HttpReply {
    int status = 0; // 0 when the connection failed
    QByteArray body;
    QHash<QByteArray, QByteArray> headers; // names lower-cased
    QString networkError;                  // empty on success

    [[nodiscard]] QJsonValue json() const;    // Undefined when the body is not JSON
    [[nodiscard]] QJsonObject object() const; // json().toObject()
    [[nodiscard]] QString errorCode() const;  // error.code of an error envelope, or OAuth `error`
    [[nodiscard]] QByteArray header(const QByteArray &lowerCaseName) const
    {
        return headers.value(lowerCaseName);
    }
};

// A real creditdesk-server process on loopback (a free port), on a fresh
// database: a new SQLite file in a temporary dir, or a new database in the
// cluster of CREDITDESK_TEST_PG_URL (dropped on destruction). Requests are
// made with a real QNetworkAccessManager (no redirects followed, no cookies
// remembered); calls block (a local event loop).
class ServerHarness {
public:
    enum class Dialect { Sqlite, PostgreSql };
    struct Options {
        Dialect dialect = Dialect::Sqlite;
        bool extensions = true;
        bool rateLimits = false;                    // most tests want them off; rate-limit tests turn them on
        QStringList extraArgs;                      // appended to the server's command line
        QList<QSslCertificate> trustedCertificates; // CA roots for an https server (--tls-cert)
    };

    // nullptr and `error` set when the server could not start (or PostgreSQL is not available).
    [[nodiscard]] static std::unique_ptr<ServerHarness> start(const Options &options, QString *error);
    ~ServerHarness();
    ServerHarness(const ServerHarness &) = delete;
    ServerHarness &operator=(const ServerHarness &) = delete;

    [[nodiscard]] QUrl baseUrl() const;
    [[nodiscard]] QString databaseUrl() const;
    [[nodiscard]] QString dataDir() const;

    // `creditdesk-server admin --db URL <args…>`: exit code, parsed stdout JSON.
    struct AdminResult {
        int exitCode = -1;
        QJsonObject output;
        QByteArray standardError;
    };
    AdminResult admin(const QStringList &args, const QByteArray &standardInput = {}) const;

    // create-user + issue-token; returns the access token ("" on failure).
    [[nodiscard]] QString createUserWithToken(const QString &email, QString *userId = nullptr) const;
    [[nodiscard]] QString serviceToken() const; // issue-service-token, cached

    // Sends `body` (JSON, or raw bytes when `rawBody` is set) with Bearer `token` when given.
    HttpReply request(const QByteArray &method, const QString &pathAndQuery, const QString &token = {},
                      const QJsonValue &body = QJsonValue(QJsonValue::Undefined),
                      const QHash<QByteArray, QByteArray> &headers = {},
                      const QByteArray *rawBody = nullptr) const;
    HttpReply get(const QString &pathAndQuery, const QString &token = {}) const;
    HttpReply post(const QString &path, const QJsonValue &body, const QString &token = {},
                   const QHash<QByteArray, QByteArray> &headers = {}) const;

private:
    ServerHarness();
    struct Impl;
    std::unique_ptr<Impl> m_impl;
};

// For data-driven test classes: adds rows "sqlite" and "postgresql" with a
// column `dialect` of type int (as initTestCase_data or a test's _data).
// Without CREDITDESK_TEST_PG_URL the postgresql row cannot start a server:
// start it with CREDITDESK_START_SERVER, which skips that row (and fails it
// under CI=true) with a message naming the variable.
void addDialectRows();
[[nodiscard]] ServerHarness::Dialect currentDialect(); // the row's dialect (global or local data)

// Every §10.5 usage row of the token's user, paged by cursor, in
// (created_at, id) order; a failed page ends the test program (qFatal).
[[nodiscard]] QList<QJsonObject> usageRowsByCursor(const ServerHarness &server, const QString &token);

// Why `dialect` cannot run here ("" when it can).
[[nodiscard]] QString dialectUnavailableReason(ServerHarness::Dialect dialect);

} // namespace creditdesk::test

// Starts a server for the current row: `var` is a std::unique_ptr<ServerHarness>.
// QSKIP when PostgreSQL is not configured (QFAIL when CI=true), QFAIL when the
// server does not start.
#define CREDITDESK_START_SERVER(var, options)                                                                \
    std::unique_ptr<::creditdesk::test::ServerHarness> var;                                                  \
    do {                                                                                                     \
        const ::creditdesk::test::ServerHarness::Options options_ = (options);                               \
        const QString reason_ = ::creditdesk::test::dialectUnavailableReason(options_.dialect);              \
        if (!reason_.isEmpty()) {                                                                            \
            if (qEnvironmentVariable("CI") == QStringLiteral("true"))                                        \
                QFAIL(qPrintable(reason_ + QStringLiteral(" (CI=true requires PostgreSQL)")));               \
            QSKIP(qPrintable(reason_));                                                                      \
        }                                                                                                    \
        QString error_;                                                                                      \
        var = ::creditdesk::test::ServerHarness::start(options_, &error_);                                   \
        QVERIFY2(var != nullptr, qPrintable(error_));                                                        \
    } while (false)
