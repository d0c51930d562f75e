// opsdeck-cli sandbox [--port N] [--seed S]: the simulated production in the foreground.
#include "appcontext.h"
#include "clicommand.h"
#ifdef OPSDECK_HAVE_SANDBOX
#include "sandbox/sandbox.h"
#endif

#include <QJsonObject>

namespace opsdeck::cli {

namespace {

void runSandbox(Invocation &inv)
{
#ifdef OPSDECK_HAVE_SANDBOX
    SandboxOptions options;
    const QStringList &args = inv.args();
    for (qsizetype i = 0; i < args.size(); ++i) {
        bool ok = true;
        if (args[i] == QLatin1String("--port") && i + 1 < args.size()) {
            const uint port = args[++i].toUInt(&ok);
            if (!ok || port > 65535)
                return inv.usageError(QStringLiteral("--port needs a number from 0 to 65535"));
            options.port = quint16(port);
        } else if (args[i] == QLatin1String("--seed") && i + 1 < args.size()) {
            options.seed = args[++i].toULongLong(&ok);
            if (!ok)
                return inv.usageError(QStringLiteral("--seed needs a number"));
        } else if ((args[i] == QLatin1String("--port") || args[i] == QLatin1String("--seed")) && i + 1 == args.size()) {
            return inv.usageError(QStringLiteral("%1 needs a value").arg(args[i]));
        } else {
            return inv.usageError(QStringLiteral("unknown argument %1").arg(args[i]));
        }
    }
    auto *sandbox = new Sandbox(options, &inv.context());
    auto started = sandbox->start();
    if (!started)
        return inv.fail(started.error());
    if (inv.json()) {
        inv.printJson(QJsonObject{{QStringLiteral("baseUrl"), sandbox->baseUrl().toString()},
                                  {QStringLiteral("vercelApi"), sandbox->vercelApi().toString()},
                                  {QStringLiteral("githubApi"), sandbox->githubApi().toString()},
                                  {QStringLiteral("openaiApi"), sandbox->openaiApi().toString()},
                                  {QStringLiteral("anthropicApi"), sandbox->anthropicApi().toString()},
                                  {QStringLiteral("healthUrl"), sandbox->healthUrl().toString()}});
    } else {
        inv.out() << sandbox->baseUrl().toString() << "\n";
        inv.err() << "OpsDeck sandbox (seed " << options.seed << ") — point the CLI at it with:\n"
                  << "  export OPSDECK_VERCEL_API=" << sandbox->vercelApi().toString()
                  << " VERCEL_TOKEN=" << Sandbox::kVercelToken << " OPSDECK_VERCEL_PROJECT=" << Sandbox::kVercelProjectId
                  << " OPSDECK_VERCEL_TEAM=" << Sandbox::kVercelTeamId
                  << "\n  export OPSDECK_GITHUB_API=" << sandbox->githubApi().toString() << " GITHUB_TOKEN="
                  << Sandbox::kGithubToken << " OPSDECK_GITHUB_REPO=" << Sandbox::kGithubRepo
                  << "\n  export OPSDECK_OPENAI_API=" << sandbox->openaiApi().toString() << " OPENAI_ADMIN_KEY="
                  << Sandbox::kOpenAiKey << "\n  export OPSDECK_ANTHROPIC_API=" << sandbox->anthropicApi().toString()
                  << " ANTHROPIC_ADMIN_KEY=" << Sandbox::kAnthropicKey
                  << "\n  export OPSDECK_HEALTH_URL=" << sandbox->healthUrl().toString() << "\nCtrl+C stops it.\n";
    }
    inv.out().flush();
    inv.err().flush();
    // Runs until the process is stopped.
#else
    inv.fail(makeError(ErrorKind::Config, QStringLiteral("this build has no sandbox")));
#endif
}

} // namespace

QList<Command> sandboxCommands()
{
    return {{{QStringLiteral("sandbox")}, QStringLiteral("sandbox [--port N] [--seed S]"),
             QStringLiteral("Run the simulated production (Vercel, GitHub, OpenAI, Anthropic, health) and print its URL"),
             QStringLiteral("  --port N   listen on this port (default: a free one)\n  --seed S   the simulated world's seed (default 42)"),
             true, runSandbox}};
}

} // namespace opsdeck::cli
