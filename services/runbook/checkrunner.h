#pragma once

#include "alerts/alertengine.h"
#include "runbook/checks.h"

#include <QElapsedTimer>
#include <QHash>
#include <QObject>

namespace opsdeck {

// Runs the automated items of a list in parallel; the "alerts" item is evaluated last from the
// metrics the others measured. A new run() drops the results of an older one (generation counter).
class CheckRunner : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(CheckRunner)
public:
    explicit CheckRunner(QObject *parent = nullptr);

    void run(const CheckEnv &env, const QList<RunbookItem> &items);
    bool isRunning() const { return m_pending > 0; }
    QList<CheckResult> results() const;
    QList<Alert> alerts() const { return m_alerts; }
    QJsonObject metrics() const { return m_metrics; }

Q_SIGNALS:
    void itemStarted(const QString &itemId);
    void itemFinished(const opsdeck::CheckResult &result);
    void finished();

private:
    void record(quint64 generation, CheckResult result, const QElapsedTimer &timer);
    void evaluateAlerts();
    bool readyForAlerts() const;

    CheckEnv m_env;
    QList<RunbookItem> m_items;
    QHash<QString, CheckResult> m_results;
    QList<Alert> m_alerts;
    QJsonObject m_metrics;
    QObject *m_owner = nullptr;  // parent of this run's clients and jobs; deleted by the next run
    quint64 m_generation = 0;
    int m_pending = 0;
    bool m_collecting = false;  // metrics only an alert needs (the database's connections) still coming
};

} // namespace opsdeck
