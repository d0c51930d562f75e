// opsdeck-cli rollback | promote
#include "appcontext.h"
#include "cliargs.h"
#include "clicommand.h"
#include "core/clock.h"
#include "usecases/rollbackusecase.h"
#include "providers/github/githubclient.h"
#include "providers/health/healthprobe.h"
#include "providers/vercel/vercelclient.h"
#include "rollback/rollbackservice.h"
#include "store/auditlog.h"

#include <QJsonObject>

namespace opsdeck::cli {

namespace {

// The service for the active profile: Vercel is required, GitHub (the commits between) is not.
void withService(Invocation &inv, RollbackServiceOptions options, std::function<void(RollbackService *)> run)
{
    AppContext &ctx = inv.context();
    ctx.rollback().service(options, &ctx)->onFinished(&ctx, [&inv, run](const Result<RollbackService *> &service) {
        if (!service)
            return inv.fail(service.error());
        run(service.value());
    });
}

int outcomeExitCode(const RollbackOutcome &o, bool waited)
{
    switch (o.status) {
    case RollbackStatus::Succeeded:
        return o.healthAfter.checked && !o.healthAfter.ok ? ExitCheckFailed : ExitOk;
    case RollbackStatus::AcceptedUnconfirmed:
        return waited ? ExitCheckFailed : ExitOk;
    case RollbackStatus::Failed:
        return ExitProvider;
    }
    return ExitProvider;
}

void printOutcome(Invocation &inv, const RollbackOutcome &o)
{
    if (inv.json()) {
        inv.printJson(o.toJson());
    } else {
        inv.out() << "Outcome:    " << rollbackStatusName(o.status) << "\n"
                  << "From:       " << o.from << "\n"
                  << "To:         " << o.to << "\n"
                  << "Job status: " << o.jobStatus << "\n";
        if (o.healthAfter.checked) {
            inv.out() << "Health:     " << (o.healthAfter.ok ? "ok" : "FAILING") << "\n";
            for (const HealthResult &h : o.healthAfter.results)
                inv.out() << "            " << (h.ok ? "OK   " : "FAIL ") << h.url.toString() << " "
                          << (h.httpStatus ? QString::number(h.httpStatus) : h.error) << "\n";
        }
        inv.out() << o.message << "\n";
    }
    if (!o.auditWarning.isEmpty())
        inv.err() << "opsdeck-cli: " << o.auditWarning << "\n";
}

void runChange(Invocation &inv, RollbackKind kind)
{
    const bool rollback = kind == RollbackKind::Rollback;
    CliArgs args(inv.args(), {QStringLiteral("--yes"), QStringLiteral("--no-wait")},
                 rollback ? QStringList{QStringLiteral("--to"), QStringLiteral("--reason")} : QStringList());
    if (!args.problem().isEmpty())
        return inv.usageError(args.problem());
    RollbackRequest request;
    request.kind = kind;
    if (rollback) {
        request.target = args.value(QStringLiteral("--to")).value_or(QString());
        request.reason = args.value(QStringLiteral("--reason")).value_or(QString());
        if (request.target.isEmpty() || !args.positional().isEmpty())
            return inv.usageError(QStringLiteral("usage: rollback --to DEPLOYMENT_ID [--reason TEXT] [--yes] [--no-wait]"));
    } else {
        if (args.positional().size() != 1)
            return inv.usageError(QStringLiteral("usage: promote DEPLOYMENT_ID [--yes] [--no-wait]"));
        request.target = args.positional().first();
    }
    const bool yes = args.flag(QStringLiteral("--yes"));
    RollbackServiceOptions options = inv.context().rollback().options();
    options.waitForAliasJob = !args.flag(QStringLiteral("--no-wait"));
    withService(inv, options, [&inv, request, yes](RollbackService *service) {
        auto *prepared = service->prepare(request);
        QObject::connect(prepared, &JobBase::progress, &inv.context(),
                         [&inv](const QString &s) { inv.err() << s << "...\n" << Qt::flush; });
        prepared->onFinished(&inv.context(), [&inv, service, yes](const Result<RollbackPlan> &plan) {
            if (!plan)
                return inv.fail(plan.error());
            const QString hash = plan->hash();
            if (!yes) {
                // The dry run is the same prepare; nothing is sent and nothing is recorded.
                if (inv.json()) {
                    inv.printJson(QJsonObject{{QStringLiteral("dryRun"), true},
                                              {QStringLiteral("from"), plan->current.id},
                                              {QStringLiteral("to"), plan->target.id},
                                              {QStringLiteral("jobStatus"), QJsonValue()},
                                              {QStringLiteral("healthAfter"), QJsonValue()},
                                              {QStringLiteral("planHash"), hash},
                                              {QStringLiteral("plan"), plan->toJson()}});
                } else {
                    inv.out() << plan->describe() << "\n\nDry run: nothing was changed. Add --yes to "
                              << (plan->kind == RollbackKind::Promote ? "promote" : "roll back") << ".\n";
                }
                return inv.finish(ExitOk);
            }
            if (!inv.json())
                inv.out() << plan->describe() << "\n\n" << Qt::flush;
            auto *run = service->execute(plan.value(), hash);
            QObject::connect(run, &JobBase::progress, &inv.context(),
                             [&inv](const QString &s) { inv.err() << s << "\n" << Qt::flush; });
            const bool waited = service->options().waitForAliasJob;
            run->onFinished(&inv.context(), [&inv, waited](const Result<RollbackOutcome> &outcome) {
                if (!outcome)
                    return inv.fail(outcome.error());
                printOutcome(inv, outcome.value());
                inv.finish(outcomeExitCode(outcome.value(), waited));
            });
        });
    });
}

} // namespace

QList<Command> rollbackCommands()
{
    const QString common = QStringLiteral(
        "  --yes          apply the plan; without it the plan is printed and nothing changes\n"
        "  --no-wait      return once Vercel accepted the request instead of following the alias job\n"
        "Exit codes: 0 done (or dry run), 1 accepted but not confirmed in time or health failing afterwards,\n"
        "2 usage or configuration, 3 refused (stale plan), rejected or failed. Every attempt is audited.");
    return {
        {{QStringLiteral("rollback")}, QStringLiteral("rollback --to ID [--reason TEXT] [--yes] [--no-wait]"),
         QStringLiteral("Point production back at an earlier production deployment (Vercel Instant Rollback)"),
         QStringLiteral("  --to ID        the deployment to roll back to (id or URL)\n"
                        "  --reason TEXT  recorded with Vercel and in the audit trail\n")
             + common,
         true, [](Invocation &inv) { runChange(inv, RollbackKind::Rollback); }},
        {{QStringLiteral("promote")}, QStringLiteral("promote ID [--yes] [--no-wait]"),
         QStringLiteral("Point production at an existing deployment without rebuilding (undoes a rollback)"), common,
         true, [](Invocation &inv) { runChange(inv, RollbackKind::Promote); }},
    };
}

} // namespace opsdeck::cli
