#pragma once

#include "core/result.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QJsonObject>
#include <QList>
#include <QString>
#include <QStringList>

#include <optional>

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
    QString mac;  // "<key id>:<hex HMAC-SHA256>" over the hash; empty when written without the audit key
    bool isSigned() const { return !mac.isEmpty(); }
};

struct AuditVerification {
    bool ok = false;
    qint64 entries = 0;  // entries checked
    qint64 firstBadSeq = -1;  // the first sequence number that is edited, missing or out of place
    QString problem;  // for the user; names the seq
    qint64 signedEntries = 0;
    qint64 unsignedEntries = 0;  // written without the audit key: marked, never refused
    qint64 firstUnsignedSeq = -1;
    bool signaturesChecked = false;  // a key was at hand, so signatures and the signed head were checked
    qint64 signedHeadSeq = -1;       // the head kept beside the store, when there is one
    QStringList notes;               // what this result does not prove (no key, unsigned entries, no head yet)
};

// The append-only, hash-chained audit trail of every destructive attempt in the Store's audit_log table.
//
// hash = hex SHA-256 of canonicalJson([seq, at, actor, action, target, details, prevHash]) with `at`
// as ISO-8601 UTC with milliseconds ("2026-11-29T07:00:00.000Z") and details as a JSON object (see
// canonicaljson.h); the first entry's prevHash is 64 zeros. verify() recomputes every hash from the
// stored fields, so an edited field, a deleted entry or entries moved to other seqs are reported.
//
// Keyed: with an audit key (setKey), each entry also carries mac = HMAC-SHA256(key, hash) under the
// key's id, and every signed append moves a signed head (seq, hash, HMAC) in a file beside the store
// (headFileFor). verify() then also catches what hashes alone cannot: a rewrite with recomputed
// hashes (the signatures fail), and deleted last entries (the trail ends before the signed head),
// the head file itself deleted or edited. An entry written without the key (cron without a Secret
// Service and no OPSDECK_AUDIT_KEY) is kept and counted as unsigned. Not proven: rolling the store
// and the head file back together to an older copy of both; pass a head copied elsewhere to verify().
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

    // The signing key (raw bytes, at least 32); empty: new entries are written unsigned. `problem`
    // says why there is no key, for verify's notes.
    void setKey(const QByteArray &key, const QString &problem = QString());
    bool hasKey() const { return !m_key.isEmpty(); }
    QString keyId() const { return m_keyId; }  // 8 hex digits naming the key, never the key
    void setHeadFile(const QString &path) { m_headFile = path; }
    QString headFile() const { return m_headFile; }
    static QString headFileFor(const QString &storePath) { return storePath + QStringLiteral(".audit-head"); }

    Result<AuditEntry> append(const QString &action, const QString &target, const QJsonObject &details,
                              const QString &actor = currentOsUser());
    // The same inside a write transaction the caller began on the store's connection (SqlTransaction):
    // the entry and the caller's change commit together or not at all. After the caller's commit,
    // committed(entry) moves the signed head.
    Result<AuditEntry> appendInTransaction(const QString &action, const QString &target, const QJsonObject &details,
                                           const QString &actor = currentOsUser());
    void committed(const AuditEntry &entry);
    // Newest first; beforeSeq >= 0 pages back to entries with a smaller seq.
    Result<QList<AuditEntry>> list(int limit = 200, qint64 beforeSeq = -1) const;
    AuditVerification verify(const QString &anchoredHead = QString()) const;
    QString head() const;  // hash of the newest entry, genesisHash() when empty, empty on a read error

    static QString genesisHash();
    static QString currentOsUser();
    static QString computeHash(const AuditEntry &entry);
    static QString formatTime(const QDateTime &at);

private:
    static QString failedText(const QString &action);
    std::optional<Error> refusal(const QString &action) const;  // an empty action, a closed store
    QString macOf(const QString &hash) const;
    QByteArray headMac(qint64 seq, const QString &hash) const;
    void moveHead(const AuditEntry &entry) const;

    Store &m_store;
    Clock &m_clock;
    QByteArray m_key;
    QString m_keyId;
    QString m_keyProblem;
    QString m_headFile;
};

} // namespace opsdeck
