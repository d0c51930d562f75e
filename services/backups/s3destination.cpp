#include "backups/s3destination.h"

#include "backups/folderdestination.h"
#include "backups/privatefolder.h"
#include "backups/sha256.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QLockFile>
#include <QSet>
#include <QXmlStreamReader>

namespace opsdeck {

namespace {

const std::atomic<bool> kNeverCancelled{false};

// A window [offset, offset + length) of a file as a random-access device, so a part streams from
// disk instead of sitting in memory.
class FileSlice final : public QIODevice
{
public:
    FileSlice(const QString &path, qint64 offset, qint64 length) : m_file(path), m_offset(offset), m_length(length) {}
    bool openSlice() { return m_file.open(QIODevice::ReadOnly) && m_file.seek(m_offset) && open(QIODevice::ReadOnly); }
    bool isSequential() const override { return false; }
    qint64 size() const override { return m_length; }
    bool seek(qint64 pos) override { return QIODevice::seek(pos) && m_file.seek(m_offset + pos); }

protected:
    qint64 readData(char *data, qint64 max) override
    {
        const qint64 left = m_length - pos();
        return left <= 0 ? 0 : m_file.read(data, std::min(max, left));
    }
    qint64 writeData(const char *, qint64) override { return -1; }

private:
    QFile m_file;
    qint64 m_offset;
    qint64 m_length;
};

class StagingLock final : public DestinationLock
{
public:
    explicit StagingLock(std::unique_ptr<QLockFile> file) : m_file(std::move(file)) {}

private:
    std::unique_ptr<QLockFile> m_file;
};

// MD5 and SHA-256 (hex) of a file window.
Result<std::pair<QByteArray, QByteArray>> hashes(const QString &path, qint64 offset, qint64 length)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly) || !f.seek(offset))
        return makeError(ErrorKind::Io, S3Destination::tr("Cannot read %1").arg(path), f.errorString());
    QCryptographicHash md5(QCryptographicHash::Md5);
    Sha256 sha;
    QByteArray buffer(1 << 20, Qt::Uninitialized);
    for (qint64 left = length; left > 0;) {
        const qint64 n = f.read(buffer.data(), std::min<qint64>(left, buffer.size()));
        if (n <= 0)
            return makeError(ErrorKind::Io, S3Destination::tr("Cannot read %1").arg(path), f.errorString());
        md5.addData(QByteArrayView(buffer.constData(), n));
        sha.add(buffer.constData(), n);
        left -= n;
    }
    return std::pair{md5.result(), sha.hex()};
}

QByteArray xmlText(const QByteArray &xml, const char *element)
{
    QXmlStreamReader r(xml);
    while (!r.atEnd()) {
        r.readNext();
        if (r.isStartElement() && r.name() == QLatin1String(element))
            return r.readElementText().toUtf8();
    }
    return {};
}

} // namespace

S3Destination::S3Destination(S3Location location, S3Config config, QString stagingFolder)
    : m_location(std::move(location)), m_client(std::move(config), m_location.bucket), m_staging(std::move(stagingFolder))
{
}

S3Destination::~S3Destination() = default;

QString S3Destination::location() const
{
    return QStringLiteral("s3://") + m_location.bucket + (m_location.prefix.isEmpty() ? QString() : QLatin1Char('/') + m_location.prefix);
}

Result<std::unique_ptr<DestinationLock>> S3Destination::lock()
{
    if (Status s = PrivateFolder::make(m_staging); !s)
        return s.error();
    const QByteArray id = QCryptographicHash::hash(location().toUtf8(), QCryptographicHash::Sha1).toHex().left(16);
    auto file = std::make_unique<QLockFile>(m_staging + QStringLiteral("/.opsdeck-s3-") + QString::fromLatin1(id) + QStringLiteral(".lock"));
    file->setStaleLockTime(0);
    if (!file->tryLock(0))
        return makeError(ErrorKind::Conflict, tr("Another backup or prune is running on %1").arg(location()));
    return std::unique_ptr<DestinationLock>(std::make_unique<StagingLock>(std::move(file)));
}

