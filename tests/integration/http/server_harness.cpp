#include "tests/integration/http/server_harness.h"

#include "server/db/connection.h"
#include "server/db/database_url.h"
#include "tests/support/test_support.h"

#include <QCoreApplication>
#include <QDir>
#include <QEventLoop>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QNetworkAccessManager>
#include <QNetworkCookieJar>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QProcess>
#include <QRandomGenerator>
#include <QSslConfiguration>
#include <QTemporaryDir>
#include <QTimer>
#include <QtTest>

#include <optional>

using namespace Qt::StringLiterals;

namespace creditdesk::test {

namespace {

constexpr int kStartTimeoutMs = 60'000;
constexpr int kRequestTimeoutMs = 60'000;
constexpr int kAdminTimeoutMs = 120'000;
const QByteArray kReadyPrefix = "creditdesk-server listening on ";

QString uniqueName(const QString &prefix)
{
    static std::atomic<int> counter{0};
    return u"%1-%2"_s.arg(prefix).arg(++counter);
}

// Runs a statement on the cluster's maintenance database.
bool onCluster(const QString &clusterUrl, const QString &sql, QString *error)
{
    const auto config = server::parseDatabaseUrl(clusterUrl);
    if (!config) {
        *error = config.error().message;
        return false;
    }
    auto connection = server::Connection::open(*config, uniqueName(u"harness-admin"_s));
    if (!connection) {
        *error = connection.error().message;
        return false;
    }
    const auto done = server::execStatement(connection->database(), sql);
    if (!done)
        *error = done.error().message;
    return done.has_value();
}

// Requests carry exactly the headers a test gives: no cookie is remembered.
class NoCookies final : public QNetworkCookieJar {
public:
    using QNetworkCookieJar::QNetworkCookieJar;
    bool setCookiesFromUrl(const QList<QNetworkCookie> &, const QUrl &) override { return false; }
};

} // namespace

QJsonValue HttpReply::json() const
{
    QJsonParseError error{};
    const QJsonDocument doc = QJsonDocument::fromJson('[' + body + ']', &error);
    if (error.error != QJsonParseError::NoError || body.trimmed().isEmpty())
        return QJsonValue(QJsonValue::Undefined);
    return doc.array().at(0);
}

QJsonObject HttpReply::object() const
{
    return json().toObject();
}

QString HttpReply::errorCode() const
{
    const QJsonValue error = object().value(u"error"_s);
    if (error.isObject())
        return error.toObject().value(u"code"_s).toString();
    return error.toString();
}

struct ServerHarness::Impl {
    Options options;
    QTemporaryDir dir;
    QString databaseUrl;
    QString clusterUrl;   // PostgreSQL only
    QString databaseName; // PostgreSQL only
    QProcess process;
    QUrl baseUrl;
    QNetworkAccessManager network;
    mutable QString serviceToken;

