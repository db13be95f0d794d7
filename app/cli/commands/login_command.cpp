// `creditdesk login [--with-token] [--issuer URL] [--no-browser]`
#include "app/cli/cli_errors.h"
#include "app/cli/command.h"
#include "app/cli/command_context.h"
#include "core/api/cloud_client.h"
#include "core/session/app_session.h"
#include "core/session/profile.h"

#include <QFile>
#include <QJsonObject>
#include <QProcess>
#include <QStandardPaths>

#include <cstdio>

using namespace Qt::StringLiterals;

namespace creditdesk::cli {

namespace {

// The token on stdin is a credential: it is read whole, passed on and never
// echoed; a terminal gets a prompt on stderr first.
Result<QString> readTokenInput(Output &out)
{
    if (Output::stdinIsTerminal())
        out.note(u"Paste an access token or the JSON of 'creditdesk-server admin issue-token', then press "
                 u"Ctrl-D:"_s);
    QFile in;
    if (!in.open(stdin, QIODevice::ReadOnly))
        return fail(errc::inputUnreadable, u"cannot read the token from standard input"_s);
    const QByteArray bytes = in.readAll();
    return QString::fromUtf8(bytes);
}

// Hands the authorize URL to the desktop's browser (xdg-open, or $BROWSER).
bool openInBrowser(const QUrl &url)
{
    QString program = qEnvironmentVariable("BROWSER");
    if (program.isEmpty())
        program = QStandardPaths::findExecutable(u"xdg-open"_s);
    if (program.isEmpty())
        program = QStandardPaths::findExecutable(u"open"_s);
    if (program.isEmpty())
        return false;
    return QProcess::startDetached(program, {url.toString(QUrl::FullyEncoded)});
}

class LoginCommand final : public Command {
public:
    [[nodiscard]] QList<QCommandLineOption> options() const override
    {
        return {m_withToken, m_issuer, m_noBrowser};
    }

    Result<void> prepare(const CommandContext &context) override
    {
        if (!context.arguments().isEmpty())
            return fail(errc::usageError, u"login takes no arguments (the token comes on stdin)"_s);
        if (context.isSet(m_issuer)) {
            auto issuer = session::parseServerUrl(context.value(m_issuer));
            if (!issuer)
                return fail(errc::invalidArgument, u"--issuer: "_s + issuer.error().message);
            m_issuerUrl = *issuer;
        }
        return {};
    }

    void run(CommandContext &context) override
    {
        if (!m_issuerUrl.isEmpty())
            context.sessionOptions().issuer = m_issuerUrl;
        session::AppSession *s = context.session();
        if (!s)
            return;
        if (auto server = s->requireServer(); !server)
            return context.fail(server.error());
        if (auto locked = s->lockProfile(); !locked)
            return context.fail(locked.error());

        auto signedIn = [this, &context, s](Result<void> result) {
            if (!result)
                return context.fail(result.error());
            confirm(context, *s);
        };
        if (context.isSet(m_withToken)) {
            auto input = readTokenInput(context.out());
            if (!input)
                return context.fail(input.error());
            if (input->trimmed().isEmpty())
                return context.usageError(
                    makeError(errc::usageError, u"no token on standard input for --with-token"_s));
            s->signInWithToken(*input, signedIn);
            return;
        }
        const bool launch = !context.isSet(m_noBrowser);
        Output &out = context.out();
        s->signIn(
            [&out, launch](const QUrl &url) {
                out.note(u"Open this address in your browser to sign in:\n  %1"_s.arg(
                    url.toString(QUrl::FullyEncoded)));
                if (launch && !openInBrowser(url))
                    out.note(u"(No browser could be started; open the address yourself.)"_s);
                out.note(u"Waiting for the browser…"_s);
                return true;
            },
            signedIn);
    }

private:
    // Reads the user with the new sign-in: proves the token works and names
    // the account. A refused token is not kept.
    void confirm(CommandContext &context, session::AppSession &s)
    {
        s.cloud().fetchUser(&context, [&context, &s](Result<api::UserProfile> user) {
            if (!user) {
                s.signOut([&context, error = user.error()](const Result<void> &) { context.fail(error); });
                return;
            }
            const bool refreshes = s.settings().credential == session::Credential::RefreshToken;
            const QString server = s.serverUrl().toDisplayString();
            QStringList text{u"Logged in to %1 as %2."_s.arg(server, user->email)};
            if (!refreshes)
                text.append(
                    u"The sign-in lasts until the access token expires; no refresh token was given."_s);
            context.succeed({{u"server"_s, server},
                             {u"account"_s, s.settings().account},
                             {u"user_id"_s, user->id},
                             {u"email"_s, user->email},
                             {u"credential"_s, refreshes ? u"refresh_token"_s : u"access_token"_s},
                             {u"profile"_s, s.profile().directory()}},
                            text);
        });
    }

    const QCommandLineOption m_withToken{
        u"with-token"_s,
        u"Read an access token, or the JSON of 'creditdesk-server admin issue-token', from stdin."_s};
    const QCommandLineOption m_issuer{u"issuer"_s, u"The OpenID issuer, when it is not the server itself."_s,
                                      u"URL"_s};
    const QCommandLineOption m_noBrowser{u"no-browser"_s,
                                         u"Only print the sign-in address; start no browser."_s};
    QUrl m_issuerUrl;
};

const RegisterCommand<LoginCommand> registered{
    {u"login"_s,
     u"[--with-token] [--issuer URL] [--no-browser]"_s,
     u"Sign in (in the browser, or with a token on stdin)"_s,
     u"Signs in to the server (--server URL, remembered for the profile) in the system browser.\n"
     u"With --with-token, reads from standard input either an access token or the JSON that\n"
     u"'creditdesk-server admin issue-token' prints, e.g.:\n"
     u"  creditdesk-server admin issue-token --email me@example.com | creditdesk --server URL login "
     u"--with-token\n"
     u"The refresh token (or a lone access token) is kept in the OS keychain, never in a file."_s,
     {}}};

} // namespace

} // namespace creditdesk::cli
