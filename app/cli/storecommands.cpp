// opsdeck-cli store migrate --to URL: the local store copied into a team's new shared store.
#include "appcontext.h"
#include "cliargs.h"
#include "clicommand.h"
#include "core/clock.h"
#include "database/pgconnectioninfo.h"
#include "store/auditlog.h"
#include "store/store.h"
#include "store/storecopy.h"
#include "usecases/session.h"

#include <QFile>
#include <QJsonObject>

namespace opsdeck::cli {

namespace {

void runMigrate(Invocation &inv)
{
    CliArgs args(inv.args(), {}, {QStringLiteral("--to")});
    if (!argsOk(inv, args))
        return;
    const QString url = args.value(QStringLiteral("--to")).value_or(QString());
    if (!args.positional().isEmpty() || url.isEmpty())
        return inv.usageError(QStringLiteral("usage: store migrate --to postgresql://user@host:port/database"));
    if (!Store::isSharedLocation(url))
        return inv.usageError(QStringLiteral("--to takes a PostgreSQL URL (postgresql://user@host:port/database)"));
    AppContext &ctx = inv.context();
    Store &local = ctx.store();
    if (local.isShared())
        return inv.usageError(QStringLiteral("store migrate copies the local store: unset OPSDECK_STORE"));
    Store target(url);
    target.setPassword(qEnvironmentVariable("OPSDECK_STORE_PASSWORD").toUtf8());
    if (Status opened = target.open(); !opened)
        return inv.fail(opened.error());
    auto copied = StoreCopy::copy(local, target);
    if (!copied)
        return inv.fail(copied.error());
    // The copy's chain is checked on the copy itself and must end where the local one ends.
    AuditLog copyAudit(target, ctx.clock());
    const AuditVerification verified = copyAudit.verify();
    const bool sameHead = copyAudit.head() == ctx.audit().head();
    const QString where = PgConnectionInfo::withoutSecret(url);
    if (inv.json()) {
        QJsonObject tables;
        for (const auto &[table, rows] : copied.value())
            tables.insert(table, rows);
        inv.printJson(QJsonObject{{QStringLiteral("to"), where},
                                  {QStringLiteral("tables"), tables},
                                  {QStringLiteral("auditVerified"), verified.ok && sameHead},
                                  {QStringLiteral("auditEntries"), verified.entries},
                                  {QStringLiteral("problem"), verified.ok ? (sameHead ? QString() : QStringLiteral("the copy's chain ends elsewhere")) : verified.problem}});
    } else {
        inv.out() << "Copied the local store into " << where << ":\n";
        for (const auto &[table, rows] : copied.value())
            inv.out() << "  " << table << ": " << rows << (rows == 1 ? " row\n" : " rows\n");
        if (verified.ok && sameHead)
            inv.out() << "The copy's audit trail verifies: " << verified.entries << " entries, ending at the same hash as "
                      << "the local one.\nUse it with OPSDECK_STORE=" << where << " (or the profile's store setting).\n";
    }
    // This machine's signed head moves over with the trail: it signs the same last entry.
    const QString localHead = AuditLog::headFileFor(local.path());
    const QString sharedHead = AppContext::sharedAuditHeadFile(ctx.session().dataDir(), url);
    if (verified.ok && sameHead && QFile::exists(localHead)) {
        QFile::remove(sharedHead);
        if (!QFile::copy(localHead, sharedHead))
            inv.err() << "opsdeck-cli: could not copy the audit trail's signed head to " << sharedHead << "\n";
    }
    if (!verified.ok || !sameHead) {
        inv.err() << "opsdeck-cli: the copy's audit trail does not verify: "
                  << (verified.ok ? QStringLiteral("it ends at another hash") : verified.problem) << "\n";
        return inv.finish(ExitCheckFailed);
    }
    inv.finish(ExitOk);
}

} // namespace

QList<Command> storeCommands()
{
    return {
        {{QStringLiteral("store"), QStringLiteral("migrate")}, QStringLiteral("store migrate --to URL [--json]"),
         QStringLiteral("Copy the local store (history, evidence, costs, the audit trail) into a new, empty shared "
                        "PostgreSQL store, and verify the copy's audit trail"),
         QStringLiteral("  --to URL   postgresql://user@host:port/database (password: OPSDECK_STORE_PASSWORD or libpq's own)"),
         true, runMigrate},
    };
}

} // namespace opsdeck::cli
