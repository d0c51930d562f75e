#include "errors/errorreport.h"

#include "providers/vercel/runtimelogjob.h"
#include "providers/vercel/vercelclient.h"

#include <QCoreApplication>

namespace opsdeck {

Job<ErrorReport> *fetchErrorReport(VercelClient &client, const QDateTime &since, qint64 maxDurationMs)
{
    auto *job = new Job<ErrorReport>(&client);
    DeploymentQuery q;
    q.limit = 1;
    q.target = QStringLiteral("production");
    q.states = {QStringLiteral("READY")};
    auto *list = client.listDeployments(q);
    list->onFinished(job, [job, &client, since, maxDurationMs](const Result<QList<Deployment>> &deployments) {
        if (!deployments)
            return job->finish(deployments.error());
        if (deployments->isEmpty())
            {
            ErrorReport empty;
            empty.since = since;
            empty.complete = true;
            return job->finish(empty);
        }
        const QString id = deployments->first().id;
        RuntimeLogQuery lq;
        lq.since = since;
        lq.maxLines = 20'000;
        lq.maxDurationMs = maxDurationMs;
        auto *logs = client.runtimeLogs(id, lq);
        logs->onFinished(job, [job, id, since](const Result<RuntimeLogResult> &r) {
            if (!r)
                return job->finish(r.error());
            ErrorReport report;
            report.deploymentId = id;
            report.since = since;
            report.groups = groupErrors(r->lines);
            report.totalLines = int(r->lines.size());
            for (const ErrorGroup &g : report.groups)
                report.errorLines += g.count;
            for (const RuntimeLogLine &line : r->lines) {
                if (line.source != QLatin1String("request"))
                    continue;
                ++report.requests;
                if (line.responseStatusCode >= 500)
                    ++report.failedRequests;
            }
            report.malformedLines = r->malformedLines;
            report.complete = r->reachedDelimiter;
            job->finish(report);
        });
    });
    return job;
}

} // namespace opsdeck
