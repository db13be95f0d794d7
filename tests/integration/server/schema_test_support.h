#pragma once

#include "core/domain/error.h"
#include "server/db/connection.h"
#include "server/db/database_url.h"

#include <QString>
#include <QTemporaryDir>
#include <QtTest>

#include <memory>
#include <optional>

namespace creditdesk::server::test {

// Data rows "sqlite" and "postgresql" with a column `dialect` (Dialect).
void addDialectRows();

// Why a PostgreSQL row cannot run here, or empty when it can.
[[nodiscard]] QString postgresUnavailableReason(Dialect dialect);

// A fresh, empty database of its own, removed on destruction: SQLite in a
// temporary folder; PostgreSQL created (random name) on the cluster of
// CREDITDESK_TEST_PG_URL, so tests can run in parallel.
class TestDatabase {
public:
    [[nodiscard]] static Result<std::unique_ptr<TestDatabase>> create(Dialect dialect);
    TestDatabase(const TestDatabase &) = delete;
    TestDatabase &operator=(const TestDatabase &) = delete;
    ~TestDatabase();

    [[nodiscard]] Dialect dialect() const { return m_dialect; }
    [[nodiscard]] const QString &url() const { return m_url; }
    // A new named connection to this database (unique name).
    [[nodiscard]] Result<Connection> connect() const;
    // connect() + the bundled migrations.
    [[nodiscard]] Result<Connection> connectMigrated() const;

private:
    explicit TestDatabase(Dialect dialect)
        : m_dialect(dialect)
    {}

    Dialect m_dialect;
    QString m_url;
    std::optional<QTemporaryDir> m_dir;
    std::optional<Connection> m_admin;
    QString m_databaseName;
};

// A connection name no other test connection uses.
[[nodiscard]] QString uniqueConnectionName(const QString &prefix);

// Rows in a table: COUNT(*) with an optional `WHERE column = value`.
[[nodiscard]] Result<qint64> countRows(const Connection &connection, const QString &table,
                                       const QString &column = {}, const QVariant &value = {});

} // namespace creditdesk::server::test

Q_DECLARE_METATYPE(creditdesk::server::Dialect)

// Skips (or, under CI=true, fails) a PostgreSQL row when no cluster is configured.
#define CREDITDESK_REQUIRE_DIALECT(dialect)                                                                  \
    do {                                                                                                     \
        const QString reason_ = ::creditdesk::server::test::postgresUnavailableReason(dialect);              \
        if (!reason_.isEmpty()) {                                                                            \
            if (::creditdesk::test::postgresRequired())                                                      \
                QFAIL(qPrintable(reason_ + QStringLiteral(" (CI=true requires PostgreSQL)")));               \
            QSKIP(qPrintable(reason_));                                                                      \
        }                                                                                                    \
    } while (false)

// Unwraps a Result<T> into `var` or fails the test with the error.
#define CREDITDESK_TRY(var, expr)                                                                            \
    auto var##Result_ = (expr);                                                                              \
    QVERIFY2(var##Result_.has_value(),                                                                       \
             qPrintable(var##Result_.has_value() ? QString()                                                 \
                                                 : var##Result_.error().code + QStringLiteral(": ") +        \
                                                       var##Result_.error().message));                       \
    auto &var = *var##Result_

#define CREDITDESK_VERIFY_OK(expr)                                                                           \
    do {                                                                                                     \
        const auto result_ = (expr);                                                                         \
        QVERIFY2(result_.has_value(),                                                                        \
                 qPrintable(result_.has_value()                                                              \
                                ? QString()                                                                  \
                                : result_.error().code + QStringLiteral(": ") + result_.error().message));   \
    } while (false)
