#include "core/api/proxy_settings.h"

#include <QNetworkAccessManager>
#include <QNetworkProxy>
#include <QNetworkProxyFactory>

using namespace Qt::StringLiterals;

namespace creditdesk::api {

namespace {

class SystemProxyFactory final : public QNetworkProxyFactory {
public:
    QList<QNetworkProxy> queryProxy(const QNetworkProxyQuery &query) override
    {
        return QNetworkProxyFactory::systemProxyForQuery(query);
    }
};

} // namespace

Result<void> applyProxy(QNetworkAccessManager &manager, const ProxySettings &settings,
                        const QString &password)
{
    switch (settings.mode) {
    case ProxySettings::Mode::System:
        manager.setProxyFactory(new SystemProxyFactory); // the manager takes ownership
        return {};
    case ProxySettings::Mode::None:
        manager.setProxy(QNetworkProxy(QNetworkProxy::NoProxy));
        return {};
    case ProxySettings::Mode::Http:
    case ProxySettings::Mode::Socks5:
        break;
    }
    const QString host = settings.host.trimmed();
    if (host.isEmpty() || host.contains(u' ') || settings.port == 0)
        return fail(creditdesk::errc::invalidArgument, u"a manual proxy needs a host and a port (1-65535)"_s);
    const auto type =
        settings.mode == ProxySettings::Mode::Http ? QNetworkProxy::HttpProxy : QNetworkProxy::Socks5Proxy;
    QNetworkProxy proxy(type, host, settings.port, settings.user,
                        settings.user.isEmpty() ? QString() : password);
    manager.setProxy(proxy);
    return {};
}

} // namespace creditdesk::api
