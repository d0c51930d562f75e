// opsdeck-cli health | deployments | runs | rerun
#include "appcontext.h"
#include "usecases/ciusecase.h"
#include "cliargs.h"
#include "clicommand.h"
#include "core/clock.h"
#include "net/redactor.h"
#include "usecases/providerclients.h"
#include "providers/github/githubclient.h"
#include "providers/health/healthprobe.h"
#include "providers/vercel/vercelclient.h"

#include <QJsonArray>
#include <QJsonObject>

#include <memory>

namespace opsdeck::cli {

namespace {

QJsonValue isoOrNull(const QDateTime &t) { return t.isValid() ? QJsonValue(isoUtc(t)) : QJsonValue(); }

void runHealth(Invocation &inv)
{
    CliArgs args(inv.args(), {}, {QStringLiteral("--timeout")});
    if (!argsOk(inv, args))
        return;
    QStringList urls = args.positional();
    if (urls.isEmpty())
        urls = inv.context().profile().healthUrls;
    if (urls.isEmpty())
        return inv.usageError(QStringLiteral("no health URL: pass one, set OPSDECK_HEALTH_URL or the profile's health URLs"));
    QString problem;
    const auto timeoutSec = args.positiveInt(QStringLiteral("--timeout"), 10, &problem);
    if (!timeoutSec)
        return inv.usageError(problem);
    HealthProbe *probe = inv.context().providers().health(&inv.context());
    QList<QUrl> targets;
    for (const QString &url : urls)
        targets << QUrl::fromUserInput(url);
    probe->probeAll(targets, *timeoutSec * 1000)->onFinished(&inv.context(), [&inv](const Result<QList<HealthResult>> &probed) {
        bool allOk = true;
        QJsonArray rows;
        QList<QStringList> table;
        for (const HealthResult &h : probed.value()) {
            allOk = allOk && h.ok;
            // The URL as configured may carry user:pass@ or ?token=...: printed masked.
            const QString shown = Redactor::global().redact(h.url.toString());
            rows.append(QJsonObject{{QStringLiteral("url"), shown},
                                    {QStringLiteral("httpStatus"), h.httpStatus},
                                    {QStringLiteral("latencyMs"), h.latencyMs >= 0 ? QJsonValue(h.latencyMs) : QJsonValue()},
                                    {QStringLiteral("ok"), h.ok},
                                    {QStringLiteral("error"), h.error.isEmpty() ? QJsonValue() : QJsonValue(h.error)}});
            table << QStringList{h.ok ? QStringLiteral("OK") : QStringLiteral("FAIL"), shown,
                                 h.httpStatus ? QString::number(h.httpStatus) : QStringLiteral("-"),
                                 h.latencyMs >= 0 ? QString::number(h.latencyMs) + QStringLiteral(" ms") : QStringLiteral("-"),
                                 h.error};
        }
        if (inv.json())
            inv.printJson(rows);
        else
            inv.out() << formatTable({QStringLiteral("STATE"), QStringLiteral("URL"), QStringLiteral("HTTP"),
                                      QStringLiteral("LATENCY"), QStringLiteral("ERROR")},
                                     table);
        inv.finish(allOk ? ExitOk : ExitCheckFailed);
    });
}

QJsonObject deploymentJson(const Deployment &d)
{
    return QJsonObject{{QStringLiteral("id"), d.id},
                       {QStringLiteral("url"), d.url.isEmpty() ? QJsonValue() : QJsonValue(d.url)},
                       {QStringLiteral("state"), d.state},
                       {QStringLiteral("target"), d.target},
                       {QStringLiteral("createdAt"), isoOrNull(d.createdAt)},
                       {QStringLiteral("commitSha"), d.commitSha},
                       {QStringLiteral("commitMessage"), d.commitMessage},
                       {QStringLiteral("branch"), d.commitRef},
                       {QStringLiteral("creator"), d.creator},
                       {QStringLiteral("isRollbackCandidate"), d.isRollbackCandidate.value_or(false)},
                       {QStringLiteral("readySubstate"), d.readySubstate}};
}

void runDeployments(Invocation &inv)
{
    CliArgs args(inv.args(), {QStringLiteral("--rollback-candidates")},
                 {QStringLiteral("--limit"), QStringLiteral("--target")});
    if (!argsOk(inv, args))
        return;
    QString problem;
    const auto limit = args.positiveInt(QStringLiteral("--limit"), 10, &problem);
    if (!limit)
        return inv.usageError(problem);
    DeploymentQuery q;
    q.limit = *limit;
    q.target = args.value(QStringLiteral("--target")).value_or(QString());
    if (!q.target.isEmpty() && q.target != QLatin1String("production") && q.target != QLatin1String("preview"))
        return inv.usageError(QStringLiteral("--target is production or preview"));
    q.rollbackCandidate = args.flag(QStringLiteral("--rollback-candidates"));
    inv.context().providers().vercel(&inv.context())->onFinished(&inv.context(), [&inv, q](const Result<VercelClient *> &client) {
        if (!client)
            return inv.fail(client.error());
        client.value()->listDeployments(q)->onFinished(&inv.context(), [&inv](const Result<QList<Deployment>> &r) {
            if (!r)
                return inv.fail(r.error());
            if (inv.json()) {
                QJsonArray rows;
                for (const Deployment &d : r.value())
                    rows.append(deploymentJson(d));
                inv.printJson(rows);
            } else {
                QList<QStringList> table;
                for (const Deployment &d : r.value())
                    table << QStringList{d.id, d.state, d.target, d.createdAt.toUTC().toString(QStringLiteral("yyyy-MM-dd HH:mm")),
                                         d.commitSha.left(7), d.commitMessage.left(48), d.creator};
                inv.out() << formatTable({QStringLiteral("ID"), QStringLiteral("STATE"), QStringLiteral("TARGET"),
                                          QStringLiteral("CREATED (UTC)"), QStringLiteral("COMMIT"), QStringLiteral("MESSAGE"),
                                          QStringLiteral("CREATOR")},
                                         table);
            }
            inv.finish(ExitOk);
        });
    });
}

void runRuns(Invocation &inv)
{
    CliArgs args(inv.args(), {QStringLiteral("--failed")}, {QStringLiteral("--limit"), QStringLiteral("--since"),
                                                            QStringLiteral("--branch")});
    if (!argsOk(inv, args))
        return;
    QString problem;
    const auto limit = args.positiveInt(QStringLiteral("--limit"), 20, &problem);
    if (!limit)
        return inv.usageError(problem);
    WorkflowRunQuery q;
    q.limit = *limit;
    q.branch = args.value(QStringLiteral("--branch")).value_or(QString());
    if (args.flag(QStringLiteral("--failed")))
        q.status = QStringLiteral("failure");
    QDateTime since;
    if (const auto s = args.value(QStringLiteral("--since"))) {
        const auto ms = CliArgs::parseDuration(*s);
        if (!ms)
            return inv.usageError(QStringLiteral("--since takes a duration such as 24h or 7d"));
        since = inv.context().clock().nowUtc().addMSecs(-*ms);
        q.created = QStringLiteral(">=") + since.toString(Qt::ISODate);
    }
    inv.context().providers().github(&inv.context())->onFinished(&inv.context(), [&inv, q, since](const Result<GithubClient *> &client) {
        if (!client)
            return inv.fail(client.error());
        client.value()->listWorkflowRuns(q)->onFinished(&inv.context(), [&inv, since](const Result<QList<WorkflowRun>> &r) {
            if (!r)
                return inv.fail(r.error());
            QJsonArray rows;
            QList<QStringList> table;
            for (const WorkflowRun &run : r.value()) {
                if (since.isValid() && run.createdAt < since)
                    continue;
                rows.append(QJsonObject{{QStringLiteral("id"), run.id},
                                        {QStringLiteral("name"), run.name},
                                        {QStringLiteral("title"), run.displayTitle},
                                        {QStringLiteral("status"), run.status},
                                        {QStringLiteral("conclusion"), run.conclusion.isEmpty() ? QJsonValue() : QJsonValue(run.conclusion)},
                                        {QStringLiteral("branch"), run.headBranch},
                                        {QStringLiteral("event"), run.event},
                                        {QStringLiteral("attempt"), run.runAttempt},
                                        {QStringLiteral("createdAt"), isoOrNull(run.createdAt)},
                                        {QStringLiteral("url"), run.htmlUrl}});
                table << QStringList{QString::number(run.id), run.name, run.status, run.conclusion, run.headBranch,
                                     run.event, run.createdAt.toUTC().toString(QStringLiteral("yyyy-MM-dd HH:mm"))};
            }
            if (inv.json())
                inv.printJson(rows);
            else
                inv.out() << formatTable({QStringLiteral("ID"), QStringLiteral("WORKFLOW"), QStringLiteral("STATUS"),
                                          QStringLiteral("CONCLUSION"), QStringLiteral("BRANCH"), QStringLiteral("EVENT"),
                                          QStringLiteral("CREATED (UTC)")},
                                         table);
            inv.finish(ExitOk);
        });
    });
}

void runRerun(Invocation &inv)
{
    CliArgs args(inv.args(), {QStringLiteral("--failed-only")}, {});
    if (!argsOk(inv, args))
        return;
    bool ok = false;
    const qint64 runId = args.positional().value(0).toLongLong(&ok);
    if (args.positional().size() != 1 || !ok || runId <= 0)
        return inv.usageError(QStringLiteral("usage: rerun RUN_ID [--failed-only]"));
    const bool failedOnly = args.flag(QStringLiteral("--failed-only"));
    WorkflowRun run;
    run.id = runId;
    inv.context().ci().rerun(run, failedOnly, &inv.context())->onFinished(&inv.context(), [&inv, runId, failedOnly](const Result<CiUseCase::Rerun> &r) {
        if (!r)
            return inv.fail(r.error());
        if (!r->auditProblem.isEmpty())
            inv.err() << "opsdeck-cli: warning: the audit entry could not be written: " << r->auditProblem << Qt::endl;
        if (inv.json())
            inv.printJson(QJsonObject{{QStringLiteral("runId"), runId}, {QStringLiteral("failedOnly"), failedOnly},
                                      {QStringLiteral("accepted"), true}});
        else
            inv.out() << "Re-run of " << runId << (failedOnly ? " (failed jobs)" : "") << " requested.\n";
        inv.finish(ExitOk);
    });
}

} // namespace

QList<Command> dailyCommands()
{
    return {
        {{QStringLiteral("health")}, QStringLiteral("health [URL...] [--timeout S]"),
         QStringLiteral("Probe the health URLs (default: the profile's); exit 1 if one is down"), QString(), true, runHealth},
        {{QStringLiteral("deployments")}, QStringLiteral("deployments [--limit N] [--target production|preview]"),
         QStringLiteral("Recent Vercel deployments, newest first"),
         QStringLiteral("  --rollback-candidates   only deployments production can roll back to"), true, runDeployments},
        {{QStringLiteral("runs")}, QStringLiteral("runs [--limit N] [--failed] [--since 24h] [--branch B]"),
         QStringLiteral("Recent GitHub Actions workflow runs"), QString(), true, runRuns},
        {{QStringLiteral("rerun")}, QStringLiteral("rerun RUN_ID [--failed-only]"),
         QStringLiteral("Re-run a workflow run (or only its failed jobs)"), QString(), true, runRerun},
    };
}

} // namespace opsdeck::cli
