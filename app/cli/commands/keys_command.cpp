// `creditdesk keys list`, `keys set PROVIDER [--base-url URL]`, `keys verify PROVIDER`,
// `keys remove PROVIDER`
#include "app/cli/cli_errors.h"
#include "app/cli/command.h"
#include "app/cli/command_context.h"
#include "app/cli/error_text.h"
#include "core/api/api_errors.h"
#include "core/byok/key_verifier.h"
#include "core/byok/provider_key_store.h"
#include "core/session/app_session.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonObject>
#include <QNetworkAccessManager>

#include <cstdio>

using namespace Qt::StringLiterals;

namespace creditdesk::cli {

namespace {

const QString kProviders = u"openai, anthropic, google or openai-compatible"_s;

// At most the last 4 characters of a key: "…abcd", or just "set" for a short one.
QString shownHint(const QString &hint)
{
    const qsizetype ellipsis = hint.lastIndexOf(u'…');
    const QString tail = ellipsis < 0 ? QString() : hint.mid(ellipsis + 1).right(4);
    return tail.isEmpty() ? u"set"_s : u"…"_s + tail;
}

// The keys of the signed-in account on this profile's server. The account is
// only named here (no network): keys work offline.
class KeysCommand : public Command {
protected:
    [[nodiscard]] Result<void> prepareProvider(const CommandContext &context, const QString &name)
    {
        if (context.arguments().size() != 1)
            return fail(errc::usageError,
                        u"keys %1 takes one argument: the provider (%2)"_s.arg(name, kProviders));
        auto provider = byok::parseProviderKind(context.arguments().constFirst());
        if (!provider)
            return fail(errc::invalidArgument,
                        u"unknown provider '%1': use %2"_s.arg(context.arguments().constFirst(), kProviders));
        m_provider = *provider;
        return {};
    }

    // The store, or nullptr when the command has ended.
    byok::ProviderKeyStore *open(CommandContext &context)
    {
        session::AppSession *s = context.session();
        if (!s)
            return nullptr;
        if (auto server = s->requireServer(); !server) {
            context.fail(server.error());
            return nullptr;
        }
        if (s->settings().account.isEmpty()) {
            context.fail(makeError(api::errc::signInRequired, u"keys belong to a signed-in account"_s));
            return nullptr;
        }
        m_store = std::make_unique<byok::ProviderKeyStore>(s->secretStore(), s->serverUrl(),
                                                           s->settings().account, s->profile().directory());
        return m_store.get();
    }

    byok::ProviderKind m_provider = byok::ProviderKind::OpenAi;
    std::unique_ptr<byok::ProviderKeyStore> m_store;
};

class KeysListCommand final : public KeysCommand {
public:
    Result<void> prepare(const CommandContext &context) override
    {
        if (!context.arguments().isEmpty())
            return fail(errc::usageError, u"keys list takes no arguments"_s);
        return {};
    }

    void run(CommandContext &context) override
    {
        byok::ProviderKeyStore *store = open(context);
        if (!store)
            return;
        store->list(&context, [&context](Result<QList<byok::StoredProviderKey>> keys) {
            if (!keys)
                return context.fail(keys.error());
            QJsonArray list;
            QStringList text;
            for (const byok::StoredProviderKey &key : std::as_const(*keys)) {
                const QString baseUrl = key.baseUrl ? key.baseUrl->toString() : QString();
                list.append(QJsonObject{{u"provider"_s, byok::toString(key.provider)},
                                        {u"key"_s, shownHint(key.hint)},
                                        {u"base_url"_s, key.baseUrl ? QJsonValue(baseUrl) : QJsonValue()}});
                text.append(u"%1  %2%3"_s.arg(byok::toString(key.provider), shownHint(key.hint),
                                              baseUrl.isEmpty() ? QString() : u"  "_s + baseUrl));
            }
            if (text.isEmpty())
                text.append(u"No provider key is stored ('creditdesk keys set PROVIDER' adds one)."_s);
            context.succeed({{u"keys"_s, list}}, text);
        });
    }
};

class KeysSetCommand final : public KeysCommand {
public:
    [[nodiscard]] QList<QCommandLineOption> options() const override { return {m_baseUrl}; }

    Result<void> prepare(const CommandContext &context) override
    {
        if (auto provider = prepareProvider(context, u"set"_s); !provider)
            return provider;
        if (context.isSet(m_baseUrl)) {
            if (!byok::requiresBaseUrl(m_provider))
                return fail(errc::usageError, u"--base-url is only for openai-compatible"_s);
            auto url = byok::normalizeBaseUrl(QUrl(context.value(m_baseUrl)));
            if (!url)
                return fail(errc::invalidArgument, u"--base-url: "_s + url.error().message);
            m_url = *url;
        }
        return {};
    }

