#include "usecases/depsusecase.h"

#include "deps/gitworkspace.h"
#include "net/redactor.h"
#include "providers/github/githubclient.h"
#include "store/auditlog.h"
#include "usecases/credentialresolver.h"
#include "usecases/providerclients.h"
#include "usecases/session.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QPointer>
#include <QThreadPool>
#include <QUrl>
#include <QUuid>

#include <memory>

namespace opsdeck {

namespace {
QString tr(const char *s) { return QCoreApplication::translate("DepsUseCase", s); }

constexpr qint64 kInstallTimeoutMs = 20 * 60'000;
constexpr qint64 kCheckTimeoutMs = 30 * 60'000;
constexpr qint64 kQueryTimeoutMs = 2 * 60'000;

QString withoutCredentials(const QString &url)
{
    QUrl u(url);
    if (!u.isValid() || u.scheme().isEmpty())
        return url;
    u.setUserInfo(QString());
    return u.toString();
}

bool isHttps(const QString &url)
{
    return url.startsWith(QLatin1String("https://"), Qt::CaseInsensitive)
           || url.startsWith(QLatin1String("http://"), Qt::CaseInsensitive);
}

class UpdateRun : public std::enable_shared_from_this<UpdateRun>
{
public:
    UpdateRun(Session &session, CredentialResolver &resolver, ProviderClients &providers, DepsUpdateRequest request,
              Job<DepsUpdateReport> *job)
        : m_session(session), m_resolver(resolver), m_providers(providers), m_request(std::move(request)), m_job(job)
    {
        m_report.branch = m_request.branch;
        if (m_request.pullRequest)
            m_request.commit = true;
    }

    void start()
    {
        auto self = shared_from_this();
        m_job->setCancelWaitsForWork(true);
        m_job->setAbort([weak = std::weak_ptr<UpdateRun>(self)] {
            if (auto run = weak.lock())
                run->stopCurrent();
        });
        auto package = readPackageJson(m_request.dir);
        if (!package)
            return m_job->finish(package.error());
        m_scripts = package->value(QLatin1String("scripts")).toObject();
        m_worktreePath = QDir::temp().filePath(QStringLiteral("opsdeck-deps-") + QUuid::createUuid().toString(QUuid::Id128).left(12));
        const QString dir = m_request.dir;
        const QString branch = m_request.branch;
        const QString path = m_worktreePath;
        struct Prepared {
            QString base;
            QString remote;
            QString worktree;
        };
        output(QStringLiteral("worktree"), tr("Making a worktree of %1 on branch %2 at %3").arg(dir, branch, path));
        Job<Prepared>::run(
            QThreadPool::globalInstance(),
            [dir, branch, path](JobChannel &) -> Result<Prepared> {
                Prepared p;
                auto base = git::currentBranch(dir);
                if (!base)
                    return base.error();
                p.base = base.value();
                if (auto remote = git::remoteUrl(dir, QStringLiteral("origin")))
                    p.remote = remote.value();
                auto name = git::addWorktree(dir, branch, path);
                if (!name)
                    return name.error();
                p.worktree = name.value();
                return p;
            },
            m_job)
            ->onFinished(m_job, [self](const Result<Prepared> &p) {
                if (!p)
                    return self->m_job->finish(p.error());
                self->m_base = p->base;
                self->m_remote = p->remote;
                self->m_worktreeName = p->worktree;
                self->install();
            });
    }

private:
    void output(const QString &phase, const QString &line)
    {
        if (m_request.onOutput)
            m_request.onOutput(phase, line);
    }

    void stopCurrent()
    {
        m_stopping = true;
        if (m_current)
            m_current->cancel();
    }

