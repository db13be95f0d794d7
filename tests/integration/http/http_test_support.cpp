#include "tests/integration/http/http_test_support.h"

#include "core/crypto/primitives.h"

#include <QRegularExpression>
#include <QtTest>

using namespace Qt::StringLiterals;

namespace creditdesk::test {

namespace {

QString decodeEntities(QString text)
{
    text.replace(u"&quot;"_s, u"\""_s).replace(u"&#39;"_s, u"'"_s).replace(u"&lt;"_s, u"<"_s).replace(u"&gt;"_s, u">"_s);
    return text.replace(u"&amp;"_s, u"&"_s);
}

} // namespace

Pkce Pkce::generate()
{
    Pkce pkce;
    pkce.verifier = crypto::base64UrlEncode(crypto::randomBytes(32).value_or(QByteArray(32, 'x')));
    pkce.challenge = crypto::base64UrlEncode(crypto::sha256(pkce.verifier.toLatin1()));
    return pkce;
}

QString rowName()
{
    return currentDialect() == ServerHarness::Dialect::PostgreSql ? u"postgresql"_s : u"sqlite"_s;
}

ServerHarness::Options httpOptions(bool rateLimits, bool extensions)
{
    ServerHarness::Options options;
    options.dialect = currentDialect();
    options.rateLimits = rateLimits;
    options.extensions = extensions;
    options.extraArgs = QStringList{u"--test-routes"_s, u"on"_s};
    return options;
}

HttpReply postForm(const ServerHarness &server, const QString &path, const QList<QPair<QString, QString>> &fields,
                   const QHash<QByteArray, QByteArray> &headers)
{
    QUrlQuery query;
    for (const auto &field : fields)
        query.addQueryItem(field.first, QString::fromLatin1(QUrl::toPercentEncoding(field.second)));
    const QByteArray body = query.query(QUrl::FullyEncoded).toLatin1();
    QHash<QByteArray, QByteArray> all = headers;
    all.insert("Content-Type", "application/x-www-form-urlencoded");
    return server.request("POST", path, {}, QJsonValue(QJsonValue::Undefined), all, &body);
}

QHash<QString, QString> formInputs(const QByteArray &html)
{
    QHash<QString, QString> inputs;
    static const QRegularExpression input(uR"re(<input\b[^>]*>)re"_s);
    static const QRegularExpression name(uR"re(\bname="([^"]*)")re"_s);
    static const QRegularExpression value(uR"re(\bvalue="([^"]*)")re"_s);
    const QString text = QString::fromUtf8(html);
    for (auto it = input.globalMatch(text); it.hasNext();) {
        const QString tag = it.next().captured(0);
        const auto n = name.match(tag);
        if (n.hasMatch())
            inputs.insert(decodeEntities(n.captured(1)), decodeEntities(value.match(tag).captured(1)));
    }
    return inputs;
}

BrowserSignIn signInLikeBrowser(const ServerHarness &server, const QString &email, const QString &password,
                                const QString &redirectUri, const Pkce &pkce, const QString &state,
                                const QList<QPair<QString, QString>> &overrides)
{
    QList<QPair<QString, QString>> parameters{{u"response_type"_s, u"code"_s},
                                             {u"client_id"_s, kClientId},
                                             {u"redirect_uri"_s, redirectUri},
                                             {u"scope"_s, kScopes},
                                             {u"state"_s, state},
                                             {u"code_challenge"_s, pkce.challenge},
                                             {u"code_challenge_method"_s, u"S256"_s},
                                             {u"resource"_s, kApiAudience}};
    for (const auto &override : overrides) {
        parameters.removeIf([&override](const auto &p) { return p.first == override.first; });
        if (!override.second.isNull())
            parameters.append(override);
    }
    QUrlQuery query;
    for (const auto &parameter : parameters)
        query.addQueryItem(parameter.first, QString::fromLatin1(QUrl::toPercentEncoding(parameter.second)));
    BrowserSignIn result;
    result.page = server.get(u"/oauth/authorize?"_s + query.query(QUrl::FullyEncoded));
    if (result.page.status != 200) {
        result.location = QUrl::fromEncoded(result.page.header("location"));
        result.query = QUrlQuery(result.location);
        return result;
    }
    const QHash<QString, QString> inputs = formInputs(result.page.body);
    // The browser keeps the cookie the page set and sends it with the form.
    const QByteArray setCookie = result.page.header("set-cookie");
    const QByteArray cookie = setCookie.left(setCookie.indexOf(';'));
    result.submitted = postForm(server, u"/oauth/authorize"_s,
                                {{u"transaction"_s, inputs.value(u"transaction"_s)},
                                 {u"email"_s, email},
                                 {u"password"_s, password},
                                 {u"action"_s, u"sign_in"_s}},
                                {{"Cookie", cookie}});
    result.location = QUrl::fromEncoded(result.submitted.header("location"));
    result.query = QUrlQuery(result.location);
    return result;
}

HttpReply exchangeCode(const ServerHarness &server, const QString &code, const QString &redirectUri,
                       const QString &verifier)
{
    return postForm(server, u"/oauth/token"_s,
                    {{u"grant_type"_s, u"authorization_code"_s},
                     {u"code"_s, code},
                     {u"redirect_uri"_s, redirectUri},
                     {u"client_id"_s, kClientId},
                     {u"code_verifier"_s, verifier},
                     {u"resource"_s, kApiAudience}});
}

HttpReply refresh(const ServerHarness &server, const QString &refreshToken)
{
    return postForm(server, u"/oauth/token"_s,
                    {{u"grant_type"_s, u"refresh_token"_s},
                     {u"refresh_token"_s, refreshToken},
                     {u"client_id"_s, kClientId},
                     {u"resource"_s, kApiAudience}});
}

QString createUser(const ServerHarness &server, const QString &email)
{
    const auto created = server.admin({u"create-user"_s, u"--email"_s, email}, kPassword.toUtf8() + '\n');
    return created.output.value(u"id"_s).toString();
}

} // namespace creditdesk::test
