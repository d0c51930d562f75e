#include "checklistservice.h"

#include "core/clock.h"

#include <QJsonArray>

namespace opsdeck {

ChecklistService::ChecklistService(ProviderSource &providers, Store &store, AuditLog &audit, Clock &clock, QObject *parent)
    : QObject(parent), m_providers(providers), m_store(store), m_clock(clock), m_records(store, audit, clock), m_runner(new CheckRunner(this))
{
    connect(m_runner, &CheckRunner::itemStarted, this, &ChecklistService::itemStarted);
    connect(m_runner, &CheckRunner::finished, this, &ChecklistService::finished);
    connect(m_runner, &CheckRunner::itemFinished, this, [this](const CheckResult &r) {
        if (Status s = m_records.saveResult(today(), r); !s)
            Q_EMIT storeError(s.error().toString());
        for (const QJsonValue &v : r.metrics.value(QLatin1String("samples")).toArray()) {
            const QJsonObject o = v.toObject();
            (void)m_records.addSample(QStringLiteral("health.latencyMs"), o.value(QLatin1String("url")).toString(),
                                      o.value(QLatin1String("latencyMs")).toDouble());
        }
        Q_EMIT itemFinished(r);
    });
}

QDate ChecklistService::today() const { return m_clock.nowUtc().toLocalTime().date(); }

void ChecklistService::run(const Runbook &runbook, const QString &listId, const Profile &profile)
{
    CheckEnv env;
    env.providers = &m_providers;
    env.profile = profile;
    env.clock = &m_clock;
    env.restoreDrill = [this, name = profile.name] { return DrillRecords(m_store, name).status(m_clock.nowUtc()); };
    if (auto samples = m_records.samples(QStringLiteral("health.latencyMs"), QString(), m_clock.nowUtc().addDays(-1)))
        for (const auto &s : samples.value())
            env.recentHealthLatenciesMs.append(s.second);
    const RunbookList *list = runbook.list(listId);
    m_runner->run(env, list ? list->items : QList<RunbookItem>());
}

} // namespace opsdeck