    // Runs npm in the worktree; done gets the run, or the error after the worktree is removed.
    void npm(const QString &phase, const QStringList &args, bool capture, qint64 timeoutMs,
             std::function<void(const ToolRun &)> done)
    {
        if (m_stopping)
            return fail(makeError(ErrorKind::Cancelled, tr("Cancelled")));
        auto self = shared_from_this();
        output(phase, QStringLiteral("$ npm ") + args.join(QLatin1Char(' ')));
        auto *job = runTool(QStringLiteral("npm"), args, m_worktreePath, DepsUseCase::npmEnvironment(), capture,
                            [self, phase](const QString &line) { self->output(phase, line); }, timeoutMs, m_job);
        m_current = job;
        job->onFinished(m_job, [self, done](const Result<ToolRun> &r) {
            self->m_current = nullptr;
            if (!r)
                return self->fail(r.error());
            done(r.value());
        });
    }

    void install()
    {
        const bool locked = QFileInfo::exists(QDir(m_worktreePath).filePath(QStringLiteral("package-lock.json")));
        auto self = shared_from_this();
        npm(QStringLiteral("install"),
            locked ? QStringList{QStringLiteral("ci")} : QStringList{QStringLiteral("install")}, false, kInstallTimeoutMs,
            [self, locked](const ToolRun &r) {
                if (r.exitCode != 0)
                    return self->fail(makeError(ErrorKind::External, tr("npm %1 failed (exit %2): %3")
                                                                         .arg(locked ? QStringLiteral("ci") : QStringLiteral("install"))
                                                                         .arg(r.exitCode)
                                                                         .arg(r.tail.mid(std::max<qsizetype>(0, r.tail.size() - 5)).join(QLatin1Char('\n')))));
                if (!self->m_request.targets.isEmpty())
                    return self->explicitTargets();
                self->outdated();
            });
    }

    void explicitTargets()
    {
        QJsonObject lock;
        {
            QFile f(QDir(m_worktreePath).filePath(QStringLiteral("package-lock.json")));
            if (f.open(QIODevice::ReadOnly))
                lock = QJsonDocument::fromJson(f.readAll()).object();
        }
        const QJsonObject packages = lock.value(QLatin1String("packages")).toObject();
        for (const auto &[name, version] : std::as_const(m_request.targets)) {
            const QString from = packages.value(QStringLiteral("node_modules/") + name).toObject().value(QLatin1String("version")).toString();
            m_report.updates.append(PlannedUpdate{name, from, version, semverDiff(from, version), updateRisk(from, version), {}});
        }
        applyUpdates();
    }

    void outdated()
    {
        auto self = shared_from_this();
        npm(QStringLiteral("outdated"), {QStringLiteral("outdated"), QStringLiteral("--json"), QStringLiteral("--long")}, true,
            kQueryTimeoutMs, [self](const ToolRun &r) {
                // npm outdated exits 1 when something is outdated.
                auto rows = DepsUseCase::classify(r.stdoutData);
                if (!rows)
                    return self->fail(rows.error());
                self->m_outdated = rows.value();
                self->chooseVersion(0);
            });
    }

    void chooseVersion(int index)
    {
        if (index >= m_outdated.size())
            return applyUpdates();
        const OutdatedPackage p = m_outdated.at(index);
        if (p.current.isEmpty())  // not installed by npm ci: nothing to update from
            return chooseVersion(index + 1);
        auto self = shared_from_this();
        npm(QStringLiteral("outdated"), {QStringLiteral("view"), p.name, QStringLiteral("versions"), QStringLiteral("--json")},
            true, kQueryTimeoutMs, [self, p, index](const ToolRun &r) {
                QStringList versions;
                const QJsonDocument doc = QJsonDocument::fromJson(r.stdoutData);
                if (doc.isArray()) {
                    for (const QJsonValue &v : doc.array())
                        versions << v.toString();
                } else if (r.exitCode == 0) {
                    versions << QString::fromUtf8(r.stdoutData).trimmed().remove(QLatin1Char('"'));
                }
                if (r.exitCode != 0 || versions.isEmpty())
                    return self->fail(makeError(ErrorKind::External, tr("npm view %1 versions failed (exit %2)").arg(p.name).arg(r.exitCode)));
                if (const auto to = targetVersion(p.current, p.latest, versions, self->m_request.level))
                    self->m_report.updates.append(
                        PlannedUpdate{p.name, p.current, *to, semverDiff(p.current, *to), updateRisk(p.current, *to), p.dependencyType});
                self->chooseVersion(index + 1);
            });
    }

