#include "runbook/checklistservice.h"

#include "providers/health/uptime.h"
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
            (void)m_records.addSample(kHealthLatencyMetric, o.value(QLatin1String("url")).toString(),
                                      o.value(QLatin1String("latencyMs")).toDouble());
        }
        for (const QJsonValue &v : r.metrics.value(QLatin1String("probes")).toArray()) {
            const QJsonObject o = v.toObject();
            (void)m_records.addSample(kHealthUpMetric, o.value(QLatin1String("url")).toString(),
                                      o.value(QLatin1String("ok")).toBool() ? 1.0 : 0.0);
        }
        Q_EMIT itemFinished(r);
    });
}

QDate ChecklistService::today() const { return m_clock.nowUtc().toLocalTime().date(); }

CheckEnv ChecklistService::environment(ProviderSource &providers, Store &store, ChecklistStore &records, Clock &clock,
                                      const Profile &profile)
{
    CheckEnv env;
    env.providers = &providers;
    env.profile = profile;
    env.clock = &clock;
    env.restoreDrill = [&store, &clock, name = profile.name] { return DrillRecords(store, name).status(clock.nowUtc()); };
    if (auto samples = records.samples(kHealthLatencyMetric, QString(), clock.nowUtc().addDays(-1)))
        for (const auto &s : samples.value())
            env.recentHealthLatenciesMs.append(s.second);
    return env;
}

void ChecklistService::run(const Runbook &runbook, const QString &listId, const Profile &profile)
{
    const RunbookList *list = runbook.list(listId);
    CheckEnv env = environment(m_providers, m_store, m_records, m_clock, profile);
    env.credentialsStoredAt = m_credentialsStoredAt;
    m_runner->run(env, list ? list->items : QList<RunbookItem>());
}

} // namespace opsdeck
