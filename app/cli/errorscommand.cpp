// opsdeck-cli errors [--since 24h]
#include "appcontext.h"
#include "cliargs.h"
#include "clicommand.h"
#include "core/clock.h"
#include "errors/errorreport.h"
#include "usecases/providerclients.h"
#include "providers/vercel/vercelclient.h"

#include <QJsonArray>
#include <QJsonObject>

namespace opsdeck::cli {

namespace {

void runErrors(Invocation &inv)
{
    CliArgs args(inv.args(), {}, {QStringLiteral("--since")});
    if (!args.problem().isEmpty())
        return inv.usageError(args.problem());
    const auto ms = CliArgs::parseDuration(args.value(QStringLiteral("--since")).value_or(QStringLiteral("24h")));
    if (!ms)
        return inv.usageError(QStringLiteral("--since takes a duration such as 24h or 7d"));
    const QDateTime since = inv.context().clock().nowUtc().addMSecs(-*ms);
    inv.context().providers().vercel(&inv.context())->onFinished(&inv.context(), [&inv, since](const Result<VercelClient *> &client) {
        if (!client)
            return inv.fail(client.error());
        fetchErrorReport(*client.value(), since)->onFinished(&inv.context(), [&inv](const Result<ErrorReport> &r) {
            if (!r)
                return inv.fail(r.error());
            auto iso = [](const QDateTime &t) { return t.isValid() ? QJsonValue(t.toUTC().toString(Qt::ISODate)) : QJsonValue(); };
            QJsonArray rows;
            QList<QStringList> table;
            for (const ErrorGroup &g : r->groups) {
                rows.append(QJsonObject{{QStringLiteral("signature"), g.signature},
                                        {QStringLiteral("count"), g.count},
                                        {QStringLiteral("firstSeen"), iso(g.firstSeen)},
                                        {QStringLiteral("lastSeen"), iso(g.lastSeen)},
                                        {QStringLiteral("sample"), g.sample},
                                        {QStringLiteral("paths"), QJsonArray::fromStringList(g.paths)}});
                table << QStringList{QString::number(g.count), g.lastSeen.toUTC().toString(QStringLiteral("MM-dd HH:mm")),
                                     g.paths.value(0), g.signature.left(80)};
            }
            if (inv.json()) {
                inv.printJson(rows);
            } else {
                inv.out() << r->errorLines << " errors in " << r->groups.size() << " groups on " << r->deploymentId
                          << (r->complete ? "" : " (the log stream ended early: partial)") << "\n\n";
                inv.out() << formatTable({QStringLiteral("COUNT"), QStringLiteral("LAST (UTC)"), QStringLiteral("PATH"),
                                          QStringLiteral("SIGNATURE")},
                                         table);
            }
            if (r->malformedLines > 0)
                inv.err() << "opsdeck-cli: " << r->malformedLines << " malformed log lines were skipped\n";
            inv.finish(ExitOk);
        });
    });
}

} // namespace

QList<Command> errorsCommands()
{
    return {{{QStringLiteral("errors")}, QStringLiteral("errors [--since 24h]"),
             QStringLiteral("Vercel error logs of the production deployment, grouped by message signature"), QString(),
             true, runErrors}};
}

} // namespace opsdeck::cli
