// opsdeck-cli checklist show | tick: the day's checklist for cron jobs and scripts, the same record
// and the same audited sign-off as the Checklist page.
#include "appcontext.h"
#include "cliargs.h"
#include "clicommand.h"
#include "core/clock.h"
#include "runbook/checkresult.h"
#include "usecases/checklistusecase.h"

#include <QJsonArray>
#include <QJsonObject>

namespace opsdeck::cli {

namespace {

// --date D, or today (local time, as the Checklist page); nullopt after a usage error.
std::optional<QDate> dateArg(Invocation &inv, const CliArgs &args)
{
    QDate date = inv.context().clock().nowUtc().toLocalTime().date();
    if (const auto d = args.value(QStringLiteral("--date"))) {
        date = QDate::fromString(*d, Qt::ISODate);
        if (!date.isValid()) {
            inv.usageError(QStringLiteral("--date takes YYYY-MM-DD"));
            return std::nullopt;
        }
    }
    return date;
}

// The date (--date D, or today) and the profile's runbook; nullopt after the error was reported.
struct DayArgs {
    QDate date;
    Runbook runbook;
};
std::optional<DayArgs> dayArgs(Invocation &inv, const CliArgs &args)
{
    const auto date = dateArg(inv, args);
    if (!date)
        return std::nullopt;
    auto runbook = inv.context().checklist().runbook();
    if (!runbook) {
        inv.fail(runbook.error());
        return std::nullopt;
    }
    return DayArgs{*date, runbook.value()};
}

QString stateText(const Tick &t)
{
    switch (t.state) {
    case TickState::Done: return QStringLiteral("done");
    case TickState::Acknowledged: return QStringLiteral("acknowledged");
    case TickState::Open: break;
    }
    return QStringLiteral("open");
}

QJsonObject itemJson(const ChecklistDayItem &i)
{
    const bool signedOff = i.tick.state != TickState::Open;
    QJsonObject o{{QStringLiteral("id"), i.item->id},
                  {QStringLiteral("title"), i.item->title},
                  {QStringLiteral("list"), i.listId},
                  {QStringLiteral("kind"), itemKindName(i.item->kind)},
                  {QStringLiteral("done"), signedOff},
                  {QStringLiteral("state"), stateText(i.tick)},
                  {QStringLiteral("by"), signedOff ? QJsonValue(i.tick.actor) : QJsonValue(QJsonValue::Null)},
                  {QStringLiteral("at"), signedOff ? QJsonValue(isoUtc(i.tick.at)) : QJsonValue(QJsonValue::Null)},
                  {QStringLiteral("note"), i.tick.note.isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(i.tick.note)},
                  {QStringLiteral("version"), i.tick.version}};
    o[QStringLiteral("check")] = i.result.itemId.isEmpty() ? QJsonValue(QJsonValue::Null)
                                                           : QJsonValue(checkStatusName(i.result.status));
    return o;
}

void runShow(Invocation &inv)
{
    CliArgs args(inv.args(), {}, {QStringLiteral("--date")});
    if (!argsOk(inv, args))
        return;
    if (!args.positional().isEmpty())
        return inv.usageError(QStringLiteral("usage: checklist show [--date D] [--json]"));
    const auto in = dayArgs(inv, args);
    if (!in)
        return;
    const QDate *date = &in->date;
    AppContext &ctx = inv.context();
    auto day = ctx.checklist().day(in->runbook, *date);
    if (!day)
        return inv.fail(day.error());
    if (inv.json()) {
        QJsonArray items;
        for (const ChecklistDayItem &i : day->items)
            items.append(itemJson(i));
        inv.printJson(QJsonObject{{QStringLiteral("date"), date->toString(Qt::ISODate)}, {QStringLiteral("items"), items}});
        return inv.finish(ExitOk);
    }
    QList<QStringList> rows;
    int signedOff = 0;
    for (const ChecklistDayItem &i : day->items) {
        const bool done = i.tick.state != TickState::Open;
        signedOff += done ? 1 : 0;
        rows << QStringList{i.item->id, i.result.itemId.isEmpty() ? QStringLiteral("-") : checkStatusName(i.result.status),
                            stateText(i.tick), done ? i.tick.actor : QStringLiteral("-"),
                            done ? i.tick.at.toUTC().toString(QStringLiteral("HH:mm 'UTC'")) : QStringLiteral("-"),
                            i.tick.note.isEmpty() ? i.item->title : i.item->title + QStringLiteral(" (") + i.tick.note + QLatin1Char(')')};
    }
    inv.out() << "Checklist of " << date->toString(Qt::ISODate) << ": " << signedOff << " of " << day->items.size()
              << " signed off\n"
              << formatTable({QStringLiteral("ITEM"), QStringLiteral("CHECK"), QStringLiteral("STATE"), QStringLiteral("BY"),
                              QStringLiteral("AT"), QStringLiteral("TITLE")},
                             rows);
    inv.finish(ExitOk);
}

void runTick(Invocation &inv)
{
    CliArgs args(inv.args(), {QStringLiteral("--untick")}, {QStringLiteral("--date"), QStringLiteral("--note")});
    if (!argsOk(inv, args))
        return;
    if (args.positional().size() != 1)
        return inv.usageError(QStringLiteral("usage: checklist tick ITEM [--date D] [--note TEXT] [--untick]"));
    const auto in = dayArgs(inv, args);
    if (!in)
        return;
    const QDate *date = &in->date;
    const Runbook *runbook = &in->runbook;
    AppContext &ctx = inv.context();
    const QString id = args.positional().first();
    if (!runbook->item(id)) {
        QStringList ids;
        for (const RunbookList &l : runbook->lists)
            for (const RunbookItem &i : l.items)
                ids << i.id;
        return inv.usageError(QStringLiteral("no item \"%1\" in the runbook; items: %2").arg(id, ids.join(QStringLiteral(", "))));
    }
    auto day = ctx.checklist().day(*runbook, *date);
    if (!day)
        return inv.fail(day.error());
    Tick current;
    for (const ChecklistDayItem &i : day->items)
        if (i.item->id == id)
            current = i.tick;
    const QString note = args.value(QStringLiteral("--note")).value_or(current.note).trimmed();
    const TickState state = args.flag(QStringLiteral("--untick")) ? TickState::Open
                            : current.state == TickState::Acknowledged ? TickState::Acknowledged
                                                                       : TickState::Done;
    auto t = ctx.checklist().setTick(*runbook, *date, id, state, note, current.version);
    if (!t)
        return inv.fail(t.error());
    const bool changed = t->version != current.version;
    if (inv.json()) {
        QJsonObject o{{QStringLiteral("date"), date->toString(Qt::ISODate)},
                      {QStringLiteral("id"), id},
                      {QStringLiteral("done"), t->state != TickState::Open},
                      {QStringLiteral("state"), stateText(t.value())},
                      {QStringLiteral("by"), t->state != TickState::Open ? QJsonValue(t->actor) : QJsonValue(QJsonValue::Null)},
                      {QStringLiteral("at"), t->at.isValid() ? QJsonValue(isoUtc(t->at)) : QJsonValue(QJsonValue::Null)},
                      {QStringLiteral("note"), t->note.isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(t->note)},
                      {QStringLiteral("changed"), changed},
                      {QStringLiteral("version"), t->version}};
        inv.printJson(o);
    } else if (!changed) {
        inv.out() << id << " is already " << stateText(t.value()) << " on " << date->toString(Qt::ISODate) << ".\n";
    } else {
        inv.out() << id << " is now " << stateText(t.value()) << " on " << date->toString(Qt::ISODate) << " (" << t->actor
                  << ", audited).\n";
    }
    inv.finish(ExitOk);
}

} // namespace

QList<Command> checklistCommands()
{
    return {
        {{QStringLiteral("checklist"), QStringLiteral("show")}, QStringLiteral("checklist show [--date D] [--json]"),
         QStringLiteral("The day's checklist: each item's latest check, who signed it off and when, notes"),
         QStringLiteral("  --date D   YYYY-MM-DD (default: today)"), true, runShow},
        {{QStringLiteral("checklist"), QStringLiteral("tick")},
         QStringLiteral("checklist tick ITEM [--date D] [--note TEXT] [--untick]"),
         QStringLiteral("Sign off a checklist item (e.g. daily.health), or open it again with --untick; audited"),
         QStringLiteral("  --date D      YYYY-MM-DD (default: today)\n  --note TEXT   a note kept with the sign-off\n"
                        "  --untick      mark the item not done"),
         true, runTick},
    };
}

} // namespace opsdeck::cli