Status S3Destination::cleanStale()
{
    QDir dir(m_staging);
    for (const QFileInfo &fi : dir.entryInfoList({QStringLiteral("*.partial"), QStringLiteral("*.download")}, QDir::Files))
        QFile::remove(fi.absoluteFilePath());
    return {};
}

Result<QByteArray> S3Destination::uploadSingle(const QString &key, const QString &path, const QString &sha256,
                                               const std::atomic<bool> &cancel)
{
    const qint64 size = QFileInfo(path).size();
    auto digest = hashes(path, 0, size);
    if (!digest)
        return digest.error();
    if (!sha256.isEmpty() && digest.value().second != sha256.toLatin1())
        return makeError(ErrorKind::Io, tr("The staged dump changed before the upload"));
    FileSlice body(path, 0, size);
    if (!body.openSlice())
        return makeError(ErrorKind::Io, tr("Cannot read %1").arg(path));
    S3Client::Call call;
    call.method = "PUT";
    call.key = key;
    call.bodyDevice = &body;
    call.payloadHash = digest.value().second;
    auto reply = m_client.send(call, cancel);
    if (!reply)
        return reply.error();
    return digest.value().first.toHex();  // the ETag S3 gives a single PUT
}

Result<QByteArray> S3Destination::uploadMultipart(const QString &key, const QString &path, const std::atomic<bool> &cancel,
                                                  const ByteProgress &progress)
{
    S3Client::Call create;
    create.method = "POST";
    create.key = key;
    create.query = {{"uploads", ""}};
    auto created = m_client.send(create, cancel);
    if (!created)
        return created.error();
    const QByteArray uploadId = xmlText(created.value().body, "UploadId");
    if (uploadId.isEmpty())
        return makeError(ErrorKind::BadResponse, tr("S3 did not return an upload id"));
    auto abort = [&](const Error &why) -> Error {
        // Parts of an unfinished upload are invisible but billed: always abort.
        S3Client::Call del;
        del.method = "DELETE";
        del.key = key;
        del.query = {{"uploadId", uploadId}};
        (void)m_client.send(del, kNeverCancelled);
        return why;
    };
    const qint64 size = QFileInfo(path).size();
    QByteArray partDigests;
    QByteArray completeXml = "<CompleteMultipartUpload>";
    int number = 0;
    for (qint64 offset = 0; offset < size; offset += m_partSize) {
        ++number;
        const qint64 length = std::min(m_partSize, size - offset);
        auto digest = hashes(path, offset, length);
        if (!digest)
            return abort(digest.error());
        Result<S3Reply> sent = makeError(ErrorKind::Internal, QString());
        for (int attempt = 0; attempt < 2 && !sent.ok(); ++attempt) {  // a part is idempotent: one retry
            if (cancel.load())
                return abort(makeError(ErrorKind::Cancelled, tr("The upload was cancelled")));
            FileSlice body(path, offset, length);
            if (!body.openSlice())
                return abort(makeError(ErrorKind::Io, tr("Cannot read %1").arg(path)));
            S3Client::Call part;
            part.method = "PUT";
            part.key = key;
            part.query = {{"partNumber", QByteArray::number(number)}, {"uploadId", uploadId}};
            part.bodyDevice = &body;
            part.payloadHash = digest.value().second;
            sent = m_client.send(part, cancel);
        }
        if (!sent)
            return abort(sent.error());
        const QByteArray md5 = digest.value().first.toHex();
        if (!sent.value().etag.isEmpty() && sent.value().etag != md5)
            return abort(makeError(ErrorKind::BadResponse, tr("S3 stored part %1 with a different checksum").arg(number)));
        partDigests += digest.value().first;
        completeXml += "<Part><PartNumber>" + QByteArray::number(number) + "</PartNumber><ETag>\"" + md5 + "\"</ETag></Part>";
        if (progress)
            progress(offset + length, size);
    }
    completeXml += "</CompleteMultipartUpload>";
    S3Client::Call complete;
    complete.method = "POST";
    complete.key = key;
    complete.query = {{"uploadId", uploadId}};
    complete.body = completeXml;
    auto done = m_client.send(complete, cancel);
    if (!done)
        return abort(done.error());
    if (!S3Client::errorCode(done.value().body).isEmpty())  // S3 can answer 200 with an error document
        return abort(makeError(ErrorKind::BadResponse, tr("S3 could not complete the upload"),
                               QString::fromUtf8(done.value().body.left(500))));
    return QByteArray(QCryptographicHash::hash(partDigests, QCryptographicHash::Md5).toHex() + '-' + QByteArray::number(number));
}

