// opsdeck-cli logs analyze | logs rotate | logs app
#include "appcontext.h"
#include "cliargs.h"
#include "clicommand.h"
#include "core/clock.h"
#include "logs/apploganalyzer.h"
#include "logs/loganalyzer.h"
#include "logs/logrotator.h"
#include "store/auditlog.h"
#include "usecases/logsusecase.h"

#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonObject>

#include <unistd.h>

namespace opsdeck::cli {

namespace {

QString fixed(double v, int decimals = 1) { return QString::number(v, 'f', decimals); }

void printAnalysis(Invocation &inv, const LogAnalysis &a)
{
    QTextStream &o = inv.out();
    o << "Requests      " << a.requests << "  (" << a.lines << " lines, " << a.malformedLines << " malformed)\n";
    o << "Status        2xx " << a.status2xx << "  3xx " << a.status3xx << "  4xx " << a.status4xx << "  5xx "
      << a.status5xx << "\n";
    o << "Auth          401 " << a.status401 << "  403 " << a.status403 << "\n";
    o << "Error rate    " << fixed(a.errorRate * 100.0, 2) << " % (5xx)\n";
    if (a.latency)
        o << "Latency (ms)  mean " << fixed(a.latency->meanMs) << "  p50 " << fixed(a.latency->p50Ms) << "  p95 "
          << fixed(a.latency->p95Ms) << "  p99 " << fixed(a.latency->p99Ms) << "  max " << fixed(a.latency->maxMs) << "\n";
    else
        o << "Latency       (no request time in this format)\n";
    if (a.lastRequest.isValid())
        o << "Period        " << a.firstRequest.toString(Qt::ISODate) << " .. " << a.lastRequest.toString(Qt::ISODate)
          << "  peak " << a.peakRequestsPerMinute << "/min\n";
    QList<QStringList> rows;
    for (const IpCount &ip : a.topIps)
        rows << QStringList{QStringLiteral("  ") + ip.ip, QString::number(ip.count)};
    o << "\nTop IPs\n" << formatTable({QStringLiteral("  IP"), QStringLiteral("REQUESTS")}, rows);
    if (!a.suspiciousIps.isEmpty()) {
        rows.clear();
        for (const SuspiciousIp &s : a.suspiciousIps)
            rows << QStringList{QStringLiteral("  ") + s.ip, s.reason};
        o << "\nSuspicious IPs\n" << formatTable({QStringLiteral("  IP"), QStringLiteral("REASON")}, rows);
    }
    if (!a.topErrorPaths.isEmpty()) {
        rows.clear();
        for (const PathErrors &p : a.topErrorPaths.mid(0, 10))
            rows << QStringList{QStringLiteral("  ") + p.path, QString::number(p.clientErrors), QString::number(p.serverErrors)};
        o << "\nPaths by errors\n" << formatTable({QStringLiteral("  PATH"), QStringLiteral("4XX"), QStringLiteral("5XX")}, rows);
    }
}

void reportAnalysis(Invocation &inv, const Result<LogAnalysis> &result);

void runAnalyze(Invocation &inv)
{
    CliArgs args(inv.args(), {}, {QStringLiteral("--format"), QStringLiteral("--top"), QStringLiteral("--threads")});
    if (!argsOk(inv, args))
        return;
    if (args.positional().isEmpty())
        return inv.usageError(QStringLiteral("usage: logs analyze FILE... [--format combined|combined_rt|FORMAT]"));
    QString problem;
    const auto top = args.positiveInt(QStringLiteral("--top"), 20, &problem);
    const auto threads = args.positiveInt(QStringLiteral("--threads"), 1, &problem);
    if (!top || !threads)
        return inv.usageError(problem);
    LogAnalysisRequest request;
    request.files = args.positional();
    request.format = args.value(QStringLiteral("--format")).value_or(QString());
    request.topIps = *top;
    request.threads = args.value(QStringLiteral("--threads")) ? *threads : 0;
    Job<LogAnalysis> *job = inv.context().logs().analyzeAccess(request, &inv.context());
    if (::isatty(STDERR_FILENO) == 1) {
        auto lastShown = std::make_shared<QElapsedTimer>();
        lastShown->start();
        QObject::connect(job, &JobBase::progress, &inv.context(), [&inv, lastShown](const QString &, qint64 done, qint64 total) {
            if (total > 0 && lastShown->elapsed() > 250) {
                inv.err() << "\ranalysing: " << done * 100 / total << " %" << Qt::flush;
                lastShown->restart();
            }
        });
        QObject::connect(job, &JobBase::finished, &inv.context(), [&inv] { inv.err() << "\r" << Qt::flush; });
    }
    job->onFinished(&inv.context(), [&inv](const Result<LogAnalysis> &result) { reportAnalysis(inv, result); });
}

void reportAnalysis(Invocation &inv, const Result<LogAnalysis> &result)
{
    if (!result)
        return result.error().kind == ErrorKind::Config ? inv.usageError(result.error().message) : inv.fail(result.error());
    const LogAnalysis &a = result.value();
    const Thresholds &t = inv.context().profile().thresholds;
    QJsonArray crossed;
    if (a.requests > 0 && a.errorRate * 100.0 > t.errorRatePercent)
        crossed.append(QStringLiteral("errorRatePercent"));
    if (a.latency && a.latency->p95Ms > t.p95Ms)
        crossed.append(QStringLiteral("p95Ms"));
    for (const QString &w : a.warnings)
        inv.err() << "opsdeck-cli: warning: " << w << Qt::endl;
    if (inv.json()) {
        QJsonObject doc = logAnalysisToJson(a);
        doc.insert(QStringLiteral("thresholds"), QJsonObject{{QStringLiteral("errorRatePercent"), t.errorRatePercent},
                                                             {QStringLiteral("p95Ms"), t.p95Ms},
                                                             {QStringLiteral("crossed"), crossed}});
        inv.printJson(doc);
    } else {
        printAnalysis(inv, a);
        for (const QJsonValue &c : crossed)
            inv.out() << "\nThreshold crossed: " << c.toString() << "\n";
    }
    inv.finish(crossed.isEmpty() ? ExitOk : ExitCheckFailed);
}

void printRotation(Invocation &inv, const QList<RotationPlan> &plans, const QList<LogsUseCase::Rotated> &rotated, bool dryRun);

void runRotate(Invocation &inv)
{
    CliArgs args(inv.args(), {QStringLiteral("--dry-run")},
                 {QStringLiteral("--compress-after"), QStringLiteral("--delete-after"), QStringLiteral("--pattern")});
    if (!argsOk(inv, args))
        return;
    QStringList dirs = args.positional();
    if (dirs.isEmpty())
        dirs = inv.context().profile().logDirs;
    if (dirs.isEmpty())
        return inv.usageError(QStringLiteral("no log folder: pass DIR, set OPSDECK_LOG_DIRS or the profile's log folders"));
    // The profile's rotation settings; the flags override them for this run.
    RotationPolicy policy = RotationPolicy::fromProfile(inv.context().profile().logRotation);
    for (const auto &[name, target] : {std::pair{QStringLiteral("--compress-after"), &policy.compressAfterMs},
                                       std::pair{QStringLiteral("--delete-after"), &policy.deleteAfterMs}}) {
        if (const auto v = args.value(name)) {
            const auto ms = CliArgs::parseDuration(*v);
            if (!ms || *ms <= 0)
                return inv.usageError(name + QStringLiteral(" takes a duration such as 7d or 90d"));
            *target = *ms;
        }
    }
    if (const auto pattern = args.value(QStringLiteral("--pattern"))) {
        policy.logPattern = *pattern;
        policy.archivePattern = *pattern + QStringLiteral(".gz");
    }
    const bool dryRun = args.flag(QStringLiteral("--dry-run"));
    LogsUseCase &logs = inv.context().logs();
    QList<Job<RotationPlan> *> previews;
    for (const QString &dir : std::as_const(dirs))
        previews << logs.previewRotation(dir, policy, &inv.context());
    whenAll(previews, &inv.context())->onFinished(&inv.context(), [&inv, &logs, dryRun](const Result<QList<Result<RotationPlan>>> &planned) {
        QList<RotationPlan> plans;
        for (const Result<RotationPlan> &plan : planned.value()) {
            if (!plan)
                return plan.error().kind == ErrorKind::Config ? inv.usageError(plan.error().message) : inv.fail(plan.error());
            plans << plan.value();
        }
        if (dryRun)
            return printRotation(inv, plans, {}, true);
        QList<Job<LogsUseCase::Rotated> *> runs;
        for (const RotationPlan &plan : std::as_const(plans))
            runs << logs.rotate(plan, &inv.context());
        whenAll(runs, &inv.context())->onFinished(&inv.context(), [&inv, plans](const Result<QList<Result<LogsUseCase::Rotated>>> &done) {
            QList<LogsUseCase::Rotated> rotated;
            for (const Result<LogsUseCase::Rotated> &r : done.value()) {
                if (!r)  // refused before anything ran: the audit trail cannot be read
                    return inv.fail(r.error());
                if (!r->auditProblem.isEmpty())
                    inv.err() << "opsdeck-cli: " << r->auditProblem << Qt::endl;
                rotated << r.value();
            }
            printRotation(inv, plans, rotated, false);
        });
    });
}

void printRotation(Invocation &inv, const QList<RotationPlan> &plans, const QList<LogsUseCase::Rotated> &rotated, bool dryRun)
{
    QJsonArray rows;
    QList<QStringList> table;
    bool failed = false;
    for (qsizetype i = 0; i < plans.size(); ++i) {
        const RotationPlan &plan = plans[i];
        QJsonArray part;
        QList<RotationOutcome> outcomes;
        if (dryRun) {
            part = LogRotator::planToJson(plan);
            for (const RotationItem &item : plan.items)
                outcomes << RotationOutcome{item, false, {}};
        } else {
            const RotationReport &report = rotated[i].report;
            part = LogRotator::reportToJson(report);
            outcomes = report.outcomes;
            failed = failed || !report.ok() || !rotated[i].auditProblem.isEmpty();
        }
        for (const QJsonValue &row : part) {
            QJsonObject o = row.toObject();
            o.insert(QStringLiteral("folder"), plan.folder);
            rows.append(o);
        }
        for (const RotationOutcome &o : outcomes)
            table << QStringList{plan.folder + QLatin1Char('/') + o.item.file, RotationPlanner::actionName(o.item.action),
                                 RotationPlanner::formatAge(o.item.ageMs), o.item.reason,
                                 dryRun ? QString() : (o.error.isEmpty() ? (o.done ? QStringLiteral("done") : QString()) : o.error)};
    }
    if (inv.json()) {
        inv.printJson(rows);
    } else {
        inv.out() << formatTable({QStringLiteral("FILE"), QStringLiteral("ACTION"), QStringLiteral("AGE"),
                                  QStringLiteral("REASON"), dryRun ? QStringLiteral("(dry run)") : QStringLiteral("RESULT")},
                                 table);
    }
    inv.finish(failed ? ExitProvider : ExitOk);
}

void runApp(Invocation &inv)
{
    CliArgs args(inv.args(), {}, {QStringLiteral("--pattern"), QStringLiteral("--keyword")});
    if (!argsOk(inv, args))
        return;
    if (args.positional().isEmpty())
        return inv.usageError(QStringLiteral("usage: logs app FILE... [--pattern REGEX] [--keyword WORD]"));
    AppLogRequest request = inv.context().logs().appLogRequest(args.positional());
    if (const auto p = args.value(QStringLiteral("--pattern"))) {
        request.pattern = *p;
        request.keyword.clear();  // a custom pattern decides alone, unless a keyword is given too
    }
    if (const auto k = args.value(QStringLiteral("--keyword")))
        request.keyword = *k;
    inv.context().logs().analyzeApp(request, &inv.context())->onFinished(&inv.context(), [&inv](const Result<AppLogAnalysis> &r) {
        if (!r)
            return r.error().kind == ErrorKind::Config ? inv.usageError(r.error().message + QStringLiteral(": ") + r.error().detail)
                                                       : inv.fail(r.error());
        if (inv.json()) {
            inv.printJson(appLogAnalysisToJson(*r));
        } else {
            QList<QStringList> rows;
            for (const AppErrorType &t : r->byType)
                rows << QStringList{QString::number(t.count), t.type, t.sample.left(80)};
            inv.out() << r->errorLines << " error lines of " << r->lines << "\n\n"
                      << formatTable({QStringLiteral("COUNT"), QStringLiteral("TYPE"), QStringLiteral("FIRST SEEN AS")}, rows);
        }
        inv.finish(ExitOk);
    });
}

} // namespace

QList<Command> logsCommands()
{
    return {
        {{QStringLiteral("logs"), QStringLiteral("analyze")},
         QStringLiteral("logs analyze FILE... [--format combined|combined_rt|FORMAT]"),
         QStringLiteral("Access-log audit and performance review (plain or .gz; exit 1 past the profile's thresholds)"),
         QStringLiteral("  --format F    auto (default: combined with an optional trailing $request_time), combined,\n"
                        "                combined_rt, or an nginx log_format / Apache LogFormat string\n"
                        "  --top N       how many top IPs to list (default 20)\n"
                        "  --threads N   parsing threads (default: every core)\n"
                        "errorRate is the share of 5xx responses (0..1); latencies are milliseconds, percentiles\n"
                        "nearest-rank over the raw values; lines longer than 1 MiB count as malformed."),
         true, runAnalyze},
        {{QStringLiteral("logs"), QStringLiteral("rotate")},
         QStringLiteral("logs rotate DIR [--compress-after 7d] [--delete-after 90d] [--dry-run]"),
         QStringLiteral("Compress old *.log, delete old *.log.gz (exit 3 on I/O errors)"),
         QStringLiteral("  --dry-run          list what the run would do, change nothing\n"
                        "  --pattern GLOB     log files to compress (default *.log; archives GLOB.gz)\n"
                        "Files modified in the last 10 minutes, open for writing, symbolic links, hard-linked files\n"
                        "and folders are never touched. Without DIR, the profile's log folders are used."),
         true, runRotate},
        {{QStringLiteral("logs"), QStringLiteral("app")}, QStringLiteral("logs app FILE... [--pattern REGEX]"),
         QStringLiteral("Application-log errors by type"),
         QStringLiteral("  --pattern REGEX   the error type is the group named \"type\" (or group 1)\n"
                        "  --keyword WORD    lines containing WORD are errors (default ERROR with the default pattern)"),
         true, runApp},
    };
}

} // namespace opsdeck::cli
