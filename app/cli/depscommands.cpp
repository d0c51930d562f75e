// opsdeck-cli deps outdated | update | audit | patch
#include "appcontext.h"
#include "cliargs.h"
#include "clicommand.h"
#include "usecases/depsusecase.h"

#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonObject>

namespace opsdeck::cli {

namespace {

QJsonObject packageJson(const OutdatedPackage &p)
{
    return QJsonObject{{QStringLiteral("package"), p.name},
                       {QStringLiteral("current"), p.current.isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(p.current)},
                       {QStringLiteral("wanted"), p.wanted},
                       {QStringLiteral("latest"), p.latest},
                       {QStringLiteral("updateType"), p.updateType},
                       {QStringLiteral("risk"), riskName(p.risk)},
                       {QStringLiteral("dependencyType"), p.dependencyType}};
}

void printOutdated(Invocation &inv, const QList<OutdatedPackage> &rows)
{
    if (inv.json()) {
        QJsonArray out;
        for (const OutdatedPackage &p : rows)
            out.append(packageJson(p));
        inv.printJson(out);
        return;
    }
    if (rows.isEmpty()) {
        inv.out() << "Every dependency is at its latest version.\n";
        return;
    }
    QList<QStringList> table;
    int notInstalled = 0;
    for (const OutdatedPackage &p : rows) {
        notInstalled += p.current.isEmpty() ? 1 : 0;
        table << QStringList{p.name, p.current.isEmpty() ? QStringLiteral("-") : p.current, p.wanted, p.latest, p.updateType,
                             riskName(p.risk), p.dependencyType};
    }
    inv.out() << formatTable({QStringLiteral("PACKAGE"), QStringLiteral("CURRENT"), QStringLiteral("WANTED"), QStringLiteral("LATEST"),
                              QStringLiteral("CHANGE"), QStringLiteral("RISK"), QStringLiteral("TYPE")},
                             table);
    if (notInstalled > 0)
        inv.out() << notInstalled << " not installed: run npm ci (or npm install) first to know their current versions.\n";
}

void runOutdated(Invocation &inv)
{
    CliArgs args(inv.args(), {}, {QStringLiteral("--input")});
    if (!args.problem().isEmpty())
        return inv.usageError(args.problem());
    const auto input = args.value(QStringLiteral("--input"));
    if (args.positional().size() != 1 && !input)
        return inv.usageError(QStringLiteral("usage: deps outdated DIR [--input FILE]"));
    if (input) {
        QFile f(*input);
        if (!f.open(QIODevice::ReadOnly))
            return inv.fail(makeError(ErrorKind::Io, QStringLiteral("Cannot read %1: %2").arg(*input, f.errorString())));
        const auto rows = DepsUseCase::classify(f.read(64 * 1024 * 1024));
        if (!rows)
            return inv.fail(rows.error());
        printOutdated(inv, rows.value());
        return inv.finish(ExitOk);
    }
    AppContext &ctx = inv.context();
    ctx.depsUseCase().outdated(args.positional().first(), &ctx)->onFinished(&ctx, [&inv](const Result<QList<OutdatedPackage>> &rows) {
        if (!rows)
            return inv.fail(rows.error());
        printOutdated(inv, rows.value());
        inv.finish(ExitOk);
    });
}

void runUpdate(Invocation &inv)
{
    CliArgs args(inv.args(), {QStringLiteral("--commit"), QStringLiteral("--pr")},
                 {QStringLiteral("--risk"), QStringLiteral("--branch"), QStringLiteral("--github-repo")});
    if (!args.problem().isEmpty())
        return inv.usageError(args.problem());
    const auto risk = parseRisk(args.value(QStringLiteral("--risk")).value_or(QString()));
    if (args.positional().size() != 1 || !risk)
        return inv.usageError(QStringLiteral("usage: deps update DIR --risk low|medium|high [--branch B] [--commit] [--pr] [--github-repo O/R]"));
    DepsUpdateRequest request;
    request.dir = QFileInfo(args.positional().first()).absoluteFilePath();
    request.level = *risk;
    request.branch = args.value(QStringLiteral("--branch")).value_or(request.branch);
    request.commit = args.flag(QStringLiteral("--commit"));
    request.pullRequest = args.flag(QStringLiteral("--pr"));
    request.githubRepo = args.value(QStringLiteral("--github-repo")).value_or(QString());
    request.via = QStringLiteral("cli");
    if (!inv.json())
        request.onOutput = [&inv](const QString &phase, const QString &line) {
            inv.err() << "[" << phase << "] " << line << "\n";
            inv.err().flush();
        };
    AppContext &ctx = inv.context();
    ctx.depsUseCase().update(std::move(request), &ctx)->onFinished(&ctx, [&inv](const Result<DepsUpdateReport> &r) {
        if (!r)
            return inv.fail(r.error());
        const DepsUpdateReport &report = r.value();
        if (inv.json()) {
            QJsonArray updates;
            for (const PlannedUpdate &u : report.updates)
                updates.append(QJsonObject{{QStringLiteral("package"), u.name},     {QStringLiteral("from"), u.from},
                                           {QStringLiteral("to"), u.to},            {QStringLiteral("updateType"), u.updateType},
                                           {QStringLiteral("risk"), riskName(u.risk)}, {QStringLiteral("dependencyType"), u.dependencyType}});
            QJsonArray checks;
            for (const DepsCheckRun &c : report.checks)
                checks.append(QJsonObject{{QStringLiteral("script"), c.script}, {QStringLiteral("ok"), c.ok},
                                          {QStringLiteral("exitCode"), c.exitCode},
                                          {QStringLiteral("tail"), QJsonArray::fromStringList(c.tail)}});
            inv.printJson(QJsonObject{{QStringLiteral("updates"), updates},
                                      {QStringLiteral("checks"), checks},
                                      {QStringLiteral("checksPassed"), report.checksPassed},
                                      {QStringLiteral("failedScript"), report.failedScript.isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(report.failedScript)},
                                      {QStringLiteral("branch"), report.branch},
                                      {QStringLiteral("commit"), report.commit.isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(report.commit)},
                                      {QStringLiteral("pushed"), report.pushed},
                                      {QStringLiteral("pullRequest"), report.pullRequestUrl.isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(report.pullRequestUrl)},
                                      {QStringLiteral("pullRequestExisted"), report.pullRequestExisted},
                                      {QStringLiteral("summary"), report.summary}});
        } else {
            for (const PlannedUpdate &u : report.updates)
                inv.out() << u.name << " " << u.from << " -> " << u.to << " (" << u.updateType << ", " << riskName(u.risk) << " risk)\n";
            for (const DepsCheckRun &c : report.checks) {
                inv.out() << "npm run " << c.script << ": " << (c.ok ? "passed" : "FAILED") << "\n";
                if (!c.ok)
                    for (const QString &line : c.tail)
                        inv.out() << "    " << line << "\n";
            }
            inv.out() << report.summary << "\n";
        }
        inv.finish(report.checksPassed ? ExitOk : ExitCheckFailed);
    });
}

QJsonObject severityJson(const QMap<QString, int> &counts)
{
    QJsonObject o;
    for (auto it = counts.cbegin(); it != counts.cend(); ++it)
        o.insert(it.key(), it.value());
    return o;
}

void printAudit(Invocation &inv, const DepsAuditResult &r)
{
    if (inv.json()) {
        QJsonArray advisories;
        for (const AuditAdvisory &a : r.npm.advisories)
            advisories.append(QJsonObject{{QStringLiteral("id"), a.id},           {QStringLiteral("package"), a.package},
                                          {QStringLiteral("title"), a.title},     {QStringLiteral("severity"), a.severity},
                                          {QStringLiteral("url"), a.url},         {QStringLiteral("vulnerableRange"), a.vulnerableRange},
                                          {QStringLiteral("isDirect"), a.isDirect}, {QStringLiteral("fixAvailable"), a.fixAvailable}});
        QJsonArray fix;
        for (const AuditFixChange &c : r.fixDryRun)
            fix.append(QJsonObject{{QStringLiteral("package"), c.package}, {QStringLiteral("from"), c.from}, {QStringLiteral("to"), c.to}});
        QJsonObject o{{QStringLiteral("bySeverity"), severityJson(r.npm.bySeverity)},
                      {QStringLiteral("advisories"), advisories},
                      {QStringLiteral("fix"), fix}};
        if (!r.fixError.isEmpty())
            o.insert(QStringLiteral("fixError"), r.fixError);
        if (r.dependabot)
            o.insert(QStringLiteral("dependabot"), QJsonObject{{QStringLiteral("open"), r.dependabot->open},
                                                               {QStringLiteral("bySeverity"), severityJson(r.dependabot->bySeverity)}});
        else
            o.insert(QStringLiteral("dependabot"), QJsonValue(QJsonValue::Null));
        if (!r.dependabotError.isEmpty())
            o.insert(QStringLiteral("dependabotError"), r.dependabotError);
        inv.printJson(o);
        return;
    }
    QStringList counts;
    for (const char *s : {"critical", "high", "moderate", "low", "info"})
        counts << QStringLiteral("%1 %2").arg(r.npm.bySeverity.value(QString::fromLatin1(s))).arg(QString::fromLatin1(s));
    inv.out() << "npm audit: " << counts.join(QStringLiteral(", ")) << "\n";
    QList<QStringList> table;
    for (const AuditAdvisory &a : r.npm.advisories)
        table << QStringList{a.id, a.package, a.severity, a.vulnerableRange, a.fixAvailable ? QStringLiteral("yes") : QStringLiteral("no"), a.title};
    if (!table.isEmpty())
        inv.out() << formatTable({QStringLiteral("ADVISORY"), QStringLiteral("PACKAGE"), QStringLiteral("SEVERITY"), QStringLiteral("VULNERABLE"),
                                  QStringLiteral("FIX"), QStringLiteral("TITLE")},
                                 table);
    if (!r.fixDryRun.isEmpty()) {
        inv.out() << "npm audit fix would change:\n";
        for (const AuditFixChange &c : r.fixDryRun)
            inv.out() << "  " << c.package << " " << (c.from.isEmpty() ? QStringLiteral("(new)") : c.from) << " -> "
                      << (c.to.isEmpty() ? QStringLiteral("(removed)") : c.to) << "\n";
    } else if (!r.fixError.isEmpty()) {
        inv.out() << "npm audit fix --dry-run: " << r.fixError << "\n";
    }
    if (r.dependabot)
        inv.out() << "Dependabot: " << r.dependabot->open << (r.dependabot->open == 1 ? " open alert\n" : " open alerts\n");
    else
        inv.out() << "Dependabot: not known (" << r.dependabotError << ")\n";
}

void runAudit(Invocation &inv)
{
    CliArgs args(inv.args(), {}, {QStringLiteral("--input"), QStringLiteral("--github-repo"), QStringLiteral("--audit-level")});
    if (!args.problem().isEmpty())
        return inv.usageError(args.problem());
    const auto input = args.value(QStringLiteral("--input"));
    const QString level = args.value(QStringLiteral("--audit-level")).value_or(QString());
    if ((args.positional().size() != 1 && !input) || (!level.isEmpty() && severityRank(level) < 0))
        return inv.usageError(QStringLiteral("usage: deps audit DIR [--input FILE] [--github-repo O/R] [--audit-level info|low|moderate|high|critical]"));
    const auto finish = [&inv, level](const DepsAuditResult &r) {
        printAudit(inv, r);
        inv.finish(!level.isEmpty() && r.npm.atLeast(level) > 0 ? ExitCheckFailed : ExitOk);
    };
    if (input) {
        QFile f(*input);
        if (!f.open(QIODevice::ReadOnly))
            return inv.fail(makeError(ErrorKind::Io, QStringLiteral("Cannot read %1: %2").arg(*input, f.errorString())));
        auto report = parseNpmAudit(f.read(64 * 1024 * 1024));
        if (!report)
            return inv.fail(report.error());
        DepsAuditResult r;
        r.npm = report.value();
        r.fixError = QStringLiteral("not run (--input)");
        r.dependabotError = QStringLiteral("not asked (--input)");
        return finish(r);
    }
    AppContext &ctx = inv.context();
    ctx.depsUseCase()
        .audit(args.positional().first(), args.value(QStringLiteral("--github-repo")).value_or(QString()), &ctx)
        ->onFinished(&ctx, [&inv, finish](const Result<DepsAuditResult> &r) {
            if (!r)
                return inv.fail(r.error());
            finish(r.value());
        });
}

void runPatch(Invocation &inv)
{
    CliArgs args(inv.args(), {QStringLiteral("--pr")}, {QStringLiteral("--github-repo")});
    if (!args.problem().isEmpty())
        return inv.usageError(args.problem());
    if (args.positional().size() != 2)
        return inv.usageError(QStringLiteral("usage: deps patch DIR ADVISORY_ID [--pr] [--github-repo O/R]"));
    const QString dir = QFileInfo(args.positional().at(0)).absoluteFilePath();
    const QString id = args.positional().at(1);
    const bool pr = args.flag(QStringLiteral("--pr"));
    const QString repo = args.value(QStringLiteral("--github-repo")).value_or(QString());
    AppContext &ctx = inv.context();
    ctx.depsUseCase().audit(dir, QStringLiteral("-"), &ctx)->onFinished(&ctx, [&inv, &ctx, dir, id, pr, repo](const Result<DepsAuditResult> &audit) {
        if (!audit)
            return inv.fail(audit.error());
        const auto it = std::find_if(audit->npm.advisories.begin(), audit->npm.advisories.end(),
                                     [&id](const AuditAdvisory &a) { return a.id == id; });
        if (it == audit->npm.advisories.end())
            return inv.usageError(QStringLiteral("npm audit lists no advisory %1 in %2").arg(id, dir));
        const auto output = [&inv](const QString &phase, const QString &line) {
            if (!inv.json()) {
                inv.err() << "[" << phase << "] " << line << "\n";
                inv.err().flush();
            }
        };
        ctx.depsUseCase().patch(dir, *it, pr, repo, QStringLiteral("cli"), output, &ctx)->onFinished(&ctx, [&inv](const Result<DepsUpdateReport> &r) {
            if (!r)
                return inv.fail(r.error());
            if (inv.json())
                inv.printJson(QJsonObject{{QStringLiteral("branch"), r->branch},
                                          {QStringLiteral("package"), r->updates.isEmpty() ? QString() : r->updates.first().name},
                                          {QStringLiteral("to"), r->updates.isEmpty() ? QString() : r->updates.first().to},
                                          {QStringLiteral("checksPassed"), r->checksPassed},
                                          {QStringLiteral("failedScript"), r->failedScript.isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(r->failedScript)},
                                          {QStringLiteral("commit"), r->commit.isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(r->commit)},
                                          {QStringLiteral("pushed"), r->pushed},
                                          {QStringLiteral("pullRequest"), r->pullRequestUrl.isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(r->pullRequestUrl)},
                                          {QStringLiteral("summary"), r->summary}});
            else
                inv.out() << r->summary << "\n";
            inv.finish(r->checksPassed ? ExitOk : ExitCheckFailed);
        });
    });
}

} // namespace

QList<Command> depsCommands()
{
    return {
        {{QStringLiteral("deps"), QStringLiteral("outdated")}, QStringLiteral("deps outdated DIR [--input FILE]"),
         QStringLiteral("npm outdated, each package with its change (semver diff) and the runbook's risk"),
         QStringLiteral("  --input FILE   the saved output of npm outdated --json instead of running npm in DIR"), true,
         runOutdated},
        {{QStringLiteral("deps"), QStringLiteral("update")},
         QStringLiteral("deps update DIR --risk low|medium|high [--branch B] [--commit] [--pr] [--github-repo O/R]"),
         QStringLiteral("Update dependencies in a separate worktree, run the project's checks, commit, push, open the PR"),
         QStringLiteral("  --risk R         low: same major.minor, medium: same major, high: latest\n"
                        "  --branch B       the branch to commit on (default deps/monthly-updates; remade from HEAD)\n"
                        "  --commit         commit package.json and the lockfile and push the branch when every check passes\n"
                        "  --pr             also open the pull request (implies --commit)\n"
                        "  --github-repo    the repository of the pull request (default: the profile's)\n"
                        "Exit 1 when a check of the project fails (nothing is committed or pushed)."),
         true, runUpdate},
        {{QStringLiteral("deps"), QStringLiteral("audit")},
         QStringLiteral("deps audit DIR [--input FILE] [--github-repo O/R] [--audit-level LEVEL]"),
         QStringLiteral("npm audit by severity, what npm audit fix would change, and the open Dependabot alerts"),
         QStringLiteral("  --input FILE         the saved output of npm audit --json instead of running npm in DIR\n"
                        "  --github-repo O/R    the repository whose Dependabot alerts to count (default: the profile's)\n"
                        "  --audit-level LEVEL  exit 1 when an advisory is at or above LEVEL (moderate: the weekly check)"),
         true, runAudit},
        {{QStringLiteral("deps"), QStringLiteral("patch")}, QStringLiteral("deps patch DIR ADVISORY_ID [--pr] [--github-repo O/R]"),
         QStringLiteral("Take an advisory's package to its first patched version in a worktree: checks, commit, push, PR"),
         QStringLiteral("  Branch security/<ADVISORY_ID>, commit \"security: patch <ADVISORY_ID>\"; --pr opens the pull request."),
         true, runPatch},
    };
}

} // namespace opsdeck::cli
