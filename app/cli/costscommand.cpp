// opsdeck-cli costs | costs users | costs import
#include "appcontext.h"
#include "cliargs.h"
#include "clicommand.h"
#include "core/clock.h"
#include "costs/costcsv.h"
#include "costs/costreport.h"
#include "costs/costservice.h"
#include "costtablemodel.h"
#include "database/pgconnectioninfo.h"
#include "usecases/costsusecase.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonObject>
#include <QSaveFile>

#include <memory>

namespace opsdeck::cli {

namespace {

constexpr qint64 kMaxImportBytes = 64 * 1024 * 1024;

CostService *makeService(AppContext &ctx) { return ctx.costs().makeService(&ctx); }

QString money(double usd) { return CostTableModel::formatUsd(usd); }

Status writeFile(const QString &path, const QByteArray &data)
{
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(data) != data.size() || !file.commit())
        return makeError(ErrorKind::Io, QStringLiteral("cannot write %1").arg(path), file.errorString());
    return {};
}

void printReport(Invocation &inv, const CostReport &r)
{
    QList<QStringList> rows;
    for (auto it = r.dailyTotals.crbegin(); it != r.dailyTotals.crend(); ++it) {
        QString note;
        for (const Spike &s : r.spikes) {
            if (s.day == it->day)
                note = s.overThreshold ? QStringLiteral("SPIKE over %1/day").arg(money(r.thresholdUsd))
                                       : QStringLiteral("SPIKE %1x the 7-day median").arg(s.amountUsd / s.trailingMedianUsd.value_or(1), 0, 'f', 1);
        }
        rows << QStringList{it->day.toString(Qt::ISODate), money(r.period.total(it->day, costprovider::openai())),
                            money(r.period.total(it->day, costprovider::anthropic())), money(it->amountUsd), note};
    }
    rows << QStringList{QStringLiteral("total"), money(r.period.totalUsd(costprovider::openai())),
                        money(r.period.totalUsd(costprovider::anthropic())), money(r.totalUsd), QString()};
    inv.out() << formatTable({QStringLiteral("DAY (UTC)"), QStringLiteral("OPENAI"), QStringLiteral("ANTHROPIC"),
                              QStringLiteral("TOTAL"), QStringLiteral("NOTE")},
                             rows);
    inv.out() << "\nMonth to date: " << money(r.month.mtdUsd) << "   month-end forecast: " << money(r.month.forecastUsd)
              << " (" << money(r.month.dailyRateUsd) << "/day)\n";
    if (r.per100UsersUsd)
        inv.out() << "Per 100 active users: " << money(*r.per100UsersUsd) << " a month (target "
                  << money(kTargetPer100UsersUsd) << ", " << r.activeUsers->users << " users in "
                  << r.activeUsers->month.toString(QStringLiteral("yyyy-MM")) << ")\n";
    else
        inv.out() << "Per 100 active users: unknown (set the month's users with `opsdeck-cli costs users N`)\n";
}

void report(Invocation &inv, CostService *service, const CostReportOptions &options, const QStringList &providers,
            const QString &csvPath)
{
    const CostSeries stored = service->load(costHistoryStart(options), options.today);
    if (!stored.problems.isEmpty())
        return inv.fail(stored.problems.first().error);
    QList<CostFigure> figures;
    for (const CostFigure &f : stored.figures()) {
        if (providers.contains(f.provider))
            figures.append(f);
    }
    const CostReport r = buildCostReport(CostSeries(stored.from(), stored.to(), figures), options);
    if (!csvPath.isEmpty()) {
        if (Status s = writeFile(csvPath, exportCostsCsv(r.period)); !s)
            return inv.fail(s.error());
    }
    if (inv.json())
        inv.printJson(costReportJson(r));
    else
        printReport(inv, r);
    inv.finish(r.spikes.isEmpty() ? ExitOk : ExitCheckFailed);
}

void runCosts(Invocation &inv)
{
    CliArgs args(inv.args(), {QStringLiteral("--offline")},
                 {QStringLiteral("--days"), QStringLiteral("--csv"), QStringLiteral("--provider"), QStringLiteral("--active-users")});
    if (!args.problem().isEmpty())
        return inv.usageError(args.problem());
    if (!args.positional().isEmpty())
        return inv.usageError(QStringLiteral("costs takes no positional argument (see costs --help)"));
    QString problem;
    const auto days = args.positiveInt(QStringLiteral("--days"), 30, &problem);
    if (!days || *days > 366)
        return inv.usageError(problem.isEmpty() ? QStringLiteral("--days is at most 366") : problem);
    QStringList providers = costprovider::all();
    if (const auto p = args.value(QStringLiteral("--provider"))) {
        if (!providers.contains(*p))
            return inv.usageError(QStringLiteral("--provider is openai or anthropic"));
        providers = {*p};
    }
    AppContext &ctx = inv.context();
    CostService *service = makeService(ctx);
    CostReportOptions options;
    options.days = *days;
    options.today = service->today();
    options.spikeRule.thresholdUsd = ctx.profile().thresholds.costPerDayUsd;
    options.activeUsers = service->activeUsers(options.today);
    if (const auto users = args.value(QStringLiteral("--active-users"))) {
        bool ok = false;
        const qint64 n = users->toLongLong(&ok);
        if (!ok || n <= 0)
            return inv.usageError(QStringLiteral("--active-users needs a positive number"));
        options.activeUsers = ActiveUsers{QDate(options.today.year(), options.today.month(), 1), n, {}};
    }
    const QString csvPath = args.value(QStringLiteral("--csv")).value_or(QString());
    if (args.flag(QStringLiteral("--offline")))
        return report(inv, service, options, providers, csvPath);

    Job<CostSeries> *job = service->refresh(costHistoryStart(options), options.today, providers);
    QObject::connect(job, &JobBase::progress, &ctx, [&inv](const QString &status) { inv.err() << status << Qt::endl; });
    job->onFinished(&ctx, [&inv, service, options, providers, csvPath](const Result<CostSeries> &r) {
        if (!r)
            return inv.fail(r.error());
        // Partial figures would understate the spend: a provider that failed fails the command.
        if (!r->problems.isEmpty()) {
            Error e = r->problems.first().error;
            e.message = CostTableModel::providerLabel(r->problems.first().provider) + QStringLiteral(": ") + e.message;
            return inv.fail(e);
        }
        report(inv, service, options, providers, csvPath);
    });
}

void printUsers(Invocation &inv, CostService *service, QDate month)
{
    const auto users = service->activeUsers(month);
    if (inv.json())
        inv.printJson(QJsonObject{{QStringLiteral("month"), month.toString(QStringLiteral("yyyy-MM"))},
                                  {QStringLiteral("activeUsers"), users ? QJsonValue(users->users) : QJsonValue()},
                                  {QStringLiteral("fromMonth"), users ? QJsonValue(users->month.toString(QStringLiteral("yyyy-MM")))
                                                                      : QJsonValue()}});
    else if (users)
        inv.out() << month.toString(QStringLiteral("yyyy-MM")) << ": " << users->users << " active users"
                  << (users->month != month ? QStringLiteral(" (from %1)").arg(users->month.toString(QStringLiteral("yyyy-MM"))) : QString())
                  << "\n";
    else
        inv.out() << month.toString(QStringLiteral("yyyy-MM")) << ": no active users entered\n";
    inv.finish(ExitOk);
}

// --from-db: the profile's active-users query on the product database, stored for the month.
void usersFromDatabase(Invocation &inv, CostService *service, QDate month)
{
    if (!inv.context().costs().hasActiveUsersQuery())
        return inv.usageError(QStringLiteral("the profile has no active-users query (Profiles page, \"Active users SQL\")"));
    inv.context().costs().countActiveUsers(*service, month, &inv.context())->onFinished(&inv.context(), [&inv, service, month](const Result<qint64> &n) {
        if (!n)
            return inv.fail(n.error());
        printUsers(inv, service, month);
    });
}

void runUsers(Invocation &inv)
{
    CliArgs args(inv.args(), {QStringLiteral("--from-db")}, {QStringLiteral("--month")});
    if (!args.problem().isEmpty())
        return inv.usageError(args.problem());
    CostService *service = makeService(inv.context());
    QDate month = service->today();
    if (const auto m = args.value(QStringLiteral("--month"))) {
        month = QDate::fromString(*m + QStringLiteral("-01"), Qt::ISODate);
        if (!month.isValid())
            return inv.usageError(QStringLiteral("--month takes YYYY-MM"));
    }
    month = QDate(month.year(), month.month(), 1);
    if (args.positional().size() > 1 || (args.flag(QStringLiteral("--from-db")) && !args.positional().isEmpty()))
        return inv.usageError(QStringLiteral("usage: costs users [N | --from-db] [--month YYYY-MM]"));
    if (args.flag(QStringLiteral("--from-db")))
        return usersFromDatabase(inv, service, month);
    if (args.positional().size() == 1) {
        bool ok = false;
        const qint64 n = args.positional().first().toLongLong(&ok);
        if (!ok || n < 0)
            return inv.usageError(QStringLiteral("the number of active users is a whole number (0 clears the month)"));
        if (Status s = service->setActiveUsers(month, n); !s)
            return inv.fail(s.error());
    }
    printUsers(inv, service, month);
}

void runImport(Invocation &inv)
{
    CliArgs args(inv.args(), {}, {});
    if (!args.problem().isEmpty())
        return inv.usageError(args.problem());
    if (args.positional().size() != 1)
        return inv.usageError(QStringLiteral("usage: costs import FILE.csv"));
    QFile file(args.positional().first());
    if (!file.open(QIODevice::ReadOnly))
        return inv.fail(makeError(ErrorKind::Io, QStringLiteral("cannot read %1").arg(file.fileName()), file.errorString()));
    if (file.size() > kMaxImportBytes)
        return inv.fail(makeError(ErrorKind::Config, QStringLiteral("%1 is larger than 64 MB").arg(file.fileName())));
    const auto figures = importCostsCsv(file.readAll());
    if (!figures)
        return inv.fail(makeError(ErrorKind::Config, figures.error().message));
    if (Status s = makeService(inv.context())->importFigures(figures.value()); !s)
        return inv.fail(s.error());
    if (inv.json())
        inv.printJson(QJsonObject{{QStringLiteral("imported"), figures->size()}});
    else
        inv.out() << "Imported " << figures->size() << " cost figures.\n";
    inv.finish(ExitOk);
}

} // namespace

