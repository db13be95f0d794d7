#pragma once

#include "tests/integration/api/hostile_server.h"

#include <QByteArray>
#include <QHash>
#include <QList>
#include <QString>
#include <QUrlQuery>

#include <cstdint>
#include <functional>
#include <optional>

namespace creditdesk::test {

// A small scripted CreditDesk cloud on HostileServer for the sync engine and
// outbox tests: the account endpoints answer fixed, valid bodies (no
// subscription, no license, no coupons, no invoices); the ledger is a list of
// rows served as §10.5 cursor pages ("c<k>" = after the first k rows) or,
// with `extensions` off, as §7 offset pages (newest first, no
// X-CreditDesk-Server header, /v1/sync/state → 404). `intercept` answers
// first when it returns a reply, so a test can break any single request.
class FakeCloud {
public:
    using Reply = HostileServer::Reply;
    using Request = HostileServer::Request;

    struct Row {
        QString id;
        std::int64_t createdAtMs = 0;
        QString credits = QStringLiteral("1.25");
        QString status = QStringLiteral("success");
    };

    FakeCloud();

    HostileServer server;
    bool extensions = true;
    int pageRows = 3; // rows per cursor page at most (whatever `limit` asks)
    QString userId = QStringLiteral("5b0f6c1e-8f6a-4c57-9a43-1d2f3a4b5c6d");
    QList<Row> rows;                       // ascending (created_at, id)
    QHash<QString, std::int64_t> versions; // sync-state stream versions
    QString rejectedCursor;                // answered 400 invalid_cursor
    std::function<std::optional<Reply>(const Request &)> intercept;

    // Appends `count` rows, one second apart after the last (ids ascending).
    void addRows(int count);
    [[nodiscard]] static QString rowId(int index);

    // Requests for a path (query ignored), in order.
    [[nodiscard]] QList<Request> requestsTo(const QString &path) const;
    [[nodiscard]] static QUrlQuery query(const Request &request);

    // A §10.5 page body of the given rows.
    [[nodiscard]] static QByteArray ledgerPage(const QList<Row> &rows, const QString &nextCursor,
                                               bool hasMore);

private:
    Reply answer(const Request &request);
    Reply usage(const Request &request);
    Reply syncState(const Request &request);
    [[nodiscard]] QString latestCursor() const;
    [[nodiscard]] Reply ours(int status, const QByteArray &body) const;
};

} // namespace creditdesk::test