    void applyUpdates()
    {
        if (m_report.updates.isEmpty()) {
            m_report.summary = tr("Nothing to update up to %1 risk.").arg(riskName(m_request.level));
            m_report.checksPassed = true;
            return cleanup();
        }
        QStringList args{QStringLiteral("install")};
        for (const PlannedUpdate &u : std::as_const(m_report.updates))
            args << u.name + QLatin1Char('@') + u.to;
        auto self = shared_from_this();
        npm(QStringLiteral("install"), args, false, kInstallTimeoutMs, [self](const ToolRun &r) {
            if (r.exitCode != 0)
                return self->fail(makeError(ErrorKind::External, tr("npm install of the updates failed (exit %1): %2")
                                                                     .arg(r.exitCode)
                                                                     .arg(r.tail.mid(std::max<qsizetype>(0, r.tail.size() - 5)).join(QLatin1Char('\n')))));
            for (const char *script : {"type-check", "test", "build"})
                if (self->m_scripts.contains(QLatin1String(script)))
                    self->m_checks << QString::fromLatin1(script);
            self->runCheck(0);
        });
    }

    void runCheck(int index)
    {
        if (index >= m_checks.size()) {
            m_report.checksPassed = true;
            return m_request.commit ? commit() : finishWithoutCommit();
        }
        const QString script = m_checks.at(index);
        QStringList args{QStringLiteral("run"), script};
        // Vitest watches by default; the runbook runs it once.
        if (script == QLatin1String("test") && m_scripts.value(QLatin1String("test")).toString().contains(QLatin1String("vitest")))
            args << QStringLiteral("--") << QStringLiteral("--run");
        auto self = shared_from_this();
        npm(script, args, false, kCheckTimeoutMs, [self, script, index](const ToolRun &r) {
            self->m_report.checks.append(DepsCheckRun{script, r.exitCode == 0, r.exitCode, r.tail});
            if (r.exitCode != 0) {
                self->m_report.failedScript = script;
                self->m_report.summary = tr("The project's \"%1\" failed (exit %2): nothing was committed or pushed.")
                                             .arg(script)
                                             .arg(r.exitCode);
                return self->cleanup();
            }
            self->runCheck(index + 1);
        });
    }

    void finishWithoutCommit()
    {
        m_report.summary = QCoreApplication::translate("DepsUseCase",
                                                       "%n update(s) applied and every check passed in a scratch worktree; nothing "
                                                       "was committed (commit, or open a pull request, to keep them).",
                                                       nullptr, int(m_report.updates.size()));
        cleanup();
    }

    void commit()
    {
        auto self = shared_from_this();
        const QString path = m_worktreePath;
        QString message = DepsUseCase::commitMessage(m_report.updates);
        if (!m_request.commitTitle.isEmpty())
            message.replace(0, message.indexOf(QLatin1Char('\n')), m_request.commitTitle);
        output(QStringLiteral("commit"), tr("Committing package.json and package-lock.json on %1").arg(m_request.branch));
        Job<GitCommitInfo>::run(
            QThreadPool::globalInstance(),
            [path, message](JobChannel &) {
                return git::commitPaths(path, {QStringLiteral("package.json"), QStringLiteral("package-lock.json")}, message);
            },
            m_job)
            ->onFinished(m_job, [self](const Result<GitCommitInfo> &c) {
                if (!c)
                    return self->fail(c.error());
                self->m_report.commit = c->sha;
                self->output(QStringLiteral("commit"), tr("Commit %1").arg(c->sha.left(12)));
                if (self->m_remote.isEmpty())
                    return self->fail(makeError(ErrorKind::Config, tr("The checkout has no remote named origin to push to")));
                if (!isHttps(self->m_remote))
                    return self->push({});
                self->m_resolver.credential(QStringLiteral("github-token"), self->m_job)
                    ->onFinished(self->m_job, [self](const Result<QByteArray> &token) {
                        if (!token)
                            return self->fail(token.error());
                        self->push(token.value());
                    });
            });
    }

