// opsdeck-cli deps outdated DIR [--input FILE] | deps update DIR --risk low|medium|high [--branch B] [--commit] [--pr]
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
    };
}

} // namespace opsdeck::cli
