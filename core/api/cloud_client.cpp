// CloudClient: construction, health (§3), user (§4), subscription and proration (§5).
#include "core/api/cloud_client.h"

#include "core/api/api_errors.h"
#include "core/api/cloud_client_p.h"

using namespace Qt::StringLiterals;

namespace creditdesk::api {

using namespace client_detail;

namespace {

// A decimal with three decimals as a JSON number literal: 700 → "0.7".
QString milliLiteral(std::int64_t milli)
{
    const bool negative = milli < 0;
    const std::int64_t a = negative ? -milli : milli;
    QString fraction = u"%1"_s.arg(a % 1000, 3, 10, QChar(u'0'));
    while (fraction.endsWith(u'0'))
        fraction.chop(1);
    return (negative ? u"-"_s : QString()) + QString::number(a / 1000) +
           (fraction.isEmpty() ? QString() : u'.' + fraction);
}

std::optional<Error> badTier(const QString &tier)
{
    static const QStringList tiers{u"free"_s,           u"pro"_s,
                                   u"pro_plus"_s,       u"pro_max"_s,
                                   u"enterprise_pro"_s, u"enterprise_pro_plus"_s,
                                   u"enterprise_max"_s, u"perpetual"_s};
    if (tiers.contains(tier))
        return std::nullopt;
    return makeError(creditdesk::errc::invalidArgument, u"unknown tier"_s);
}

} // namespace

CallHandle::CallHandle(ApiRequest *request, IdempotencyKey key)
    : m_request(request)
    , m_key(std::move(key))
{}

void CallHandle::abort()
{
    if (m_request)
        m_request->abort();
}

bool CallHandle::isRunning() const
{
    return m_request && !m_request->isFinished();
}

CloudClient::CloudClient(TransportOptions options, AccessTokenSource *tokens, QNetworkAccessManager *manager,
                         QObject *parent)
    : QObject(parent)
    , m_transport(new ApiTransport(std::move(options), tokens, manager, this))
{
    connect(m_transport, &ApiTransport::serverTimeObserved, this, &CloudClient::serverTimeObserved);
}

CloudClient::~CloudClient()
{
    delete m_transport; // before QObject's child cleanup, while the client is whole
}

Result<void> CloudClient::setProxy(const ProxySettings &settings, const QString &password)
{
    return m_transport->setProxy(settings, password);
}

std::optional<std::int64_t> CloudClient::lastServerTimeMs() const
{
    return m_transport->lastServerTimeMs();
}

std::optional<std::int64_t> CloudClient::clockSkewMs() const
{
    return m_transport->clockSkewMs();
}

CallHandle CloudClient::fetchHealth(QObject *context, Callback<Health> done)
{
    return call<Health>(get(u"/health"_s, ApiRequestSpec::Auth::None), bare(&parse::health), context,
                        std::move(done));
}

CallHandle CloudClient::fetchReadiness(QObject *context, Callback<Readiness> done)
{
    ApiRequestSpec spec = get(u"/health/ready"_s, ApiRequestSpec::Auth::None);
    spec.passStatuses = {503};
    return call<Readiness>(std::move(spec), bare(&parse::readiness), context, std::move(done));
}

CallHandle CloudClient::fetchUser(QObject *context, Callback<UserProfile> done)
{
    return call<UserProfile>(get(u"/v1/users/me"_s), bare(&parse::userProfile), context, std::move(done));
}

CallHandle CloudClient::updateUser(const UserPatch &patch, const IdempotencyKey &key, QObject *context,
                                   Callback<UserProfile> done)
{
    JsonNode body = JsonNode::object();
    if (patch.firstName)
        body.insert(u"firstName"_s, JsonNode::string(*patch.firstName));
    if (patch.lastName)
        body.insert(u"lastName"_s, JsonNode::string(*patch.lastName));
    if (patch.username)
        body.insert(u"username"_s, JsonNode::string(*patch.username));
    if (body.members().empty())
        return reject(
            makeError(creditdesk::errc::invalidArgument, u"a user update needs at least one field"_s),
            context, std::move(done));
    return call<UserProfile>(write("PATCH", u"/v1/users/me"_s, body, key), bare(&parse::userProfile), context,
                             std::move(done));
}

CallHandle CloudClient::fetchPreferences(QObject *context, Callback<Preferences> done)
{
    return call<Preferences>(get(u"/v1/users/me/preferences"_s), bare(&parse::preferences), context,
                             std::move(done));
}

CallHandle CloudClient::updatePreferences(const PreferencesPatch &patch, const IdempotencyKey &key,
                                          QObject *context, Callback<Preferences> done)
{
    JsonNode body = JsonNode::object();
    if (patch.enableStreaming)
        body.insert(u"enableStreaming"_s, JsonNode::boolean(*patch.enableStreaming));
    if (patch.maxTokens)
        body.insert(u"maxTokens"_s, JsonNode::integer(*patch.maxTokens));
    if (patch.temperatureMilli) {
        if (*patch.temperatureMilli < 0 || *patch.temperatureMilli > 2000)
            return reject(makeError(creditdesk::errc::invalidArgument, u"temperature must be 0..2"_s),
                          context, std::move(done));
        body.insert(u"temperature"_s, JsonNode::numberLiteral(milliLiteral(*patch.temperatureMilli)));
    }
    if (patch.clearMetadata)
        body.insert(u"preferencesMetadata"_s, JsonNode());
    else if (patch.metadata)
        body.insert(u"preferencesMetadata"_s, JsonNode::fromQJson(*patch.metadata));
    if (body.members().empty())
        return reject(
            makeError(creditdesk::errc::invalidArgument, u"a preferences update needs at least one field"_s),
            context, std::move(done));
    return call<Preferences>(write("PATCH", u"/v1/users/me/preferences"_s, body, key),
                             bare(&parse::preferences), context, std::move(done));
}

CallHandle CloudClient::fetchModelPreference(QObject *context, Callback<ModelPreference> done)
{
    return call<ModelPreference>(get(u"/v1/users/me/preferences/model"_s), bare(&parse::modelPreference),
                                 context, std::move(done));
}

CallHandle CloudClient::setDefaultModel(const QString &modelId, const IdempotencyKey &key, QObject *context,
                                        Callback<ModelSelection> done)
{
    JsonNode body = JsonNode::object({{u"modelId"_s, JsonNode::string(modelId)}});
    return call<ModelSelection>(write("POST", u"/v1/users/me/preferences/model"_s, body, key),
                                bare(&parse::modelSelection), context, std::move(done));
}

CallHandle CloudClient::fetchAccountProfile(QObject *context, Callback<AccountProfile> done)
{
    return call<AccountProfile>(get(u"/api/user/profile"_s), bare(&parse::accountProfile), context,
                                std::move(done));
}

CallHandle CloudClient::fetchPlans(QObject *context, Callback<QList<Plan>> done)
{
    return call<QList<Plan>>(get(u"/v1/subscription-plans"_s, ApiRequestSpec::Auth::None),
                             bare(&parse::plans), context, std::move(done));
}

CallHandle CloudClient::fetchSubscription(QObject *context, Callback<Subscription> done)
{
    ApiRequestSpec spec = get(u"/v1/subscriptions/me"_s);
    spec.unauthorizedMeansUnavailable = true;
    return call<Subscription>(std::move(spec), bare(&parse::subscription), context, std::move(done));
}

CallHandle CloudClient::cancelSubscription(const CancelRequest &request, const IdempotencyKey &key,
                                           QObject *context, Callback<CancelResult> done)
{
    if (request.reason.size() > 500)
        return reject(
            makeError(creditdesk::errc::invalidArgument, u"the reason is longer than 500 characters"_s),
            context, std::move(done));
    JsonNode body = JsonNode::object({{u"cancel_at_period_end"_s, JsonNode::boolean(request.atPeriodEnd)}});
    if (!request.reason.isEmpty())
        body.insert(u"reason"_s, JsonNode::string(request.reason));
    ApiRequestSpec spec = write("POST", u"/v1/subscriptions/me/cancel"_s, body, key);
    spec.unauthorizedMeansUnavailable = true;
    return call<CancelResult>(std::move(spec), bare(&parse::cancelResult), context, std::move(done));
}

CallHandle CloudClient::previewProration(const QString &subscriptionId, const QString &newTier,
                                         QObject *context, Callback<ProrationPreview> done)
{
    if (auto bad = badTier(newTier))
        return reject(*bad, context, std::move(done));
    const JsonNode body = JsonNode::object({{u"newTier"_s, JsonNode::string(newTier)}});
    return call<ProrationPreview>(
        write("POST", u"/api/subscriptions/"_s + segment(subscriptionId) + u"/proration-preview"_s, body, {}),
        bare(&parse::prorationPreview), context, std::move(done));
}

CallHandle CloudClient::upgradeWithProration(const QString &subscriptionId, const QString &newTier,
                                             const IdempotencyKey &key, QObject *context,
                                             Callback<ProrationChange> done)
{
    if (auto bad = badTier(newTier))
        return reject(*bad, context, std::move(done));
    const JsonNode body = JsonNode::object({{u"newTier"_s, JsonNode::string(newTier)}});
    return call<ProrationChange>(
        write("POST", u"/api/subscriptions/"_s + segment(subscriptionId) + u"/upgrade-with-proration"_s, body,
              key),
        bare(&parse::prorationChange), context, std::move(done));
}

CallHandle CloudClient::downgradeWithProration(const QString &subscriptionId, const QString &newTier,
                                               const IdempotencyKey &key, QObject *context,
                                               Callback<ProrationChange> done)
{
    if (auto bad = badTier(newTier))
        return reject(*bad, context, std::move(done));
    const JsonNode body = JsonNode::object({{u"newTier"_s, JsonNode::string(newTier)}});
    return call<ProrationChange>(
        write("POST", u"/api/subscriptions/"_s + segment(subscriptionId) + u"/downgrade-with-proration"_s,
              body, key),
        bare(&parse::prorationChange), context, std::move(done));
}

CallHandle CloudClient::fetchProrationHistory(const QString &subscriptionId, QObject *context,
                                              Callback<ProrationHistory> done)
{
    ApiRequestSpec spec = get(u"/api/subscriptions/"_s + segment(subscriptionId) + u"/proration-history"_s);
    spec.unauthorizedMeansUnavailable = true;
    return call<ProrationHistory>(std::move(spec), bare(&parse::prorationHistory), context, std::move(done));
}

} // namespace creditdesk::api
