#include "tests/bench/pg_bench_database.h"

#include "server/db/migrator.h"
#include "tests/bench/pg_sql.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QSqlError>
#include <QSqlQuery>

#include <utility>

using namespace Qt::StringLiterals;

namespace creditdesk::bench {

namespace {

// Identifiers cannot be bound; this one is built here from [a-z0-9_] only.
QString quotedIdentifier(const QString &name)
{
    return u'"' + name + u'"';
}

} // namespace

PgBenchDatabase::PgBenchDatabase(server::Connection admin, server::Connection bench, QString name,
                                 int schemaVersion)
    : m_admin(std::move(admin))
    , m_bench(std::move(bench))
    , m_name(std::move(name))
    , m_schemaVersion(schemaVersion)
{}

Result<PgBenchDatabase> PgBenchDatabase::create(const QString &adminUrl)
{
    auto config = server::parseDatabaseUrl(adminUrl);
    if (!config)
        return std::unexpected(config.error());
    if (config->dialect != server::Dialect::PostgreSql)
        return fail(pg::kBenchError, u"--db must be a postgresql:// URL"_s);
    auto admin = server::Connection::open(*config, u"bench_admin"_s);
    if (!admin)
        return std::unexpected(admin.error());

    const QString name =
        u"creditdesk_bench_%1_%2"_s.arg(QDateTime::currentDateTimeUtc().toString(u"yyyyMMdd_HHmmss"_s))
            .arg(QCoreApplication::applicationPid());
    if (auto made = server::execStatement(admin->database(), u"CREATE DATABASE "_s + quotedIdentifier(name));
        !made)
        return std::unexpected(made.error());

    server::DatabaseConfig benchConfig = *config;
    benchConfig.databaseName = name;
    benchConfig.applicationName = u"creditdesk-bench"_s;
    auto bench = server::Connection::open(benchConfig, u"bench_main"_s);
    if (!bench) {
        (void)server::execStatement(admin->database(), u"DROP DATABASE "_s + quotedIdentifier(name));
        return std::unexpected(bench.error());
    }
    const server::Migrator migrator(*bench);
    auto migrated = migrator.migrate();
    if (!migrated) {
        const Error error = migrated.error();
        PgBenchDatabase partial(std::move(*admin), std::move(*bench), name, 0);
        (void)partial.drop();
        return std::unexpected(error);
    }
    return PgBenchDatabase(std::move(*admin), std::move(*bench), name, migrated->version);
}

Result<QString> PgBenchDatabase::serverFacts() const
{
    QSqlQuery q(m_bench->database());
    if (!q.exec(u"SELECT version()"_s) || !q.next())
        return fail(pg::kBenchError, q.lastError().text());
    QString facts = q.value(0).toString() + u'\n';
    q.finish();
    static const QStringList settings{u"shared_buffers"_s,   u"work_mem"_s, u"effective_cache_size"_s,
                                      u"random_page_cost"_s, u"fsync"_s,    u"synchronous_commit"_s,
                                      u"full_page_writes"_s, u"jit"_s,      u"max_connections"_s};
    if (!q.prepare(u"SELECT current_setting(?)"_s))
        return fail(pg::kBenchError, q.lastError().text());
    for (const QString &setting : settings) {
        q.addBindValue(setting);
        if (!q.exec() || !q.next())
            return fail(pg::kBenchError, q.lastError().text());
        facts += setting + u'=' + q.value(0).toString() + u' ';
    }
    return facts.trimmed();
}

Result<void> PgBenchDatabase::drop()
{
    m_bench.reset();
    if (!m_admin)
        return {};
    auto dropped = server::execStatement(
        m_admin->database(), u"DROP DATABASE IF EXISTS "_s + quotedIdentifier(m_name) + u" WITH (FORCE)"_s);
    m_admin.reset();
    return dropped;
}

void PgBenchDatabase::keep()
{
    m_bench.reset();
    m_admin.reset();
}

} // namespace creditdesk::bench