Status S3Destination::publish(const BackupManifest &manifest, const std::atomic<bool> &cancel, const ByteProgress &progress)
{
    auto path = pathInside(m_staging, manifest.fileName);
    if (!path)
        return path.error();
    const QString key = m_location.key(manifest.fileName);
    auto etag = manifest.sizeBytes >= m_threshold ? uploadMultipart(key, path.value(), cancel, progress)
                                                  : uploadSingle(key, path.value(), manifest.sha256, cancel);
    auto keptLocally = [&](const Error &e) {
        return makeError(e.kind, e.message, e.detail + tr(" (the dump is kept at %1)").arg(path.value()), e.httpStatus);
    };
    if (!etag)
        return keptLocally(etag.error());
    // The stored object must be what was sent: size and ETag.
    S3Client::Call head;
    head.method = "HEAD";
    head.key = key;
    auto stored = m_client.send(head, cancel);
    if (!stored)
        return keptLocally(stored.error());
    if (stored.value().contentLength != manifest.sizeBytes || stored.value().etag != etag.value()) {
        S3Client::Call del;
        del.method = "DELETE";
        del.key = key;
        (void)m_client.send(del, kNeverCancelled);
        return keptLocally(makeError(ErrorKind::BadResponse, tr("The uploaded object differs from the dump (size or checksum)")));
    }
    if (Status s = updateManifest(manifest); !s)
        return keptLocally(s.error());
    QFile::remove(path.value());
    QFile::remove(m_staging + QLatin1Char('/') + BackupManifest::manifestName(manifest.id));
    return {};
}

Result<S3Destination::ListPage> S3Destination::parseListPage(const QByteArray &xml)
{
    ListPage page;
    QXmlStreamReader r(xml);
    while (!r.atEnd()) {
        r.readNext();
        if (!r.isStartElement())
            continue;
        if (r.name() == QLatin1String("Key"))
            page.keys << r.readElementText();
        else if (r.name() == QLatin1String("IsTruncated"))
            page.truncated = r.readElementText() == QLatin1String("true");
        else if (r.name() == QLatin1String("NextContinuationToken"))
            page.token = r.readElementText().toUtf8();
    }
    if (r.hasError())
        return makeError(ErrorKind::BadResponse, tr("S3 returned an unreadable listing"), r.errorString());
    return page;
}

Result<QStringList> S3Destination::listKeys(const std::atomic<bool> &cancel)
{
    QStringList keys;
    QByteArray token;
    QSet<QByteArray> tokensSeen;  // a store that repeats one would have us list forever
    for (;;) {
        S3Client::Call list;
        list.query = {{"list-type", "2"}, {"prefix", m_location.prefix.isEmpty() ? QByteArray() : m_location.prefix.toUtf8() + '/'}};
        if (!token.isEmpty())
            list.query.append({"continuation-token", token});
        auto reply = m_client.send(list, cancel);
        if (!reply)
            return reply.error();
        auto page = parseListPage(reply.value().body);
        if (!page)
            return page.error();
        keys << page.value().keys;
        token = page.value().token;
        if (!page.value().truncated)
            break;
        // More keys follow: without a new token they cannot be asked for, and a partial list of backups
        // would make retention and the restore test work on the wrong set.
        if (token.isEmpty())
            return makeError(ErrorKind::BadResponse,
                             tr("S3 returned a truncated listing without a continuation token; the list of backups "
                                "would be incomplete"));
        if (tokensSeen.contains(token))
            return makeError(ErrorKind::BadResponse,
                             tr("S3 repeated a continuation token of an earlier page; the listing would never end"));
        tokensSeen.insert(token);
    }
    return keys;
}

