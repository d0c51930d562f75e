// printf '%s' "$NEW" | opsdeck-cli secrets rotate NAME [--github-repo OWNER/NAME] [--as SECRET]... [--yes] [--json]
// opsdeck-cli secrets rotate database-password --generate [--yes]
#include "appcontext.h"
#include "cliargs.h"
#include "clicommand.h"
#include "secrets/credentials.h"
#include "usecases/rotationusecase.h"

#include <QJsonArray>
#include <QJsonObject>

namespace opsdeck::cli {

namespace {

const char kUsage[] = "usage: secrets rotate NAME [--github-repo OWNER/NAME] [--as SECRET]... [--no-push] [--yes] "
                      "(the new value on stdin; database-password: --generate)";

QJsonArray stepsJson(const QList<SecretRotationStep> &steps)
{
    QJsonArray out;
    for (const SecretRotationStep &s : steps) {
        QJsonObject o{{QStringLiteral("step"), s.step}, {QStringLiteral("ok"), s.ok}, {QStringLiteral("detail"), s.detail}};
        if (s.warning)
            o.insert(QStringLiteral("warning"), true);
        out.append(o);
    }
    return out;
}

void runRotate(Invocation &inv)
{
    CliArgs args(inv.args(), {QStringLiteral("--yes"), QStringLiteral("--generate"), QStringLiteral("--no-push")},
                 {QStringLiteral("--github-repo"), QStringLiteral("--as")});
    if (!args.problem().isEmpty())
        return inv.usageError(args.problem());
    if (args.positional().size() != 1)
        return inv.usageError(QString::fromLatin1(kUsage));
    AppContext &ctx = inv.context();
    SecretRotationRequest request;
    request.credential = args.positional().first();
    request.githubRepo = args.value(QStringLiteral("--github-repo")).value_or(QString());
    request.secretNames = args.values(QStringLiteral("--as"));
    request.noPush = args.flag(QStringLiteral("--no-push"));
    request.generate = args.flag(QStringLiteral("--generate"));
    request.via = QStringLiteral("cli");
    const bool yes = args.flag(QStringLiteral("--yes"));
    const bool database = request.credential == QLatin1String("database-password");
    if (!yes) {
        // The plan only: no value is read, nothing is changed.
        SecretRotationRequest preview = request;
        if (!database)
            preview.newValue = QByteArrayLiteral("(stdin)");
        else
            preview.generate = true;
        const Result<SecretRotationPlan> plan = ctx.rotationUseCase().plan(preview);
        if (!plan)
            return inv.usageError(plan.error().message);
        if (inv.json()) {
            QJsonArray steps;
            for (const SecretRotationPlanStep &s : plan->steps)
                steps.append(QJsonObject{{QStringLiteral("step"), s.step}, {QStringLiteral("detail"), s.detail}});
            inv.printJson(QJsonObject{{QStringLiteral("credential"), plan->credential},
                                      {QStringLiteral("plan"), steps},
                                      {QStringLiteral("changed"), false}});
        } else {
            inv.out() << "Rotation of " << plan->label << " (" << plan->credential << "), profile " << plan->profile << ":\n";
            int n = 0;
            for (const SecretRotationPlanStep &s : plan->steps)
                inv.out() << "  " << ++n << ". " << s.step.leftJustified(9) << s.detail << "\n";
            inv.out() << "Nothing was changed. Pass --yes"
                      << (database ? " (with --generate)" : " with the new value on stdin") << " to rotate.\n";
        }
        return inv.finish(ExitOk);
    }
    if (database && !request.generate)
        return inv.usageError(QStringLiteral("the database password is generated: pass --generate"));
    if (!database) {
        request.newValue = readSecretFromStdin();
        if (request.newValue.isEmpty())
            return inv.usageError(QStringLiteral("no new value on stdin for %1").arg(request.credential));
    }
    if (const Result<SecretRotationPlan> plan = ctx.rotationUseCase().plan(request); !plan)
        return inv.usageError(plan.error().message);
    if (!inv.json()) {
        request.onStep = [&inv](const SecretRotationStep &s) {
            inv.out() << (s.ok ? (s.warning ? "  ! " : "  ✓ ") : "  ✗ ") << s.step.leftJustified(9) << s.detail << "\n";
            inv.out().flush();
        };
    }
    const QString credential = request.credential;
    ctx.rotationUseCase().rotate(std::move(request), &ctx)->onFinished(&ctx, [&inv, credential](const Result<SecretRotationReport> &r) {
        if (!r)
            return inv.fail(r.error());
        const SecretRotationReport &report = r.value();
        if (inv.json()) {
            QJsonObject o{{QStringLiteral("credential"), credential}, {QStringLiteral("steps"), stepsJson(report.steps)},
                          {QStringLiteral("ok"), report.ok()}, {QStringLiteral("changed"), report.changed}};
            if (!report.ok())
                o.insert(QStringLiteral("unchanged"), report.unchanged);
            inv.printJson(o);
        } else if (report.ok()) {
            inv.out() << "Rotated " << credential << ".\n";
        } else {
            inv.err() << "Rotation of " << credential << " stopped. Changed: "
                      << (report.changed.isEmpty() ? QStringLiteral("nothing") : report.changed)
                      << ". Not changed: " << report.unchanged << ".\n";
        }
        inv.finish(report.ok() ? ExitOk : ExitCheckFailed);
    });
}

} // namespace

QList<Command> secretsRotateCommands()
{
    return {{{QStringLiteral("secrets"), QStringLiteral("rotate")},
             QStringLiteral("secrets rotate NAME [--github-repo OWNER/NAME] [--as SECRET]... [--no-push] [--yes]"),
             QStringLiteral("Rotate a credential: validate the new value (stdin) live, store it, push it to GitHub "
                            "Actions secrets, retire the old one, audit"),
             QStringLiteral("  --github-repo O/R  the repository whose Actions secrets get it (default: the profile's)\n"
                            "  --as SECRET        an Actions secret to set (repeatable; default: the credential's own, "
                            "e.g. OPENAI_API_KEY)\n"
                            "  --no-push          update no GitHub secret\n"
                            "  --generate         database-password: a random new password (never typed)\n"
                            "  --yes              rotate; without it the plan is shown and nothing changes\n"
                            "Names: vercel-token, github-token, openai-admin-key, anthropic-admin-key, openai-api-key, "
                            "anthropic-api-key, database-password"),
             true, runRotate}};
}

} // namespace opsdeck::cli
