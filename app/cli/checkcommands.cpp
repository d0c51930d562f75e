// opsdeck-cli check | report
#include "appcontext.h"
#include "usecases/checklistusecase.h"
#include "cliargs.h"
#include "clicommand.h"
#include "core/clock.h"
#include "usecases/providerclients.h"
#include "runbook/checklistservice.h"
#include "runbook/report.h"
#include "store/auditlog.h"

#include <QFile>
#include <QHash>
#include <QJsonArray>
#include <QJsonObject>

#include <memory>

namespace opsdeck::cli {

namespace {

void runCheck(Invocation &inv)
{
    CliArgs args(inv.args(), {}, {QStringLiteral("--list")});
    if (!args.problem().isEmpty())
        return inv.usageError(args.problem());
    AppContext &ctx = inv.context();
    auto runbook = ctx.checklist().runbook();
    if (!runbook)
        return inv.fail(runbook.error());
    const QString listId = args.value(QStringLiteral("--list")).value_or(QStringLiteral("daily"));
    if (!runbook->list(listId))
        return inv.usageError(QStringLiteral("the runbook has no list \"%1\"").arg(listId));
    auto *service = ctx.checklist().makeService(&ctx);
    const Runbook rb = runbook.value();
    QObject::connect(service, &ChecklistService::storeError, &ctx,
                     [&inv](const QString &m) { inv.err() << "opsdeck-cli: warning: " << m << Qt::endl; });
    QObject::connect(service, &ChecklistService::finished, &ctx, [&inv, service, rb, listId] {
        const QList<Alert> alerts = service->runner().alerts();
        bool failed = !alerts.isEmpty();
        QJsonArray items;
        QList<QStringList> table;
        // Every item of the list, in runbook order; manual and action items are "skipped" (a person does them).
        QHash<QString, CheckResult> byId;
        for (const CheckResult &r : service->runner().results())
            byId.insert(r.itemId, r);
        QList<CheckResult> results;
        for (const RunbookItem &item : rb.list(listId)->items)
            results << (item.kind == ItemKind::Check
                            ? byId.value(item.id)
                            : CheckResult{item.id, CheckStatus::Skipped,
                                          QStringLiteral("%1 step: ").arg(itemKindName(item.kind)) + item.explanation,
                                          QString(), {}, {}, 0});
        for (const CheckResult &r : results) {
            failed = failed || r.status == CheckStatus::Fail;
            const RunbookItem *item = rb.item(r.itemId);
            items.append(QJsonObject{{QStringLiteral("id"), r.itemId},
                                     {QStringLiteral("title"), item ? item->title : r.itemId},
                                     {QStringLiteral("status"), checkStatusName(r.status)},
                                     {QStringLiteral("evidence"), r.evidence},
                                     {QStringLiteral("value"), r.value},
                                     {QStringLiteral("kind"), item ? itemKindName(item->kind) : QString()},
                                     {QStringLiteral("durationMs"), r.durationMs}});
            table << QStringList{checkStatusName(r.status).toUpper(), item ? item->title : r.itemId, r.evidence};
        }
        QJsonArray alertRows;
        for (const Alert &a : alerts)
            alertRows.append(QJsonObject{{QStringLiteral("id"), a.id}, {QStringLiteral("message"), a.message},
                                         {QStringLiteral("value"), a.value}, {QStringLiteral("threshold"), a.threshold}});
        if (inv.json()) {
            inv.printJson(QJsonObject{{QStringLiteral("date"), service->today().toString(Qt::ISODate)},
                                      {QStringLiteral("list"), listId},
                                      {QStringLiteral("items"), items},
                                      {QStringLiteral("alerts"), alertRows}});
        } else {
            inv.out() << formatTable({QStringLiteral("STATUS"), QStringLiteral("ITEM"), QStringLiteral("EVIDENCE")}, table);
            for (const Alert &a : alerts)
                inv.out() << "ALERT " << a.id << ": " << a.message << "\n";
        }
        // A check that could not run is not a pass: when not one automated item could judge anything
        // (no credentials, no project, no data), the run says so and exits 2, never 0.
        int checks = 0;
        int judged = 0;
        for (const CheckResult &r : results) {
            const RunbookItem *item = rb.item(r.itemId);
            if (!item || item->kind != ItemKind::Check)
                continue;
            ++checks;
            judged += r.status == CheckStatus::Pass || r.status == CheckStatus::Warn || r.status == CheckStatus::Fail;
        }
        if (checks > 0 && judged == 0) {
            inv.err() << "opsdeck-cli: nothing could be checked: every automated item ended in an error or without "
                         "data (configure the profile's providers and credentials)\n";
            return inv.finish(ExitUsage);
        }
        inv.finish(failed ? ExitCheckFailed : ExitOk);
    });
    service->run(rb, listId, ctx.profile());
}

void runReport(Invocation &inv)
{
    CliArgs args(inv.args(), {}, {QStringLiteral("--date"), QStringLiteral("--format"), QStringLiteral("--output")});
    if (!args.problem().isEmpty())
        return inv.usageError(args.problem());
    AppContext &ctx = inv.context();
    QDate date = ctx.clock().nowUtc().toLocalTime().date();
    if (const auto d = args.value(QStringLiteral("--date"))) {
        date = QDate::fromString(*d, Qt::ISODate);
        if (!date.isValid())
            return inv.usageError(QStringLiteral("--date takes YYYY-MM-DD"));
    }
    const QString format = args.value(QStringLiteral("--format")).value_or(QStringLiteral("md"));
    if (format != QLatin1String("md") && format != QLatin1String("html"))
        return inv.usageError(QStringLiteral("--format is md or html"));
    auto runbook = ctx.checklist().runbook();
    if (!runbook)
        return inv.fail(runbook.error());
    const auto report = ctx.checklist().dayReport(runbook.value(), date,
                                                  format == QLatin1String("html") ? ReportFormat::Html : ReportFormat::Markdown);
    if (!report)
        return inv.fail(report.error());
    const QString &text = report.value();
    if (const auto path = args.value(QStringLiteral("--output"))) {
        QFile f(*path);
        if (!f.open(QIODevice::WriteOnly | QIODevice::Truncate) || f.write(text.toUtf8()) < 0 || !f.flush())
            return inv.fail(makeError(ErrorKind::Io, QStringLiteral("cannot write %1").arg(*path), f.errorString()));
    } else {
        inv.out() << text;
    }
    inv.finish(ExitOk);
}

} // namespace

QList<Command> checkCommands()
{
    return {
        {{QStringLiteral("check")}, QStringLiteral("check [--list daily|weekly|monthly]"),
         QStringLiteral("Run today's automated checklist items; exit 1 when one fails or an alert fires"), QString(), true,
         runCheck},
        {{QStringLiteral("report")}, QStringLiteral("report [--date D] [--format md|html] [--output FILE]"),
         QStringLiteral("The day's checklist record with evidence and sign-offs"), QString(), true, runReport},
    };
}

} // namespace opsdeck::cli
