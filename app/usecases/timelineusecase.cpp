#include "usecases/timelineusecase.h"

#include "config/profile.h"
#include "core/clock.h"
#include "core/text.h"
#include "costs/costanalysis.h"
#include "costs/coststore.h"
#include "providers/github/githubclient.h"
#include "providers/providersource.h"
#include "providers/vercel/vercelclient.h"
#include "store/auditlog.h"
#include "usecases/session.h"

#include <QCoreApplication>

#include <algorithm>
#include <memory>

namespace opsdeck {

namespace {
QString tr(const char *s) { return QCoreApplication::translate("Timeline", s); }

QString str(const QJsonObject &o, const char *key) { return sanitizeForDisplay(o.value(QLatin1String(key)).toString()); }

QString firstLine(const QString &text) { return text.section(QLatin1Char('\n'), 0, 0).trimmed(); }

QString shortId(const QString &id) { return id.size() > 14 ? id.left(12) + QStringLiteral("…") : id; }

// An audit entry as a timeline event; nullopt for entries the timeline leaves out (the intent
// entries whose outcome follows, technical bookkeeping).
std::optional<TimelineEntry> fromAudit(const AuditEntry &e)
{
    TimelineEntry t;
    t.at = e.at;
    t.person = e.actor;
    const QString a = e.action;
    const QJsonObject &d = e.details;
    const QString status = str(d, "status");
    const bool failed = status == QLatin1String("failed") || str(d, "outcome") == QLatin1String("failed");
    t.bad = failed;
    if (a.startsWith(QLatin1String("checklist."))) {
        t.kind = TimelineKind::SignOff;
        t.pageId = QStringLiteral("checklist");
        const QString item = e.target.section(QLatin1Char('/'), 1);
        t.objectId = item;
        if (a == QLatin1String("checklist.done"))
            t.title = tr("Signed off %1").arg(item);
        else if (a == QLatin1String("checklist.acknowledged"))
            t.title = tr("Acknowledged the failure of %1: %2").arg(item, str(d, "note"));
        else if (a == QLatin1String("checklist.sign-off-passing"))
            t.title = tr("Signed off all passing items (%1)").arg(d.value(QLatin1String("items")).toVariant().toStringList().join(QStringLiteral(", ")));
        else
            t.title = tr("Opened %1 again").arg(item);
        t.detail = str(d, "evidence");
        return t;
    }
    if (a == QLatin1String("rollback") || a == QLatin1String("promote")) {
        const QString outcome = str(d, "outcome");
        if (outcome == QLatin1String("started"))
            return std::nullopt;  // the outcome entry follows
        t.kind = TimelineKind::Rollback;
        t.pageId = QStringLiteral("deployments");
        t.objectId = str(d, "to");
        t.title = (a == QLatin1String("rollback") ? tr("Rolled back production to %1: %2") : tr("Promoted %1 to production: %2"))
                      .arg(shortId(str(d, "to")), outcome);
        t.detail = str(d, "reason");
        t.bad = outcome != QLatin1String("succeeded");
        return t;
    }
    if (a.startsWith(QLatin1String("db.")) || a == QLatin1String("deps.update") || a == QLatin1String("logs.rotate")) {
        if (str(d, "phase") == QLatin1String("attempt"))
            return std::nullopt;
        t.kind = TimelineKind::Maintenance;
        t.pageId = a.startsWith(QLatin1String("db.")) ? QStringLiteral("database")
                   : a == QLatin1String("deps.update")  ? QStringLiteral("dependencies")
                                                        : QStringLiteral("logs");
        t.title = a.startsWith(QLatin1String("db.")) ? tr("%1 on %2").arg(a.mid(3).toUpper(), sanitizeForDisplay(e.target))
                  : a == QLatin1String("deps.update") ? tr("Dependency update: %1").arg(sanitizeForDisplay(e.target))
                                                      : tr("Log rotation: %1").arg(sanitizeForDisplay(e.target));
        t.detail = str(d, "error");
        return t;
    }
    if (a.startsWith(QLatin1String("secret."))) {
        if (a == QLatin1String("secret.rotate.start"))
            return std::nullopt;
        t.kind = TimelineKind::Credential;
        t.pageId = QStringLiteral("credentials");
        const QString name = e.target.section(QLatin1Char('/'), 1);
        t.objectId = name;
        const QString what = a.mid(7);
        t.title = what == QLatin1String("rotate")        ? tr("Rotated %1").arg(name)
                  : what == QLatin1String("set")         ? tr("Stored %1").arg(name)
                  : what == QLatin1String("replace")     ? tr("Replaced %1").arg(name)
                  : what == QLatin1String("delete")      ? tr("Deleted %1").arg(name)
                  : what == QLatin1String("push")        ? tr("Pushed %1 to GitHub Actions").arg(name)
                  : what == QLatin1String("push.failed") ? tr("Pushing %1 to GitHub Actions failed").arg(name)
                                                         : tr("%1: %2").arg(a, name);
        t.bad = t.bad || what.endsWith(QLatin1String("failed"));
        return t;
    }
    if (a.startsWith(QLatin1String("backup."))) {
        if (str(d, "phase") != QLatin1String("outcome"))
            return std::nullopt;  // the intent; its outcome says how it went
        t.kind = TimelineKind::Backup;
        t.pageId = QStringLiteral("backups");
        t.objectId = str(d, "ref");
        const QString what = a.mid(7);
        t.title = what == QLatin1String("restore") ? tr("Restore into %1: %2").arg(sanitizeForDisplay(e.target), status)
                  : what == QLatin1String("drill") ? tr("Restore test: %1").arg(status)
                                                   : tr("Retention delete in %1: %2").arg(sanitizeForDisplay(e.target), status);
        t.detail = str(d, "error");
        return t;
    }
    if (a == QLatin1String("alert.silence")) {
        t.kind = TimelineKind::Alert;
        t.pageId = QStringLiteral("alerts");
        t.objectId = sanitizeForDisplay(e.target);
        t.title = tr("Silenced the %1 alert").arg(sanitizeForDisplay(e.target));
        return t;
    }
    if (a == QLatin1String("ci.rerun")) {
        t.kind = TimelineKind::FailedRun;
        t.pageId = QStringLiteral("ci");
        t.objectId = sanitizeForDisplay(e.target);
        t.title = tr("Re-ran workflow run %1").arg(sanitizeForDisplay(e.target));
        return t;
    }
    return std::nullopt;
}
} // namespace

TimelineUseCase::TimelineUseCase(Session &session, ProviderSource &providers) : m_session(session), m_providers(providers) {}

const QList<TimelineKind> &TimelineUseCase::kinds()
{
    static const QList<TimelineKind> all{TimelineKind::Deployment, TimelineKind::Rollback,  TimelineKind::FailedRun,
                                         TimelineKind::Alert,      TimelineKind::CostSpike, TimelineKind::Backup,
                                         TimelineKind::Maintenance, TimelineKind::Credential, TimelineKind::SignOff};
    return all;
}

QString TimelineUseCase::kindName(TimelineKind kind)
{
    switch (kind) {
    case TimelineKind::Deployment: return QStringLiteral("deployment");
    case TimelineKind::Rollback: return QStringLiteral("rollback");
    case TimelineKind::FailedRun: return QStringLiteral("ci");
    case TimelineKind::Alert: return QStringLiteral("alert");
    case TimelineKind::CostSpike: return QStringLiteral("cost");
    case TimelineKind::Backup: return QStringLiteral("backup");
    case TimelineKind::Maintenance: return QStringLiteral("maintenance");
    case TimelineKind::Credential: return QStringLiteral("credential");
    case TimelineKind::SignOff: return QStringLiteral("checklist");
    }
    return {};
}

QString TimelineUseCase::kindLabel(TimelineKind kind)
{
    switch (kind) {
    case TimelineKind::Deployment: return tr("Deployments");
    case TimelineKind::Rollback: return tr("Rollbacks and promotions");
    case TimelineKind::FailedRun: return tr("CI");
    case TimelineKind::Alert: return tr("Alerts");
    case TimelineKind::CostSpike: return tr("Cost spikes");
    case TimelineKind::Backup: return tr("Backups and restore tests");
    case TimelineKind::Maintenance: return tr("Maintenance");
    case TimelineKind::Credential: return tr("Credentials");
    case TimelineKind::SignOff: return tr("Checklist sign-offs");
    }
    return {};
}

Result<QList<TimelineEntry>> TimelineUseCase::localEntries(const QDateTime &since, const QDateTime &until) const
{
    QList<TimelineEntry> out;
    // The audit trail, newest first, paged back until before `since`.
    qint64 before = -1;
    for (;;) {
        auto page = m_session.audit().list(500, before);
        if (!page)
            return page.error();
        bool older = false;
        for (const AuditEntry &e : page.value()) {
            before = e.seq;
            if (e.at < since) {
                older = true;
                break;
            }
            if (e.at > until)
                continue;
            if (auto t = fromAudit(e))
                out << *t;
        }
        if (older || page->size() < 500)
            break;
    }
    // Cost spikes of the stored daily costs (a week before `since` gives the trailing median).
    const Profile &profile = m_session.profile();
    CostStore costs(m_session.store());
    const QDate from = since.toUTC().date();
    const QDate to = until.toUTC().date();
    if (auto series = costs.load(from.addDays(-14), to)) {
        SpikeRule rule;
        rule.thresholdUsd = profile.thresholds.costPerDayUsd;
        for (const Spike &s : detectSpikes(dailyTotals(series.value()), rule, from)) {
            TimelineEntry t;
            t.at = QDateTime(s.day, QTime(23, 59, 59), Qt::UTC);
            if (t.at > until)
                t.at = until;
            t.kind = TimelineKind::CostSpike;
            t.pageId = QStringLiteral("costs");
            t.objectId = s.day.toString(Qt::ISODate);
            t.title = tr("API spend spike: $%1 on %2").arg(s.amountUsd, 0, 'f', 2).arg(s.day.toString(Qt::ISODate));
            t.detail = s.overThreshold ? tr("Above the daily threshold of $%1").arg(rule.thresholdUsd, 0, 'f', 2)
                                       : tr("More than twice the trailing median of $%1").arg(s.trailingMedianUsd.value_or(0), 0, 'f', 2);
            t.bad = true;
            out << t;
        }
    } else {
        return series.error();
    }
    return out;
}

Job<Timeline> *TimelineUseCase::load(const QDateTime &since, const QDateTime &until, QObject *owner)
{
    auto *job = new Job<Timeline>(owner);
    auto state = std::make_shared<Timeline>();
    state->since = since.toUTC();
    state->until = until.toUTC();
    auto local = localEntries(state->since, state->until);
    if (local)
        state->entries = local.value();
    else
        state->problems << tr("Local store: %1").arg(local.error().message);
    auto pending = std::make_shared<int>(2);
    const auto settle = [job, state, pending] {
        if (--*pending > 0)
            return;
        std::stable_sort(state->entries.begin(), state->entries.end(),
                         [](const TimelineEntry &a, const TimelineEntry &b) { return a.at > b.at; });
        job->finish(*state);
    };

    // Deployments made in the window.
    m_providers.vercel(job)->onFinished(job, [job, state, settle](const Result<VercelClient *> &client) {
        if (!client) {
            state->problems << tr("Vercel: %1").arg(client.error().message);
            return settle();
        }
        DeploymentQuery q;
        q.limit = 100;
        client.value()->listDeployments(q)->onFinished(job, [state, settle](const Result<QList<Deployment>> &list) {
            if (!list) {
                state->problems << tr("Vercel: %1").arg(list.error().message);
                return settle();
            }
            for (const Deployment &d : list.value()) {
                if (d.createdAt < state->since || d.createdAt > state->until)
                    continue;
                TimelineEntry t;
                t.at = d.createdAt;
                t.kind = TimelineKind::Deployment;
                t.person = sanitizeForDisplay(d.creator);
                t.pageId = QStringLiteral("deployments");
                t.objectId = d.id;
                const QString target = d.target.isEmpty() ? QStringLiteral("preview") : d.target;
                t.title = tr("Deployed %1 to %2: %3").arg(shortId(d.id), target, d.state.toLower());
                t.detail = sanitizeForDisplay(firstLine(d.commitMessage));
                t.bad = d.state == QLatin1String("ERROR");
                state->entries << t;
            }
            settle();
        });
    });
    // Failed workflow runs started in the window.
    m_providers.github(job)->onFinished(job, [job, state, settle](const Result<GithubClient *> &client) {
        if (!client) {
            state->problems << tr("GitHub: %1").arg(client.error().message);
            return settle();
        }
        WorkflowRunQuery q;
        q.limit = 100;
        q.status = QStringLiteral("failure");
        q.created = QStringLiteral(">=") + state->since.toString(Qt::ISODate);
        client.value()->listWorkflowRuns(q)->onFinished(job, [state, settle](const Result<QList<WorkflowRun>> &runs) {
            if (!runs) {
                state->problems << tr("GitHub: %1").arg(runs.error().message);
                return settle();
            }
            for (const WorkflowRun &r : runs.value()) {
                if (r.createdAt < state->since || r.createdAt > state->until)
                    continue;
                TimelineEntry t;
                t.at = r.createdAt;
                t.kind = TimelineKind::FailedRun;
                t.person = sanitizeForDisplay(r.actor);
                t.pageId = QStringLiteral("ci");
                t.objectId = QString::number(r.id);
                t.title = tr("%1 #%2 failed on %3").arg(sanitizeForDisplay(r.name)).arg(r.runNumber).arg(sanitizeForDisplay(r.headBranch));
                t.detail = sanitizeForDisplay(firstLine(r.displayTitle));
                t.bad = true;
                state->entries << t;
            }
            settle();
        });
    });
    return job;
}

} // namespace opsdeck
