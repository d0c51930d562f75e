#include "backups/backupmanifest.h"

#include "backups/backupcrypto.h"
#include "store/canonicaljson.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFileInfo>
#include <QJsonDocument>
#include <QMessageAuthenticationCode>
#include <QRegularExpression>

namespace opsdeck {

namespace {
QString iso(const QDateTime &t) { return t.isValid() ? t.toUTC().toString(Qt::ISODateWithMs) : QString(); }
QDateTime parseIso(const QJsonValue &v)
{
    QDateTime t = QDateTime::fromString(v.toString(), Qt::ISODateWithMs);
    return t.isValid() ? t.toUTC() : QDateTime();
}
} // namespace

QJsonObject BackupManifest::toJson() const
{
    QJsonObject o{{QStringLiteral("version"), 1},
                  {QStringLiteral("id"), id},
                  {QStringLiteral("database"), database},
                  {QStringLiteral("time"), iso(time)},
                  {QStringLiteral("format"), format},
                  {QStringLiteral("file"), fileName},
                  {QStringLiteral("sizeBytes"), sizeBytes},
                  {QStringLiteral("rawBytes"), rawBytes},
                  {QStringLiteral("sha256"), sha256},
                  {QStringLiteral("durationMs"), durationMs},
                  {QStringLiteral("pgVersion"), pgVersion},
                  {QStringLiteral("toolVersion"), toolVersion},
                  {QStringLiteral("host"), host},
                  {QStringLiteral("verified"), verified},
                  {QStringLiteral("verifiedAt"), verifiedAt.isValid() ? QJsonValue(iso(verifiedAt)) : QJsonValue()}};
    if (!problem.isEmpty())
        o.insert(QStringLiteral("problem"), problem);
    if (!tables.isEmpty()) {
        QJsonObject t;
        for (auto it = tables.cbegin(); it != tables.cend(); ++it)
            t.insert(it.key(), it.value());
        o.insert(QStringLiteral("tables"), t);
    }
    if (isEncrypted()) {
        o.insert(QStringLiteral("encryption"), encryption);
        o.insert(QStringLiteral("keyId"), keyId);
    }
    if (!mac.isEmpty())
        o.insert(QStringLiteral("mac"), mac);
    return o;
}

namespace {
// What the signature covers: every field but the signature, in canonical JSON.
QByteArray contentOf(QJsonObject o)
{
    o.remove(QStringLiteral("mac"));
    return canonicalJson(o);
}
QString macOf(const QByteArray &content, const BackupKey &key)
{
    return QString::fromLatin1(QMessageAuthenticationCode::hash(QByteArrayLiteral("opsdeck-backup-manifest-v1\n") + content,
                                                                key.derive("opsdeck-backup-manifest-key"),
                                                                QCryptographicHash::Sha256)
                                   .toHex());
}
} // namespace

void BackupManifest::sign(const BackupKey &key)
{
    storedContent.clear();
    mac = macOf(contentOf(toJson()), key);
}

BackupManifest::Authenticity BackupManifest::authenticity(const BackupKey &key) const
{
    if (mac.isEmpty())
        return Authenticity::Unsigned;
    const QByteArray expected = macOf(storedContent.isEmpty() ? contentOf(toJson()) : storedContent, key).toLatin1();
    const QByteArray actual = mac.toLatin1();
    return expected.size() == actual.size()
            && sodium_memcmp(expected.constData(), actual.constData(), size_t(expected.size())) == 0
        ? Authenticity::Signed
        : Authenticity::Forged;
}

QByteArray BackupManifest::binding() const
{
    return QByteArrayLiteral("opsdeck-backup-v2\n") + id.toUtf8() + '\n' + database.toUtf8() + '\n'
        + iso(time).toUtf8();
}

Result<BackupManifest> BackupManifest::fromJson(const QByteArray &json)
{
    QJsonParseError error{};
    const QJsonDocument doc = QJsonDocument::fromJson(json, &error);
    if (error.error != QJsonParseError::NoError || !doc.isObject())
        return makeError(ErrorKind::BadResponse, tr("The backup manifest is not valid JSON"), error.errorString());
    const QJsonObject o = doc.object();
    BackupManifest m;
    m.id = o.value(QStringLiteral("id")).toString();
    m.database = o.value(QStringLiteral("database")).toString();
    m.time = parseIso(o.value(QStringLiteral("time")));
    m.format = o.value(QStringLiteral("format")).toString();
    m.fileName = o.value(QStringLiteral("file")).toString();
    m.sizeBytes = o.value(QStringLiteral("sizeBytes")).toInteger(-1);
    m.rawBytes = o.value(QStringLiteral("rawBytes")).toInteger(0);
    m.sha256 = o.value(QStringLiteral("sha256")).toString();
    m.durationMs = o.value(QStringLiteral("durationMs")).toInteger(0);
    m.pgVersion = o.value(QStringLiteral("pgVersion")).toString();
    m.toolVersion = o.value(QStringLiteral("toolVersion")).toString();
    m.host = o.value(QStringLiteral("host")).toString();
    m.verified = o.value(QStringLiteral("verified")).toBool(false);
    m.verifiedAt = parseIso(o.value(QStringLiteral("verifiedAt")));
    m.problem = o.value(QStringLiteral("problem")).toString();
    m.encryption = o.value(QStringLiteral("encryption")).toString();
    m.keyId = o.value(QStringLiteral("keyId")).toString();
    m.mac = o.value(QStringLiteral("mac")).toString();
    m.storedContent = contentOf(o);
    const QJsonObject tables = o.value(QStringLiteral("tables")).toObject();
    for (auto it = tables.constBegin(); it != tables.constEnd(); ++it)
        m.tables.insert(it.key(), it.value().toInteger(0));
    if (m.isEncrypted() && m.encryption != QLatin1String(BackupKey::kEncryption))
        return makeError(ErrorKind::BadResponse, tr("The backup uses an unknown encryption \"%1\"").arg(m.encryption.left(60)));
    static const QRegularExpression hex(QStringLiteral("^[0-9a-f]{64}$"));
    if (!isSafeBackupName(m.id) || !isSafeBackupName(m.fileName) || !m.time.isValid() || m.sizeBytes < 0
        || !hex.match(m.sha256).hasMatch() || (m.format != QLatin1String("plain") && m.format != QLatin1String("custom")))
        return makeError(ErrorKind::BadResponse, tr("The backup manifest is incomplete or has unsafe names"));
    return m;
}

QString BackupManifest::dumpName(const QString &id, const QString &format, bool encrypted)
{
    return id + (format == QLatin1String("custom") ? QStringLiteral(".dump.gz") : QStringLiteral(".sql.gz"))
        + (encrypted ? QStringLiteral(".enc") : QString());
}

std::optional<BackupManifest> BackupManifest::fromDumpName(const QString &fileName)
{
    if (!isSafeBackupName(fileName))
        return std::nullopt;
    BackupManifest m;
    m.fileName = fileName;
    QString stem = fileName;
    if (stem.endsWith(QLatin1String(".enc"))) {
        stem.chop(4);
        m.encryption = QString::fromLatin1(BackupKey::kEncryption);
    }
    if (stem.endsWith(QLatin1String(".dump.gz"))) {
        m.format = QStringLiteral("custom");
        m.id = stem.chopped(8);
    } else if (stem.endsWith(QLatin1String(".sql.gz"))) {
        m.format = QStringLiteral("plain");
        m.id = stem.chopped(7);
    } else {
        return std::nullopt;
    }
    return m;
}

QString BackupManifest::makeId(const QString &database, const QDateTime &time)
{
    return database + QLatin1Char('-') + time.toUTC().toString(QStringLiteral("yyyyMMdd'T'HHmmss'Z'"));
}

BackupFreshness backupFreshness(const QList<BackupManifest> &backups, const QDateTime &now, QDateTime *newest)
{
    QDateTime last;
    for (const BackupManifest &b : backups)
        if (!last.isValid() || b.time > last)
            last = b.time;
    if (newest)
        *newest = last;
    if (!last.isValid())
        return BackupFreshness::None;
    const qint64 age = last.secsTo(now);
    return age <= 26 * 3600 ? BackupFreshness::OnTime : age <= 48 * 3600 ? BackupFreshness::Late : BackupFreshness::Missed;
}

bool isSafeBackupName(const QString &name)
{
    static const QRegularExpression re(QStringLiteral("^[A-Za-z0-9_][A-Za-z0-9_.-]{0,199}$"));
    return re.match(name).hasMatch() && !name.contains(QLatin1String(".."));
}

Result<QString> pathInside(const QString &base, const QString &name)
{
    if (!isSafeBackupName(name))
        return makeError(ErrorKind::Config,
                         QCoreApplication::translate("BackupManifest", "Refused the unsafe backup name \"%1\"")
                             .arg(QString(name).replace(QChar(0), QStringLiteral("\\0")).left(80)));
    const QString root = QDir::cleanPath(QFileInfo(base).absoluteFilePath());
    const QString path = QDir::cleanPath(root + QLatin1Char('/') + name);
    if (!path.startsWith(root + QLatin1Char('/')))
        return makeError(ErrorKind::Config,
                         QCoreApplication::translate("BackupManifest", "Refused a path outside the backup folder"));
    return path;
}

} // namespace opsdeck
