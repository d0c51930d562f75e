// opsdeck-cli audit list | audit verify
#include "appcontext.h"
#include "clicommand.h"
#include "store/auditlog.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace opsdeck::cli {

namespace {

void runList(Invocation &inv)
{
    bool ok = true;
    int limit = 50;
    const qsizetype at = inv.args().indexOf(QStringLiteral("--limit"));
    if (at >= 0) {
        limit = inv.args().value(at + 1).toInt(&ok);
        if (!ok || limit <= 0)
            return inv.usageError(QStringLiteral("--limit needs a positive number"));
    }
    auto entries = inv.context().audit().list(limit);
    if (!entries)
        return inv.fail(entries.error());
    if (inv.json()) {
        QJsonArray rows;
        for (const AuditEntry &e : entries.value())
            rows.append(QJsonObject{{QStringLiteral("seq"), e.seq},
                                    {QStringLiteral("time"), e.at.toUTC().toString(Qt::ISODateWithMs)},
                                    {QStringLiteral("actor"), e.actor},
                                    {QStringLiteral("action"), e.action},
                                    {QStringLiteral("target"), e.target},
                                    {QStringLiteral("details"), e.details},
                                    {QStringLiteral("hash"), e.hash}});
        inv.printJson(rows);
    } else {
        QList<QStringList> rows;
        for (const AuditEntry &e : entries.value())
            rows << QStringList{QString::number(e.seq), e.at.toUTC().toString(Qt::ISODate), e.actor, e.action, e.target,
                                QString::fromUtf8(QJsonDocument(e.details).toJson(QJsonDocument::Compact))};
        inv.out() << formatTable({QStringLiteral("SEQ"), QStringLiteral("TIME (UTC)"), QStringLiteral("ACTOR"),
                                  QStringLiteral("ACTION"), QStringLiteral("TARGET"), QStringLiteral("DETAILS")},
                                 rows);
    }
    inv.finish(ExitOk);
}

void runVerify(Invocation &inv)
{
    const AuditLog &audit = inv.context().audit();
    const AuditVerification v = audit.verify();
    if (inv.json()) {
        QJsonArray notes;
        for (const QString &note : v.notes)
            notes.append(note);
        inv.printJson(QJsonObject{{QStringLiteral("ok"), v.ok},
                                  {QStringLiteral("entries"), v.entries},
                                  {QStringLiteral("firstBadSeq"), v.ok ? QJsonValue() : QJsonValue(v.firstBadSeq)},
                                  {QStringLiteral("problem"), v.problem},
                                  {QStringLiteral("head"), audit.head()},
                                  {QStringLiteral("signedEntries"), v.signedEntries},
                                  {QStringLiteral("unsignedEntries"), v.unsignedEntries},
                                  {QStringLiteral("signaturesChecked"), v.signaturesChecked},
                                  {QStringLiteral("keyId"), audit.keyId()},
                                  {QStringLiteral("signedHeadSeq"),
                                   v.signedHeadSeq > 0 ? QJsonValue(v.signedHeadSeq) : QJsonValue()},
                                  {QStringLiteral("notes"), notes}});
    } else if (v.ok) {
        inv.out() << "Audit trail intact: " << v.entries << " entries (" << v.signedEntries << " signed, "
                  << v.unsignedEntries << " unsigned), head " << audit.head() << "\n";
        if (v.signaturesChecked)
            inv.out() << "Signatures checked with audit key " << audit.keyId()
                      << (v.signedHeadSeq > 0 ? QStringLiteral("; the signed head is entry %1").arg(v.signedHeadSeq)
                                              : QString())
                      << "\n";
        for (const QString &note : v.notes)
            inv.out() << "Note: " << note << "\n";
    } else {
        inv.out() << "Audit trail BROKEN at entry " << v.firstBadSeq << ": " << v.problem << "\n";
    }
    inv.finish(v.ok ? ExitOk : ExitCheckFailed);
}

} // namespace

QList<Command> auditCommands()
{
    return {
        {{QStringLiteral("audit"), QStringLiteral("list")}, QStringLiteral("audit list [--limit N]"),
         QStringLiteral("Recent audit entries, newest first"), QString(), true, runList},
        {{QStringLiteral("audit"), QStringLiteral("verify")}, QStringLiteral("audit verify"),
         QStringLiteral("Recompute the audit hash chain and check its signatures; exit 1 if an entry was edited, "
                       "deleted, reordered or rewritten, or the last entries were removed"),
         QString(), true, runVerify},
    };
}

} // namespace opsdeck::cli
