#include "usecases/overviewusecase.h"

#include "backups/backupmanifest.h"
#include "backups/backupservice.h"
#include "backups/restoredrill.h"
#include "config/profile.h"
#include "core/clock.h"
#include "core/humantime.h"
#include "core/text.h"
#include "costs/coststore.h"
#include "providers/github/githubclient.h"
#include "providers/health/uptime.h"
#include "providers/providersource.h"
#include "providers/vercel/vercelclient.h"
#include "runbook/checkliststore.h"
#include "runbook/checks.h"
#include "usecases/alertmonitor.h"
#include "usecases/backupsusecase.h"
#include "usecases/checklistusecase.h"
#include "usecases/credentialsusecase.h"
#include "usecases/session.h"

#include <QCoreApplication>
#include <QUrl>

#include <algorithm>
#include <memory>

namespace opsdeck {

namespace {
QString tr(const char *s) { return QCoreApplication::translate("Overview", s); }

QString usd(double v) { return QStringLiteral("$") + QString::number(v, 'f', 2); }

OverviewCard card(const QString &id, const QString &title, const QString &source, const QString &pageId)
{
    OverviewCard c;
    c.id = id;
    c.title = title;
    c.source = source;
    c.pageId = pageId;
    return c;
}
} // namespace

OverviewUseCase::OverviewUseCase(Session &session, ProviderSource &providers, ChecklistUseCase &checklist,
                                 CredentialsUseCase &credentials, BackupsUseCase &backups, AlertMonitor *alerts)
    : m_session(session), m_providers(providers), m_checklist(checklist), m_credentials(credentials), m_backups(backups),
      m_alerts(alerts)
{
}

QStringList OverviewUseCase::cardIds()
{
    return {QStringLiteral("health"), QStringLiteral("production"), QStringLiteral("spend"), QStringLiteral("ci"),
            QStringLiteral("alerts"), QStringLiteral("backups"), QStringLiteral("credentials"), QStringLiteral("checklist")};
}

OverviewCard OverviewUseCase::remember(OverviewCard c)
{
    if (c.problem.isEmpty()) {
        m_lastGood.insert(c.id, c);
        return c;
    }
    // Keyed by profile too: another profile's last value says nothing about this one.
    const QString key = c.id;
    if (m_lastGood.contains(key) && m_lastGood.value(key).source == c.source) {
        OverviewCard last = m_lastGood.value(key);
        last.stale = true;
        last.problem = c.problem;
        return last;
    }
    return c;
}

Job<QList<OverviewCard>> *OverviewUseCase::load(QObject *owner)
{
    auto *job = new Job<QList<OverviewCard>>(owner);
    const QDateTime now = m_session.clock().nowUtc();
    const Profile profile = m_session.profile();
    if (m_lastGood.value(QStringLiteral("profile")).value != profile.name) {
        m_lastGood.clear();
        OverviewCard marker;
        marker.value = profile.name;
        m_lastGood.insert(QStringLiteral("profile"), marker);
    }
    auto cards = std::make_shared<QHash<QString, OverviewCard>>();
    auto pending = std::make_shared<int>(4);  // the asynchronous cards below
    const auto put = [this, cards](OverviewCard c) {
        const QString id = c.id;  // before c is moved into remember()
        cards->insert(id, remember(std::move(c)));
    };
    const auto settle = [job, cards, pending] {
        if (--*pending > 0)
            return;
        QList<OverviewCard> out;
        for (const QString &id : cardIds())
            out << cards->value(id);
        job->finish(out);
    };

    // Health: the stored probes of the last 24 h (the Health page's and the checklist's).
    {
        OverviewCard c = card(QStringLiteral("health"), tr("Health"), tr("stored probes"), QStringLiteral("health"));
        ChecklistStore records(m_session.store(), m_session.audit(), m_session.clock());
        QList<double> latencies;
        int up = 0, down = 0, known = 0;
        for (const QString &u : profile.healthUrls) {
            const QString subject = QUrl(u).toString();
            if (auto s = records.samples(kHealthLatencyMetric, subject, now.addDays(-1)))
                for (const auto &[at, ms] : s.value()) {
                    latencies << ms;
                    c.asOf = std::max(c.asOf, at);
                }
            if (auto ups = records.samples(kHealthUpMetric, subject, now.addDays(-1)); ups && !ups->isEmpty()) {
                ++known;
                (ups->constLast().second >= 0.5 ? up : down) += 1;
                c.asOf = std::max(c.asOf, ups->constLast().first);
            }
        }
        if (profile.healthUrls.isEmpty()) {
            c.value = tr("No URL");
            c.detail = tr("Add a health URL to the profile");
        } else if (known == 0) {
            c.value = tr("Not probed yet");
            c.detail = tr("Open Health or run the checklist");
        } else {
            c.value = down > 0 ? tr("%1 of %2 down").arg(down).arg(profile.healthUrls.size())
                               : (profile.healthUrls.size() == 1 ? tr("Up") : tr("All %1 up").arg(profile.healthUrls.size()));
            const double p95 = nearestRankPercentile(latencies, 95);
            c.detail = p95 >= 0 ? tr("P95 over 24 h: %1 ms (alert above %2 ms)").arg(p95, 0, 'f', 0).arg(profile.thresholds.p95Ms, 0, 'f', 0)
                                : tr("no latency yet");
            c.level = down > 0 ? OverviewLevel::Bad : p95 > profile.thresholds.p95Ms ? OverviewLevel::Warning : OverviewLevel::Good;
        }
        put(c);
    }
    // Spend: the newest stored day against the daily threshold.
    {
        OverviewCard c = card(QStringLiteral("spend"), tr("API spend"), tr("stored costs"), QStringLiteral("costs"));
        CostStore costs(m_session.store());
        if (auto series = costs.load(now.date().addDays(-3), now.date())) {
            QDate newest;
            double total = 0;
            for (const CostFigure &f : series->figures())
                newest = std::max(newest, f.day);
            for (const CostFigure &f : series->figures())
                if (f.day == newest) {
                    total += f.amountUsd;
                    c.asOf = std::max(c.asOf, f.fetchedAt);
                }
            if (!newest.isValid()) {
                c.value = tr("No figures");
                c.detail = tr("Open Costs to fetch them");
            } else {
                const double limit = profile.thresholds.costPerDayUsd;
                c.value = tr("%1 of %2").arg(usd(total), usd(limit));
                c.detail = newest == now.date() ? tr("today so far (UTC)") : tr("on %1 (the newest stored day)").arg(newest.toString(Qt::ISODate));
                c.level = total > limit ? OverviewLevel::Bad : total > 0.8 * limit ? OverviewLevel::Warning : OverviewLevel::Good;
            }
        } else {
            c.problem = series.error().message;
        }
        put(c);
    }
    // Alerts: the monitor's last evaluation.
    {
        OverviewCard c = card(QStringLiteral("alerts"), tr("Alerts"), tr("alert monitor"), QStringLiteral("alerts"));
        if (!m_alerts || !m_alerts->isEvaluated()) {
            c.value = tr("Not evaluated yet");
        } else {
            const QList<Alert> firing = m_alerts->alerts();
            c.asOf = m_alerts->evaluatedAt();
            c.value = firing.isEmpty() ? tr("None firing") : firing.size() == 1 ? tr("1 firing") : tr("%1 firing").arg(firing.size());
            QStringList names;
            for (const Alert &a : firing)
                names << alertName(a.id);
            c.detail = firing.isEmpty() ? tr("all five thresholds within range or without data") : names.join(QStringLiteral(", "));
            c.level = firing.isEmpty() ? OverviewLevel::Good : OverviewLevel::Bad;
        }
        put(c);
    }
    // Checklist: today's sign-offs.
    {
        OverviewCard c = card(QStringLiteral("checklist"), tr("Today's checklist"), tr("local store"), QStringLiteral("checklist"));
        auto runbook = m_checklist.runbook();
        auto day = runbook ? m_checklist.day(runbook.value(), now.toLocalTime().date()) : Result<ChecklistDay>(runbook.error());
        if (day) {
            int done = 0;
            for (const ChecklistDayItem &i : day->items) {
                done += i.tick.state != TickState::Open ? 1 : 0;
                if (i.tick.at.isValid())
                    c.asOf = std::max(c.asOf, i.tick.at);
            }
            c.value = tr("%1 of %2 signed off").arg(done).arg(day->items.size());
            c.detail = ChecklistUseCase::passingOpenItems(day.value()).isEmpty()
                           ? (done == day->items.size() ? tr("all done") : tr("the rest needs a look"))
                           : tr("%1 passing, ready to sign off").arg(ChecklistUseCase::passingOpenItems(day.value()).size());
            c.level = done == day->items.size() ? OverviewLevel::Good : OverviewLevel::Warning;
            if (!c.asOf.isValid())
                c.asOf = now;
        } else {
            c.problem = day.error().message;
        }
        put(c);
    }

    // Production: what Vercel serves now.
    m_providers.vercel(job)->onFinished(job, [job, put, settle, now](const Result<VercelClient *> &client) {
        OverviewCard c = card(QStringLiteral("production"), tr("Serving production"), tr("Vercel API"), QStringLiteral("deployments"));
        if (!client) {
            c.problem = client.error().message;
            put(c);
            return settle();
        }
        DeploymentQuery q;
        q.limit = 20;
        q.target = QStringLiteral("production");
        client.value()->listDeployments(q)->onFinished(job, [put, settle, base = c, now](const Result<QList<Deployment>> &list) {
            OverviewCard c = base;
            if (!list) {
                c.problem = list.error().message;
            } else {
                c.asOf = now;
                const auto ready = std::find_if(list->cbegin(), list->cend(), [](const Deployment &d) { return d.state == QLatin1String("READY"); });
                if (ready == list->cend()) {
                    c.value = tr("Nothing READY");
                    c.level = OverviewLevel::Bad;
                } else {
                    c.value = ready->id.left(12) + QStringLiteral("…");
                    c.detail = tr("%1 · %2 by %3").arg(sanitizeForDisplay(ready->commitMessage.section(QLatin1Char('\n'), 0, 0)),
                                                        relativeTime(ready->createdAt, now), sanitizeForDisplay(ready->creator));
                    const bool newerFailed = list->constFirst().state == QLatin1String("ERROR");
                    c.level = newerFailed ? OverviewLevel::Warning : OverviewLevel::Good;
                    if (newerFailed)
                        c.detail += tr(" · the newest production deployment failed");
                }
            }
            put(c);
            settle();
        });
    });
    // CI: failed workflow runs in 24 h.
    const double failedLimit = profile.thresholds.failedWorkflows24h;
    m_providers.github(job)->onFinished(job, [job, put, settle, now, failedLimit](const Result<GithubClient *> &client) {
        OverviewCard c = card(QStringLiteral("ci"), tr("CI"), tr("GitHub API"), QStringLiteral("ci"));
        if (!client) {
            c.problem = client.error().message;
            put(c);
            return settle();
        }
        WorkflowRunQuery q;
        q.limit = 100;
        q.status = QStringLiteral("failure");
        q.created = QStringLiteral(">=") + now.addDays(-1).toString(Qt::ISODate);
        client.value()->listWorkflowRuns(q)->onFinished(job, [put, settle, base = c, now, failedLimit](const Result<QList<WorkflowRun>> &runs) {
            OverviewCard c = base;
            if (!runs) {
                c.problem = runs.error().message;
            } else {
                c.asOf = now;
                const auto n = std::count_if(runs->cbegin(), runs->cend(), [&](const WorkflowRun &r) { return r.createdAt >= now.addDays(-1); });
                c.value = n == 0 ? tr("No failed runs") : n == 1 ? tr("1 failed run") : tr("%1 failed runs").arg(n);
                c.detail = tr("in 24 h (alert above %1)").arg(failedLimit, 0, 'f', 0);
                c.level = n == 0 ? OverviewLevel::Good : n > failedLimit ? OverviewLevel::Bad : OverviewLevel::Warning;
            }
            put(c);
            settle();
        });
    });
    // Credentials: overdue and due within two weeks.
    m_credentials.list(job)->onFinished(job, [put, settle, now](const Result<CredentialList> &listed) {
        OverviewCard c = card(QStringLiteral("credentials"), tr("Credentials"), tr("keychain index"), QStringLiteral("credentials"));
        int overdue = 0, soon = 0;
        for (const CredentialStatus &s : listed.value().rows) {
            if (!s.due.isValid())
                continue;
            const qint64 left = now.date().daysTo(s.due);
            overdue += left <= 0 ? 1 : 0;
            soon += left > 0 && left <= 14 ? 1 : 0;
        }
        c.asOf = now;
        if (listed.value().keychainError)
            c.problem = listed.value().keychainError->message;
        c.value = overdue > 0 ? tr("%1 overdue").arg(overdue) : soon > 0 ? tr("%1 due soon").arg(soon) : tr("In date");
        c.detail = tr("rotation every 90 days (runbook M1)");
        c.level = overdue > 0 ? OverviewLevel::Bad : soon > 0 ? OverviewLevel::Warning : OverviewLevel::Good;
        put(c);
        settle();
    });
    // Backups: the newest backup's age and the restore test.
    {
        const DrillStatus drill = m_backups.drillStatus();
        const BackupConfig config = m_backups.config();
        OverviewCard c = card(QStringLiteral("backups"), tr("Backups"), tr("backup destination"), QStringLiteral("backups"));
        c.detail = drill.text;
        if (config.destination.isEmpty()) {
            c.value = tr("No destination");
            c.detail = tr("Set a backup folder or s3:// URL in the profile");
            put(c);
            settle();
        } else {
            BackupsUseCase &backups = m_backups;
            m_backups.resolve(config, false, job)->onFinished(job, [job, &backups, put, settle, base = c, now, drill](const Result<ResolvedBackup> &r) {
            OverviewCard c = base;
                if (!r) {
                    c.problem = r.error().message;
                    put(c);
                    return settle();
                }
                auto *service = backups.makeService(r->config, job).release();
                service->list()->onFinished(job, [put, settle, base = c, now, drill](const Result<QList<BackupManifest>> &list) {
            OverviewCard c = base;
                    if (!list) {
                        c.problem = list.error().message;
                    } else {
                        c.asOf = now;
                        QDateTime newest;
                        const BackupFreshness fresh = backupFreshness(list.value(), now, &newest);
                        c.value = newest.isValid() ? tr("Last %1").arg(relativeTime(newest, now)) : tr("No backups");
                        const OverviewLevel backupLevel = fresh == BackupFreshness::OnTime ? OverviewLevel::Good
                                                          : fresh == BackupFreshness::Missed ? OverviewLevel::Bad
                                                                                             : OverviewLevel::Warning;
                        const OverviewLevel drillLevel = drill.health == DrillHealth::Green ? OverviewLevel::Good
                                                         : drill.health == DrillHealth::Amber ? OverviewLevel::Warning
                                                                                              : OverviewLevel::Bad;
                        c.level = std::max(backupLevel, drillLevel);
                    }
                    put(c);
                    settle();
                });
            });
        }
    }
    return job;
}

} // namespace opsdeck
