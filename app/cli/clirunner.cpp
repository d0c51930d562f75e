#include "clirunner.h"

#include "appcontext.h"
#include "secrets/auditkey.h"
#include "clicommand.h"
#include "core/logsink.h"

#include <QCoreApplication>
#include <QSet>
#include <QTextStream>
#include <QTimer>

#include <functional>

namespace opsdeck::cli {

namespace {

QList<Command> allCommands()
{
    QList<Command> all;
    all << secretsCommands() << auditCommands() << profileCommands() << sandboxCommands() << dailyCommands() << errorsCommands() << secretsPushCommands() << secretsRotateCommands() << depsCommands() << rollbackCommands();
    all << costsCommands();
    all << checkCommands() << checklistCommands() << timelineCommands() << storeCommands();
    all << troubleshootCommands();
    all << logsCommands();
    all << dbCommands() << backupCommands();
    return all;
}

constexpr int kHelpWidth = 80;

// Words of text in lines of at most width characters (a longer word stands alone).
QStringList wrap(const QString &text, int width)
{
    QStringList lines;
    QString line;
    for (const QString &word : text.split(QLatin1Char(' '), Qt::SkipEmptyParts)) {
        if (!line.isEmpty() && line.size() + 1 + word.size() > width) {
            lines << line;
            line.clear();
        }
        line += (line.isEmpty() ? QString() : QStringLiteral(" ")) + word;
    }
    if (!line.isEmpty())
        lines << line;
    return lines;
}

// Commands grouped by when an SRE runs them, as gh groups its own; a command's words, then its summary
// wrapped to the terminal's 80 columns. Each command's full synopsis is in COMMAND --help.
QString globalHelp(const QList<Command> &commands)
{
    struct Group {
        QString title;
        QStringList firstWords;
    };
    const QList<Group> groups = {
        {QStringLiteral("DAILY"), {QStringLiteral("check"), QStringLiteral("report"), QStringLiteral("health"),
                                   QStringLiteral("errors"), QStringLiteral("deployments"), QStringLiteral("runs"),
                                   QStringLiteral("rollback"), QStringLiteral("promote"), QStringLiteral("costs")}},
        {QStringLiteral("TROUBLESHOOTING"), {QStringLiteral("env")}},
        {QStringLiteral("MONTHLY"), {QStringLiteral("deps")}},
        {QStringLiteral("WEEKLY"), {QStringLiteral("logs"), QStringLiteral("backup"), QStringLiteral("db")}},
        {QStringLiteral("SETUP AND AUDIT"), {QStringLiteral("profile"), QStringLiteral("secrets"), QStringLiteral("audit")}},
        {QStringLiteral("DEMO"), {QStringLiteral("sandbox")}},
    };
    const int nameWidth = 22;
    QString s = QStringLiteral(
        "Usage: opsdeck-cli [--profile NAME] [--demo] [--json] COMMAND [ARGS...]\n"
        "\n"
        "OpsDeck's services without a window, for cron jobs, CI and scripts.\n");
    QSet<const Command *> listed;
    auto section = [&](const QString &title, const std::function<bool(const Command &)> &belongs) {
        QString body;
        for (const Command &c : commands) {
            if (listed.contains(&c) || !belongs(c))
                continue;
            listed.insert(&c);
            const QString name = QStringLiteral("  ") + c.words.join(QLatin1Char(' '));
            const QStringList lines = wrap(c.summary, kHelpWidth - nameWidth);
            body += name.leftJustified(nameWidth - 1) + QLatin1Char(' ');
            if (name.size() >= nameWidth) {
                body += QStringLiteral("\n") + QString(nameWidth, QLatin1Char(' '));
            }
            body += lines.value(0) + QLatin1Char('\n');
            for (qsizetype i = 1; i < lines.size(); ++i)
                body += QString(nameWidth, QLatin1Char(' ')) + lines[i] + QLatin1Char('\n');
        }
        if (!body.isEmpty())
            s += QStringLiteral("\n") + title + QStringLiteral(" COMMANDS\n") + body;
    };
    for (const Group &g : groups)
        section(g.title, [&g](const Command &c) { return g.firstWords.contains(c.words.value(0)); });
    section(QStringLiteral("OTHER"), [](const Command &) { return true; });
    s += QStringLiteral(
        "\nGLOBAL OPTIONS\n"
        "  --profile NAME       use this profile (default: the default profile)\n"
        "  --demo               run against the built-in sandbox\n"
        "  --json               print one JSON document on stdout\n"
        "  --verbose            log to stderr (secrets redacted)\n"
        "  --version            print the version\n"
        "  --help               this text; COMMAND --help for a command's options\n"
        "\nEXIT CODES\n"
        "  0 all good; 1 a check failed or a threshold was crossed; 2 usage or\n"
        "  configuration error (a missing credential included); 3 a provider, network\n"
        "  or I/O error.\n"
        "\nENVIRONMENT\n"
        "  VERCEL_TOKEN, GITHUB_TOKEN/GH_TOKEN, OPENAI_ADMIN_KEY, ANTHROPIC_ADMIN_KEY,\n"
        "  DATABASE_URL, OPSDECK_*_API base URLs and the others in README.md override\n"
        "  the profile.\n");
    return s;
}

} // namespace

int runCli(const QStringList &arguments)
{
    QTextStream out(stdout);
    QTextStream err(stderr);
    AppOptions options;
    options.applyEnvironment = true;
    options.storeLocation = qEnvironmentVariable("OPSDECK_STORE");
    bool json = false;
    bool verbose = false;
    bool help = false;
    QStringList rest;
    const QStringList args = arguments.mid(1);
    qsizetype i = 0;
    for (; i < args.size(); ++i) {
        const QString &a = args[i];
        if (a == QLatin1String("--json")) {
            json = true;
        } else if (a == QLatin1String("--demo")) {
            options.demo = true;
        } else if (a == QLatin1String("--verbose")) {
            verbose = true;
        } else if (a == QLatin1String("--profile")) {
            if (i + 1 >= args.size()) {
                err << "opsdeck-cli: --profile needs a NAME\n";
                return ExitUsage;
            }
            options.profileName = args[++i];
        } else if (a.startsWith(QLatin1String("--profile="))) {
            options.profileName = a.mid(10);
        } else if (a == QLatin1String("--version") || a == QLatin1String("-v")) {
            out << "opsdeck-cli " << OPSDECK_VERSION << Qt::endl;
            return ExitOk;
        } else if (a == QLatin1String("--help") || a == QLatin1String("-h")) {
            help = true;
        } else if (a.startsWith(QLatin1String("--")) && rest.isEmpty()) {
            err << "opsdeck-cli: unknown option " << a << "\n";
            return ExitUsage;
        } else {
            rest << a;
        }
    }

    const QList<Command> commands = allCommands();
    // The longest matching sequence of command words wins.
    const Command *found = nullptr;
    for (const Command &c : commands) {
        if (rest.size() >= c.words.size() && rest.mid(0, c.words.size()) == c.words
            && (!found || c.words.size() > found->words.size()))
            found = &c;
    }
    if (!found) {
        if (rest.isEmpty() || help) {
            out << globalHelp(commands);
            return rest.isEmpty() && !help ? ExitUsage : ExitOk;
        }
        err << "opsdeck-cli: unknown command \"" << rest.join(QLatin1Char(' ')) << "\"; see opsdeck-cli --help\n";
        return ExitUsage;
    }
    QStringList commandArgs = rest.mid(found->words.size());
    if (help || commandArgs.contains(QLatin1String("--help"))) {
        out << "Usage: opsdeck-cli " << found->synopsis << "\n\n" << found->summary << "\n";
        if (!found->help.isEmpty())
            out << "\n" << found->help << "\n";
        return ExitOk;
    }
    // Remove a --json that came after the command words.
    if (commandArgs.removeAll(QStringLiteral("--json")) > 0)
        json = true;

    auto context = AppContext::create(options);
    if (!context) {
        err << "opsdeck-cli: " << context.error().toString() << Qt::endl;
        return exitCodeFor(context.error());
    }
    AppContext &ctx = *context.value();
    ctx.log().setEchoToStderr(true);
    ctx.log().setEchoLevel(verbose ? LogLevel::Debug : LogLevel::Warning);
    ctx.log().installMessageHandler();

    Invocation invocation(ctx, commandArgs, json);
    // The audit key first, so that the command's audit entries are signed. A keychain that does not
    // answer within 10 s leaves them unsigned (marked so) rather than the command waiting for it.
    bool started = false;
    const auto start = [&invocation, found, &started] {
        if (!std::exchange(started, true))
            found->run(invocation);
    };
    ctx.unlockAudit(&ctx)->onFinished(&ctx, [start](const Result<AuditKey> &) { start(); });
    QTimer::singleShot(10'000, &ctx, start);
    const int code = QCoreApplication::exec();
    return invocation.isFinished() ? invocation.exitCode() : code;
}

} // namespace opsdeck::cli
