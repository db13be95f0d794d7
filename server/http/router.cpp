#include "server/http/router.h"

#include "server/http/http_log.h"

#include <QList>

using namespace Qt::StringLiterals;

namespace creditdesk::server {

namespace {

struct Route {
    HttpMethod method = HttpMethod::Get;
    QString pattern;
    QStringList segments; // ":name" for parameters
    RouteOptions options;
    Handler handler;
};

QStringList splitPath(const QString &path)
{
    // "/a/b/" and "/a/b" are the same route; empty segments in the middle never match.
    QString trimmed = path;
    while (trimmed.size() > 1 && trimmed.endsWith(u'/'))
        trimmed.chop(1);
    QStringList segments = trimmed.split(u'/');
    if (!segments.isEmpty() && segments.first().isEmpty())
        segments.removeFirst();
    if (segments.size() == 1 && segments.first().isEmpty())
        segments.clear();
    return segments;
}

bool isParam(const QString &segment)
{
    return segment.startsWith(u':');
}

// Matches `path` against a route; on success `rank` holds one bit per segment,
// literal = 1, most significant first, so a higher rank is the more literal route.
bool matches(const Route &route, const QStringList &path, QHash<QString, QString> *params, quint64 *rank)
{
    if (route.segments.size() != path.size())
        return false;
    quint64 score = 0;
    QHash<QString, QString> captured;
    for (qsizetype i = 0; i < path.size(); ++i) {
        const QString &segment = route.segments.at(i);
        score <<= 1;
        if (isParam(segment)) {
            if (path.at(i).isEmpty())
                return false;
            captured.insert(segment.sliced(1), path.at(i));
        } else {
            if (segment != path.at(i))
                return false;
            score |= 1;
        }
    }
    *params = std::move(captured);
    *rank = score;
    return true;
}

} // namespace

struct Router::Impl {
    QList<Route> routes;
};

Router::Router()
    : m_impl(std::make_unique<Impl>())
{}

Router::~Router() = default;

void Router::add(HttpMethod method, const QString &pattern, RouteOptions options, Handler handler)
{
    Route route;
    route.method = method;
    route.pattern = pattern;
    route.segments = splitPath(pattern);
    route.options = std::move(options);
    route.handler = std::move(handler);
    for (const Route &existing : std::as_const(m_impl->routes)) {
        if (existing.method == method && existing.segments == route.segments)
            qCWarning(lcServerHttp) << "route registered twice, the first one wins:" << pattern;
    }
    m_impl->routes.append(std::move(route));
}

Router::Match Router::match(HttpMethod method, const QString &path) const
{
    const QStringList segments = splitPath(path);
    // HEAD is served by the GET route (the body is dropped on the way out).
    const HttpMethod wanted = method == HttpMethod::Head ? HttpMethod::Get : method;
    Match best;
    quint64 bestRank = 0;
    bool pathExists = false;
    for (const Route &route : std::as_const(m_impl->routes)) {
        QHash<QString, QString> params;
        quint64 rank = 0;
        if (!matches(route, segments, &params, &rank))
            continue;
        pathExists = true;
        if (route.method != wanted)
            continue;
        if (!best.handler || rank > bestRank) {
            best.options = &route.options;
            best.handler = &route.handler;
            best.params = std::move(params);
            bestRank = rank;
        }
    }
    best.methodNotAllowed = !best.handler && pathExists;
    return best;
}

QStringList Router::allowedMethods(const QString &path) const
{
    static const QHash<HttpMethod, QString> names{
        {HttpMethod::Get, u"GET"_s},       {HttpMethod::Post, u"POST"_s},   {HttpMethod::Put, u"PUT"_s},
        {HttpMethod::Patch, u"PATCH"_s},   {HttpMethod::Delete, u"DELETE"_s}, {HttpMethod::Head, u"HEAD"_s},
        {HttpMethod::Options, u"OPTIONS"_s},
    };
    const QStringList segments = splitPath(path);
    QStringList methods;
    for (const Route &route : std::as_const(m_impl->routes)) {
        QHash<QString, QString> params;
        quint64 rank = 0;
        if (matches(route, segments, &params, &rank) && !methods.contains(names.value(route.method)))
            methods.append(names.value(route.method));
    }
    return methods;
}

} // namespace creditdesk::server
