#include "server/auth/oauth_util.h"

#include "core/crypto/primitives.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QUrlQuery>

using namespace Qt::StringLiterals;

namespace creditdesk::server::auth {

QHash<QString, QString> parseFormBody(const QByteArray &body, const QByteArray &contentType)
{
    QHash<QString, QString> form;
    if (contentType.trimmed().startsWith("application/json")) {
        const QJsonObject object = QJsonDocument::fromJson(body).object();
        for (auto it = object.begin(); it != object.end(); ++it) {
            if (it.value().isString())
                form.insert(it.key(), it.value().toString());
        }
        return form;
    }
    QByteArray encoded = body;
    encoded.replace('+', "%20");
    const QUrlQuery query(QString::fromUtf8(encoded));
    for (const auto &item : query.queryItems(QUrl::FullyDecoded)) {
        if (!form.contains(item.first))
            form.insert(item.first, item.second);
    }
    return form;
}

QString htmlEscape(const QString &text)
{
    QString escaped = text.toHtmlEscaped(); // & < > "
    escaped.replace(u'\'', u"&#39;"_s);
    return escaped;
}

QUrl withQuery(const QString &redirectUri, const QList<QPair<QString, QString>> &parameters)
{
    QUrl url(redirectUri);
    QUrlQuery query(url);
    for (const auto &parameter : parameters) {
        if (!parameter.second.isEmpty())
            query.addQueryItem(parameter.first,
                               QString::fromLatin1(QUrl::toPercentEncoding(parameter.second)));
    }
    url.setQuery(query.query(QUrl::FullyEncoded), QUrl::StrictMode);
    return url;
}

bool isValidCodeVerifier(const QString &verifier)
{
    static const QRegularExpression pattern(uR"(^[A-Za-z0-9\-._~]{43,128}$)"_s);
    return pattern.match(verifier).hasMatch();
}

bool isValidCodeChallenge(const QString &challenge)
{
    static const QRegularExpression pattern(uR"(^[A-Za-z0-9\-_]{43}$)"_s);
    return pattern.match(challenge).hasMatch();
}

bool pkceMatches(const QString &verifier, const QString &challenge)
{
    if (!isValidCodeVerifier(verifier))
        return false;
    const QString computed = crypto::base64UrlEncode(crypto::sha256(verifier.toLatin1()));
    return crypto::constantTimeEquals(computed.toLatin1(), challenge.toLatin1());
}

QByteArray cookieValue(const QByteArray &cookieHeader, const QByteArray &name)
{
    for (const QByteArray &part : cookieHeader.split(';')) {
        const QByteArray trimmed = part.trimmed();
        const qsizetype eq = trimmed.indexOf('=');
        if (eq > 0 && trimmed.first(eq) == name)
            return trimmed.sliced(eq + 1);
    }
    return {};
}

} // namespace creditdesk::server::auth
