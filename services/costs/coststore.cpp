#include "costs/coststore.h"

#include "store/sqltransaction.h"
#include "store/store.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSqlError>
#include <QSqlQuery>
#include <QVariant>

namespace opsdeck {

namespace {
QString isoDay(QDate d) { return d.toString(Qt::ISODate); }
// An unknown time (an imported line without one) is stored as '' (the column is NOT NULL).
QString isoTime(const QDateTime &t) { return t.isValid() ? t.toUTC().toString(Qt::ISODateWithMs) : QStringLiteral(""); }
const QString kUsageKey = QStringLiteral("costs/usage");

QJsonObject usageToJson(const UsagePeriod &u)
{
    QJsonArray models;
    for (const ModelUsage &m : u.models)
        models.append(QJsonObject{{QStringLiteral("provider"), m.provider},
                                  {QStringLiteral("model"), m.model},
                                  {QStringLiteral("uncachedInput"), m.uncachedInputTokens},
                                  {QStringLiteral("cacheRead"), m.cacheReadTokens},
                                  {QStringLiteral("cacheWrite5m"), m.cacheWrite5mTokens},
                                  {QStringLiteral("cacheWrite1h"), m.cacheWrite1hTokens},
                                  {QStringLiteral("output"), m.outputTokens},
                                  {QStringLiteral("requests"), m.requests}});
    return QJsonObject{{QStringLiteral("from"), u.from.toString(Qt::ISODate)},
                       {QStringLiteral("to"), u.to.toString(Qt::ISODate)},
                       {QStringLiteral("models"), models}};
}

std::optional<UsagePeriod> usageFromJson(const QByteArray &text)
{
    const QJsonObject o = QJsonDocument::fromJson(text).object();
    UsagePeriod u;
    u.from = QDate::fromString(o.value(QStringLiteral("from")).toString(), Qt::ISODate);
    u.to = QDate::fromString(o.value(QStringLiteral("to")).toString(), Qt::ISODate);
    if (!u.from.isValid() || !u.to.isValid() || !o.value(QStringLiteral("models")).isArray())
        return std::nullopt;  // damaged or from another version: as if never fetched
    for (const QJsonValue &v : o.value(QStringLiteral("models")).toArray()) {
        const QJsonObject m = v.toObject();
        ModelUsage mu;
        mu.provider = m.value(QStringLiteral("provider")).toString();
        mu.model = m.value(QStringLiteral("model")).toString();
        mu.uncachedInputTokens = m.value(QStringLiteral("uncachedInput")).toInteger();
        mu.cacheReadTokens = m.value(QStringLiteral("cacheRead")).toInteger();
        mu.cacheWrite5mTokens = m.value(QStringLiteral("cacheWrite5m")).toInteger();
        mu.cacheWrite1hTokens = m.value(QStringLiteral("cacheWrite1h")).toInteger();
        mu.outputTokens = m.value(QStringLiteral("output")).toInteger();
        mu.requests = m.value(QStringLiteral("requests")).toInteger();
        if (mu.model.isEmpty())
            return std::nullopt;
        u.models.append(mu);
    }
    return u;
}

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

Status CostStore::saveUsage(const UsagePeriod &usage, const QDateTime &at)
{
    QSqlQuery q(m_store.db());
    q.prepare(QStringLiteral("INSERT INTO settings_meta (key, value, updated_at) VALUES (?, ?, ?) "
                             "ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at"));
    q.addBindValue(kUsageKey);
    q.addBindValue(QString::fromUtf8(QJsonDocument(usageToJson(usage)).toJson(QJsonDocument::Compact)));
    q.addBindValue(isoTime(at));
    if (!q.exec())
        return sqlError(tr("Could not save the token usage."), q.lastError());
    return {};
}

Result<std::optional<StoredUsage>> CostStore::lastUsage() const
{
    QSqlQuery q(m_store.db());
    q.prepare(QStringLiteral("SELECT value, updated_at FROM settings_meta WHERE key = ?"));
    q.addBindValue(kUsageKey);
    if (!q.exec())
        return sqlError(tr("Could not read the stored token usage."), q.lastError());
    if (!q.next())
        return std::optional<StoredUsage>();
    const auto period = usageFromJson(q.value(0).toString().toUtf8());
    if (!period)
        return std::optional<StoredUsage>();
    return std::optional<StoredUsage>(StoredUsage{*period, QDateTime::fromString(q.value(1).toString(), Qt::ISODateWithMs).toUTC()});
}

} // namespace opsdeck
