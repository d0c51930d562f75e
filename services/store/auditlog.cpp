#include "store/auditlog.h"

#include "store/canonicaljson.h"
#include "core/clock.h"
#include "net/redactor.h"
#include "store/sqltransaction.h"
#include "store/store.h"

#include <QCryptographicHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSqlError>
#include <QSqlQuery>

#ifdef Q_OS_UNIX
#include <pwd.h>
#include <unistd.h>
#endif

namespace opsdeck {

namespace {

constexpr auto kColumns = "seq, at, actor, action, target, details, prev_hash, hash";

// The stored form of one row, exactly as read: verify() hashes these texts, not re-parsed values.
struct Row {
    qint64 seq = 0;
    QString at, actor, action, target, details, prevHash, hash;
};

Row readRow(const QSqlQuery &query)
{
    return Row{query.value(0).toLongLong(), query.value(1).toString(), query.value(2).toString(),
               query.value(3).toString(), query.value(4).toString(), query.value(5).toString(),
               query.value(6).toString(), query.value(7).toString()};
}

QString hashOf(qint64 seq, const QString &at, const QString &actor, const QString &action, const QString &target,
               const QJsonObject &details, const QString &prevHash)
{
    const QJsonArray fields{seq, at, actor, action, target, details, prevHash};
    return QString::fromLatin1(QCryptographicHash::hash(canonicalJson(fields), QCryptographicHash::Sha256).toHex());
}

bool parseDetails(const QString &text, QJsonObject *out)
{
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(text.toUtf8(), &error);
    if (error.error != QJsonParseError::NoError || !doc.isObject())
        return false;
    *out = doc.object();
    return true;
}

// Every text of details through the redactor; numbers, booleans and keys as they are.
QJsonValue redacted(const QJsonValue &value)
{
    if (value.isString())
        return Redactor::global().redact(value.toString());
    if (value.isArray()) {
        QJsonArray out;
        for (const QJsonValue &v : value.toArray())
            out.append(redacted(v));
        return out;
    }
    if (value.isObject()) {
        QJsonObject out;
        const QJsonObject object = value.toObject();
        for (auto it = object.begin(); it != object.end(); ++it)
            out.insert(it.key(), redacted(it.value()));
        return out;
    }
    return value;
}

AuditEntry toEntry(const Row &row)
{
    AuditEntry entry{row.seq, QDateTime::fromString(row.at, Qt::ISODateWithMs).toUTC(), row.actor, row.action,
                     row.target, {}, row.prevHash, row.hash};
    parseDetails(row.details, &entry.details);
    return entry;
}

} // namespace

AuditLog::AuditLog(Store &store, Clock &clock) : m_store(store), m_clock(clock) {}

QString AuditLog::genesisHash() { return QString(64, QLatin1Char('0')); }

QString AuditLog::formatTime(const QDateTime &at) { return at.toUTC().toString(Qt::ISODateWithMs); }

QString AuditLog::computeHash(const AuditEntry &entry)
{
    return hashOf(entry.seq, formatTime(entry.at), entry.actor, entry.action, entry.target, entry.details,
                  entry.prevHash);
}

QString AuditLog::currentOsUser()
{
#ifdef Q_OS_UNIX
    if (const passwd *pw = ::getpwuid(::geteuid()); pw && pw->pw_name && *pw->pw_name)
        return QString::fromLocal8Bit(pw->pw_name);
#endif
    for (const char *name : {"USER", "USERNAME", "LOGNAME"}) {
        const QString value = qEnvironmentVariable(name);
        if (!value.isEmpty())
            return value;
    }
    return QStringLiteral("unknown");
}

Result<AuditEntry> AuditLog::append(const QString &action, const QString &target, const QJsonObject &details,
                                    const QString &actor)
{
    const QString failed = tr("Could not write the audit entry for \"%1\"; the action must not go ahead.").arg(action);
    if (action.trimmed().isEmpty())
        return makeError(ErrorKind::Internal, tr("An audit entry needs an action."));
    if (!m_store.isOpen())
        return makeError(ErrorKind::Io, failed, QStringLiteral("the data file is not open"));
    QSqlDatabase db = m_store.db();
    SqlTransaction transaction(db);
    if (Status begun = transaction.begin(); !begun)
        return makeError(ErrorKind::Io, failed, begun.error().detail);

    AuditEntry entry;
    {
        QSqlQuery last(db);
        if (!last.exec(QStringLiteral("SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1")))
            return sqlError(failed, last.lastError());
        const bool any = last.next();
        entry.seq = any ? last.value(0).toLongLong() + 1 : 1;
        entry.prevHash = any ? last.value(1).toString() : genesisHash();
    }
    // Milliseconds are all the stored text keeps, so the entry carries no more than that either.
    const QDateTime now = m_clock.nowUtc().toUTC();
    entry.at = QDateTime::fromMSecsSinceEpoch(now.toMSecsSinceEpoch(), Qt::UTC);
    entry.actor = actor.isEmpty() ? currentOsUser() : actor;
    entry.action = action;
    // A health URL with user:pass@ or ?token=, a JWT in an error text: masked before they are hashed
    // and written, since the trail is plain text on disk and is exported.
    entry.target = Redactor::global().redact(target);
    entry.details = redacted(details).toObject();
    entry.hash = computeHash(entry);

    QSqlQuery insert(db);
    insert.prepare(QStringLiteral("INSERT INTO audit_log (") + QLatin1String(kColumns)
                   + QStringLiteral(") VALUES (?, ?, ?, ?, ?, ?, ?, ?)"));
    for (const QVariant &value : {QVariant(entry.seq), QVariant(formatTime(entry.at)), QVariant(entry.actor),
                                  QVariant(entry.action), QVariant(entry.target),
                                  QVariant(QString::fromUtf8(canonicalJson(entry.details))),
                                  QVariant(entry.prevHash), QVariant(entry.hash)})
        insert.addBindValue(value);
    if (!insert.exec())
        return sqlError(failed, insert.lastError());
    insert.finish();
    if (Status committed = transaction.commit(); !committed)
        return makeError(ErrorKind::Io, failed, committed.error().detail);
    return entry;
}

Result<QList<AuditEntry>> AuditLog::list(int limit, qint64 beforeSeq) const
{
    if (!m_store.isOpen())
        return makeError(ErrorKind::Io, tr("The audit log cannot be read: the data file is not open."));
    QSqlQuery query(m_store.db());
    query.setForwardOnly(true);
    query.prepare(QStringLiteral("SELECT ") + QLatin1String(kColumns) + QStringLiteral(" FROM audit_log")
                  + (beforeSeq >= 0 ? QStringLiteral(" WHERE seq < ?") : QString())
                  + QStringLiteral(" ORDER BY seq DESC LIMIT ?"));
    if (beforeSeq >= 0)
        query.addBindValue(beforeSeq);
    query.addBindValue(std::max(0, limit));
    if (!query.exec())
        return sqlError(tr("The audit log cannot be read."), query.lastError());
    QList<AuditEntry> entries;
    while (query.next())
        entries.append(toEntry(readRow(query)));
    return entries;
}

AuditVerification AuditLog::verify(const QString &anchoredHead) const
{
    AuditVerification result;
    if (!m_store.isOpen()) {
        result.problem = tr("The audit log cannot be checked: the data file is not open.");
        return result;
    }
    QSqlQuery query(m_store.db());
    query.setForwardOnly(true);
    if (!query.exec(QStringLiteral("SELECT ") + QLatin1String(kColumns) + QStringLiteral(" FROM audit_log ORDER BY seq"))) {
        result.problem = tr("The audit log cannot be read: %1").arg(query.lastError().text());
        return result;
    }
    const auto fail = [&result](qint64 seq, const QString &problem) {
        result.firstBadSeq = seq;
        result.problem = problem;
        return result;
    };
    qint64 expectedSeq = 1;
    QString expectedPrev = genesisHash();  // recomputed, never read from the table
    bool anchorSeen = anchoredHead.isEmpty() || anchoredHead == genesisHash();
    while (query.next()) {
        const Row row = readRow(query);
        if (row.seq > expectedSeq) {
            return fail(expectedSeq, row.seq == expectedSeq + 1
                                         ? tr("Audit entry %1 is missing: it was deleted.").arg(expectedSeq)
                                         : tr("Audit entries %1 to %2 are missing: they were deleted.")
                                               .arg(expectedSeq).arg(row.seq - 1));
        }
        if (row.seq < expectedSeq)
            return fail(row.seq, tr("Audit entry %1 has an impossible sequence number.").arg(row.seq));
        QJsonObject details;
        if (!parseDetails(row.details, &details))
            return fail(row.seq, tr("Audit entry %1 was changed after it was written: its details are not "
                                    "valid JSON.").arg(row.seq));
        const QString recomputed = hashOf(row.seq, row.at, row.actor, row.action, row.target, details, row.prevHash);
        if (recomputed != row.hash)
            return fail(row.seq, tr("Audit entry %1 was changed after it was written, or moved from another "
                                    "position: its contents do not match its hash.").arg(row.seq));
        if (row.prevHash != expectedPrev)
            return fail(row.seq, tr("Audit entry %1 does not follow entry %2: an entry before it was deleted, "
                                    "replaced or reordered.").arg(row.seq).arg(row.seq - 1));
        anchorSeen = anchorSeen || recomputed == anchoredHead;
        expectedPrev = recomputed;
        ++expectedSeq;
        ++result.entries;
    }
    if (query.lastError().isValid()) {
        result.problem = tr("The audit log cannot be read: %1").arg(query.lastError().text());
        return result;
    }
    if (!anchorSeen)
        return fail(expectedSeq, tr("The audit log ends before the head recorded elsewhere: entries from %1 on "
                                    "were removed, or the log was replaced.").arg(expectedSeq));
    result.ok = true;
    return result;
}

QString AuditLog::head() const
{
    if (!m_store.isOpen())
        return {};
    QSqlQuery query(m_store.db());
    if (!query.exec(QStringLiteral("SELECT hash FROM audit_log ORDER BY seq DESC LIMIT 1")))
        return {};
    return query.next() ? query.value(0).toString() : genesisHash();
}

} // namespace opsdeck
