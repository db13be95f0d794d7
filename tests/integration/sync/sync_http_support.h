#pragma once

#include "tests/integration/http/server_harness.h"

#include <QByteArray>
#include <QString>
#include <QStringList>

#include <cstdint>

namespace creditdesk::test {

// A ledger as a set: ids and credits, read independently of the sync engine.
struct Ledger {
    QStringList ids;     // in the source's (created_at, id) order
    QByteArray checksum; // SHA-256 over "id:credit units" lines sorted by id
    [[nodiscard]] qsizetype count() const { return ids.size(); }
};

// The server's ledger for the token's user: §10.5 cursor pages, or §7 offset
// pages when the server runs with --extensions off.
[[nodiscard]] Ledger serverLedger(const ServerHarness &server, const QString &token, bool extensions);

// The mirror's ledger through a plain QSQLITE connection (no MirrorDatabase).
[[nodiscard]] Ledger mirrorLedger(const QString &mirrorPath);

// Every ledger row as one line of the values both sides hold, sorted: with the
// extensions the fifteen §10.5 columns; without them the §7 list's values
// (its createdAt as both occurred_at and created_at), followed on the
// mirror's side by whether every column that list does not send is NULL
// (the server's side says it must be).
[[nodiscard]] QStringList serverRowLines(const ServerHarness &server, const QString &token, bool extensions);
[[nodiscard]] QStringList mirrorRowLines(const QString &mirrorPath, bool extensions);

// What a crash may leave: integrity, the ledger in order, the usage cursor and
// whether the per-day totals agree with the rows.
struct MirrorSnapshot {
    bool exists = false;
    QString integrity; // PRAGMA integrity_check
    QStringList ids;   // ascending (created_at, id)
    QString usageCursor;
    bool dailyTotalsAgree = true;
    QString error; // a query that failed
};
[[nodiscard]] MirrorSnapshot inspectMirror(const QString &mirrorPath);

// Removes the mirror and its -wal/-shm/-journal.
void removeMirror(const QString &mirrorPath);

// Waits until rows recorded before now are visible to cursor paging (§10.5: 5 s).
void waitForVisibility();

} // namespace creditdesk::test
