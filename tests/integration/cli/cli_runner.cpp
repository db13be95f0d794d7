#include "tests/integration/cli/cli_runner.h"

#include <QDirIterator>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QProcess>
#include <QProcessEnvironment>
#include <QTest>

using namespace Qt::StringLiterals;

namespace creditdesk::test {

namespace {

constexpr int kRunTimeoutMs = 240'000;

} // namespace

QJsonObject CliResult::json() const
{
    QJsonParseError error{};
    const QJsonDocument doc = QJsonDocument::fromJson(out, &error);
    if (error.error != QJsonParseError::NoError || !doc.isObject())
        return {};
    return doc.object();
}

QString CliResult::errorCode() const
{
    return json().value(u"error"_s).toObject().value(u"code"_s).toString();
}

QString CliResult::describe() const
{
    return u"exit %1\nstdout: %2\nstderr: %3"_s.arg(exitCode).arg(QString::fromUtf8(out.left(4000)),
                                                                  QString::fromUtf8(err.left(4000)));
}

CliRunner::CliRunner(const QUrl &server)
    : m_server(server)
{
    if (!m_profile.isValid() || !m_home.isValid() || !m_files.isValid())
        qFatal("cannot create temporary directories");
}

QStringList CliRunner::withProfile(const QStringList &arguments) const
{
    QStringList all{u"--profile"_s, m_profile.path()};
    if (!m_server.isEmpty())
        all << u"--server"_s << m_server.toString();
    return all + arguments;
}

void CliRunner::prepare(QProcess &process, const QStringList &arguments) const
{
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(u"HOME"_s, m_home.path());
    env.insert(u"XDG_CONFIG_HOME"_s, m_home.filePath(u"config"_s));
    env.insert(u"XDG_DATA_HOME"_s, m_home.filePath(u"data"_s));
    env.insert(u"XDG_CACHE_HOME"_s, m_home.filePath(u"cache"_s));
    env.insert(u"XDG_STATE_HOME"_s, m_home.filePath(u"state"_s));
    env.remove(u"CREDITDESK_PROFILE"_s);
    env.remove(u"QT_LOGGING_RULES"_s);
    env.remove(u"BROWSER"_s);
    process.setProcessEnvironment(env);
    process.setProgram(QStringLiteral(CREDITDESK_EXE));
    process.setArguments(arguments);
}

CliResult CliRunner::run(const QStringList &arguments, const QByteArray &input) const
{
    return runBare(withProfile(arguments), input);
}

CliResult CliRunner::runBare(const QStringList &arguments, const QByteArray &input) const
{
    QProcess process;
    prepare(process, arguments);
    process.start();
    CliResult result;
    if (!process.waitForStarted(30'000))
        return result;
    if (!input.isEmpty())
        process.write(input);
    process.closeWriteChannel();
    if (!process.waitForFinished(kRunTimeoutMs)) {
        process.kill();
        process.waitForFinished(10'000);
    } else if (process.exitStatus() == QProcess::NormalExit) {
        result.exitCode = process.exitCode();
    }
    result.out = process.readAllStandardOutput();
    result.err = process.readAllStandardError();
    m_history.append(result);
    return result;
}

std::unique_ptr<QProcess> CliRunner::start(const QStringList &arguments) const
{
    auto process = std::make_unique<QProcess>();
    prepare(*process, withProfile(arguments));
    process->start();
    process->waitForStarted(30'000);
    process->closeWriteChannel();
    return process;
}

CliResult CliRunner::finish(QProcess &process) const
{
    CliResult result;
    if (!QTest::qWaitFor([&process] { return process.state() == QProcess::NotRunning; }, kRunTimeoutMs)) {
        process.kill();
        process.waitForFinished(10'000);
    } else if (process.exitStatus() == QProcess::NormalExit) {
        result.exitCode = process.exitCode();
    }
    result.out = process.readAllStandardOutput();
    result.err = process.readAllStandardError();
    m_history.append(result);
    return result;
}

DemoAccount seedDemo(const ServerHarness &server, const QString &email, int rows)
{
    DemoAccount account;
    account.email = email;
    const auto seeded =
        server.admin({u"seed-demo"_s, u"--email"_s, email, u"--rows"_s, QString::number(rows)});
    if (seeded.exitCode != 0) {
        qWarning().noquote() << "seed-demo failed:" << seeded.output << seeded.standardError;
        return account;
    }
    account.userId = seeded.output.value(u"user_id"_s).toString();
    account.licenseKey = seeded.output.value(u"license_key"_s).toString();
    const auto token = server.admin({u"issue-token"_s, u"--email"_s, email});
    if (token.exitCode != 0) {
        qWarning().noquote() << "issue-token failed:" << token.output << token.standardError;
        return account;
    }
    account.tokenJson = QJsonDocument(token.output).toJson(QJsonDocument::Compact);
    account.accessToken = token.output.value(u"access_token"_s).toString();
    account.refreshToken = token.output.value(u"refresh_token"_s).toString();
    return account;
}

void waitForLedgerVisibility()
{
    QTest::qWait(5'500);
}

QStringList filesContaining(const QString &root, const QByteArray &needle)
{
    QStringList hits;
    for (QDirIterator it(root, QDir::Files | QDir::Hidden | QDir::System, QDirIterator::Subdirectories);
         it.hasNext();) {
        QFile file(it.next());
        if (file.open(QIODevice::ReadOnly) && file.readAll().contains(needle))
            hits << file.fileName();
    }
    return hits;
}

QStringList secretLeaks(const CliRunner &cli, const QString &secret)
{
    const QByteArray needle = secret.toUtf8();
    QStringList found = filesContaining(cli.profileDir(), needle) + filesContaining(cli.homeDir(), needle);
    for (qsizetype i = 0; i < cli.history().size(); ++i) {
        if (cli.history().at(i).out.contains(needle))
            found << u"stdout of run %1"_s.arg(i);
        if (cli.history().at(i).err.contains(needle))
            found << u"stderr of run %1"_s.arg(i);
    }
    return found;
}

} // namespace creditdesk::test
