#pragma once

#include "tests/integration/http/server_harness.h"

#include <QByteArray>
#include <QJsonObject>
#include <QList>
#include <QProcess>
#include <QString>
#include <QStringList>
#include <QTemporaryDir>
#include <QUrl>

#include <memory>

namespace creditdesk::test {

// What one run of the creditdesk binary did.
struct CliResult {
    int exitCode = -1; // -1: it crashed or timed out
    QByteArray out;
    QByteArray err;

    // stdout as one JSON object (empty when it is not exactly one).
    [[nodiscard]] QJsonObject json() const;
    [[nodiscard]] QString errorCode() const; // json()["error"]["code"]
    // For failure messages: exit code, stdout and stderr.
    [[nodiscard]] QString describe() const;
};

// Runs the real `creditdesk` executable as a child process with a temporary
// --profile, a temporary HOME and XDG directories (so QSettings and
// QStandardPaths of the child land there), the test's D-Bus session (for the
// keychain) and optionally --server. Every run's output is kept.
class CliRunner {
public:
    explicit CliRunner(const QUrl &server = {});

    void setServer(const QUrl &server) { m_server = server; }
    [[nodiscard]] QString profileDir() const { return m_profile.path(); }
    [[nodiscard]] QString homeDir() const { return m_home.path(); }
    [[nodiscard]] QString filePath(const QString &name) const { return m_files.filePath(name); }

    // `creditdesk --profile DIR [--server URL] <arguments>`, with `input` on stdin.
    CliResult run(const QStringList &arguments, const QByteArray &input = {}) const;
    // Without the --profile and --server the runner adds.
    CliResult runBare(const QStringList &arguments, const QByteArray &input = {}) const;

    // Starts `creditdesk --profile DIR [--server URL] <arguments>` without
    // waiting (stdin closed); collect it with finish().
    [[nodiscard]] std::unique_ptr<QProcess> start(const QStringList &arguments) const;
    // Waits for a started run (spinning the event loop) and records its output.
    CliResult finish(QProcess &process) const;

    // Every stdout and stderr captured so far.
    [[nodiscard]] const QList<CliResult> &history() const { return m_history; }

private:
    [[nodiscard]] QStringList withProfile(const QStringList &arguments) const;
    void prepare(QProcess &process, const QStringList &arguments) const;

    QTemporaryDir m_profile;
    QTemporaryDir m_home;
    QTemporaryDir m_files;
    QUrl m_server;
    mutable QList<CliResult> m_history;
};

// A demo account on the server (`admin seed-demo`): pro (after a proration from
// pro_max) with invoices, credit sources, a license with 2 of 3 devices, a
// redeemed coupon, coupons to try (WELCOME20, the expired SUMMER2025) and `rows`
// usage rows. `tokenJson` is what `admin issue-token` prints for it.
struct DemoAccount {
    QString email;
    QString userId;
    QString licenseKey;
    QByteArray tokenJson;
    QString accessToken;
    QString refreshToken;
};
[[nodiscard]] DemoAccount seedDemo(const ServerHarness &server, const QString &email, int rows);

// Waits until rows recorded before now are visible to cursor paging (§10.5: 5 s).
void waitForLedgerVisibility();

// Files under `root` (recursive, hidden ones too) whose bytes contain `needle`.
[[nodiscard]] QStringList filesContaining(const QString &root, const QByteArray &needle);

// Where `secret` shows up: files under the profile and the child's home
// (QSettings, XDG dirs), and every captured stdout/stderr of `cli`.
[[nodiscard]] QStringList secretLeaks(const CliRunner &cli, const QString &secret);

} // namespace creditdesk::test