    [[nodiscard]] QString dataDir() const { return dir.filePath(u"data"_s); }
    [[nodiscard]] QString logPath() const { return dir.filePath(u"server.log"_s); }
    [[nodiscard]] QString logTail() const
    {
        QFile log(logPath());
        if (!log.open(QIODevice::ReadOnly))
            return {};
        return QString::fromUtf8(log.readAll().right(4000));
    }
};

ServerHarness::ServerHarness()
    : m_impl(std::make_unique<Impl>())
{
    m_impl->network.setCookieJar(new NoCookies(&m_impl->network));
}

ServerHarness::~ServerHarness()
{
    if (m_impl->process.state() != QProcess::NotRunning) {
        m_impl->process.terminate();
        if (!m_impl->process.waitForFinished(15'000)) {
            m_impl->process.kill();
            m_impl->process.waitForFinished(5'000);
        }
    }
    if (!m_impl->databaseName.isEmpty()) {
        QString error;
        if (!onCluster(m_impl->clusterUrl,
                       u"DROP DATABASE IF EXISTS "_s + m_impl->databaseName + u" WITH (FORCE)"_s, &error))
            qWarning("cannot drop %s: %s", qPrintable(m_impl->databaseName), qPrintable(error));
    }
    if (qEnvironmentVariableIsSet("CREDITDESK_TEST_SERVER_LOG"))
        qInfo().noquote() << "server log:\n" << m_impl->logTail();
}

std::unique_ptr<ServerHarness> ServerHarness::start(const Options &options, QString *error)
{
    const QString reason = dialectUnavailableReason(options.dialect);
    if (!reason.isEmpty()) {
        *error = reason;
        return nullptr;
    }
    std::unique_ptr<ServerHarness> harness(new ServerHarness());
    Impl &d = *harness->m_impl;
    d.options = options;
    if (!d.dir.isValid()) {
        *error = u"cannot create a temporary directory"_s;
        return nullptr;
    }
    QDir().mkpath(d.dataDir());
    if (options.dialect == Dialect::Sqlite) {
        d.databaseUrl = u"sqlite://"_s + d.dir.filePath(u"server.db"_s);
    } else {
        d.clusterUrl = postgresUrl();
        const auto config = server::parseDatabaseUrl(d.clusterUrl);
        if (!config) {
            *error = config.error().message;
            return nullptr;
        }
        // Hex digits only: an identifier cannot be bound.
        d.databaseName =
            u"creditdesk_http_%1"_s.arg(QRandomGenerator::global()->generate64(), 16, 16, QChar(u'0'));
        if (!onCluster(d.clusterUrl, u"CREATE DATABASE "_s + d.databaseName, error)) {
            d.databaseName.clear();
            return nullptr;
        }
        QUrl url;
        url.setScheme(u"postgresql"_s);
        url.setUserName(config->user);
        url.setPassword(config->password);
        url.setHost(config->host);
        url.setPort(config->port);
        url.setPath(u"/"_s + d.databaseName);
        d.databaseUrl = url.toString();
    }

    QStringList arguments{u"--db"_s,          d.databaseUrl,
                          u"--listen"_s,      u"127.0.0.1:0"_s,
                          u"--data-dir"_s,    d.dataDir(),
                          u"--extensions"_s,  options.extensions ? u"on"_s : u"off"_s,
                          u"--rate-limits"_s, options.rateLimits ? u"on"_s : u"off"_s};
    arguments += options.extraArgs;
    d.process.setStandardErrorFile(d.logPath());
    d.process.setProgram(QStringLiteral(CREDITDESK_SERVER_EXE));
    d.process.setArguments(arguments);
    d.process.start();
    if (!d.process.waitForStarted(10'000)) {
        *error = u"cannot start %1: %2"_s.arg(QStringLiteral(CREDITDESK_SERVER_EXE), d.process.errorString());
        return nullptr;
    }
    QElapsedTimer timer;
    timer.start();
    QByteArray output;
    while (timer.elapsed() < kStartTimeoutMs) {
        if (d.process.canReadLine() || d.process.waitForReadyRead(200)) {
            while (d.process.canReadLine()) {
                const QByteArray line = d.process.readLine().trimmed();
                output += line + '\n';
                if (line.startsWith(kReadyPrefix)) {
                    d.baseUrl = QUrl(QString::fromUtf8(line.sliced(kReadyPrefix.size())));
                    return harness;
                }
            }
        }
        if (d.process.state() == QProcess::NotRunning)
            break;
    }
    *error = u"the server did not start (exit %1)\nstdout: %2\nlog:\n%3"_s.arg(d.process.exitCode())
                 .arg(QString::fromUtf8(output), d.logTail());
    return nullptr;
}

QUrl ServerHarness::baseUrl() const
{
    return m_impl->baseUrl;
}

QString ServerHarness::databaseUrl() const
{
    return m_impl->databaseUrl;
}

QString ServerHarness::dataDir() const
{
    return m_impl->dataDir();
}

ServerHarness::AdminResult ServerHarness::admin(const QStringList &args,
                                                const QByteArray &standardInput) const
{
    AdminResult result;
    QProcess process;
    process.setProgram(QStringLiteral(CREDITDESK_SERVER_EXE));
    process.setArguments(QStringList{u"admin"_s, u"--db"_s, m_impl->databaseUrl, u"--data-dir"_s, dataDir()} +
                         args);
    process.start();
    if (!process.waitForStarted(10'000))
        return result;
    if (!standardInput.isEmpty())
        process.write(standardInput);
    process.closeWriteChannel();
    if (!process.waitForFinished(kAdminTimeoutMs)) {
        process.kill();
        process.waitForFinished();
        return result;
    }
    result.exitCode = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1;
    result.standardError = process.readAllStandardError();
    const QList<QByteArray> lines = process.readAllStandardOutput().trimmed().split('\n');
    result.output = QJsonDocument::fromJson(lines.isEmpty() ? QByteArray() : lines.last()).object();
    return result;
}

QString ServerHarness::createUserWithToken(const QString &email, QString *userId) const
{
    const AdminResult created = admin({u"create-user"_s, u"--email"_s, email}, "correct-horse-battery\n");
    if (created.exitCode != 0) {
        qWarning().noquote() << "create-user failed:" << created.output << created.standardError;
        return {};
    }
    if (userId)
        *userId = created.output.value(u"id"_s).toString();
    const AdminResult token = admin({u"issue-token"_s, u"--email"_s, email});
    if (token.exitCode != 0) {
        qWarning().noquote() << "issue-token failed:" << token.output << token.standardError;
        return {};
    }
    return token.output.value(u"access_token"_s).toString();
}

QString ServerHarness::serviceToken() const
{
    if (m_impl->serviceToken.isEmpty()) {
        const AdminResult issued = admin({u"issue-service-token"_s});
        m_impl->serviceToken = issued.output.value(u"service_token"_s).toString();
    }
    return m_impl->serviceToken;
}

HttpReply ServerHarness::request(const QByteArray &method, const QString &pathAndQuery, const QString &token,
                                 const QJsonValue &body, const QHash<QByteArray, QByteArray> &headers,
                                 const QByteArray *rawBody) const
{
    QUrl url = m_impl->baseUrl;
    const qsizetype question = pathAndQuery.indexOf(u'?');
    // Percent-encodings in the path are sent as written.
    url.setPath(question < 0 ? pathAndQuery : pathAndQuery.first(question), QUrl::TolerantMode);
    if (question >= 0)
        url.setQuery(pathAndQuery.sliced(question + 1));
    QNetworkRequest request(url);
    request.setAttribute(QNetworkRequest::RedirectPolicyAttribute, QNetworkRequest::ManualRedirectPolicy);
    request.setTransferTimeout(kRequestTimeoutMs);
    if (!m_impl->options.trustedCertificates.isEmpty()) {
        QSslConfiguration tls = QSslConfiguration::defaultConfiguration();
        tls.setCaCertificates(m_impl->options.trustedCertificates);
        request.setSslConfiguration(tls);
    }
    QByteArray payload;
    if (rawBody) {
        payload = *rawBody;
    } else if (!body.isUndefined()) {
        payload = body.isArray() ? QJsonDocument(body.toArray()).toJson(QJsonDocument::Compact)
                                 : QJsonDocument(body.toObject()).toJson(QJsonDocument::Compact);
        request.setRawHeader("Content-Type", "application/json");
    }
    if (!token.isEmpty())
        request.setRawHeader("Authorization", "Bearer " + token.toLatin1());
    for (auto it = headers.cbegin(); it != headers.cend(); ++it)
        request.setRawHeader(it.key(), it.value());

    QNetworkReply *reply = payload.isEmpty() && method == "GET"
                               ? m_impl->network.get(request)
                               : m_impl->network.sendCustomRequest(request, method, payload);
    QEventLoop loop;
    QObject::connect(reply, &QNetworkReply::finished, &loop, &QEventLoop::quit);
    if (!reply->isFinished())
        loop.exec();
    HttpReply result;
    result.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    result.body = reply->readAll();
    for (const auto &header : reply->rawHeaderPairs())
        result.headers.insert(header.first.toLower(), header.second);
    if (result.status == 0)
        result.networkError = reply->errorString();
    reply->deleteLater();
    return result;
}

HttpReply ServerHarness::get(const QString &pathAndQuery, const QString &token) const
{
    return request("GET", pathAndQuery, token);
}

HttpReply ServerHarness::post(const QString &path, const QJsonValue &body, const QString &token,
                              const QHash<QByteArray, QByteArray> &headers) const
{
    return request("POST", path, token, body, headers);
}

void addDialectRows()
{
    QTest::addColumn<int>("dialect");
    QTest::newRow("sqlite") << static_cast<int>(ServerHarness::Dialect::Sqlite);
    QTest::newRow("postgresql") << static_cast<int>(ServerHarness::Dialect::PostgreSql);
}

ServerHarness::Dialect currentDialect()
{
    // A test's own addDialectRows() rows are named after the dialect; otherwise
    // the rows are the class's global data (initTestCase_data).
    const char *local = QTest::currentDataTag();
    if (local && qstrcmp(local, "postgresql") == 0)
        return ServerHarness::Dialect::PostgreSql;
    if (local && qstrcmp(local, "sqlite") == 0)
        return ServerHarness::Dialect::Sqlite;
    const int dialect = *static_cast<int *>(QTest::qGlobalData("dialect", QMetaType::Int));
    return static_cast<ServerHarness::Dialect>(dialect);
}

QString dialectUnavailableReason(ServerHarness::Dialect dialect)
{
    if (dialect == ServerHarness::Dialect::PostgreSql && postgresUrl().isEmpty())
        return u"CREDITDESK_TEST_PG_URL not set: PostgreSQL tests run under scripts/test.sh"_s;
    return {};
}

QList<QJsonObject> usageRowsByCursor(const ServerHarness &server, const QString &token)
{
    QList<QJsonObject> rows;
    QString cursor;
    for (;;) {
        const HttpReply reply = server.get(
            u"/v1/usage?after=%1&limit=1000"_s.arg(QString::fromLatin1(QUrl::toPercentEncoding(cursor))),
            token);
        if (reply.status != 200)
            qFatal("ledger page failed: %d %s", reply.status, reply.body.constData());
        const QJsonObject page = reply.object();
        for (const QJsonValue &row : page.value(u"data"_s).toArray())
            rows.append(row.toObject());
        cursor = page.value(u"next_cursor"_s).toString();
        if (!page.value(u"has_more"_s).toBool())
            return rows;
    }
}

} // namespace creditdesk::test
