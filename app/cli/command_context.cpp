#include "app/cli/command_context.h"

#include "app/cli/error_text.h"
#include "app/cli/format.h"
#include "core/sync/sync_engine.h"

using namespace Qt::StringLiterals;

namespace creditdesk::cli {

CommandContext::CommandContext(const CommandInfo &info, const QCommandLineParser &parser,
                               QStringList arguments, GlobalOptions globals, Output &output,
                               std::function<void(int)> onFinish)
    : m_info(info)
    , m_parser(parser)
    , m_arguments(std::move(arguments))
    , m_globals(std::move(globals))
    , m_output(output)
    , m_onFinish(std::move(onFinish))
{
    m_sessionOptions.server = m_globals.server;
}

CommandContext::~CommandContext() = default;

session::AppSession *CommandContext::session()
{
    if (m_session)
        return m_session.get();
    auto profile = session::Profile::open(m_globals.profileDir);
    if (!profile) {
        fail(profile.error());
        return nullptr;
    }
    auto opened = session::AppSession::open(std::move(*profile), m_sessionOptions);
    if (!opened) {
        fail(opened.error());
        return nullptr;
    }
    m_session = std::move(*opened);
    if (const auto &moved = m_session->quarantinedMirrorPath())
        m_output.note(
            u"The local data was damaged; it was moved to %1 and will be synced again."_s.arg(*moved));
    return m_session.get();
}

void CommandContext::whenSignedIn(std::function<void(session::AppSession &)> next)
{
    session::AppSession *s = session();
    if (!s)
        return;
    if (auto server = s->requireServer(); !server) {
        fail(server.error());
        return;
    }
    if (auto locked = s->lockProfile(); !locked) {
        fail(locked.error());
        return;
    }
    s->restoreSignIn([this, s, next = std::move(next)](Result<void> restored) {
        if (!restored) {
            fail(restored.error());
            return;
        }
        next(*s);
    });
}

void CommandContext::sync(session::AppSession &s, std::function<void(const sync::SyncResult &)> next)
{
    sync::SyncEngine &engine = s.syncEngine();
    auto progress = connect(&engine, &sync::SyncEngine::progress, this,
                            [this](const QString &stream, qint64 done, qint64 total) {
                                QString text = u"Syncing %1: %2"_s.arg(stream, format::integer(done));
                                if (total >= 0)
                                    text += u" of "_s + format::integer(total);
                                m_output.progress(text);
                            });
    auto connection = std::make_shared<QMetaObject::Connection>();
    *connection =
        connect(&engine, &sync::SyncEngine::finished, this,
                [this, progress, connection, next = std::move(next)](const sync::SyncResult &result) {
                    disconnect(progress);
                    disconnect(*connection);
                    m_output.endProgress();
                    next(result);
                });
    m_output.progress(u"Syncing…"_s);
    // false: a run is already going; its finished() ends this wait too.
    (void)engine.start();
}

void CommandContext::succeed(const QJsonObject &json, const QStringList &text)
{
    if (m_finished)
        return;
    if (m_output.json())
        m_output.document(json);
    else
        for (const QString &line : text)
            m_output.line(line);
    finish(0);
}

void CommandContext::fail(const Error &error)
{
    if (m_finished)
        return;
    m_output.error(error, describeError(error, serverName()), errorHint(error));
    finish(2);
}

void CommandContext::end(int exitCode)
{
    if (!m_finished)
        finish(exitCode);
}

QJsonObject CommandContext::errorObject(const Error &error) const
{
    QJsonObject body{{u"code"_s, error.code}, {u"message"_s, describeError(error, serverName())}};
    if (const QString hint = errorHint(error); !hint.isEmpty())
        body.insert(u"hint"_s, hint);
    if (!error.details.isEmpty())
        body.insert(u"details"_s, error.details);
    return body;
}

QString CommandContext::serverName() const
{
    return m_session ? m_session->serverUrl().toDisplayString() : m_globals.server.toDisplayString();
}

void CommandContext::usageError(const Error &error)
{
    if (m_finished)
        return;
    m_output.error(error, error.message, helpHint());
    finish(1);
}

QString CommandContext::helpHint() const
{
    return u"Run 'creditdesk %1 --help' for its usage."_s.arg(m_info.name);
}

void CommandContext::finish(int exitCode)
{
    m_finished = true;
    if (m_onFinish)
        m_onFinish(exitCode);
}

} // namespace creditdesk::cli
