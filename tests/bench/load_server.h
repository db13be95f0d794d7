#pragma once

#include <QJsonObject>
#include <QProcess>
#include <QString>
#include <QStringList>
#include <QTemporaryDir>
#include <QUrl>

// A creditdesk-server process for bench_load (rate limits off, on the given
// database) and its admin commands.
namespace creditdesk::bench {

class LoadServer {
public:
    LoadServer(QString executable, QString databaseUrl);
    ~LoadServer();
    LoadServer(const LoadServer &) = delete;
    LoadServer &operator=(const LoadServer &) = delete;

    // Starts the server; false with `error` set when it does not come up.
    // Its log (one line per request) goes to `logFile`, or nowhere when empty.
    [[nodiscard]] bool start(int workerThreads, const QString &logFile, QString *error);
    [[nodiscard]] QUrl baseUrl() const { return m_baseUrl; }

    // `admin <args>`: the JSON it printed, or an empty object (and `error`) on failure.
    [[nodiscard]] QJsonObject admin(const QStringList &args, QString *error,
                                    const QByteArray &input = {}) const;

private:
    QString m_executable;
    QString m_databaseUrl;
    QTemporaryDir m_dataDir;
    QProcess m_process;
    QUrl m_baseUrl;
};

} // namespace creditdesk::bench
