#include "costs/coststore.h"

#include "store/sqltransaction.h"
#include "store/store.h"

#include <QSqlError>
#include <QSqlQuery>
#include <QVariant>

namespace opsdeck {

namespace {
QString isoDay(QDate d) { return d.toString(Qt::ISODate); }
// An unknown time (an imported line without one) is stored as '' (the column is NOT NULL).
QString isoTime(const QDateTime &t) { return t.isValid() ? t.toUTC().toString(Qt::ISODateWithMs) : QStringLiteral(""); }
QString monthKey(QDate month) { return QStringLiteral("costs/activeUsers/") + month.toString(QStringLiteral("yyyy-MM")); }
} // namespace

CostStore::CostStore(Store &store) : m_store(store) {}

Status CostStore::write(const QList<CostFigure> &figures)
{
    QSqlQuery q(m_store.db());
    q.prepare(QStringLiteral("INSERT INTO cost_daily (provider, model, day, amount_usd, fetched_at) VALUES (?, ?, ?, ?, ?) "
                             "ON CONFLICT (provider, model, day) DO UPDATE SET amount_usd = excluded.amount_usd, "
                             "fetched_at = excluded.fetched_at"));
    for (const CostFigure &f : figures) {
        q.addBindValue(f.provider);
        q.addBindValue(f.model);
        q.addBindValue(isoDay(f.day));
        q.addBindValue(f.amountUsd);
        q.addBindValue(isoTime(f.fetchedAt));
        if (!q.exec())
            return sqlError(tr("Could not save the cost figures."), q.lastError());
    }
    return {};
}

Status CostStore::replace(const QString &provider, QDate from, QDate to, const QList<CostFigure> &figures)
{
    SqlTransaction tx(m_store.db());
    if (Status s = tx.begin(); !s)
        return s;
    QSqlQuery del(m_store.db());
    del.prepare(QStringLiteral("DELETE FROM cost_daily WHERE provider = ? AND day >= ? AND day <= ?"));
    del.addBindValue(provider);
    del.addBindValue(isoDay(from));
    del.addBindValue(isoDay(to));
    if (!del.exec())
        return sqlError(tr("Could not save the cost figures."), del.lastError());
    QList<CostFigure> inRange;
    for (const CostFigure &f : figures) {
        if (f.provider == provider && f.day >= from && f.day <= to)
            inRange.append(f);
    }
    if (Status s = write(inRange); !s)
        return s;
    return tx.commit();
}

Status CostStore::upsert(const QList<CostFigure> &figures)
{
    SqlTransaction tx(m_store.db());
    if (Status s = tx.begin(); !s)
        return s;
    if (Status s = write(figures); !s)
        return s;
    return tx.commit();
}

Result<CostSeries> CostStore::load(QDate from, QDate to) const
{
    QSqlQuery q(m_store.db());
    q.setForwardOnly(true);
    q.prepare(QStringLiteral("SELECT provider, model, day, amount_usd, fetched_at FROM cost_daily "
                             "WHERE day >= ? AND day <= ? ORDER BY day, provider, model"));
    q.addBindValue(isoDay(from));
    q.addBindValue(isoDay(to));
    if (!q.exec())
        return sqlError(tr("Could not read the stored cost figures."), q.lastError());
    QList<CostFigure> figures;
    while (q.next()) {
        CostFigure f;
        f.provider = q.value(0).toString();
        f.model = q.value(1).toString();
        f.day = QDate::fromString(q.value(2).toString(), Qt::ISODate);
        f.amountUsd = q.value(3).toDouble();
        f.fetchedAt = QDateTime::fromString(q.value(4).toString(), Qt::ISODateWithMs).toUTC();
        if (f.day.isValid())
            figures.append(f);
    }
    return CostSeries(from, to, figures);
}

Result<std::optional<ActiveUsers>> CostStore::activeUsers(QDate month) const
{
    const QDate first(month.year(), month.month(), 1);
    QSqlQuery q(m_store.db());
    // Keys sort by month (yyyy-MM): the latest entry at or before the month.
    q.prepare(QStringLiteral("SELECT key, value, updated_at FROM settings_meta WHERE key >= ? AND key <= ? "
                             "ORDER BY key DESC LIMIT 1"));
    q.addBindValue(QStringLiteral("costs/activeUsers/0000-00"));
    q.addBindValue(monthKey(first));
    if (!q.exec())
        return sqlError(tr("Could not read the active users."), q.lastError());
    if (!q.next())
        return std::optional<ActiveUsers>();
    ActiveUsers u;
    u.month = QDate::fromString(q.value(0).toString().section(QLatin1Char('/'), -1) + QStringLiteral("-01"), Qt::ISODate);
    u.users = q.value(1).toString().toLongLong();
    u.updatedAt = QDateTime::fromString(q.value(2).toString(), Qt::ISODateWithMs).toUTC();
    if (!u.month.isValid() || u.users <= 0)
        return std::optional<ActiveUsers>();
    return std::optional<ActiveUsers>(u);
}

Status CostStore::setActiveUsers(QDate month, qint64 users, const QDateTime &at)
{
    if (!month.isValid() || users < 0)
        return makeError(ErrorKind::Config, tr("Active users must be a month and a number of at least 0."));
    QSqlQuery q(m_store.db());
    if (users == 0) {  // "not known": the month falls back to the latest earlier entry
        q.prepare(QStringLiteral("DELETE FROM settings_meta WHERE key = ?"));
        q.addBindValue(monthKey(QDate(month.year(), month.month(), 1)));
        if (!q.exec())
            return sqlError(tr("Could not save the active users."), q.lastError());
        return {};
    }
    q.prepare(QStringLiteral("INSERT INTO settings_meta (key, value, updated_at) VALUES (?, ?, ?) "
                             "ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at"));
    q.addBindValue(monthKey(QDate(month.year(), month.month(), 1)));
    q.addBindValue(QString::number(users));
    q.addBindValue(isoTime(at));
    if (!q.exec())
        return sqlError(tr("Could not save the active users."), q.lastError());
    return {};
}

} // namespace opsdeck
