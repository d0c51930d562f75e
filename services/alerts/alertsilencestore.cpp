#include "alerts/alertsilencestore.h"

#include "store/store.h"

#include <QSqlError>
#include <QSqlQuery>

namespace opsdeck {

namespace {
const QString kPrefix = QStringLiteral("alert.silence.");

Error sqlError(const QSqlQuery &q)
{
    return makeError(ErrorKind::Io, AlertSilenceStore::tr("Could not read or write alert silences."),
                     q.lastError().text());
}
} // namespace

AlertSilenceStore::AlertSilenceStore(Store &store) : m_store(store) {}

QString AlertSilenceStore::key(const QString &alertId) { return kPrefix + alertId; }

Result<QList<AlertSilence>> AlertSilenceStore::load() const
{
    QSqlQuery q(m_store.db());
    q.prepare(QStringLiteral("SELECT key, value FROM settings_meta WHERE substr(key, 1, ?) = ?"));
    q.addBindValue(int(kPrefix.size()));
    q.addBindValue(kPrefix);
    if (!q.exec())
        return sqlError(q);
    QList<AlertSilence> out;
    while (q.next()) {
        const QDateTime until = QDateTime::fromString(q.value(1).toString(), Qt::ISODateWithMs);
        if (until.isValid())
            out.append(AlertSilence{q.value(0).toString().mid(kPrefix.size()), until.toUTC()});
    }
    return out;
}

Status AlertSilenceStore::silence(const QString &alertId, const QDateTime &until, const QDateTime &now)
{
    QSqlQuery q(m_store.db());
    q.prepare(QStringLiteral("INSERT INTO settings_meta (key, value, updated_at) VALUES (?, ?, ?) "
                             "ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at"));
    q.addBindValue(key(alertId));
    q.addBindValue(until.toUTC().toString(Qt::ISODateWithMs));
    q.addBindValue(now.toUTC().toString(Qt::ISODateWithMs));
    if (!q.exec())
        return sqlError(q);
    return {};
}

Status AlertSilenceStore::clear(const QString &alertId)
{
    QSqlQuery q(m_store.db());
    q.prepare(QStringLiteral("DELETE FROM settings_meta WHERE key = ?"));
    q.addBindValue(key(alertId));
    if (!q.exec())
        return sqlError(q);
    return {};
}

} // namespace opsdeck