QList<Command> costsCommands()
{
    return {
        {{QStringLiteral("costs")}, QStringLiteral("costs [--days N] [--csv FILE] [--provider openai|anthropic] [--offline]"),
         QStringLiteral("OpenAI and Anthropic spend per day and model; exit 1 when a day in range is a spike"),
         QStringLiteral("  --days N              the last N UTC days, today included (default 30)\n"
                        "  --csv FILE            also write the period's figures as CSV (safe for spreadsheets)\n"
                        "  --provider P          fetch one provider only\n"
                        "  --offline             use the figures stored by earlier runs, no network\n"
                        "  --active-users N      this month's active users (default: `costs users`)\n"
                        "\n"
                        "A spike is a day over the profile's cost threshold ($50 by default) or more than twice\n"
                        "the median of the 7 days before it (and $1 above it). forecastUsd = the month's complete\n"
                        "days + max(today, their daily mean) + that mean x the days left; per100UsersUsd =\n"
                        "forecastUsd / active users x 100 (target $105)."),
         true, runCosts},
        {{QStringLiteral("costs"), QStringLiteral("users")}, QStringLiteral("costs users [N | --from-db] [--month YYYY-MM]"),
         QStringLiteral("Show or set the month's active users (for the cost per 100 users)"),
         QStringLiteral("  --from-db          count them with the profile's active-users query on its database\n"
                        "                     (read only; {month_start} and {month_end} are the month's bounds)"),
         true, runUsers},
        {{QStringLiteral("costs"), QStringLiteral("import")}, QStringLiteral("costs import FILE.csv"),
         QStringLiteral("Import a CSV written by costs --csv into the local store"), QString(), true, runImport},
    };
}

} // namespace opsdeck::cli
