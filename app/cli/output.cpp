#include "app/cli/output.h"

#include <QJsonDocument>

#include <cstdio>
#include <unistd.h>

using namespace Qt::StringLiterals;

namespace creditdesk::cli {

namespace {

void write(std::FILE *stream, QByteArrayView bytes)
{
    std::fwrite(bytes.data(), 1, static_cast<std::size_t>(bytes.size()), stream);
    std::fflush(stream);
}

} // namespace

Output::Output(bool json)
    : m_json(json)
    , m_terminal(::isatty(STDERR_FILENO) == 1)
{}

bool Output::stdinIsTerminal()
{
    return ::isatty(STDIN_FILENO) == 1;
}

void Output::line(const QString &text)
{
    if (!m_json)
        write(stdout, QString(text + u'\n').toUtf8());
}

void Output::document(const QJsonObject &object)
{
    if (m_json)
        write(stdout, QByteArray(QJsonDocument(object).toJson(QJsonDocument::Compact) + '\n'));
}

void Output::raw(QByteArrayView bytes)
{
    write(stdout, bytes);
}

void Output::note(const QString &text)
{
    endProgress();
    write(stderr, QString(text + u'\n').toUtf8());
}

void Output::error(const Error &error, const QString &message, const QString &hint)
{
    endProgress();
    if (m_json) {
        QJsonObject body{{u"code"_s, error.code}, {u"message"_s, message}};
        if (!hint.isEmpty())
            body.insert(u"hint"_s, hint);
        if (!error.details.isEmpty())
            body.insert(u"details"_s, error.details);
        write(
            stdout,
            QByteArray(QJsonDocument(QJsonObject{{u"error"_s, body}}).toJson(QJsonDocument::Compact) + '\n'));
        return;
    }
    QString text = u"creditdesk: "_s + message + u'\n';
    if (!hint.isEmpty())
        text += hint + u'\n';
    write(stderr, text.toUtf8());
}

void Output::progress(const QString &text)
{
    if (m_json || !m_terminal)
        return;
    // \r back to the line start, ESC[K clears what a longer previous line left.
    write(stderr, QString(u'\r' + text + u"\x1b[K"_s).toUtf8());
    m_progressShown = true;
}

void Output::endProgress()
{
    if (!m_progressShown)
        return;
    write(stderr, "\r\x1b[K");
    m_progressShown = false;
}

} // namespace creditdesk::cli
