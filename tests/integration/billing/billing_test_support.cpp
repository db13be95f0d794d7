#include "tests/integration/billing/billing_test_support.h"

#include "server/billing/billing_sql.h"
#include "server/billing/credit_grants.h"
#include "server/billing/credit_repository.h"
#include "server/billing/user_repository.h"
#include "server/db/sql_values.h"

#include <QUrl>

#include <vector>

using namespace Qt::StringLiterals;

namespace creditdesk::server::test {

Result<std::unique_ptr<BillingWorld>> BillingWorld::create(Dialect dialect)
{
    std::unique_ptr<BillingWorld> world(new BillingWorld());
    auto database = TestDatabase::create(dialect);
    if (!database)
        return std::unexpected(database.error());
    world->m_database = std::move(*database);
    auto db = world->m_database->connectMigrated();
    if (!db)
        return std::unexpected(db.error());
    world->m_db.emplace(std::move(*db));
    world->m_env.clock = &world->m_clock;
    world->m_env.publicBaseUrl = QUrl(u"http://127.0.0.1:7150"_s);
    return world;
}

BillingWorld::~BillingWorld()
{
    m_db.reset(); // before the database is dropped
}

Result<QString> BillingWorld::createUser(const QString &email)
{
    return UserRepository(*m_db).insert(email, QString(), QString(), m_clock.nowMs());
}

Result<void> BillingWorld::grant(const QString &userId, std::int64_t credits, CreditType type,
                                 std::optional<std::int64_t> expiresAtMs)
{
    auto done = billing::inTransaction(*m_db, [&]() {
        GrantRequest request;
        request.userId = userId;
        request.type = type;
        request.wholeCredits = credits;
        request.source = u"test"_s;
        request.expiresAtMs = expiresAtMs;
        return grantCredits(*m_db, request, m_clock.nowMs());
    });
    if (!done)
        return std::unexpected(done.error());
    return {};
}

Result<Credits> BillingWorld::cachedBalance(const QString &userId)
{
    auto balance = CreditRepository(*m_db).balance(userId);
    if (!balance)
        return std::unexpected(balance.error());
    return *balance ? (*balance)->amount : Credits();
}

Result<Credits> BillingWorld::liveBalance(const QString &userId)
{
    auto grants = CreditRepository(*m_db).liveGrants(userId, m_clock.nowMs(), false);
    if (!grants)
        return std::unexpected(grants.error());
    std::vector<CreditGrant> plain;
    for (const GrantRow &row : std::as_const(*grants))
        plain.push_back(row.grant);
    return balanceAt(plain, m_clock.nowMs());
}

Result<Credits> BillingWorld::ledgerSum(const QString &userId)
{
    bool found = false;
    auto q = billing::runSqlFirst(
        *m_db, u"SELECT COALESCE(SUM(amount), 0) FROM credit_deduction_ledger WHERE user_id = ?"_s,
        {sqlv::uuid(*m_db, userId)}, &found);
    if (!q)
        return std::unexpected(q.error());
    return sqlv::readCredits(*m_db, q->value(0));
}

Result<qint64> BillingWorld::count(const QString &table, const QString &userId)
{
    return countRows(*m_db, table, u"user_id"_s, sqlv::uuid(*m_db, userId));
}

UsageInput BillingWorld::usage(const QString &userId, const QString &requestId) const
{
    UsageInput in;
    in.requestId = requestId.isEmpty() ? sqlv::newUuid() : requestId;
    in.userId = userId;
    in.modelId = u"gpt-4o-mini"_s;
    in.provider = u"openai"_s;
    in.inputTokens = 1200;
    in.outputTokens = 300;
    in.requestType = RequestType::Completion;
    return in;
}

} // namespace creditdesk::server::test
