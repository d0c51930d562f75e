#include "runbook/checkrunner.h"

#include "core/clock.h"

#include <QCoreApplication>

namespace opsdeck {

CheckRunner::CheckRunner(QObject *parent) : QObject(parent) {}

void CheckRunner::run(const CheckEnv &env, const QList<RunbookItem> &items)
{
    ++m_generation;
    if (m_owner)
        m_owner->deleteLater();  // cancels the previous run's outstanding jobs
    m_owner = new QObject(this);
    m_env = env;
    m_items.clear();
    m_results.clear();
    m_alerts.clear();
    m_metrics = {};
    for (const RunbookItem &item : items)
        if (item.kind == ItemKind::Check)
            m_items.append(item);
    m_pending = int(m_items.size());
    if (m_pending == 0) {
        Q_EMIT finished();
        return;
    }
    const quint64 generation = m_generation;
    m_collecting = std::any_of(m_items.begin(), m_items.end(),
                               [](const RunbookItem &i) { return i.check == QLatin1String("alerts"); });
    for (const RunbookItem &item : std::as_const(m_items)) {
        m_results.insert(item.id, CheckResult{item.id, CheckStatus::Running, {}, {}, {}, {}, 0});
        Q_EMIT itemStarted(item.id);
        if (item.check == QLatin1String("alerts"))
            continue;  // evaluated once the others are done
        QElapsedTimer timer;
        timer.start();
        auto done = [this, generation, timer](CheckResult r) { record(generation, std::move(r), timer); };
        if (item.check == QLatin1String("health"))
            runHealthCheck(m_env, item, m_owner, done);
        else if (item.check == QLatin1String("errors"))
            runErrorsCheck(m_env, item, m_owner, done);
        else if (item.check == QLatin1String("api-usage"))
            runApiUsageCheck(m_env, item, m_owner, done);
        else if (item.check == QLatin1String("workflows"))
            runWorkflowsCheck(m_env, item, m_owner, done);
        else if (item.check == QLatin1String("deployments"))
            runDeploymentsCheck(m_env, item, m_owner, done);
        else if (item.check == QLatin1String("restore-drill"))
            runRestoreDrillCheck(m_env, item, m_owner, done);
        else if (item.check == QLatin1String("credentials-due"))
            runCredentialsDueCheck(m_env, item, m_owner, done);
        else if (item.check == QLatin1String("npm-audit"))
            runNpmAuditCheck(m_env, item, m_owner, done);
        else if (item.check == QLatin1String("security-policy"))
            runSecurityPolicyCheck(m_env, item, m_owner, done);
    }
    if (m_collecting)
        collectDatabaseMetrics(m_env, m_owner, [this, generation](const QJsonObject &metrics) {
            if (generation != m_generation)
                return;
            for (auto it = metrics.constBegin(); it != metrics.constEnd(); ++it)
                m_metrics.insert(it.key(), it.value());
            m_collecting = false;
            if (readyForAlerts())
                evaluateAlerts();
        });
    // Only the alerts item (or nothing) left: evaluate now.
    if (readyForAlerts())
        evaluateAlerts();
}

bool CheckRunner::readyForAlerts() const
{
    if (m_collecting || m_pending == 0)
        return false;
    return std::all_of(m_items.begin(), m_items.end(), [this](const RunbookItem &i) {
        return i.check == QLatin1String("alerts") || isFinal(m_results.value(i.id).status);
    });
}

void CheckRunner::record(quint64 generation, CheckResult result, const QElapsedTimer &timer)
{
    if (generation != m_generation)
        return;  // a stale result of an earlier run
    result.at = m_env.clock->nowUtc();
    result.durationMs = timer.elapsed();
    for (auto it = result.metrics.constBegin(); it != result.metrics.constEnd(); ++it)
        m_metrics.insert(it.key(), it.value());
    m_results.insert(result.itemId, result);
    --m_pending;
    Q_EMIT itemFinished(result);
    if (readyForAlerts())
        evaluateAlerts();
    else if (m_pending == 0)
        Q_EMIT finished();
}

void CheckRunner::evaluateAlerts()
{
    const quint64 generation = m_generation;
    for (const RunbookItem &item : std::as_const(m_items)) {
        if (item.check != QLatin1String("alerts"))
            continue;
        m_alerts = opsdeck::evaluateAlerts(m_env.profile.thresholds, m_metrics);
        const QStringList unevaluated = unevaluatedAlerts(m_metrics);
        QStringList parts;
        for (const Alert &a : std::as_const(m_alerts))
            parts << a.message;
        QString evidence = m_alerts.isEmpty()
            ? QCoreApplication::translate("Checks", "No threshold crossed")
            : QCoreApplication::translate("Checks", "%n alert(s): ", nullptr, int(m_alerts.size())) + parts.join(QStringLiteral("; "));
        if (!unevaluated.isEmpty())
            evidence += QCoreApplication::translate("Checks", " (no data for: %1)").arg(unevaluated.join(QStringLiteral(", ")));
        // Nothing measured is no data, not a pass: a threshold nobody compared has not been met.
        const bool nothingMeasured = unevaluated.size() == unevaluatedAlerts(QJsonObject()).size();
        if (nothingMeasured)
            evidence = QCoreApplication::translate("Checks", "No data: none of the thresholds could be compared (%1)")
                           .arg(unevaluated.join(QStringLiteral(", ")));
        CheckResult r{item.id,
                      !m_alerts.isEmpty() ? CheckStatus::Fail : nothingMeasured ? CheckStatus::NoData : CheckStatus::Pass,
                      evidence, nothingMeasured ? QStringLiteral("no data") : QString::number(m_alerts.size()), {}, {}, 0};
        QElapsedTimer t;
        t.start();
        record(generation, r, t);
    }
}

QList<CheckResult> CheckRunner::results() const
{
    QList<CheckResult> out;
    for (const RunbookItem &item : m_items)
        out.append(m_results.value(item.id));
    return out;
}

} // namespace opsdeck
