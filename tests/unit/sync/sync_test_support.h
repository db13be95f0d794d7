#pragma once

// Shared by the sync unit tests (header-only; each test is its own executable).

#include "core/api/cloud_client.h"
#include "core/store/mirror_database.h"
#include "core/store/sync_state_repository.h"
#include "core/sync/mirror_writer.h"
#include "core/sync/sync_engine.h"
#include "tests/integration/api/api_test_support.h"
#include "tests/unit/store/store_test_strings.h"
#include "tests/unit/sync/fake_cloud.h"

#include <QSignalSpy>
#include <QStringList>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>

#include <functional>
#include <memory>

namespace creditdesk::test {

// A port nothing listens on (bound, then released).
inline quint16 closedPort()
{
    QTcpServer probe;
    if (!probe.listen(QHostAddress::LocalHost))
        qFatal("cannot find a free port");
    const quint16 port = probe.serverPort();
    probe.close();
    return port;
}

inline QUrl closedPortUrl()
{
    return QUrl(QStringLiteral("http://127.0.0.1:%1").arg(closedPort()));
}

// A SyncEngine on a fresh mirror against a FakeCloud.
struct SyncFixture {
    QTemporaryDir dir;
    FakeCloud cloud;
    RecordedDelays delays;
    ScriptedTokens tokens{QStringLiteral("token-1")};
    std::unique_ptr<api::CloudClient> client;
    std::unique_ptr<sync::MirrorWriter> writer;
    std::unique_ptr<sync::SyncEngine> engine;
    std::unique_ptr<store::MirrorDatabase> readerDb;

    // `beforeOpen` may put a file where the mirror goes before anything opens it.
    explicit SyncFixture(sync::SyncOptions options = {},
                         const std::function<void(const QString &mirrorPath)> &beforeOpen = {})
    {
        if (beforeOpen)
            beforeOpen(mirrorPath());
        api::TransportOptions transport = testTransportOptions(cloud.server.baseUrl(), delays);
        transport.retry.maxAttempts = 2;
        client = std::make_unique<api::CloudClient>(transport, &tokens);
        writer = std::make_unique<sync::MirrorWriter>(mirrorPath());
        engine = std::make_unique<sync::SyncEngine>(*client, *writer, options);
    }

    [[nodiscard]] QString mirrorPath() const { return dir.filePath(QStringLiteral("mirror.db")); }

    // Runs one sync and returns its result (a "test_timeout" error if none came).
    sync::SyncResult sync()
    {
        QSignalSpy spy(engine.get(), &sync::SyncEngine::finished);
        if (!engine->start()) {
            sync::SyncResult busy;
            busy.error = Error{QStringLiteral("test_busy"), QStringLiteral("a sync was running"), {}};
            return busy;
        }
        if (!spy.wait(30'000)) {
            sync::SyncResult none;
            none.error = Error{QStringLiteral("test_timeout"), QStringLiteral("no finished()"), {}};
            return none;
        }
        return spy.takeFirst().at(0).value<sync::SyncResult>();
    }

    // The mirror as the UI sees it: a second connection on this thread.
    store::MirrorDatabase &reader()
    {
        if (!readerDb) {
            writer->drain();
            auto opened = store::MirrorDatabase::open(mirrorPath());
            if (!opened)
                qFatal("cannot open the mirror: %s", qPrintable(opened.error().message));
            readerDb = std::move(*opened);
        }
        return *readerDb;
    }

    // Ledger ids, ascending (created_at, id).
    QStringList usageIds()
    {
        writer->drain();
        QStringList ids;
        auto q = reader().run(QStringLiteral("SELECT id FROM token_usage_ledger ORDER BY created_at, id"));
        if (!q)
            qFatal("cannot read the ledger");
        while (q->next())
            ids.append(q->value(0).toString());
        return ids;
    }

    std::optional<store::StreamState> streamState(const QString &stream)
    {
        writer->drain();
        auto state = store::SyncStateRepository(reader()).streamState(stream);
        if (!state)
            qFatal("cannot read sync_state");
        return *state;
    }

    QString usageCursor()
    {
        const auto state = streamState(QStringLiteral("usage"));
        return state ? state->cursor : QString();
    }

    // The first `count` fake-cloud row ids.
    QStringList cloudIds(int count) const
    {
        QStringList ids;
        for (int i = 0; i < count && i < cloud.rows.size(); ++i)
            ids.append(cloud.rows.at(i).id);
        return ids;
    }
};

} // namespace creditdesk::test