    void push(const QByteArray &token)
    {
        auto self = shared_from_this();
        const QString dir = m_request.dir;
        const QString branch = m_request.branch;
        output(QStringLiteral("push"), tr("Pushing %1 to %2").arg(branch, withoutCredentials(m_remote)));
        auto *job = Job<bool>::run(
            QThreadPool::globalInstance(),
            [dir, branch, token](JobChannel &channel) -> Result<bool> {
                if (Status s = git::push(dir, QStringLiteral("origin"), branch, token, &channel.cancelFlag()); !s)
                    return s.error();
                return true;
            },
            m_job);
        job->onFinished(m_job, [self](const Result<bool> &pushed) {
            if (!pushed)
                return self->fail(pushed.error());
            self->m_report.pushed = true;
            self->m_report.remote = withoutCredentials(self->m_remote);
            if (!self->m_request.pullRequest) {
                self->m_report.summary = tr("%1 updates committed and pushed to %2.")
                                             .arg(self->m_report.updates.size())
                                             .arg(self->m_request.branch);
                return self->cleanup();
            }
            self->pullRequest();
        });
    }

    void pullRequest()
    {
        auto self = shared_from_this();
        const QString repo = m_request.githubRepo.isEmpty() ? m_session.profile().githubRepo : m_request.githubRepo;
        m_providers.githubFor(repo, m_job)->onFinished(m_job, [self](const Result<GithubClient *> &client) {
            if (!client)
                return self->fail(client.error());
            GithubClient *github = client.value();
            PullRequestDraft draft;
            draft.title = self->m_request.commitTitle.isEmpty() ? QStringLiteral("chore: monthly dependency updates")
                                                                : self->m_request.commitTitle;
            draft.head = self->m_request.branch;
            draft.base = self->m_base;
            draft.body = DepsUseCase::pullRequestBody(self->m_report.updates, self->m_report.checks);
            github->createPullRequest(draft)->onFinished(self->m_job, [self, github](const Result<PullRequest> &pr) {
                if (pr) {
                    self->m_report.pullRequestUrl = pr->htmlUrl;
                    self->m_report.summary = tr("Pull request opened: %1").arg(pr->htmlUrl);
                    return self->cleanup();
                }
                if (!pr.error().toString().contains(QLatin1String("already exists"), Qt::CaseInsensitive))
                    return self->fail(pr.error());
                // One is open for the branch already: the push updated it. Say which.
                github->findPullRequests(self->m_request.branch)->onFinished(self->m_job, [self](const Result<QList<PullRequest>> &open) {
                    self->m_report.pullRequestExisted = true;
                    if (open && !open->isEmpty())
                        self->m_report.pullRequestUrl = open->first().htmlUrl;
                    self->m_report.summary = tr("A pull request for %1 is open already (%2); the push updated it.")
                                                 .arg(self->m_request.branch,
                                                      self->m_report.pullRequestUrl.isEmpty() ? tr("its URL could not be read")
                                                                                              : self->m_report.pullRequestUrl);
                    self->cleanup();
                });
            });
        });
    }

    void audit()
    {
        if (!m_report.pushed)
            return;
        QJsonArray updates;
        for (const PlannedUpdate &u : std::as_const(m_report.updates))
            updates.append(QStringLiteral("%1 %2 -> %3 (%4)").arg(u.name, u.from, u.to, riskName(u.risk)));
        (void)m_session.audit().append(QStringLiteral("deps.update"), m_request.dir,
                                       QJsonObject{{QStringLiteral("branch"), m_request.branch},
                                                   {QStringLiteral("commit"), m_report.commit},
                                                   {QStringLiteral("updates"), updates},
                                                   {QStringLiteral("pullRequest"), m_report.pullRequestUrl},
                                                   {QStringLiteral("via"), m_request.via}});
    }

