#pragma once

#include <QByteArray>
#include <QHash>
#include <QString>
#include <QStringList>
#include <QUrlQuery>

#include <cstdint>

namespace creditdesk::server {

enum class HttpMethod { Get, Post, Put, Patch, Delete, Head, Options };

// Who is calling, as established by the route's authentication before the
// handler runs.
struct Principal {
    enum class Kind { Anonymous, User, Service };

    Kind kind = Kind::Anonymous;
    QString userId;     // uuid of the token's `sub` (Kind::User)
    QString email;
    QStringList scopes; // of the access token
    QString grantId;    // the refresh-token family the access token belongs to
    QString tokenId;    // the access token's `jti`; for Kind::Service the service's name

    [[nodiscard]] bool isUser() const { return kind == Kind::User; }
    [[nodiscard]] bool isService() const { return kind == Kind::Service; }
    [[nodiscard]] bool hasScope(const QString &scope) const { return scopes.contains(scope); }
};

// One HTTP request as a handler sees it: copied out of Qt's request object so
// it can be handled on a worker thread.
struct RequestContext {
    QString requestId;  // echoed X-Request-ID or a new UUID (api-contract §10.8)
    HttpMethod method = HttpMethod::Get;
    QString path;       // decoded path without query, e.g. "/api/licenses/REPHLO-…/devices"
    QUrlQuery query;
    QHash<QByteArray, QByteArray> headers; // names lower-cased
    QByteArray body;
    QString clientIp;
    QString userAgent;
    QHash<QString, QString> pathParams; // "key" for a ":key" segment of the route pattern
    Principal principal;
    std::int64_t receivedAtMs = 0;

    [[nodiscard]] QByteArray header(const QByteArray &lowerCaseName) const { return headers.value(lowerCaseName); }
    [[nodiscard]] QString param(const QString &name) const { return pathParams.value(name); }
    [[nodiscard]] QString queryValue(const QString &name) const
    {
        return query.queryItemValue(name, QUrl::FullyDecoded);
    }
};

} // namespace creditdesk::server
