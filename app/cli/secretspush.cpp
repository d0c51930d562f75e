// opsdeck-cli secrets push NAME --github-repo OWNER/NAME [--as SECRET_NAME]
#include "appcontext.h"
#include "cliargs.h"
#include "clicommand.h"
#include "secrets/credentials.h"
#include "usecases/credentialsusecase.h"

#include <QJsonObject>

namespace opsdeck::cli {

namespace {

void runPush(Invocation &inv)
{
    CliArgs args(inv.args(), {QStringLiteral("--yes")}, {QStringLiteral("--github-repo"), QStringLiteral("--as")});
    if (!args.problem().isEmpty())
        return inv.usageError(args.problem());
    const QString repo = args.value(QStringLiteral("--github-repo")).value_or(inv.context().profile().githubRepo);
    if (args.positional().size() != 1 || repo.count(QLatin1Char('/')) != 1)
        return inv.usageError(QStringLiteral("usage: secrets push NAME --github-repo OWNER/NAME [--as SECRET_NAME]"));
    const QString credential = args.positional().first();
    if (!findCredentialKind(credential))
        return inv.usageError(QStringLiteral("unknown credential \"%1\"; see secrets list").arg(credential));
    const QString secretName = args.value(QStringLiteral("--as")).value_or(CredentialsUseCase::defaultSecretName(credential));
    AppContext &ctx = inv.context();
    ctx.credentialsUseCase().push(credential, repo, secretName, &ctx)->onFinished(&ctx, [&inv](const Result<SecretPushOutcome> &r) {
        if (!r)
            return inv.fail(r.error());
        if (inv.json())
            inv.printJson(QJsonObject{{QStringLiteral("repo"), r->repo},
                                      {QStringLiteral("secret"), r->secretName},
                                      {QStringLiteral("created"), r->created},
                                      {QStringLiteral("keyId"), r->keyId}});
        else
            inv.out() << (r->created ? "Created " : "Updated ") << r->secretName << " in " << r->repo
                      << " (sealed for key " << r->keyId << ").\n";
        inv.finish(ExitOk);
    });
}

} // namespace

QList<Command> secretsPushCommands()
{
    return {{{QStringLiteral("secrets"), QStringLiteral("push")},
             QStringLiteral("secrets push NAME --github-repo OWNER/NAME [--as SECRET_NAME]"),
             QStringLiteral("Encrypt a stored credential for GitHub Actions (sealed box) and set it as a repository secret"),
             QStringLiteral("  --as SECRET_NAME   the Actions secret's name (default: the credential's environment "
                            "variable, e.g. VERCEL_TOKEN)"),
             true, runPush}};
}

} // namespace opsdeck::cli