    // Removes the worktree (and its node_modules), then ends the job with the report or m_error.
    void cleanup()
    {
        audit();
        auto self = shared_from_this();
        const QString dir = m_request.dir;
        const QString name = m_worktreeName;
        const QString path = m_worktreePath;
        auto *job = Job<bool>::run(
            QThreadPool::globalInstance(),
            [dir, name, path](JobChannel &) -> Result<bool> {
                Status s = name.isEmpty() ? Status() : git::removeWorktree(dir, name);
                if (QFileInfo::exists(path))
                    QDir(path).removeRecursively();
                if (!s)
                    return s.error();
                return true;
            },
            nullptr);
        // Not owned by m_job: a cancelled update still removes its worktree.
        QObject *context = m_job;
        job->onFinished(context, [self](const Result<bool> &removed) {
            if (!removed)
                self->output(QStringLiteral("worktree"), tr("The worktree could not be removed: %1").arg(removed.error().message));
            if (self->m_error)
                return self->m_job->finish(*self->m_error);
            self->m_job->finish(self->m_report);
        });
    }

    void fail(const Error &e)
    {
        m_error = e;
        cleanup();
    }

    Session &m_session;
    CredentialResolver &m_resolver;
    ProviderClients &m_providers;
    DepsUpdateRequest m_request;
    Job<DepsUpdateReport> *m_job;
    QJsonObject m_scripts;
    QString m_worktreePath;
    QString m_worktreeName;
    QString m_base;
    QString m_remote;
    QList<OutdatedPackage> m_outdated;
    QStringList m_checks;
    DepsUpdateReport m_report;
    std::optional<Error> m_error;
    QPointer<JobBase> m_current;
    bool m_stopping = false;
};
} // namespace

DepsUseCase::DepsUseCase(Session &session, CredentialResolver &resolver, ProviderClients &providers)
    : m_session(session), m_resolver(resolver), m_providers(providers)
{
}

QProcessEnvironment DepsUseCase::npmEnvironment()
{
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("npm_config_audit"), QStringLiteral("false"));
    env.insert(QStringLiteral("npm_config_fund"), QStringLiteral("false"));
    env.insert(QStringLiteral("npm_config_update_notifier"), QStringLiteral("false"));
    env.insert(QStringLiteral("npm_config_progress"), QStringLiteral("false"));
    env.insert(QStringLiteral("CI"), QStringLiteral("true"));  // test runners do not watch, nothing asks
    return env;
}

Result<QList<OutdatedPackage>> DepsUseCase::classify(const QByteArray &npmOutdatedJson)
{
    return parseNpmOutdated(npmOutdatedJson);
}

Job<QList<OutdatedPackage>> *DepsUseCase::outdated(const QString &dir, QObject *owner)
{
    if (auto package = readPackageJson(dir); !package)
        return Job<QList<OutdatedPackage>>::done(package.error(), owner);
    auto *job = new Job<QList<OutdatedPackage>>(owner);
    auto *run = runTool(QStringLiteral("npm"), {QStringLiteral("outdated"), QStringLiteral("--json"), QStringLiteral("--long")}, dir,
                        npmEnvironment(), true, {}, kQueryTimeoutMs, job);
    job->setAbort([run = QPointer<JobBase>(run)] {
        if (run)
            run->cancel();
    });
    run->onFinished(job, [job](const Result<ToolRun> &r) {
        if (!r)
            return job->finish(r.error());
        // npm outdated exits 1 when something is outdated; a real failure prints an error object.
        if (r->exitCode > 1 || (r->exitCode == 1 && r->stdoutData.trimmed().isEmpty()))
            return job->finish(makeError(ErrorKind::External, tr("npm outdated failed (exit %1): %2")
                                                                  .arg(r->exitCode)
                                                                  .arg(r->tail.join(QLatin1Char('\n')).right(600))));
        job->finish(classify(r->stdoutData));
    });
    return job;
}

