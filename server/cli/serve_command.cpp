#include "server/cli/serve_command.h"

#include "server/cli/server_cli.h"
#include "server/cli/server_setup.h"
#include "server/cli/unix_signals.h"
#include "server/db/db_errors.h"
#include "server/embedded/server_runtime.h"
#include "server/http/http_log.h"
#include "server/http/http_server.h"

#include <QCoreApplication>
#include <QFile>
#include <QHostAddress>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSslCertificate>
#include <QSslKey>

using namespace Qt::StringLiterals;

namespace creditdesk::server {

namespace {

int printStartError(QTextStream &out, QTextStream &err, const Error &error)
{
    err << u"creditdesk-server: "_s << error.message << u'\n';
    err.flush();
    out << QString::fromUtf8(
               QJsonDocument(QJsonObject{{u"error"_s, QJsonObject{{u"code"_s, error.code},
                                                                  {u"message"_s, error.message}}}})
                   .toJson(QJsonDocument::Compact))
        << u'\n';
    out.flush();
    return kExitError;
}

Result<bool> parseSwitch(const QString &name, const QString &value)
{
    if (value == "on"_L1 || value == "true"_L1)
        return true;
    if (value == "off"_L1 || value == "false"_L1)
        return false;
    return fail(dberr::invalidArguments, u"--%1 takes on or off"_s.arg(name));
}

Result<void> parseListen(const QString &value, ServeOptions *options)
{
    const qsizetype colon = value.lastIndexOf(u':');
    if (colon <= 0)
        return fail(dberr::invalidArguments, u"--listen takes HOST:PORT"_s);
    bool ok = false;
    const int port = value.sliced(colon + 1).toInt(&ok);
    if (!ok || port < 0 || port > 65535)
        return fail(dberr::invalidArguments, u"--listen: bad port in '%1'"_s.arg(value));
    QString host = value.first(colon);
    if (host.startsWith(u'[') && host.endsWith(u']'))
        host = host.sliced(1, host.size() - 2);
    options->listenHost = host;
    options->listenPort = port;
    return {};
}

Result<void> setupTls(HttpServer &server, const ServeOptions &options)
{
    QFile certFile(options.tlsCertificate);
    QFile keyFile(options.tlsKey);
    if (!certFile.open(QIODevice::ReadOnly) || !keyFile.open(QIODevice::ReadOnly))
        return fail(dberr::invalidArguments, u"cannot read --tls-cert or --tls-key"_s);
    const QList<QSslCertificate> chain = QSslCertificate::fromData(certFile.readAll(), QSsl::Pem);
    const QByteArray keyPem = keyFile.readAll();
    QSslKey key(keyPem, QSsl::Rsa, QSsl::Pem);
    if (key.isNull())
        key = QSslKey(keyPem, QSsl::Ec, QSsl::Pem);
    if (chain.isEmpty() || key.isNull())
        return fail(dberr::invalidArguments, u"--tls-cert/--tls-key are not a PEM certificate and key"_s);
    server.sslSetup(chain.first(), key);
    return {};
}

QString urlHost(const QString &host)
{
    if (host == "0.0.0.0"_L1 || host.isEmpty())
        return u"127.0.0.1"_s;
    if (host == "::"_L1)
        return u"[::1]"_s;
    return host.contains(u':') ? u'[' + host + u']' : host;
}

} // namespace

Result<ServeOptions> parseServeOptions(const QStringList &arguments)
{
    ServeOptions options;
    for (qsizetype i = 0; i < arguments.size(); ++i) {
        const QString &argument = arguments.at(i);
        if (!argument.startsWith("--"_L1))
            return fail(dberr::invalidArguments, u"unexpected argument '%1'"_s.arg(argument));
        QString name = argument.sliced(2);
        QString value;
        if (const qsizetype eq = name.indexOf(u'='); eq >= 0) {
            value = name.sliced(eq + 1);
            name.truncate(eq);
        } else if (i + 1 < arguments.size()) {
            value = arguments.at(++i);
        } else {
            return fail(dberr::invalidArguments, u"--%1 needs a value"_s.arg(name));
        }
        Result<void> parsed;
        if (name == "db"_L1) {
            options.databaseUrl = value;
        } else if (name == "listen"_L1) {
            parsed = parseListen(value, &options);
        } else if (name == "data-dir"_L1) {
            options.dataDir = value;
        } else if (name == "extensions"_L1 || name == "rate-limits"_L1 || name == "test-routes"_L1) {
            auto on = parseSwitch(name, value);
            if (!on)
                return std::unexpected(on.error());
            (name == "extensions"_L1    ? options.extensions
             : name == "rate-limits"_L1 ? options.rateLimits
                                        : options.testRoutes) = *on;
        } else if (name == "tls-cert"_L1) {
            options.tlsCertificate = value;
        } else if (name == "tls-key"_L1) {
            options.tlsKey = value;
        } else if (name == "public-url"_L1) {
            options.publicUrl = value;
        } else if (name == "threads"_L1) {
            bool ok = false;
            options.workerThreads = value.toInt(&ok);
            if (!ok || options.workerThreads < 1 || options.workerThreads > 256)
                return fail(dberr::invalidArguments, u"--threads takes 1..256"_s);
        } else {
            return fail(dberr::invalidArguments, u"unknown option --%1"_s.arg(name));
        }
        if (!parsed)
            return std::unexpected(parsed.error());
    }
    if (options.tlsCertificate.isEmpty() != options.tlsKey.isEmpty())
        return fail(dberr::invalidArguments, u"--tls-cert and --tls-key go together"_s);
    return options;
}

int runServe(const ServeOptions &options, QTextStream &out, QTextStream &err)
{
    ServerRuntime::Config config;
    config.databaseUrl = options.databaseUrl;
    config.dataDir = options.dataDir.isEmpty() ? defaultDataDir() : options.dataDir;
    config.extensions = options.extensions;
    config.rateLimits = options.rateLimits;
    config.testRoutes = options.testRoutes;
    config.workerThreads = options.workerThreads;
    config.version = QCoreApplication::applicationVersion();
    auto runtime = ServerRuntime::prepare(config);
    if (!runtime)
        return printStartError(out, err, runtime.error());
    const bool tls = !options.tlsCertificate.isEmpty();
    if (tls) {
        if (auto configured = setupTls((*runtime)->http(), options); !configured)
            return printStartError(out, err, configured.error());
    }
    const QHostAddress address = options.listenHost == "localhost"_L1 ? QHostAddress(QHostAddress::LocalHost)
                                                                      : QHostAddress(options.listenHost);
    if (address.isNull())
        return printStartError(out, err, makeError(dberr::invalidArguments, u"--listen: bad host"_s));
    auto port = (*runtime)->listen(address, static_cast<quint16>(options.listenPort));
    if (!port) {
        return printStartError(
            out, err,
            makeError("listen_failed"_L1,
                      u"cannot listen on %1:%2"_s.arg(options.listenHost).arg(options.listenPort)));
    }
    const QString listening =
        (tls ? u"https://"_s : u"http://"_s) + urlHost(options.listenHost) + u':' + QString::number(*port);
    (*runtime)->publish(QUrl(options.publicUrl.isEmpty() ? listening : options.publicUrl));

    const ServerEnvironment &env = (*runtime)->environment();
    quitOnTerminationSignals();
    qCInfo(lcServerHttp).noquote() << "schema version" << (*runtime)->schemaVersion() << "|"
                                   << (*runtime)->workerThreads() << "worker threads |"
                                   << "extensions" << (env.extensionsEnabled ? "on" : "off")
                                   << "| rate limits" << (env.rateLimitsEnabled ? "on" : "off");
    out << u"creditdesk-server listening on "_s << listening << u'\n';
    out.flush();
    const int code = QCoreApplication::exec();
    (*runtime)->stop();
    qCInfo(lcServerHttp) << "stopped";
    return code == 0 ? kExitOk : kExitError;
}

} // namespace creditdesk::server
