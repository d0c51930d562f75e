// opsdeck-cli deployments logs | env list | env diff: the runbook's "Deployment Failures".
#include "appcontext.h"
#include "cliargs.h"
#include "clicommand.h"
#include "usecases/troubleshootusecase.h"

#include <QJsonArray>
#include <QJsonObject>

namespace opsdeck::cli {

namespace {

QJsonObject eventJson(const BuildEvent &e)
{
    return QJsonObject{{QStringLiteral("created"), isoUtc(e.created)},
                       {QStringLiteral("type"), e.type},
                       {QStringLiteral("text"), e.text},
                       {QStringLiteral("failing"), e.failing}};
}

QString eventLine(const BuildEvent &e)
{
    return QStringLiteral("%1 %2 %3")
        .arg(e.created.toUTC().toString(QStringLiteral("HH:mm:ss")), e.failing ? QStringLiteral("!") : QStringLiteral(" "), e.text);
}

void runDeploymentLogs(Invocation &inv)
{
    CliArgs args(inv.args(), {QStringLiteral("--errors"), QStringLiteral("--follow")}, {});
    if (!argsOk(inv, args))
        return;
    if (args.positional().size() != 1)
        return inv.usageError(QStringLiteral("usage: deployments logs ID [--errors] [--follow]"));
    const QString id = args.positional().constFirst();
    const bool errorsOnly = args.flag(QStringLiteral("--errors"));
    TroubleshootUseCase &troubleshoot = inv.context().troubleshoot();
    troubleshoot.deployment(id, &inv.context())->onFinished(&inv.context(), [&inv, &troubleshoot, id, errorsOnly, follow = args.flag(QStringLiteral("--follow"))](const Result<Deployment> &d) {
        if (!d)
            return inv.fail(d.error());
        const Deployment deployment = d.value();
        const bool live = follow || isStillBuilding(deployment.state);
        if (live && !inv.json())
            inv.err() << "Following the build of " << deployment.id << " (" << deployment.state << "); Ctrl+C stops.\n" << Qt::flush;
        // Lines are printed as they come; JSON waits for the whole log.
        auto print = [&inv, errorsOnly](const QList<BuildEvent> &events) {
            if (inv.json())
                return;
            for (const BuildEvent &e : events) {
                if (!errorsOnly || e.failing)
                    inv.out() << eventLine(e) << '\n';
            }
            inv.out().flush();
        };
        troubleshoot.buildLog(deployment.id, live, print, &inv.context())->onFinished(&inv.context(), [&inv, &troubleshoot, deployment, errorsOnly, live](const Result<BuildLog> &log) {
            if (!log)
                return inv.fail(log.error());
            const auto conclude = [&inv, log = log.value(), errorsOnly](const Deployment &final) {
                const bool failed = final.state == QLatin1String("ERROR");
                if (inv.json()) {
                    QJsonArray events;
                    for (const BuildEvent &e : log.events) {
                        if (!errorsOnly || e.failing)
                            events.append(eventJson(e));
                    }
                    inv.printJson(QJsonObject{{QStringLiteral("deployment"), final.id},
                                              {QStringLiteral("state"), final.state},
                                              {QStringLiteral("errorMessage"), final.errorMessage},
                                              {QStringLiteral("failingLines"), log.failingCount()},
                                              {QStringLiteral("skippedKeepAlives"), log.keepAlives},
                                              {QStringLiteral("unreadableLines"), log.unreadable},
                                              {QStringLiteral("cutOff"), log.cutOff},
                                              {QStringLiteral("events"), events}});
                } else {
                    if (log.events.isEmpty())
                        inv.err() << "No build output for " << final.id << ".\n";
                    if (log.unreadable > 0)
                        inv.err() << "opsdeck-cli: warning: " << log.unreadable << (log.unreadable == 1 ? " line" : " lines")
                                  << " of the log could not be read\n";
                    if (log.cutOff)
                        inv.err() << "opsdeck-cli: warning: the log ended in the middle of a line\n";
                    if (failed)
                        inv.err() << "Deployment " << final.id << " failed"
                                  << (final.errorMessage.isEmpty() ? QString() : QStringLiteral(": ") + final.errorMessage)
                                  << " (" << log.failingCount() << (log.failingCount() == 1 ? " failing line)\n" : " failing lines)\n");
                }
                inv.finish(failed ? ExitCheckFailed : ExitOk);
            };
            if (!live)
                return conclude(deployment);
            // The build ended while it was followed: its state now says how.
            troubleshoot.deployment(deployment.id, &inv.context())->onFinished(&inv.context(), [deployment, conclude](const Result<Deployment> &after) {
                conclude(after ? after.value() : deployment);
            });
        });
    });
}

QString targetsText(const QStringList &targets) { return targets.join(QLatin1Char(',')); }

void runEnvList(Invocation &inv)
{
    CliArgs args(inv.args(), {}, {});
    if (!argsOk(inv, args))
        return;
    if (!args.positional().isEmpty())
        return inv.usageError(QStringLiteral("usage: env list"));
    inv.context().troubleshoot().environment(&inv.context())->onFinished(&inv.context(), [&inv](const Result<EnvironmentReport> &r) {
        if (!r)
            return inv.fail(r.error());
        if (!r->credentialsProblem.isEmpty())
            inv.err() << "opsdeck-cli: warning: rotation ages unknown: " << r->credentialsProblem << '\n';
        if (inv.json()) {
            QJsonArray rows;
            for (const EnvRow &row : r->rows) {
                QJsonObject o{{QStringLiteral("key"), row.key},
                              {QStringLiteral("type"), row.types.value(0)},
                              {QStringLiteral("types"), QJsonArray::fromStringList(row.types)},
                              {QStringLiteral("targets"), QJsonArray::fromStringList(row.targets)},
                              {QStringLiteral("gitBranches"), QJsonArray::fromStringList(row.branches)},
                              {QStringLiteral("updatedAt"), isoUtc(row.updatedAt)}};
                if (r->credentials.contains(row.key)) {
                    const EnvCredentialLink link = r->credentials.value(row.key);
                    o.insert(QStringLiteral("credential"), link.credential);
                    o.insert(QStringLiteral("credentialSource"), link.source);
                    o.insert(QStringLiteral("credentialStoredAt"), link.storedAt.isValid() ? QJsonValue(isoUtc(link.storedAt)) : QJsonValue());
                }
                rows.append(o);
            }
            inv.printJson(rows);
        } else {
            QList<QStringList> table;
            for (const EnvRow &row : r->rows)
                table << QStringList{row.key, row.types.join(QLatin1Char(',')), targetsText(row.targets),
                                     row.updatedAt.toUTC().toString(QStringLiteral("yyyy-MM-dd")),
                                     r->credentials.value(row.key).credential};
            inv.out() << formatTable({QStringLiteral("NAME"), QStringLiteral("TYPE"), QStringLiteral("TARGETS"),
                                      QStringLiteral("UPDATED (UTC)"), QStringLiteral("CREDENTIAL")},
                                     table);
        }
        inv.finish(ExitOk);
    });
}

void runEnvDiff(Invocation &inv)
{
    CliArgs args(inv.args(), {}, {});
    if (!argsOk(inv, args))
        return;
    if (args.positional().size() != 2 || args.positional().at(0) == args.positional().at(1))
        return inv.usageError(QStringLiteral("usage: env diff TARGET TARGET (e.g. env diff production preview)"));
    const QString a = args.positional().at(0);
    const QString b = args.positional().at(1);
    inv.context().troubleshoot().environment(&inv.context())->onFinished(&inv.context(), [&inv, a, b](const Result<EnvironmentReport> &r) {
        if (!r)
            return inv.fail(r.error());
        const EnvDiff diff = diffTargets(r->rows, a, b);
        if (inv.json()) {
            // missingInB: set for a and not for b (a variable b's deployments will not see).
            inv.printJson(QJsonObject{{QStringLiteral("a"), a},
                                      {QStringLiteral("b"), b},
                                      {QStringLiteral("missingInA"), QJsonArray::fromStringList(diff.onlyInB)},
                                      {QStringLiteral("missingInB"), QJsonArray::fromStringList(diff.onlyInA)},
                                      {QStringLiteral("differs"), diff.differs()}});
        } else if (!diff.differs()) {
            inv.out() << a << " and " << b << " have the same variable names.\n";
        } else {
            for (const QString &key : diff.onlyInB)
                inv.out() << "missing in " << a << ": " << key << '\n';
            for (const QString &key : diff.onlyInA)
                inv.out() << "missing in " << b << ": " << key << '\n';
        }
        inv.finish(diff.differs() ? ExitCheckFailed : ExitOk);
    });
}

} // namespace

QList<Command> troubleshootCommands()
{
    return {
        {{QStringLiteral("deployments"), QStringLiteral("logs")}, QStringLiteral("deployments logs ID [--errors] [--follow]"),
         QStringLiteral("A deployment's build log (live while it builds); exit 1 when the deployment failed"),
         QStringLiteral("  --errors   only the failing lines (stderr, Error:, Module not found, exited with)\n"
                        "  --follow   follow the build live even if it looks finished"),
         true, runDeploymentLogs},
        {{QStringLiteral("env"), QStringLiteral("list")}, QStringLiteral("env list"),
         QStringLiteral("The project's environment variables: names, types and targets, never values"), QString(), true, runEnvList},
        {{QStringLiteral("env"), QStringLiteral("diff")}, QStringLiteral("env diff TARGET TARGET"),
         QStringLiteral("Variable names set for one target and missing for the other; exit 1 when they differ"), QString(), true,
         runEnvDiff},
    };
}

} // namespace opsdeck::cli