Job<DepsUpdateReport> *DepsUseCase::update(DepsUpdateRequest request, QObject *owner)
{
    auto *job = new Job<DepsUpdateReport>(owner);
    if (request.branch.isEmpty() || request.branch.startsWith(QLatin1Char('-')) || request.branch.contains(QLatin1String(".."))
        || request.branch.contains(QLatin1Char(' '))) {
        job->finish(makeError(ErrorKind::Config, tr("Not a branch name: \"%1\"").arg(request.branch)));
        return job;
    }
    auto run = std::make_shared<UpdateRun>(m_session, m_resolver, m_providers, std::move(request), job);
    run->start();
    return job;
}

QString DepsUseCase::commitMessage(const QList<PlannedUpdate> &updates)
{
    QStringList lines{QStringLiteral("chore: monthly dependency updates"), QString()};
    for (const PlannedUpdate &u : updates)
        lines << QStringLiteral("- %1 %2 -> %3 (%4, %5 risk)").arg(u.name, u.from, u.to, u.updateType, riskName(u.risk));
    return lines.join(QLatin1Char('\n')) + QLatin1Char('\n');
}

QString DepsUseCase::pullRequestBody(const QList<PlannedUpdate> &updates, const QList<DepsCheckRun> &checks)
{
    QStringList lines{QStringLiteral("Monthly dependency updates, made by OpsDeck."), QString(),
                      QStringLiteral("| Package | From | To | Change | Risk |"), QStringLiteral("|---|---|---|---|---|")};
    for (const PlannedUpdate &u : updates)
        lines << QStringLiteral("| %1 | %2 | %3 | %4 | %5 |").arg(u.name, u.from, u.to, u.updateType, riskName(u.risk));
    lines << QString() << QStringLiteral("Checks run after the update:");
    if (checks.isEmpty())
        lines << QStringLiteral("- none (the project has no type-check, test or build script)");
    for (const DepsCheckRun &c : checks)
        lines << QStringLiteral("- `npm run %1`: %2").arg(c.script, c.ok ? QStringLiteral("passed") : QStringLiteral("failed"));
    return lines.join(QLatin1Char('\n')) + QLatin1Char('\n');
}

