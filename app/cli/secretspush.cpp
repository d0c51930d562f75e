// opsdeck-cli secrets push NAME --github-repo OWNER/NAME [--as SECRET_NAME]
#include "appcontext.h"
#include "cliargs.h"
#include "clicommand.h"
#include "providerfactory.h"
#include "providers/github/githubclient.h"
#include "secrets/credentials.h"
#include "store/auditlog.h"

#include <QJsonObject>
#include <QRegularExpression>

namespace opsdeck::cli {

namespace {

QString defaultSecretName(const QString &credential)
{
    const auto kind = findCredentialKind(credential);
    if (kind && !kind->envVars.isEmpty() && kind->envVars.first() != QLatin1String("DATABASE_URL"))
        return kind->envVars.first();
    return credential.toUpper().replace(QLatin1Char('-'), QLatin1Char('_'));
}

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
    const QString secretName = args.value(QStringLiteral("--as")).value_or(defaultSecretName(credential));
    AppContext &ctx = inv.context();
    Profile p = ctx.profile();
    p.githubRepo = repo;
    ctx.setProfile(p);

    ProviderFactory factory(ctx);
    factory.credential(credential, &ctx, [&inv, &ctx, factory, credential, secretName, repo](const Result<QByteArray> &value) mutable {
        if (!value)
            return inv.fail(value.error());
        factory.github(&ctx, [&inv, &ctx, value, credential, secretName, repo](const Result<GithubClient *> &client) {
            if (!client)
                return inv.fail(client.error());
            // Fail closed: the audit entry is written before the secret is replaced.
            auto audit = ctx.audit().append(QStringLiteral("secret.push"), repo + QLatin1Char('/') + secretName,
                                            QJsonObject{{QStringLiteral("credential"), credential}});
            if (!audit)
                return inv.fail(audit.error());
            client.value()->putSecret(secretName, value.value())
                ->onFinished(&ctx, [&inv, &ctx, secretName, repo](const Result<SecretWriteResult> &r) {
                    if (!r) {
                        (void)ctx.audit().append(QStringLiteral("secret.push.failed"), repo + QLatin1Char('/') + secretName,
                                                 QJsonObject{{QStringLiteral("error"), r.error().message}});
                        return inv.fail(r.error());
                    }
                    if (inv.json())
                        inv.printJson(QJsonObject{{QStringLiteral("repo"), repo},
                                                  {QStringLiteral("secret"), secretName},
                                                  {QStringLiteral("created"), r->created},
                                                  {QStringLiteral("keyId"), r->keyId}});
                    else
                        inv.out() << (r->created ? "Created " : "Updated ") << secretName << " in " << repo
                                  << " (sealed for key " << r->keyId << ").\n";
                    inv.finish(ExitOk);
                });
        });
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
