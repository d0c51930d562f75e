#pragma once

#include "core/result.h"
#include "runbook/checkresult.h"

#include <QDate>
#include <QHash>
#include <QList>

namespace opsdeck {

class AuditLog;
class Clock;
class Store;

enum class TickState { Open, Done, Acknowledged };

struct Tick {
    QString itemId;
    TickState state = TickState::Open;
    QString note;      // a note, or the reason a failure was acknowledged
    QString actor;
    QDateTime at;
    int version = 0;   // optimistic concurrency
};

// One day's record of a checklist: check results (latest per item) and sign-offs.
struct DayRecord {
    QDate date;
    QHash<QString, CheckResult> results;
    QHash<QString, Tick> ticks;
};

// Persists check results, ticks and metric samples in the store; every tick change is audited.
// Use on the thread that opened the store.
class ChecklistStore
{
public:
    ChecklistStore(Store &store, AuditLog &audit, Clock &clock);

    Status saveResult(const QDate &day, const CheckResult &result);
    // Sets an item's state for a day; `expectedVersion` guards against a concurrent change
    // (Conflict error). Writes an audit entry first (fail closed).
    Result<Tick> setTick(const QDate &day, const QString &itemId, TickState state, const QString &note,
                         int expectedVersion, const QString &evidence = {});
    Result<DayRecord> day(const QDate &day) const;
    // Days that have any record, newest first.
    Result<QList<QDate>> history(int limit = 90) const;
    // The last day on which every item of `itemIds` was done or acknowledged.
    Result<QDate> lastCompleted(const QStringList &itemIds) const;

    Status addSample(const QString &metric, const QString &subject, double value);
    // Samples taken earlier (an import, the demo's history), in one transaction.
    Status addSamples(const QString &metric, const QString &subject, const QList<std::pair<QDateTime, double>> &samples);
    // Removes the metric's samples of every subject but keep (the demo's store, whose URL changes each run).
    Status removeSamplesExcept(const QString &metric, const QString &keep);
    Result<QList<std::pair<QDateTime, double>>> samples(const QString &metric, const QString &subject,
                                                        const QDateTime &since) const;

    static QString tickStateName(TickState state);

private:
    Store &m_store;
    AuditLog &m_audit;
    Clock &m_clock;
};

} // namespace opsdeck
