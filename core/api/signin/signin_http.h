#pragma once

#include "core/domain/error.h"

#include <QByteArray>
#include <QList>
#include <QPair>
#include <QPointer>
#include <QString>
#include <QUrl>

#include <chrono>
#include <functional>

class QNetworkAccessManager;
class QNetworkReply;
class QNetworkRequest;
class QObject;

namespace creditdesk::api::signin {

struct HttpResponse {
    int status = 0;
    QByteArray body;
};

// The sign-in's HTTP calls on the app's access manager: each request carries
// `User-Agent: CreditDesk/<version>`, a fresh `X-Request-ID`, a transfer
// timeout, never follows redirects, and finishes exactly once: `done` gets
// the status and body of any HTTP answer, or network_error / network_timeout.
// `done` is dropped when `context` is destroyed or the call is abandoned.
class SignInHttp {
public:
    using Done = std::function<void(Result<HttpResponse>)>;
    using Form = QList<QPair<QString, QString>>;
    static constexpr qsizetype kMaxBodyBytes = 1024 * 1024;

    SignInHttp(QNetworkAccessManager &network, std::chrono::milliseconds timeout)
        : m_network(&network)
        , m_timeout(timeout)
    {}

    QNetworkReply *get(const QUrl &url, QObject *context, Done done) const;
    // application/x-www-form-urlencoded, Accept: application/json.
    QNetworkReply *postForm(const QUrl &url, const Form &form, QObject *context, Done done) const;

    [[nodiscard]] QNetworkRequest request(const QUrl &url) const;
    [[nodiscard]] static QByteArray userAgent();
    [[nodiscard]] static QByteArray encodeForm(const Form &form);

    // Stops a call: its `done` never runs.
    static void abandon(QPointer<QNetworkReply> &reply);

private:
    QNetworkReply *watch(QNetworkReply *reply, QObject *context, Done done) const;

    QNetworkAccessManager *m_network;
    std::chrono::milliseconds m_timeout;
};

} // namespace creditdesk::api::signin
