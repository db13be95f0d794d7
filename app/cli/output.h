#pragma once

#include "core/domain/error.h"

#include <QByteArrayView>
#include <QJsonObject>
#include <QString>

namespace creditdesk::cli {

// Where a command's words go. Text mode: results on stdout, notes, progress
// and errors on stderr. JSON mode (--json): exactly one JSON document on
// stdout — the result, or {"error":{"code","message"[,"hint"][,"details"]}}
// — and nothing else there; notes still go to stderr. Nothing written here
// may hold a secret.
class Output {
public:
    explicit Output(bool json);

    [[nodiscard]] bool json() const { return m_json; }

    // One line of the text result (ignored in JSON mode).
    void line(const QString &text = {});
    // The JSON result (ignored in text mode).
    void document(const QJsonObject &object);
    // Bytes to stdout as they are, for results streamed piece by piece.
    void raw(QByteArrayView bytes);
    // A remark for a person, on stderr in both modes.
    void note(const QString &text);
    // An error: stderr in text mode ("creditdesk: message", then the hint),
    // the error document on stdout in JSON mode.
    void error(const Error &error, const QString &message, const QString &hint = {});

    // A status line rewritten in place on stderr; only on a terminal and in text mode.
    void progress(const QString &text);
    void endProgress();
    [[nodiscard]] bool progressShown() const { return m_progressShown; }

    [[nodiscard]] static bool stdinIsTerminal();

private:
    bool m_json;
    bool m_terminal;
    bool m_progressShown = false;
};

} // namespace creditdesk::cli
