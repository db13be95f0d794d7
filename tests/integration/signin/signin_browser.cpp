#include "tests/integration/signin/signin_browser.h"

#include "tests/integration/http/http_test_support.h"

#include <QNetworkReply>
#include <QTimer>

using namespace Qt::StringLiterals;

namespace creditdesk::test {

SignInBrowser::SignInBrowser(const ServerHarness &server, QString email, QString password, QString action)
    : m_server(&server)
    , m_email(std::move(email))
    , m_password(std::move(password))
    , m_action(std::move(action))
{}

api::signin::UrlOpener SignInBrowser::opener()
{
    return [this](const QUrl &url) {
        authorizeUrl = url;
        // A browser starts later, on its own: never inside the app's call.
        QTimer::singleShot(0, &m_network, [this]() { run(); });
        return true;
    };
}

void SignInBrowser::run()
{
    const HttpReply page = m_server->get(authorizeUrl.path() + u'?' + authorizeUrl.query(QUrl::FullyEncoded));
    pageStatus = page.status;
    if (page.status != 200)
        return;
    const QHash<QString, QString> inputs = formInputs(page.body);
    const QByteArray setCookie = page.header("set-cookie");
    const HttpReply submitted = postForm(*m_server, u"/oauth/authorize"_s,
                                         {{u"transaction"_s, inputs.value(u"transaction"_s)},
                                          {u"email"_s, m_email},
                                          {u"password"_s, m_password},
                                          {u"action"_s, m_action}},
                                         {{"Cookie", setCookie.left(setCookie.indexOf(';'))}});
    loginStatus = submitted.status;
    if (submitted.status != 302)
        return;
    redirect = QUrl::fromEncoded(submitted.header("location"));
    QNetworkReply *reply = m_network.get(QNetworkRequest(redirect));
    QObject::connect(reply, &QNetworkReply::finished, reply, [this, reply]() {
        callbackStatus = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        callbackPage = reply->readAll();
        reply->deleteLater();
    });
}

} // namespace creditdesk::test
