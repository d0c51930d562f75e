// opsdeck-cli timeline [--since 24h] [--kind K]... [--json]: what happened, newest first.
#include "appcontext.h"
#include "cliargs.h"
#include "clicommand.h"
#include "core/clock.h"
#include "usecases/timelineusecase.h"

#include <QJsonArray>
#include <QJsonObject>

namespace opsdeck::cli {

namespace {

void runTimeline(Invocation &inv)
{
    CliArgs args(inv.args(), {}, {QStringLiteral("--since"), QStringLiteral("--kind")});
    if (!argsOk(inv, args))
        return;
    if (!args.positional().isEmpty())
        return inv.usageError(QStringLiteral("usage: timeline [--since 24h] [--kind K]... [--json]"));
    const auto window = CliArgs::parseDuration(args.value(QStringLiteral("--since")).value_or(QStringLiteral("24h")));
    if (!window || *window <= 0)
        return inv.usageError(QStringLiteral("--since takes a duration such as 90m, 24h or 7d"));
    QList<TimelineKind> kinds;
    for (const QString &k : args.values(QStringLiteral("--kind"))) {
        bool found = false;
        QStringList names;
        for (TimelineKind kind : TimelineUseCase::kinds()) {
            names << TimelineUseCase::kindName(kind);
            if (TimelineUseCase::kindName(kind) == k) {
                kinds << kind;
                found = true;
            }
        }
        if (!found)
            return inv.usageError(QStringLiteral("unknown kind \"%1\"; kinds: %2").arg(k, names.join(QStringLiteral(", "))));
    }
    AppContext &ctx = inv.context();
    const QDateTime now = ctx.clock().nowUtc();
    ctx.timeline().load(now.addMSecs(-*window), now, &ctx)->onFinished(&ctx, [&inv, kinds](const Result<Timeline> &r) {
        const Timeline &t = r.value();  // a source that failed is in problems; the rest is there
        QJsonArray entries;
        QList<QStringList> rows;
        for (const TimelineEntry &e : t.entries) {
            if (!kinds.isEmpty() && !kinds.contains(e.kind))
                continue;
            entries.append(QJsonObject{{QStringLiteral("at"), isoUtc(e.at)},
                                       {QStringLiteral("kind"), TimelineUseCase::kindName(e.kind)},
                                       {QStringLiteral("title"), e.title},
                                       {QStringLiteral("detail"), e.detail},
                                       {QStringLiteral("person"), e.person.isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(e.person)},
                                       {QStringLiteral("page"), e.pageId},
                                       {QStringLiteral("object"), e.objectId},
                                       {QStringLiteral("bad"), e.bad}});
            rows << QStringList{e.at.toUTC().toString(QStringLiteral("MM-dd HH:mm")), TimelineUseCase::kindName(e.kind),
                                e.person.isEmpty() ? QStringLiteral("-") : e.person, e.title};
        }
        if (inv.json()) {
            inv.printJson(QJsonObject{{QStringLiteral("since"), isoUtc(t.since)},
                                      {QStringLiteral("until"), isoUtc(t.until)},
                                      {QStringLiteral("entries"), entries},
                                      {QStringLiteral("problems"), QJsonArray::fromStringList(t.problems)}});
        } else {
            inv.out() << formatTable({QStringLiteral("AT (UTC)"), QStringLiteral("KIND"), QStringLiteral("WHO"), QStringLiteral("WHAT")}, rows);
            for (const QString &p : t.problems)
                inv.err() << "opsdeck-cli: not shown: " << p << "\n";
        }
        // Every source read: 0; one could not be: 3, with what it said (the rest is printed).
        inv.finish(t.problems.isEmpty() ? ExitOk : ExitProvider);
    });
}

} // namespace

QList<Command> timelineCommands()
{
    return {
        {{QStringLiteral("timeline")}, QStringLiteral("timeline [--since 24h] [--kind K]... [--json]"),
         QStringLiteral("What happened, newest first: deployments, rollbacks, failed runs, cost spikes, backups and "
                        "restore tests, maintenance, credential changes, alerts silenced, checklist sign-offs"),
         QStringLiteral("  --since D   how far back: 90m, 24h, 7d (default 24h)\n"
                        "  --kind K    only this kind (repeatable): deployment, rollback, ci, alert, cost, backup,\n"
                        "              maintenance, credential, checklist"),
         true, runTimeline},
    };
}

} // namespace opsdeck::cli
