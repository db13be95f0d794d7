#pragma once

#include "core/domain/error.h"

#include <QList>
#include <QSqlDatabase>
#include <QString>
#include <QStringList>

namespace creditdesk::bench {

// Bulk loading the way pg_restore does it: the keys, indexes and foreign keys
// of the big tables (and foreign keys pointing at them) are taken from the
// catalog, dropped, and re-created after the load. Re-adding a foreign key
// validates every row in one set-based pass, so the loaded data is checked
// against the real schema, and restore() refuses to finish unless the catalog
// then describes exactly the migrated schema again.
class DeferredDdl {
public:
    // Records and drops; `tables` are plain names in the current schema.
    [[nodiscard]] static Result<DeferredDdl> dropFor(const QSqlDatabase &db, const QStringList &tables);

    // Re-creates keys, then indexes, then foreign keys; compares the catalog
    // with the one recorded before the drop.
    [[nodiscard]] Result<void> restore(const QSqlDatabase &db) const;

    [[nodiscard]] qsizetype statementCount() const { return m_create.size(); }

private:
    QStringList m_create;
    QString m_fingerprint;
};

} // namespace creditdesk::bench