    void run(CommandContext &context) override
    {
        byok::ProviderKeyStore *store = open(context);
        if (!store)
            return;
        if (!m_url.isEmpty())
            if (auto saved = store->settings().setCompatibleBaseUrl(m_url); !saved)
                return context.fail(saved.error());
        // The key comes on stdin only: an argument would land in the shell history and `ps`.
        if (Output::stdinIsTerminal())
            context.out().note(u"Paste the %1 API key, then press Ctrl-D:"_s.arg(byok::toString(m_provider)));
        QFile in;
        if (!in.open(stdin, QIODevice::ReadOnly))
            return context.fail(
                makeError(errc::inputUnreadable, u"cannot read the key from standard input"_s));
        const QString key = QString::fromUtf8(in.readAll()).trimmed();
        if (key.isEmpty())
            return context.usageError(makeError(errc::usageError, u"no key on standard input"_s));
        store->setKey(m_provider, key, &context, [&context](Result<byok::StoredProviderKey> stored) {
            if (!stored)
                return context.fail(stored.error());
            const QString provider = byok::toString(stored->provider);
            context.succeed(
                {{u"provider"_s, provider},
                 {u"key"_s, shownHint(stored->hint)},
                 {u"base_url"_s, stored->baseUrl ? QJsonValue(stored->baseUrl->toString()) : QJsonValue()}},
                {u"Stored the %1 key (%2) in the keychain."_s.arg(provider, shownHint(stored->hint))});
        });
    }

private:
    const QCommandLineOption m_baseUrl{u"base-url"_s,
                                       u"openai-compatible: the server's base URL (https, or http to this "
                                       u"machine), e.g. http://127.0.0.1:11434/v1."_s,
                                       u"URL"_s};
    QUrl m_url;
};

class KeysVerifyCommand final : public KeysCommand {
public:
    Result<void> prepare(const CommandContext &context) override
    {
        return prepareProvider(context, u"verify"_s);
    }

    void run(CommandContext &context) override
    {
        byok::ProviderKeyStore *store = open(context);
        if (!store)
            return;
        auto baseUrl = store->settings().compatibleBaseUrl();
        if (!baseUrl)
            return context.fail(baseUrl.error());
        store->key(m_provider, &context, [this, &context, url = *baseUrl](Result<QString> key) {
            if (!key)
                return context.fail(key.error());
            m_verifier = std::make_unique<byok::KeyVerifier>(m_network);
            m_verifier->verify(m_provider, *key, url, &context,
                               [this, &context](Result<byok::KeyVerification> verdict) {
                                   if (!verdict)
                                       return context.fail(verdict.error());
                                   report(context, *verdict);
                               });
        });
    }

private:
    void report(CommandContext &context, const byok::KeyVerification &v)
    {
        const QString provider = byok::toString(m_provider);
        if (v.status == byok::KeyStatus::Valid)
            return context.succeed({{u"provider"_s, provider}, {u"status"_s, toString(v.status)}},
                                   {u"The %1 key is valid."_s.arg(provider)});
        Error error;
        switch (v.status) {
        case byok::KeyStatus::Invalid:
            error = makeError(errc::keyRejected,
                              u"%1 refused the key: it is invalid or revoked."_s.arg(provider));
            break;
        case byok::KeyStatus::NoQuota:
            error = makeError(errc::keyNoQuota,
                              u"The %1 key is valid but has no credit or quota left."_s.arg(provider));
            break;
        case byok::KeyStatus::RateLimited:
            error = makeError(
                errc::keyRateLimited,
                u"%1 is rate limiting this key; it is not invalid, try again later."_s.arg(provider));
            break;
        default:
            error = makeError(errc::keyUnverified,
                              u"%1 gave no verdict on the key: %2"_s.arg(
                                  provider, v.reason ? describeError(*v.reason) : u"no answer"_s));
            break;
        }
        error.details.insert(u"provider"_s, provider);
        error.details.insert(u"status"_s, toString(v.status));
        error.details.insert(u"http_status"_s, v.httpStatus);
        if (v.retryAfterSeconds)
            error.details.insert(u"retry_after_seconds"_s, static_cast<qint64>(*v.retryAfterSeconds));
        if (v.reason)
            error.details.insert(u"reason"_s, v.reason->code);
        context.fail(error);
    }

    QNetworkAccessManager m_network;
    std::unique_ptr<byok::KeyVerifier> m_verifier;
};

class KeysRemoveCommand final : public KeysCommand {
public:
    Result<void> prepare(const CommandContext &context) override
    {
        return prepareProvider(context, u"remove"_s);
    }

    void run(CommandContext &context) override
    {
        byok::ProviderKeyStore *store = open(context);
        if (!store)
            return;
        store->removeKey(m_provider, &context, [this, &context](Result<void> removed) {
            if (!removed)
                return context.fail(removed.error());
            const QString provider = byok::toString(m_provider);
            context.succeed({{u"provider"_s, provider}, {u"removed"_s, true}},
                            {u"Removed the %1 key from the keychain."_s.arg(provider)});
        });
    }
};

const QString kKeysDetails =
    u"Keys live in the OS keychain only, per server and account; they are never shown\n"
    u"(at most their last 4 characters), logged or written to a file."_s;

const RegisterCommand<KeysListCommand> registeredList{
    {u"keys list"_s, QString(), u"The providers you stored an API key for (BYOK)"_s, kKeysDetails, {}}};
const RegisterCommand<KeysSetCommand> registeredSet{
    {u"keys set"_s,
     u"PROVIDER [--base-url URL]"_s,
     u"Store a provider API key read from stdin"_s,
     u"PROVIDER is openai, anthropic, google or openai-compatible (which needs --base-url once).\n"
     u"The key is read from standard input, never from the command line, e.g.\n"
     u"  creditdesk keys set openai < key.txt\n"_s +
         kKeysDetails,
     {}}};
const RegisterCommand<KeysVerifyCommand> registeredVerify{
    {u"keys verify"_s,
     u"PROVIDER"_s,
     u"Check a stored key with the provider (lists its models)"_s,
     u"Makes one side-effect-free call to the provider. Exit 0 when the key is valid; otherwise\n"
     u"exit 2 with key_rejected (401/403), key_no_quota (402), key_rate_limited (429: the key is\n"
     u"fine) or key_unverified (no verdict: network, timeout, server error)."_s,
     {}}};
const RegisterCommand<KeysRemoveCommand> registeredRemove{
    {u"keys remove"_s, u"PROVIDER"_s, u"Delete a stored provider key"_s, kKeysDetails, {}}};

} // namespace

} // namespace creditdesk::cli
