#pragma once

#include "core/result.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QJsonObject>
#include <QMap>
#include <QString>

#include <optional>

namespace opsdeck {

class BackupKey;

// What OpsDeck knows about one backup: written next to the dump as <id>.manifest.json.
struct BackupManifest {
    Q_DECLARE_TR_FUNCTIONS(BackupManifest)

public:
    QString id;        // "<database>-20261129T070000Z"
    QString database;
    QDateTime time;    // UTC, when the dump started
    QString format = QStringLiteral("plain");  // plain | custom
    QString fileName;  // "<id>.sql.gz" | "<id>.dump.gz"
    qint64 sizeBytes = 0;  // of the compressed file
    qint64 rawBytes = 0;   // of pg_dump's output
    QString sha256;    // hex, of the compressed file
    qint64 durationMs = 0;
    QString pgVersion;    // the server's
    QString toolVersion;  // pg_dump's
    QString host;         // where the database was (no password)
    bool verified = false;  // the file was read back and matched; cleared when a later check fails
    QDateTime verifiedAt;
    QString problem;      // why it is not verified, when known
    QString location;     // set when listed: the destination (folder or s3://...)
    QString encryption;   // empty, or BackupKey::kEncryption (then the file is "<...>.gz.enc")
    QString keyId;        // the backup key's id when encrypted (never the key)
    bool isEncrypted() const { return !encryption.isEmpty(); }
    QMap<QString, qint64> tables;  // "schema.table" → live rows at backup time (for the restore test)
    QString mac;  // hex HMAC-SHA256 of every other field, under a key derived from the backup key; empty: unsigned
    // The manifest as read (canonical JSON, without the mac): what the signature is checked against, so that
    // what a listing notes in memory (a missing file, a size that differs) does not count as an edit.
    QByteArray storedContent;

    // Anyone who can write to the backup store can write a manifest: with a backup key, OpsDeck signs
    // what it writes and trusts only what it signed (the checksum, the verified flag, the identity).
    enum class Authenticity { Signed, Unsigned, Forged };
    void sign(const BackupKey &key);
    Authenticity authenticity(const BackupKey &key) const;
    // The identity an encrypted file is bound to (its associated data): id, database and time.
    QByteArray binding() const;

    QJsonObject toJson() const;
    static Result<BackupManifest> fromJson(const QByteArray &json);

    static QString manifestName(const QString &id) { return id + QStringLiteral(".manifest.json"); }
    static QString dumpName(const QString &id, const QString &format, bool encrypted = false);
    static QString makeId(const QString &database, const QDateTime &time);
    // A dump file found without its manifest ("<id>.sql.gz", "<id>.dump.gz", either + ".enc"): what its
    // name tells (id, format, encryption); nullopt for any other name.
    static std::optional<BackupManifest> fromDumpName(const QString &fileName);
};

// Backup ids and object keys come back from folders and buckets: only plain names are accepted
// (letters, digits, ".", "_", "-"; no "..", no separators, no NUL, at most 200 characters), checked
// before any file system call: a hostile name never reaches a path.
bool isSafeBackupName(const QString &name);

// How the newest backup's age reads against the runbook's nightly backup: on time within a day and a
// bit (26 h), late within two days, missed after that (and missing without any backup).
enum class BackupFreshness { OnTime, Late, Missed, None };
BackupFreshness backupFreshness(const QList<BackupManifest> &backups, const QDateTime &now, QDateTime *newest = nullptr);
// base + "/" + name, refused unless name is safe and the result stays inside base.
Result<QString> pathInside(const QString &base, const QString &name);

} // namespace opsdeck
