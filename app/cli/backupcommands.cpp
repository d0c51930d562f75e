// opsdeck-cli backup plan | run | list | verify | restore | prune
#include "appcontext.h"
#include "backups/retentionplanner.h"
#include "cliargs.h"
#include "clicommand.h"
#include "core/clock.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonObject>

#include <cstdio>

namespace opsdeck::cli {

namespace {

QString iso(const QDateTime &t)
{
    return t.toUTC().toString(t.time().msec() ? Qt::ISODateWithMs : Qt::ISODate);
}

QByteArray readAllStdin()
{
    QByteArray data;
    char buffer[65536];
    size_t n = 0;
    while ((n = std::fread(buffer, 1, sizeof buffer, stdin)) > 0)
        data.append(buffer, qsizetype(n));
    return data;
}

// --keep-daily N etc.: 0 (the default) turns the rule off, -1 keeps all, as restic's flags.
bool readPolicy(Invocation &inv, const CliArgs &args, RetentionPolicy &policy)
{
    const std::pair<const char *, int *> keys[] = {{"--keep-daily", &policy.daily},
                                                   {"--keep-weekly", &policy.weekly},
                                                   {"--keep-monthly", &policy.monthly},
                                                   {"--keep-yearly", &policy.yearly}};
    for (const auto &[name, target] : keys) {
        const auto v = args.value(QString::fromLatin1(name));
        if (!v)
            continue;
        bool ok = false;
        const int n = v->toInt(&ok);
        if (!ok || n < -1) {
            inv.usageError(QString::fromLatin1(name) + QStringLiteral(" takes a count (0 = off, -1 = all)"));
            return false;
        }
        *target = n;
    }
    return true;
}

QJsonArray planJson(const QList<RetentionDecision> &plan, bool withIds)
{
    QJsonArray rows;
    for (const RetentionDecision &d : plan) {
        QJsonObject o{{QStringLiteral("time"), iso(d.time)},
                      {QStringLiteral("action"), d.keep ? QStringLiteral("keep") : QStringLiteral("remove")},
                      {QStringLiteral("reasons"), QJsonArray::fromStringList(d.reasons)}};
        if (withIds) {
            o.insert(QStringLiteral("id"), d.id);
            o.insert(QStringLiteral("verified"), d.verified);
        }
        rows.append(o);
    }
    return rows;
}

void printPlan(Invocation &inv, const QList<RetentionDecision> &plan, bool withIds)
{
    if (inv.json())
        return inv.printJson(planJson(plan, withIds));
    QList<QStringList> rows;
    for (const RetentionDecision &d : plan) {
        QStringList row{iso(d.time), d.keep ? QStringLiteral("keep") : QStringLiteral("remove"),
                        d.reasons.join(QStringLiteral(", "))};
        if (withIds)
            row.prepend(d.id);
        rows << row;
    }
    QStringList headers{QStringLiteral("TIME (UTC)"), QStringLiteral("ACTION"), QStringLiteral("REASONS")};
    if (withIds)
        headers.prepend(QStringLiteral("ID"));
    inv.out() << formatTable(headers, rows);
}

void runPlan(Invocation &inv)
{
    CliArgs args(inv.args(), {},
                 {QStringLiteral("--keep-daily"), QStringLiteral("--keep-weekly"), QStringLiteral("--keep-monthly"),
                  QStringLiteral("--keep-yearly"), QStringLiteral("--now"), QStringLiteral("--input")});
    if (!args.problem().isEmpty())
        return inv.usageError(args.problem());
    if (!args.positional().isEmpty())
        return inv.usageError(QStringLiteral("unexpected argument ") + args.positional().first());
    RetentionPolicy policy;
    if (!readPolicy(inv, args, policy))
        return;
    QDateTime now = inv.context().clock().nowUtc();
    if (const auto n = args.value(QStringLiteral("--now"))) {
        now = RetentionPlanner::parseTime(*n);
        if (!now.isValid())
            return inv.usageError(QStringLiteral("--now takes an ISO-8601 time such as 2026-11-29T07:00:00Z"));
    }
    QByteArray text;
    if (const auto file = args.value(QStringLiteral("--input")); file && *file != QLatin1String("-")) {
        QFile f(*file);
        if (!f.open(QIODevice::ReadOnly))
            return inv.fail(makeError(ErrorKind::Io, QStringLiteral("Cannot read %1").arg(*file), f.errorString()));
        text = f.readAll();
    } else {
        text = readAllStdin();
    }
    const auto backups = RetentionPlanner::parseTimestamps(QString::fromUtf8(text));
    if (!backups)
        return inv.usageError(backups.error().message);
    printPlan(inv, RetentionPlanner::plan(backups.value(), policy, now), false);
    inv.finish(ExitOk);
}

} // namespace

QList<Command> backupCommands()
{
    return {
        {{QStringLiteral("backup"), QStringLiteral("plan")},
         QStringLiteral("backup plan --keep-daily D --keep-weekly W --keep-monthly M --keep-yearly Y [--now ISO] "
                        "[--input FILE]"),
         QStringLiteral("The retention planner alone: keep or remove each timestamp, with the rules behind it"),
         QStringLiteral("Reads one ISO-8601 UTC timestamp a line from stdin (or FILE); a line may end with "
                        "\"unverified\".\nSame semantics as restic forget's --keep-* flags (calendar day, ISO week, "
                        "month, year of the UTC time;\nthe oldest backup is kept while a count is not used up), "
                        "plus OpsDeck's safety rules:\nan empty policy removes nothing, future-dated and the newest "
                        "verified backups are never removed,\nunverified backups take no slot. Output newest first."),
         true, runPlan},
    };
}

} // namespace opsdeck::cli
