#include "store/auditlog.h"

#include "store/canonicaljson.h"
#include "core/clock.h"
#include "net/redactor.h"
#include "store/sqltransaction.h"
#include "store/store.h"

#include <QCryptographicHash>
#include <QFile>
#include <QLockFile>
#include <QMessageAuthenticationCode>
#include <QSaveFile>
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

constexpr auto kColumns = "seq, at, actor, action, target, details, prev_hash, hash, mac";

// The stored form of one row, exactly as read: verify() hashes these texts, not re-parsed values.
struct Row {
    qint64 seq = 0;
    QString at, actor, action, target, details, prevHash, hash, mac;
};

Row readRow(const QSqlQuery &query)
{
    return Row{query.value(0).toLongLong(), query.value(1).toString(), query.value(2).toString(),
               query.value(3).toString(), query.value(4).toString(), query.value(5).toString(),
               query.value(6).toString(), query.value(7).toString(), query.value(8).toString()};
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
                     row.target, {}, row.prevHash, row.hash, row.mac};
    parseDetails(row.details, &entry.details);
    return entry;
}

// The signed head kept beside the store: the newest signed entry's seq and hash.
struct SignedHead {
    qint64 seq = 0;
    QString hash;
    QString keyId;
    QByteArray mac;  // hex
};

enum class HeadRead { Missing, Damaged, Read };

HeadRead readHead(const QString &path, SignedHead *head)
{
    QFile file(path);
    if (!file.exists())
        return HeadRead::Missing;
    if (!file.open(QIODevice::ReadOnly))
        return HeadRead::Damaged;
    const QJsonObject o = QJsonDocument::fromJson(file.read(64 * 1024)).object();
    head->seq = o.value(QStringLiteral("seq")).toInteger();
    head->hash = o.value(QStringLiteral("hash")).toString();
    head->keyId = o.value(QStringLiteral("keyId")).toString();
    head->mac = o.value(QStringLiteral("mac")).toString().toLatin1();
    return head->seq > 0 && head->hash.size() == 64 ? HeadRead::Read : HeadRead::Damaged;
}

} // namespace

AuditLog::AuditLog(Store &store, Clock &clock) : m_store(store), m_clock(clock) {}

void AuditLog::setKey(const QByteArray &key, const QString &problem)
{
    m_key = key;
    m_keyProblem = problem;
    m_keyId = key.isEmpty() ? QString()
                            : QString::fromLatin1(QCryptographicHash::hash(QByteArray("opsdeck-audit-key-id\n" + key),
                                                                           QCryptographicHash::Sha256)
                                                      .toHex()
                                                      .left(8));
}

QString AuditLog::macOf(const QString &hash) const
{
    const QByteArray mac = QMessageAuthenticationCode::hash(QByteArray("opsdeck-audit-entry\n" + hash.toLatin1()), m_key,
                                                            QCryptographicHash::Sha256);
    return m_keyId + QLatin1Char(':') + QString::fromLatin1(mac.toHex());
}

QByteArray AuditLog::headMac(qint64 seq, const QString &hash) const
{
    return QMessageAuthenticationCode::hash(QByteArray("opsdeck-audit-head\n" + QByteArray::number(seq) + '\n' + hash.toLatin1()),
                                            m_key, QCryptographicHash::Sha256)
        .toHex();
}

