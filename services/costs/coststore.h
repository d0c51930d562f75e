#pragma once

#include "core/result.h"
#include "costs/costseries.h"
#include "costs/whatif.h"

#include <QCoreApplication>
#include <QDate>
#include <QDateTime>

#include <optional>

namespace opsdeck {

class Store;

// Active users of the product in one month, entered by the user (cost per 100 users).
struct ActiveUsers {
    QDate month;  // the 1st of the month
    qint64 users = 0;
    QDateTime updatedAt;
};

// The last token usage fetched for the what-if, kept so it shows at once and offline.
struct StoredUsage {
    UsagePeriod period;
    QDateTime fetchedAt;
};

// Cost figures in the local store (table cost_daily) and the monthly active users (settings_meta,
// keys "costs/activeUsers/YYYY-MM"). Synchronous and small: call it on the store's thread.
class CostStore
{
    Q_DECLARE_TR_FUNCTIONS(CostStore)

public:
    explicit CostStore(Store &store);

    // Makes the store hold exactly `figures` for provider over [from, to] (one transaction):
    // a fresh fetch covers every day of the range, so figures that vanished are removed.
    Status replace(const QString &provider, QDate from, QDate to, const QList<CostFigure> &figures);
    // Inserts or updates each (provider, model, day), e.g. from an imported CSV.
    Status upsert(const QList<CostFigure> &figures);
    Result<CostSeries> load(QDate from, QDate to) const;

    // The entry for `month`, else the latest one before it; nullopt when none.
    Result<std::optional<ActiveUsers>> activeUsers(QDate month) const;
    // users = 0 removes the month's entry.
    Status setActiveUsers(QDate month, qint64 users, const QDateTime &at);

    // The latest usage fetch (settings_meta key "costs/usage"), replacing the previous one.
    Status saveUsage(const UsagePeriod &usage, const QDateTime &at);
    Result<std::optional<StoredUsage>> lastUsage() const;

private:
    Status write(const QList<CostFigure> &figures);
    Store &m_store;
};

} // namespace opsdeck
