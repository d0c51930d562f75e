#pragma once

#include "runbook/checkliststore.h"
#include "runbook/checkrunner.h"
#include "runbook/runbook.h"

#include <QObject>

namespace opsdeck {

class AuditLog;
class Clock;
class ProviderSource;
class Store;

// Runs a checklist's automated items against the providers, stores every result and the health
// latency samples, and hands results to the GUI or the CLI as they arrive.
class ChecklistService : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ChecklistService)
public:
    ChecklistService(ProviderSource &providers, Store &store, AuditLog &audit, Clock &clock, QObject *parent = nullptr);

    ChecklistStore &records() { return m_records; }
    CheckRunner &runner() { return *m_runner; }
    // Where the credentials-due check learns when each credential was last stored (CheckEnv).
    void setCredentialsStoredAt(std::function<QHash<QString, QDateTime>()> source) { m_credentialsStoredAt = std::move(source); }
    QDate today() const;

    // What the checks of profile read besides the providers: the clock, the restore test's records and
    // the last day's health latencies. The checklist and the alert monitor use the same.
    static CheckEnv environment(ProviderSource &providers, Store &store, ChecklistStore &records, Clock &clock,
                                const Profile &profile);

    // Runs list `listId` of `runbook` for `profile`; results are saved under today's date.
    void run(const Runbook &runbook, const QString &listId, const Profile &profile);

Q_SIGNALS:
    void itemStarted(const QString &itemId);
    void itemFinished(const opsdeck::CheckResult &result);
    void finished();
    void storeError(const QString &message);

private:
    ProviderSource &m_providers;
    Store &m_store;
    Clock &m_clock;
    ChecklistStore m_records;
    CheckRunner *m_runner;
    std::function<QHash<QString, QDateTime>()> m_credentialsStoredAt;
};

} // namespace opsdeck
