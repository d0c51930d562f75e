#include "store/storecopy.h"

#include "store/sqltransaction.h"
#include "store/store.h"

#include <QSqlError>
#include <QSqlQuery>
#include <QSqlRecord>

namespace opsdeck {

namespace {
// Each table's columns (the identity columns are left to the target).
const QList<std::pair<QString, QString>> &columns()
{
    static const QList<std::pair<QString, QString>> list{
        {QStringLiteral("audit_log"), QStringLiteral("seq, at, actor, action, target, details, prev_hash, hash, mac")},
        {QStringLiteral("check_runs"), QStringLiteral("run_date, item_id, status, evidence, value, at")},
        {QStringLiteral("checklist_ticks"), QStringLiteral("run_date, item_id, state, note, actor, at, version")},
        {QStringLiteral("metric_samples"), QStringLiteral("metric, subject, at, value")},
        {QStringLiteral("cost_daily"), QStringLiteral("provider, model, day, amount_usd, fetched_at")},
        {QStringLiteral("settings_meta"), QStringLiteral("key, value, updated_at")},
    };
    return list;
}
} // namespace

QStringList StoreCopy::tables()
{
    QStringList out;
    for (const auto &[table, cols] : columns())
        out << table;
    return out;
}

Result<QList<std::pair<QString, qint64>>> StoreCopy::copy(Store &from, Store &to)
{
    if (!from.isOpen() || !to.isOpen())
        return makeError(ErrorKind::Internal, tr("Both stores must be open to copy."));
    if (from.schemaVersion() != to.schemaVersion())
        return makeError(ErrorKind::Config, tr("The stores are at different schemas (%1 and %2): open both with this "
                                               "OpsDeck first.").arg(from.schemaVersion()).arg(to.schemaVersion()));
    QSqlDatabase target = to.db();
    SqlTransaction tx(target);
    if (Status begun = tx.begin(); !begun)
        return begun.error();
    // Empty, checked under the write lock: a store someone already uses is never merged into.
    for (const auto &[table, cols] : columns()) {
        QSqlQuery any(target);
        if (!any.exec(QStringLiteral("SELECT count(*) FROM ") + table) || !any.next())
            return sqlError(tr("Could not read the target store."), any.lastError());
        if (any.value(0).toLongLong() > 0)
            return makeError(ErrorKind::Conflict, tr("The target store is not empty (%1 holds %2 rows); nothing was copied. "
                                                     "Copy into a new, empty database.")
                                                      .arg(table)
                                                      .arg(any.value(0).toLongLong()));
    }
    QList<std::pair<QString, qint64>> copied;
    for (const auto &[table, cols] : columns()) {
        QSqlQuery read(from.db());
        read.setForwardOnly(true);
        if (!read.exec(QStringLiteral("SELECT ") + cols + QStringLiteral(" FROM ") + table
                       + (table == QLatin1String("audit_log") ? QStringLiteral(" ORDER BY seq") : QString())))
            return sqlError(tr("Could not read %1 from the local store.").arg(table), read.lastError());
        const int n = int(cols.count(QLatin1Char(',')) + 1);
        QStringList marks;
        for (int i = 0; i < n; ++i)
            marks << QStringLiteral("?");
        QSqlQuery write(target);
        write.prepare(QStringLiteral("INSERT INTO ") + table + QStringLiteral(" (") + cols + QStringLiteral(") VALUES (")
                      + marks.join(QStringLiteral(", ")) + QLatin1Char(')'));
        qint64 rows = 0;
        while (read.next()) {
            for (int i = 0; i < n; ++i)
                write.bindValue(i, read.value(i));
            if (!write.exec())
                return sqlError(tr("Could not write %1 to the target store; nothing was copied.").arg(table), write.lastError());
            ++rows;
        }
        if (read.lastError().isValid())
            return sqlError(tr("Could not read %1 from the local store.").arg(table), read.lastError());
        copied.append({table, rows});
    }
    if (Status done = tx.commit(); !done)
        return done.error();
    return copied;
}

} // namespace opsdeck
