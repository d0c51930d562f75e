#include "runbook/checkliststore.h"

#include "core/clock.h"
#include "net/redactor.h"
#include "store/auditlog.h"
#include "store/sqltransaction.h"
#include "store/storeevents.h"
#include "store/store.h"

#include <QCoreApplication>
#include <QJsonObject>
#include <QSqlError>
#include <QSqlQuery>
#include <QSysInfo>

namespace opsdeck {

namespace {
QString iso(const QDateTime &t) { return t.toUTC().toString(Qt::ISODateWithMs); }
// A null QString binds as SQL NULL; NOT NULL text columns get an empty string instead.
QString text(const QString &s) { return s.isNull() ? QStringLiteral("") : s; }
QDateTime fromIso(const QString &s) { return QDateTime::fromString(s, Qt::ISODateWithMs).toUTC(); }

Error sqlError(const QSqlQuery &q)
{
    return makeError(ErrorKind::Io, QCoreApplication::translate("ChecklistStore", "The local store could not be updated"),
                     q.lastError().text());
}

TickState stateFromName(const QString &s)
{
    if (s == QLatin1String("done"))
        return TickState::Done;
    if (s == QLatin1String("acknowledged"))
        return TickState::Acknowledged;
    return TickState::Open;
}
} // namespace

ChecklistStore::ChecklistStore(Store &store, AuditLog &audit, Clock &clock) : m_store(store), m_audit(audit), m_clock(clock) {}

QString ChecklistStore::tickStateName(TickState state)
{
    switch (state) {
    case TickState::Open: return QStringLiteral("undone");
    case TickState::Done: return QStringLiteral("done");
    case TickState::Acknowledged: return QStringLiteral("acknowledged");
    }
    return {};
}

Status ChecklistStore::saveResult(const QDate &day, const CheckResult &r)
{
    QSqlQuery q(m_store.db());
    q.prepare(QStringLiteral("INSERT INTO check_runs (run_date, item_id, status, evidence, value, at) VALUES (?, ?, ?, ?, ?, ?)"));
    q.addBindValue(day.toString(Qt::ISODate));
    q.addBindValue(r.itemId);
    q.addBindValue(checkStatusName(r.status));
    // Evidence quotes what was checked (a health URL with user:pass@ or ?token=...): masked, as
    // everything the data file keeps.
    q.addBindValue(text(Redactor::global().redact(r.evidence)));
    q.addBindValue(r.value.isNull() ? r.value : Redactor::global().redact(r.value));
    q.addBindValue(iso(r.at.isValid() ? r.at : m_clock.nowUtc()));
    if (!q.exec())
        return sqlError(q);
    return {};
}

Result<Tick> ChecklistStore::setTick(const QDate &day, const QString &itemId, TickState state, const QString &note,
                                     int expectedVersion, const QString &evidence)
{
    if (state == TickState::Acknowledged && note.trimmed().isEmpty())
        return makeError(ErrorKind::Config,
                         QCoreApplication::translate("ChecklistStore", "Acknowledging a failure needs a reason"));
    // One write transaction (BEGIN IMMEDIATE on SQLite): the version read, the audit entry and the
    // change commit together, so a writer that lost the race leaves no entry and no change behind.
    SqlTransaction tx(m_store.db());
    if (Status begun = tx.begin(); !begun)
        return begun.error();
    int version = 0;
    {
        QSqlQuery v(m_store.db());
        v.prepare(QStringLiteral("SELECT version FROM checklist_ticks WHERE run_date = ? AND item_id = ?"));
        v.addBindValue(day.toString(Qt::ISODate));
        v.addBindValue(itemId);
        if (!v.exec())
            return sqlError(v);
        if (v.next())
            version = v.value(0).toInt();
    }
    if (version != expectedVersion)
        return makeError(ErrorKind::Conflict,
                         QCoreApplication::translate("ChecklistStore", "Someone else changed this item meanwhile; reload and try again"));
    const QString actor = AuditLog::currentOsUser();
    auto audit = m_audit.appendInTransaction(QStringLiteral("checklist.") + tickStateName(state),
                                             day.toString(Qt::ISODate) + QLatin1Char('/') + itemId,
                                             QJsonObject{{QStringLiteral("note"), note}, {QStringLiteral("evidence"), evidence}});
    if (!audit)
        return audit.error();
    const QDateTime now = m_clock.nowUtc();
    QSqlQuery q(m_store.db());
    if (version == 0) {
        q.prepare(QStringLiteral("INSERT INTO checklist_ticks (run_date, item_id, state, note, actor, at, version) VALUES (?, ?, ?, ?, ?, ?, 1)"));
        q.addBindValue(day.toString(Qt::ISODate));
        q.addBindValue(itemId);
        q.addBindValue(tickStateName(state));
        q.addBindValue(text(note));
        q.addBindValue(actor);
        q.addBindValue(iso(now));
    } else {
        q.prepare(QStringLiteral("UPDATE checklist_ticks SET state = ?, note = ?, actor = ?, at = ?, version = version + 1"
                                 " WHERE run_date = ? AND item_id = ? AND version = ?"));
        q.addBindValue(tickStateName(state));
        q.addBindValue(text(note));
        q.addBindValue(actor);
        q.addBindValue(iso(now));
        q.addBindValue(day.toString(Qt::ISODate));
        q.addBindValue(itemId);
        q.addBindValue(version);
    }
    if (!q.exec())
        return sqlError(q);
    if (q.numRowsAffected() != 1)
        return makeError(ErrorKind::Conflict,
                         QCoreApplication::translate("ChecklistStore", "Someone else changed this item meanwhile; reload and try again"));
    q.finish();
    // Announced with the commit to every OpsDeck listening on a shared store.
    StoreEvents::notify(m_store, StoreEvents::kChecklistChannel,
                        QJsonObject{{QStringLiteral("date"), day.toString(Qt::ISODate)},
                                    {QStringLiteral("item"), itemId},
                                    {QStringLiteral("state"), tickStateName(state)},
                                    {QStringLiteral("actor"), actor},
                                    {QStringLiteral("host"), QSysInfo::machineHostName()},
                                    {QStringLiteral("pid"), QCoreApplication::applicationPid()},
                                    {QStringLiteral("version"), version + 1}});
    if (Status done = tx.commit(); !done)
        return done.error();
    m_audit.committed(audit.value());
    return Tick{itemId, state, note, actor, now, version + 1};
}

Result<DayRecord> ChecklistStore::day(const QDate &day) const
{
    DayRecord rec;
    rec.date = day;
    QSqlQuery q(m_store.db());
    q.prepare(QStringLiteral("SELECT item_id, status, evidence, value, at FROM check_runs WHERE run_date = ? ORDER BY at, id"));
    q.addBindValue(day.toString(Qt::ISODate));
    if (!q.exec())
        return sqlError(q);
    while (q.next()) {
        CheckResult r;
        r.itemId = q.value(0).toString();
        r.status = checkStatusFromName(q.value(1).toString());
        r.evidence = q.value(2).toString();
        r.value = q.value(3).toString();
        r.at = fromIso(q.value(4).toString());
        rec.results.insert(r.itemId, r);  // later rows win: the latest result per item
    }
    QSqlQuery t(m_store.db());
    t.prepare(QStringLiteral("SELECT item_id, state, note, actor, at, version FROM checklist_ticks WHERE run_date = ?"));
    t.addBindValue(day.toString(Qt::ISODate));
    if (!t.exec())
        return sqlError(t);
    while (t.next())
        rec.ticks.insert(t.value(0).toString(), Tick{t.value(0).toString(), stateFromName(t.value(1).toString()),
                                                     t.value(2).toString(), t.value(3).toString(),
                                                     fromIso(t.value(4).toString()), t.value(5).toInt()});
    return rec;
}

Result<QList<QDate>> ChecklistStore::history(int limit) const
{
    QSqlQuery q(m_store.db());
    q.prepare(QStringLiteral("SELECT run_date FROM check_runs UNION SELECT run_date FROM checklist_ticks ORDER BY 1 DESC LIMIT ?"));
    q.addBindValue(limit);
    if (!q.exec())
        return sqlError(q);
    QList<QDate> days;
    while (q.next())
        days << QDate::fromString(q.value(0).toString(), Qt::ISODate);
    return days;
}

Result<QDate> ChecklistStore::lastCompleted(const QStringList &itemIds) const
{
    if (itemIds.isEmpty())
        return QDate();
    QSqlQuery q(m_store.db());
    q.prepare(QStringLiteral("SELECT run_date, COUNT(DISTINCT item_id) FROM checklist_ticks WHERE state IN ('done', 'acknowledged')"
                             " GROUP BY run_date ORDER BY run_date DESC"));
    if (!q.exec())
        return sqlError(q);
    while (q.next()) {
        const QDate d = QDate::fromString(q.value(0).toString(), Qt::ISODate);
        auto rec = day(d);
        if (!rec)
            return rec.error();
        const bool all = std::all_of(itemIds.begin(), itemIds.end(), [&](const QString &id) {
            const TickState s = rec->ticks.value(id).state;
            return s == TickState::Done || s == TickState::Acknowledged;
        });
        if (all)
            return d;
    }
    return QDate();
}

Status ChecklistStore::addSample(const QString &metric, const QString &subject, double value)
{
    QSqlQuery q(m_store.db());
    q.prepare(QStringLiteral("INSERT INTO metric_samples (metric, subject, at, value) VALUES (?, ?, ?, ?)"));
    q.addBindValue(metric);
    q.addBindValue(Redactor::global().redact(subject));  // stored masked, looked up masked
    q.addBindValue(iso(m_clock.nowUtc()));
    q.addBindValue(value);
    if (!q.exec())
        return sqlError(q);
    return {};
}

Status ChecklistStore::addSamples(const QString &metric, const QString &subject,
                                  const QList<std::pair<QDateTime, double>> &samples)
{
    QSqlDatabase db = m_store.db();
    SqlTransaction tx(db);
    if (Status s = tx.begin(); !s)
        return s;
    QSqlQuery q(db);
    q.prepare(QStringLiteral("INSERT INTO metric_samples (metric, subject, at, value) VALUES (?, ?, ?, ?)"));
    const QString masked = Redactor::global().redact(subject);
    for (const auto &[at, value] : samples) {
        q.addBindValue(metric);
        q.addBindValue(masked);
        q.addBindValue(iso(at));
        q.addBindValue(value);
        if (!q.exec())
            return sqlError(q);  // tx rolls back
    }
    return tx.commit();
}

Status ChecklistStore::removeSamplesExcept(const QString &metric, const QString &keep)
{
    QSqlQuery q(m_store.db());
    q.prepare(QStringLiteral("DELETE FROM metric_samples WHERE metric = ? AND subject <> ?"));
    q.addBindValue(metric);
    q.addBindValue(Redactor::global().redact(keep));
    if (!q.exec())
        return sqlError(q);
    return {};
}

Result<QList<std::pair<QDateTime, double>>> ChecklistStore::samples(const QString &metric, const QString &subject,
                                                                    const QDateTime &since) const
{
    QSqlQuery q(m_store.db());
    q.prepare(QStringLiteral("SELECT at, value FROM metric_samples WHERE metric = ? AND (? = '' OR subject = ?) AND at >= ? ORDER BY at"));
    q.addBindValue(metric);
    q.addBindValue(Redactor::global().redact(subject));
    q.addBindValue(Redactor::global().redact(subject));
    q.addBindValue(iso(since));
    if (!q.exec())
        return sqlError(q);
    QList<std::pair<QDateTime, double>> out;
    while (q.next())
        out.append({fromIso(q.value(0).toString()), q.value(1).toDouble()});
    return out;
}

} // namespace opsdeck
