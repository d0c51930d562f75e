#pragma once

#include "core/result.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QJsonObject>
#include <QList>
#include <QString>

namespace opsdeck {

class Clock;
class Store;

struct AuditEntry {
    qint64 seq = 0;
    QDateTime at;  // UTC, millisecond precision
    QString actor;  // OS user
    QString action;  // "rollback", "secret.set", ...
    QString target;
    QJsonObject details;
    QString prevHash;
    QString hash;
};

struct AuditVerification {
    bool ok = false;
    qint64 entries = 0;  // entries checked
    qint64 firstBadSeq = -1;  // the first sequence number that is edited, missing or out of place
    QString problem;  // for the user; names the seq
};

// The append-only, hash-chained audit trail of every destructive attempt in the Store's audit_log table.
//
// hash = hex SHA-256 of canonicalJson([seq, at, actor, action, target, details, prevHash]) with `at`
// as ISO-8601 UTC with milliseconds ("2026-11-29T07:00:00.000Z") and details as a JSON object (see
// canonicaljson.h); the first entry's prevHash is 64 zeros. verify() recomputes every hash from the
// stored fields, so an edited field, a deleted entry or entries moved to other seqs are reported.
// Removing entries from the end, or rewriting the whole chain, can only be caught by comparing
// head() with a copy kept elsewhere: pass that copy to verify().
//
// Callers must not put secrets (tokens, passwords, keys) in details: the log is plain text on disk.
// As a second line, append() passes the target and every text in details through the redactor (URL
// user info, token parameters, JWTs, AKIA keys, registered secrets) before hashing and storing them.
// Use the Store's thread; append() commits with synchronous=FULL before it
// returns, and a failed write is an Error, so destructive actions can fail closed.
class AuditLog
{
    Q_DECLARE_TR_FUNCTIONS(AuditLog)

public:
    AuditLog(Store &store, Clock &clock);

    Result<AuditEntry> append(const QString &action, const QString &target, const QJsonObject &details,
                              const QString &actor = currentOsUser());
    // Newest first; beforeSeq >= 0 pages back to entries with a smaller seq.
    Result<QList<AuditEntry>> list(int limit = 200, qint64 beforeSeq = -1) const;
    AuditVerification verify(const QString &anchoredHead = QString()) const;
    QString head() const;  // hash of the newest entry, genesisHash() when empty, empty on a read error

    static QString genesisHash();
    static QString currentOsUser();
    static QString computeHash(const AuditEntry &entry);
    static QString formatTime(const QDateTime &at);

private:
    Store &m_store;
    Clock &m_clock;
};

} // namespace opsdeck
