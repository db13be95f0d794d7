#pragma once

#include "app/cli/command.h"
#include "app/cli/output.h"
#include "core/domain/error.h"
#include "core/session/app_session.h"
#include "core/sync/sync_types.h"

#include <QCommandLineParser>
#include <QJsonObject>
#include <QObject>
#include <QString>
#include <QStringList>

#include <functional>
#include <memory>

namespace creditdesk::cli {

// The options every command takes.
struct GlobalOptions {
    QString profileDir; // --profile DIR; empty: $CREDITDESK_PROFILE, else the default location
    QUrl server;        // --server URL; empty: the profile's
    bool json = false;  // --json
    bool verbose = false;
};

// What a running command works with: its arguments, the output, the
// application session (opened on first use) and the ways to end.
class CommandContext : public QObject {
    Q_OBJECT

public:
    CommandContext(const CommandInfo &info, const QCommandLineParser &parser, QStringList arguments,
                   GlobalOptions globals, Output &output, std::function<void(int)> onFinish);
    ~CommandContext() override;

    [[nodiscard]] const CommandInfo &info() const { return m_info; }
    // Positional arguments after the command name.
    [[nodiscard]] const QStringList &arguments() const { return m_arguments; }
    [[nodiscard]] bool isSet(const QCommandLineOption &option) const { return m_parser.isSet(option); }
    [[nodiscard]] QString value(const QCommandLineOption &option) const { return m_parser.value(option); }
    [[nodiscard]] const GlobalOptions &globals() const { return m_globals; }
    [[nodiscard]] bool json() const { return m_globals.json; }
    [[nodiscard]] Output &out() const { return m_output; }

    // Adjusts the session before its first use (e.g. the issuer of `login`).
    [[nodiscard]] session::SessionOptions &sessionOptions() { return m_sessionOptions; }
    // The profile and the session; on failure the command has ended (exit 2)
    // and nullptr is returned.
    [[nodiscard]] session::AppSession *session();

    // Takes the profile lock, checks the server and restores the sign-in, then
    // runs `next`; any failure ends the command.
    void whenSignedIn(std::function<void(session::AppSession &)> next);
    // Runs a sync with progress on a terminal; `next` gets the result.
    void sync(session::AppSession &session, std::function<void(const sync::SyncResult &)> next);

    // Ends the command: the JSON document in --json mode, the text lines otherwise; exit 0.
    void succeed(const QJsonObject &json, const QStringList &text);
    // Ends the command with an operation error (exit 2).
    void fail(const Error &error);
    // Ends the command with a usage error (exit 1) and a hint.
    void usageError(const Error &error);
    // Ends a command that wrote its result itself (streamed output).
    void end(int exitCode);
    // {"code","message"[,"hint"][,"details"]} of `error`, for an error inside streamed JSON.
    [[nodiscard]] QJsonObject errorObject(const Error &error) const;
    [[nodiscard]] bool hasFinished() const { return m_finished; }

    // "Run 'creditdesk <command> --help' for its options."
    [[nodiscard]] QString helpHint() const;

private:
    void finish(int exitCode);
    [[nodiscard]] QString serverName() const;

    const CommandInfo &m_info;
    const QCommandLineParser &m_parser;
    QStringList m_arguments;
    GlobalOptions m_globals;
    Output &m_output;
    std::function<void(int)> m_onFinish;
    session::SessionOptions m_sessionOptions;
    std::unique_ptr<session::AppSession> m_session;
    bool m_finished = false;
};

} // namespace creditdesk::cli
