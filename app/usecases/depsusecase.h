#pragma once

#include "core/job.h"
#include "deps/npm.h"
#include "deps/npmaudit.h"
#include "providers/github/types.h"
#include "deps/semver.h"

#include <QObject>
#include <QString>
#include <QStringList>

#include <functional>
#include <optional>

namespace opsdeck {

class CredentialResolver;
class ProviderClients;
class Session;

struct DepsUpdateRequest {
    QString dir;                                      // the user's checkout (never changed)
    UpdateRisk level = UpdateRisk::Low;               // take updates up to this risk
    QString branch = QStringLiteral("deps/monthly-updates");
    bool commit = false;                              // commit and push when every check passes
    bool pullRequest = false;                         // and open the pull request (implies commit)
    QString githubRepo;                               // the PR's repository; empty: the profile's
    QString via;                                      // "gui", "cli"
    // Instead of what npm outdated lists: exactly these packages at these versions (a security patch).
    QList<std::pair<QString, QString>> targets;
    QString commitTitle;                              // empty: "chore: monthly dependency updates"
    // Each output line of the tools, with the phase it belongs to ("install", "test", "push"...).
    std::function<void(const QString &phase, const QString &line)> onOutput;
};

struct PlannedUpdate {
    QString name;
    QString from;
    QString to;
    QString updateType;  // semverDiff(from, to)
    UpdateRisk risk = UpdateRisk::Low;
    QString dependencyType;
};

struct DepsCheckRun {
    QString script;      // type-check, test, build
    bool ok = false;
    int exitCode = -1;
    QStringList tail;    // the output's last lines
};

struct DependabotSummary {
    int open = 0;
    QMap<QString, int> bySeverity;  // low, medium, high, critical
    QList<DependabotAlert> alerts;
};

struct DepsAuditResult {
    AuditReport npm;
    QList<AuditFixChange> fixDryRun;   // what npm audit fix would change
    QString fixError;                  // why that is not known
    std::optional<DependabotSummary> dependabot;
    QString dependabotError;           // why the alerts are not known (no repository, no token, 403...)
};

struct DepsUpdateReport {
    QList<PlannedUpdate> updates;   // what was (or, when nothing qualified, would be) applied
    QList<DepsCheckRun> checks;
    bool checksPassed = false;
    QString failedScript;
    QString branch;
    QString commit;                 // the commit's sha, when one was made
    bool pushed = false;
    QString remote;                 // where it was pushed (URL without credentials)
    QString pullRequestUrl;
    bool pullRequestExisted = false;  // GitHub answered 422: one is open for the branch already
    QString summary;                // one line for people
};

// The monthly dependency work (runbook M2): `npm outdated` classified by risk, and an update done in
// a separate libgit2 worktree (the user's checkout is never touched): npm ci, npm install of each
// package's target version, the project's own checks (type-check, test, build), then, only when all
// pass, a commit of package.json and the lockfile on a branch, a push, and the pull request.
class DepsUseCase
{
public:
    DepsUseCase(Session &session, CredentialResolver &resolver, ProviderClients &providers);

    // `npm outdated --json --long` run in dir (or input, the saved output of one), classified.
    Job<QList<OutdatedPackage>> *outdated(const QString &dir, QObject *owner);
    static Result<QList<OutdatedPackage>> classify(const QByteArray &npmOutdatedJson);

    // The job fails for what stops the work (no package.json, not a git checkout, npm missing, a
    // push or PR refused); a failing check is a report with checksPassed false and nothing pushed.
    Job<DepsUpdateReport> *update(DepsUpdateRequest request, QObject *owner);

    // npm audit --json and npm audit fix --dry-run --json in dir, and the open Dependabot alerts of
    // githubRepo (empty: the profile's; no repository: not asked). Only a failing npm audit fails the job.
    Job<DepsAuditResult> *audit(const QString &dir, const QString &githubRepo, QObject *owner);
    // "Patch now": the update flow on branch security/<advisory id> taking the advisory's package to
    // its first patched version (found among the published versions), commit "security: patch <id>".
    Job<DepsUpdateReport> *patch(const QString &dir, const AuditAdvisory &advisory, bool pullRequest, const QString &githubRepo,
                                 const QString &via, std::function<void(const QString &, const QString &)> onOutput,
                                 QObject *owner);

    // The commit message and the pull request's body for updates (and the checks that passed).
    static QString commitMessage(const QList<PlannedUpdate> &updates);
    static QString pullRequestBody(const QList<PlannedUpdate> &updates, const QList<DepsCheckRun> &checks);
    // The environment npm runs with: the user's, without audit, fund and update-notifier chatter.
    static QProcessEnvironment npmEnvironment();

private:
    Session &m_session;
    CredentialResolver &m_resolver;
    ProviderClients &m_providers;
};

} // namespace opsdeck