void AuditLog::moveHead(const AuditEntry &entry) const
{
    if (m_headFile.isEmpty())
        return;
    // Two processes appending at once: the head only moves forward.
    QLockFile lock(m_headFile + QStringLiteral(".lock"));
    lock.setStaleLockTime(30'000);
    if (!lock.tryLock(10'000)) {
        qWarning("The audit trail's signed head was not moved: %s is locked", qPrintable(m_headFile));
        return;
    }
    SignedHead current;
    if (readHead(m_headFile, &current) == HeadRead::Read && current.seq >= entry.seq)
        return;
    QSaveFile file(m_headFile);
    const QByteArray json = QJsonDocument(QJsonObject{{QStringLiteral("seq"), entry.seq},
                                                      {QStringLiteral("hash"), entry.hash},
                                                      {QStringLiteral("keyId"), m_keyId},
                                                      {QStringLiteral("mac"), QString::fromLatin1(headMac(entry.seq, entry.hash))}})
                                .toJson(QJsonDocument::Compact);
    if (!file.open(QIODevice::WriteOnly) || file.write(json) != json.size() || !file.commit())
        qWarning("The audit trail's signed head was not moved: %s", qPrintable(file.errorString()));
}

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
    if (auto refused = refusal(action))
        return *refused;
    SqlTransaction transaction(m_store.db());
    if (Status begun = transaction.begin(); !begun)
        return makeError(ErrorKind::Io, failedText(action), begun.error().detail);
    auto entry = appendInTransaction(action, target, details, actor);
    if (!entry)
        return entry;
    if (Status done = transaction.commit(); !done)
        return makeError(ErrorKind::Io, failedText(action), done.error().detail);
    committed(entry.value());
    return entry;
}

QString AuditLog::failedText(const QString &action)
{
    return tr("Could not write the audit entry for \"%1\"; the action must not go ahead.").arg(action);
}

std::optional<Error> AuditLog::refusal(const QString &action) const
{
    if (action.trimmed().isEmpty())
        return makeError(ErrorKind::Internal, tr("An audit entry needs an action."));
    if (!m_store.isOpen())
        return makeError(ErrorKind::Io, failedText(action), QStringLiteral("the data file is not open"));
    return std::nullopt;
}

void AuditLog::committed(const AuditEntry &entry)
{
    if (hasKey())
        moveHead(entry);
}

Result<AuditEntry> AuditLog::appendInTransaction(const QString &action, const QString &target, const QJsonObject &details,
                                                 const QString &actor)
{
    if (auto refused = refusal(action))
        return *refused;
    const QString failed = failedText(action);
    QSqlDatabase db = m_store.db();
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
    if (hasKey())
        entry.mac = macOf(entry.hash);

    QSqlQuery insert(db);
    insert.prepare(QStringLiteral("INSERT INTO audit_log (") + QLatin1String(kColumns)
                   + QStringLiteral(") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"));
    for (const QVariant &value : {QVariant(entry.seq), QVariant(formatTime(entry.at)), QVariant(entry.actor),
                                  QVariant(entry.action), QVariant(entry.target),
                                  QVariant(QString::fromUtf8(canonicalJson(entry.details))),
                                  QVariant(entry.prevHash), QVariant(entry.hash),
                                  QVariant(entry.mac.isEmpty() ? QStringLiteral("") : entry.mac)})
        insert.addBindValue(value);
    if (!insert.exec())
        return sqlError(failed, insert.lastError());
    insert.finish();
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
    result.signaturesChecked = hasKey();
    SignedHead head;
    const HeadRead headRead = m_headFile.isEmpty() ? HeadRead::Missing : readHead(m_headFile, &head);
    if (headRead == HeadRead::Damaged)
        return fail(0, tr("The audit trail's signed head (%1) is damaged or was edited.").arg(m_headFile));
    if (headRead == HeadRead::Read && hasKey()) {
        if (head.keyId != m_keyId)
            return fail(head.seq, tr("The audit trail's signed head was signed with another audit key (id %1, this "
                                     "one is %2): it was replaced, or OPSDECK_AUDIT_KEY differs from the keychain's key.")
                                      .arg(head.keyId, m_keyId));
        if (head.mac != headMac(head.seq, head.hash))
            return fail(head.seq, tr("The audit trail's signed head was edited: its signature does not match."));
    }
    if (headRead == HeadRead::Read)
        result.signedHeadSeq = head.seq;
    QString hashAtHead;
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
        if (row.mac.isEmpty()) {
            ++result.unsignedEntries;
            if (result.firstUnsignedSeq < 0)
                result.firstUnsignedSeq = row.seq;
        } else {
            ++result.signedEntries;
            if (hasKey() && row.mac != macOf(recomputed)) {
                const QString keyId = row.mac.section(QLatin1Char(':'), 0, 0);
                return fail(row.seq, keyId != m_keyId
                                         ? tr("Audit entry %1 was signed with another audit key (id %2, this one is "
                                              "%3): it was rewritten, or OPSDECK_AUDIT_KEY differs from the "
                                              "keychain's key.").arg(row.seq).arg(keyId, m_keyId)
                                         : tr("Audit entry %1 was rewritten: its signature does not match, so its "
                                              "hash was recomputed by someone without the audit key.").arg(row.seq));
            }
        }
        if (row.seq == head.seq)
            hashAtHead = recomputed;
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
    if (headRead == HeadRead::Read) {
        if (head.seq >= expectedSeq)
            return fail(expectedSeq, head.seq == expectedSeq
                                         ? tr("The audit log ends before its signed head: entry %1 was removed.")
                                               .arg(expectedSeq)
                                         : tr("The audit log ends before its signed head: entries %1 to %2 were removed.")
                                               .arg(expectedSeq).arg(head.seq));
        if (hashAtHead != head.hash)
            return fail(head.seq, tr("Audit entry %1 is not the one its signed head names: the log was rewritten or "
                                     "replaced.").arg(head.seq));
    } else if (hasKey() && result.signedEntries > 0) {
        return fail(expectedSeq - 1, tr("The audit trail's signed head (%1) is missing, so removed last entries cannot "
                                        "be ruled out: it was deleted, or the data file was copied without it.")
                                         .arg(m_headFile));
    }
    if (!hasKey())
        result.notes << (m_keyProblem.isEmpty() ? tr("Signatures were not checked: there is no audit key.")
                                                : tr("Signatures were not checked: %1").arg(m_keyProblem));
    if (result.unsignedEntries > 0)
        result.notes << tr("%n entries were written without the audit key (the first is entry %1); the hash chain "
                           "covers them, signatures do not.", nullptr, int(result.unsignedEntries))
                            .arg(result.firstUnsignedSeq);
    if (headRead == HeadRead::Missing && result.entries > 0)
        result.notes << tr("There is no signed head yet: removed last entries cannot be detected.");
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