Job<DepsAuditResult> *DepsUseCase::audit(const QString &dir, const QString &githubRepo, QObject *owner)
{
    if (auto package = readPackageJson(dir); !package)
        return Job<DepsAuditResult>::done(package.error(), owner);
    auto *job = new Job<DepsAuditResult>(owner);
    auto result = std::make_shared<DepsAuditResult>();
    auto pending = std::make_shared<int>(2);
    const auto oneDone = [job, result, pending] {
        if (--*pending == 0)
            job->finish(*result);
    };
    const QString repo = githubRepo.isEmpty() ? m_session.profile().githubRepo : githubRepo;
    runTool(QStringLiteral("npm"), {QStringLiteral("audit"), QStringLiteral("--json")}, dir, npmEnvironment(), true, {},
            kQueryTimeoutMs, job)
        ->onFinished(job, [this, job, result, oneDone, dir](const Result<ToolRun> &r) {
            if (!r)
                return job->finish(r.error());
            auto report = parseNpmAudit(r->stdoutData);  // exit 1 when something is found
            if (!report)
                return job->finish(report.error());
            result->npm = report.value();
            runTool(QStringLiteral("npm"), {QStringLiteral("audit"), QStringLiteral("fix"), QStringLiteral("--dry-run"), QStringLiteral("--json")},
                    dir, npmEnvironment(), true, {}, kQueryTimeoutMs, job)
                ->onFinished(job, [result, oneDone](const Result<ToolRun> &fix) {
                    if (!fix) {
                        result->fixError = fix.error().message;
                    } else if (auto changes = parseNpmAuditFixDryRun(fix->stdoutData)) {
                        result->fixDryRun = changes.value();
                    } else {
                        result->fixError = changes.error().message;
                    }
                    oneDone();
                });
        });
    if (repo.count(QLatin1Char('/')) != 1) {
        result->dependabotError = tr("no GitHub repository configured");
        oneDone();
        return job;
    }
    m_providers.githubFor(repo, job)->onFinished(job, [job, result, oneDone](const Result<GithubClient *> &client) {
        if (!client) {
            result->dependabotError = client.error().message;
            return oneDone();
        }
        DependabotQuery query;
        query.limit = 1000;
        client.value()->listDependabotAlerts(query)->onFinished(job, [result, oneDone](const Result<QList<DependabotAlert>> &alerts) {
            if (!alerts) {
                result->dependabotError = alerts.error().message;
                return oneDone();
            }
            DependabotSummary summary;
            for (const char *s : {"low", "medium", "high", "critical"})
                summary.bySeverity.insert(QString::fromLatin1(s), 0);
            for (const DependabotAlert &a : alerts.value()) {
                if (a.state != QLatin1String("open"))
                    continue;
                ++summary.open;
                ++summary.bySeverity[a.severity];
                summary.alerts.append(a);
            }
            result->dependabot = summary;
            oneDone();
        });
    });
    return job;
}

Job<DepsUpdateReport> *DepsUseCase::patch(const QString &dir, const AuditAdvisory &advisory, bool pullRequest,
                                          const QString &githubRepo, const QString &via,
                                          std::function<void(const QString &, const QString &)> onOutput, QObject *owner)
{
    auto *job = new Job<DepsUpdateReport>(owner);
    // The first patched version: the lowest published release outside the vulnerable range.
    runTool(QStringLiteral("npm"), {QStringLiteral("view"), advisory.package, QStringLiteral("versions"), QStringLiteral("--json")},
            dir, npmEnvironment(), true, {}, kQueryTimeoutMs, job)
        ->onFinished(job, [this, job, dir, advisory, pullRequest, githubRepo, via, onOutput](const Result<ToolRun> &r) {
            if (!r)
                return job->finish(r.error());
            QStringList versions;
            for (const QJsonValue &v : QJsonDocument::fromJson(r->stdoutData).array())
                versions << v.toString();
            QString current;
            QFile lock(QDir(dir).filePath(QStringLiteral("package-lock.json")));
            if (lock.open(QIODevice::ReadOnly))
                current = QJsonDocument::fromJson(lock.readAll())
                              .object()
                              .value(QLatin1String("packages"))
                              .toObject()
                              .value(QStringLiteral("node_modules/") + advisory.package)
                              .toObject()
                              .value(QLatin1String("version"))
                              .toString();
            const QString target = firstPatchedVersion(current, advisory.vulnerableRange, versions);
            if (r->exitCode != 0 || target.isEmpty())
                return job->finish(makeError(ErrorKind::Conflict, tr("No published version of %1 is outside the advisory's range "
                                                                     "\"%2\": there is no patch to take yet")
                                                                      .arg(advisory.package, advisory.vulnerableRange)));
            DepsUpdateRequest request;
            request.dir = dir;
            request.level = UpdateRisk::High;
            request.branch = QStringLiteral("security/") + advisory.id;
            request.commit = true;
            request.pullRequest = pullRequest;
            request.githubRepo = githubRepo;
            request.via = via;
            request.targets = {{advisory.package, target}};
            request.commitTitle = QStringLiteral("security: patch %1").arg(advisory.id);
            request.onOutput = onOutput;
            update(std::move(request), job)->onFinished(job, [job](const Result<DepsUpdateReport> &report) { job->finish(report); });
        });
    return job;
}

} // namespace opsdeck
