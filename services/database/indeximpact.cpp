#include "database/indeximpact.h"

#include "database/pgsession.h"
#include "store/auditlog.h"

#include <QJsonArray>
#include <QSqlQuery>

namespace opsdeck {

QList<BuiltIndex> IndexImpact::fromAudit(const QList<AuditEntry> &entries, const QString &onlyIndex)
{
    QList<BuiltIndex> built;
    for (const AuditEntry &e : entries) {
        if (e.action != QLatin1String("db.create_index")
            || e.details.value(QStringLiteral("phase")).toString() != QLatin1String("outcome")
            || e.details.value(QStringLiteral("status")).toString() != QLatin1String("succeeded"))
            continue;
        const QString index = e.details.value(QStringLiteral("index")).toString();
        if (!onlyIndex.isEmpty() && index != onlyIndex)
            continue;
        built.append({index, e.target, e.at, timingsFromJson(e.details.value(QStringLiteral("before")).toArray())});
    }
    return built;
}

Result<QList<std::pair<BuiltIndex, QList<IndexEffect>>>> IndexImpact::measure(QSqlDatabase &db, const QList<BuiltIndex> &built)
{
    QSqlQuery q(db);
    if (!q.exec(QStringLiteral("SELECT current_database()")) || !q.next())
        return PgSession::sqlError(tr("Cannot read the database name"), q.lastError());
    const QString database = q.value(0).toString();
    QList<std::pair<BuiltIndex, QList<IndexEffect>>> out;
    for (const BuiltIndex &b : built) {
        if (b.database() != database)
            continue;
        QList<qint64> ids;
        for (const StatementTiming &t : b.before)
            ids << t.queryId;
        auto now = Maintenance::statementTimings(db, ids);
        if (!now)
            return now.error();
        QList<IndexEffect> effects;
        for (qsizetype i = 0; i < b.before.size(); ++i)
            effects << IndexEffect::compare(b.before[i], now.value().value(i));
        out.append({b, effects});
    }
    return out;
}

} // namespace opsdeck
