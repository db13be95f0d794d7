#include "core/api/signin/signin_http.h"

#include "core/api/signin/signin_errors.h"
#include "core/api/signin/signin_log.h"

#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QUrlQuery>
#include <QUuid>

using namespace Qt::StringLiterals;

namespace creditdesk::api::signin {

QByteArray SignInHttp::userAgent()
{
    return QByteArrayLiteral("CreditDesk/" CREDITDESK_VERSION);
}

QByteArray SignInHttp::encodeForm(const Form &form)
{
    QByteArray body;
    for (const auto &[name, value] : form) {
        if (!body.isEmpty())
            body += '&';
        body += QUrl::toPercentEncoding(name) + '=' + QUrl::toPercentEncoding(value);
    }
    return body;
}

QNetworkRequest SignInHttp::request(const QUrl &url) const
{
    QNetworkRequest request(url);
    request.setAttribute(QNetworkRequest::RedirectPolicyAttribute, QNetworkRequest::ManualRedirectPolicy);
    request.setAttribute(QNetworkRequest::CacheLoadControlAttribute, QNetworkRequest::AlwaysNetwork);
    request.setAttribute(QNetworkRequest::CacheSaveControlAttribute, false);
    request.setAttribute(QNetworkRequest::CookieSaveControlAttribute, QNetworkRequest::Manual);
    request.setAttribute(QNetworkRequest::CookieLoadControlAttribute, QNetworkRequest::Manual);
    request.setTransferTimeout(static_cast<int>(m_timeout.count()));
    request.setHeader(QNetworkRequest::UserAgentHeader, userAgent());
    request.setRawHeader("X-Request-ID", QUuid::createUuid().toString(QUuid::WithoutBraces).toLatin1());
    request.setRawHeader("Accept", "application/json");
    return request;
}

QNetworkReply *SignInHttp::get(const QUrl &url, QObject *context, Done done) const
{
    return watch(m_network->get(request(url)), context, std::move(done));
}

QNetworkReply *SignInHttp::postForm(const QUrl &url, const Form &form, QObject *context, Done done) const
{
    QNetworkRequest post = request(url);
    post.setHeader(QNetworkRequest::ContentTypeHeader, "application/x-www-form-urlencoded"_ba);
    return watch(m_network->post(post, encodeForm(form)), context, std::move(done));
}

QNetworkReply *SignInHttp::watch(QNetworkReply *reply, QObject *context, Done done) const
{
    const QPointer<QObject> guard(context);
    const QByteArray requestId = reply->request().rawHeader("X-Request-ID");
    QObject::connect(
        reply, &QNetworkReply::finished, reply, [reply, guard, requestId, done = std::move(done)]() {
            reply->deleteLater();
            if (!guard)
                return;
            const QVariant status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute);
            if (status.isValid() && status.toInt() > 0) {
                QByteArray body = reply->read(kMaxBodyBytes + 1);
                if (body.size() > kMaxBodyBytes) {
                    done(fail(errc::networkError,
                              u"the response from %1 is too large"_s.arg(reply->url().host())));
                    return;
                }
                done(HttpResponse{status.toInt(), std::move(body)});
                return;
            }
            const QNetworkReply::NetworkError error = reply->error();
            const QJsonObject details{{u"network_error"_s, static_cast<int>(error)},
                                      {u"request_id"_s, QString::fromLatin1(requestId)}};
            // Abandoned calls are disconnected first, so a cancelled reply here is the transfer timeout.
            if (error == QNetworkReply::OperationCanceledError || error == QNetworkReply::TimeoutError) {
                qCWarning(lcSignIn).noquote()
                    << "request to" << reply->url().toDisplayString(QUrl::RemoveQuery) << "timed out";
                done(fail(errc::networkTimeout, u"%1 did not answer in time"_s.arg(reply->url().host()),
                          details));
                return;
            }
            qCWarning(lcSignIn).noquote() << "request to" << reply->url().toDisplayString(QUrl::RemoveQuery)
                                          << "failed:" << reply->errorString();
            done(fail(errc::networkError,
                      u"cannot reach %1: %2"_s.arg(reply->url().host(), reply->errorString()), details));
        });
    return reply;
}

void SignInHttp::abandon(QPointer<QNetworkReply> &reply)
{
    if (reply) {
        QObject::disconnect(reply, &QNetworkReply::finished, reply, nullptr);
        reply->abort();
        reply->deleteLater();
    }
    reply.clear();
}

} // namespace creditdesk::api::signin
