#include "rollback/rollbackpreparer.h"

#include "core/text.h"
#include "providers/github/githubclient.h"
#include "providers/vercel/vercelclient.h"
#include "rollback/rollbackservice.h"

#include <QCoreApplication>

#include <memory>

namespace opsdeck {

namespace {

struct Tr {
    Q_DECLARE_TR_FUNCTIONS(opsdeck::RollbackPreparer)
};

struct State {
    PlanInputs inputs;
    QString teamSlug;
    QString noGithubNote;
    int pending = 0;
    std::optional<Error> error;
};

void finishPlan(Job<RollbackPlan> *job, const std::shared_ptr<State> &s)
{
    job->finish(buildRollbackPlan(s->inputs));
}

void compareThenFinish(Job<RollbackPlan> *job, GithubClient *github, const std::shared_ptr<State> &s)
{
    const Deployment &cur = s->inputs.current;
    const Deployment &tgt = s->inputs.target;
    if (!github) {
        s->inputs.commitsNote = s->noGithubNote.isEmpty()
            ? Tr::tr("No GitHub repository is configured, so the commits between are not shown.")
            : s->noGithubNote;
        return finishPlan(job, s);
    }
    if (cur.commitSha.isEmpty() || tgt.commitSha.isEmpty()) {
        s->inputs.commitsNote = Tr::tr("A deployment has no Git commit (deployed from the CLI?): commits not compared.");
        return finishPlan(job, s);
    }
    if (cur.commitSha == tgt.commitSha) {
        s->inputs.commits = QList<PlanCommit>();
        s->inputs.commitsNote = Tr::tr("Both deployments were built from the same commit.");
        return finishPlan(job, s);
    }
    // base...head lists the commits in head that base lacks: the newer build is the head.
    const bool targetOlder = tgt.createdAt <= cur.createdAt;
    const QString base = targetOlder ? tgt.commitSha : cur.commitSha;
    const QString head = targetOlder ? cur.commitSha : tgt.commitSha;
    job->reportProgress(Tr::tr("Comparing commits on GitHub"));
    github->compareCommits(base, head)->onFinished(job, [job, s](const Result<CommitComparison> &r) {
        if (!r) {
            s->inputs.commitsNote = Tr::tr("GitHub compare failed: %1").arg(r.error().message);
            return finishPlan(job, s);
        }
        QList<PlanCommit> commits;
        for (const CommitSummary &c : r->commits)
            commits << PlanCommit{c.sha, sanitizeForDisplay(c.message.section(QLatin1Char('\n'), 0, 0)),
                                  sanitizeForDisplay(c.authorLogin.isEmpty() ? c.authorName : c.authorLogin), c.date};
        s->inputs.commits = commits;
        if (r->totalCommits > commits.size())
            s->inputs.commitsNote = Tr::tr("GitHub lists %1 of %2 commits.").arg(commits.size()).arg(r->totalCommits);
        else if (r->status == QLatin1String("diverged"))
            s->inputs.commitsNote = Tr::tr("The two commits are on diverged branches (%1 commits only on the older "
                                           "side are not listed).")
                                        .arg(r->behindBy);
        finishPlan(job, s);
    });
}

} // namespace

Job<RollbackPlan> *RollbackPreparer::prepare(VercelClient &vercel, GithubClient *github, Clock &clock,
                                             const RollbackRequest &request, const QString &teamSlug,
                                             const QString &noGithubNote, QObject *parent)
{
    auto *job = new Job<RollbackPlan>(parent);
    auto s = std::make_shared<State>();
    s->inputs.kind = request.kind;
    s->inputs.reason = request.reason;
    s->inputs.teamId = vercel.config().teamId;
    s->teamSlug = teamSlug;
    s->noGithubNote = noGithubNote;
    if (request.target.trimmed().isEmpty()) {
        job->finish(makeError(ErrorKind::Config, Tr::tr("No target deployment given.")));
        return job;
    }
    const QString target = request.target.trimmed();
    VercelClient *client = &vercel;
    job->reportProgress(Tr::tr("Reading the project"));
    vercel.getProject()->onFinished(job, [job, s, client, github, &clock, target](const Result<Project> &project) {
        if (!project)
            return job->finish(project.error());
        s->inputs.project = project.value();
        if (project->productionDeploymentId.isEmpty())
            return job->finish(makeError(ErrorKind::BadResponse,
                                         Tr::tr("Vercel did not say which deployment serves production now.")));
        s->pending = 2;
        const auto collect = [job, s, github, &clock](bool isTarget, const Result<Deployment> &d) {
            if (!d && !s->error) {
                Error e = d.error();
                if (isTarget && e.kind == ErrorKind::NotFound)
                    e.message = Tr::tr("No deployment \"%1\" in this project.").arg(s->inputs.target.id) + QLatin1Char(' ')
                        + e.message;
                s->error = e;
            } else if (d) {
                (isTarget ? s->inputs.target : s->inputs.current) = d.value();
            }
            if (--s->pending > 0)
                return;
            if (s->error)
                return job->finish(*s->error);
            const Project &p = s->inputs.project;
            if (!s->inputs.target.projectId.isEmpty() && s->inputs.target.projectId != p.id)
                return job->finish(makeError(ErrorKind::Conflict, Tr::tr("Deployment %1 belongs to another project.")
                                                                      .arg(s->inputs.target.id)));
            s->inputs.teamSlug = s->teamSlug;
            if (s->inputs.teamSlug.isEmpty())
                s->inputs.teamSlug = teamSlugFromInspectorUrl(s->inputs.current.inspectorUrl, p.name);
            s->inputs.now = clock.nowUtc();
            compareThenFinish(job, github, s);
        };
        s->inputs.target.id = target;  // for the not-found message
        client->getDeployment(project->productionDeploymentId)->onFinished(job, [collect](const Result<Deployment> &d) {
            collect(false, d);
        });
        client->getDeployment(target)->onFinished(job, [collect](const Result<Deployment> &d) { collect(true, d); });
    });
    return job;
}

} // namespace opsdeck
