#include "server/db/prepared_query.h"

#include "server/db/sql_values.h"

#include <QSqlDatabase>

#include <utility>

using namespace Qt::StringLiterals;

namespace creditdesk::server {

struct PreparedQuery::Slot {
    explicit Slot(std::unique_ptr<QSqlQuery> prepared)
        : query(std::move(prepared))
    {}
    std::unique_ptr<QSqlQuery> query;
    bool checkedOut = false;
};

PreparedQuery::PreparedQuery(Slot *slot, std::unique_ptr<QSqlQuery> owned)
    : m_slot(slot)
    , m_owned(std::move(owned))
    , m_query(slot ? slot->query.get() : m_owned.get())
{}

PreparedQuery::PreparedQuery(PreparedQuery &&other) noexcept
    : m_slot(std::exchange(other.m_slot, nullptr))
    , m_owned(std::move(other.m_owned))
    , m_query(std::exchange(other.m_query, nullptr))
{}

PreparedQuery &PreparedQuery::operator=(PreparedQuery &&other) noexcept
{
    if (this != &other) {
        release();
        m_slot = std::exchange(other.m_slot, nullptr);
        m_owned = std::move(other.m_owned);
        m_query = std::exchange(other.m_query, nullptr);
    }
    return *this;
}

PreparedQuery::~PreparedQuery()
{
    release();
}

void PreparedQuery::release()
{
    if (m_query)
        m_query->finish();
    if (m_slot)
        m_slot->checkedOut = false;
    m_slot = nullptr;
    m_owned.reset();
    m_query = nullptr;
}

StatementCache::StatementCache(QString connectionName)
    : m_connectionName(std::move(connectionName))
{}

StatementCache::~StatementCache() = default;

void StatementCache::clear()
{
    std::erase_if(m_slots, [](const auto &entry) { return !entry.second->checkedOut; });
}

namespace {

Result<std::unique_ptr<QSqlQuery>> prepare(const QString &connectionName, const QString &sql,
                                           const QString &context)
{
    auto query = std::make_unique<QSqlQuery>(QSqlDatabase::database(connectionName, false));
    query->setForwardOnly(true);
    if (!query->prepare(sql))
        return std::unexpected(queryError(*query, context));
    return query;
}

} // namespace

Result<PreparedQuery::Slot *> StatementCache::freeSlot(const QString &sql, const QString &context)
{
    if (const auto found = m_slots.find(sql); found != m_slots.end())
        return found->second->checkedOut ? nullptr : found->second.get();
    if (m_slots.size() >= kMaxStatements)
        return nullptr;
    auto query = prepare(m_connectionName, sql, context);
    if (!query)
        return std::unexpected(query.error());
    auto slot = std::make_unique<PreparedQuery::Slot>(std::move(*query));
    return m_slots.emplace(sql, std::move(slot)).first->second.get();
}

Result<PreparedQuery> StatementCache::run(const QString &sql, const QVariantList &values,
                                          const QString &context)
{
    auto slot = freeSlot(sql, context);
    if (!slot)
        return std::unexpected(slot.error());
    std::unique_ptr<QSqlQuery> owned;
    if (*slot) {
        (*slot)->checkedOut = true;
    } else {
        auto uncached = prepare(m_connectionName, sql, context);
        if (!uncached)
            return std::unexpected(uncached.error());
        owned = std::move(*uncached);
    }
    PreparedQuery run(*slot, std::move(owned));
    QSqlQuery &query = *run.m_query;
    for (int i = 0; i < values.size(); ++i)
        query.bindValue(i, values.at(i));
    if (!query.exec())
        return std::unexpected(queryError(query, context));
    return run;
}

} // namespace creditdesk::server