Result<QList<BackupManifest>> S3Destination::list()
{
    auto keys = listKeys(kNeverCancelled);
    if (!keys)
        return keys.error();
    const QString prefix = m_location.prefix.isEmpty() ? QString() : m_location.prefix + QLatin1Char('/');
    QStringList names;
    for (const QString &k : keys.value()) {
        const QString name = k.mid(prefix.size());
        if (k.startsWith(prefix) && isSafeBackupName(name))  // anything else is not ours and never trusted
            names << name;
    }
    QList<BackupManifest> out;
    QSet<QString> described;
    for (const QString &name : names) {
        if (!name.endsWith(QLatin1String(".manifest.json")))
            continue;
        S3Client::Call get;
        get.key = m_location.key(name);
        auto reply = m_client.send(get, kNeverCancelled);
        if (!reply)
            return reply.error();
        auto m = BackupManifest::fromJson(reply.value().body);
        if (!m || BackupManifest::manifestName(m.value().id) != name)
            continue;
        BackupManifest manifest = m.value();
        manifest.location = location();
        if (!names.contains(manifest.fileName)) {
            manifest.verified = false;
            manifest.problem = tr("the dump object is missing");
        }
        described.insert(manifest.fileName);
        out.append(manifest);
    }
    for (const QString &name : names) {
        if (described.contains(name))
            continue;
        auto orphan = BackupManifest::fromDumpName(name);
        if (!orphan)
            continue;
        BackupManifest m = *orphan;
        m.location = location();
        m.problem = tr("no manifest");
        out.append(m);
    }
    std::sort(out.begin(), out.end(), [](const BackupManifest &a, const BackupManifest &b) { return a.time > b.time; });
    return out;
}

Result<QString> S3Destination::localCopy(const BackupManifest &manifest, const std::atomic<bool> &cancel)
{
    if (Status s = PrivateFolder::make(m_staging); !s)
        return s.error();
    auto path = pathInside(m_staging, manifest.fileName + QStringLiteral(".download"));
    if (!path)
        return path.error();
    QFile file(path.value());
    if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate, PrivateFolder::fileMode())
        || !file.setPermissions(PrivateFolder::fileMode()))
        return makeError(ErrorKind::Io, tr("Cannot write %1").arg(path.value()), file.errorString());
    S3Client::Call get;
    get.key = m_location.key(manifest.fileName);
    get.sink = &file;
    auto reply = m_client.send(get, cancel);
    file.close();
    if (!reply) {
        QFile::remove(path.value());
        return reply.error();
    }
    return path.value();
}

void S3Destination::releaseLocalCopy(const QString &path) { QFile::remove(path); }

Status S3Destination::updateManifest(const BackupManifest &manifest)
{
    BackupManifest m = manifest;
    m.location.clear();
    S3Client::Call put;
    put.method = "PUT";
    put.key = m_location.key(BackupManifest::manifestName(m.id));
    put.body = QJsonDocument(m.toJson()).toJson(QJsonDocument::Indented);
    auto reply = m_client.send(put, kNeverCancelled);
    return reply ? Status() : Status(reply.error());
}

Status S3Destination::remove(const BackupManifest &manifest)
{
    for (const QString &name : {BackupManifest::manifestName(manifest.id), manifest.fileName}) {
        if (!isSafeBackupName(name))
            return makeError(ErrorKind::Config, tr("Refused the unsafe backup name \"%1\"").arg(name.left(80)));
        S3Client::Call del;
        del.method = "DELETE";
        del.key = m_location.key(name);
        if (auto reply = m_client.send(del, kNeverCancelled); !reply && reply.error().kind != ErrorKind::NotFound)
            return reply.error();
    }
    return {};
}

} // namespace opsdeck
