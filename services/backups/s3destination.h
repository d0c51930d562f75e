#pragma once

#include "backups/backupdestination.h"
#include "backups/s3client.h"

#include <QCoreApplication>

namespace opsdeck {

// Backups in S3-compatible storage (AWS or an endpoint override): the dump is written to a local
// staging folder first (atomically, as for a folder), then uploaded — one PUT below the multipart
// threshold, else a multipart upload that is aborted on failure, so nothing ever appears under the
// final key half-written. After the upload the object's size and ETag (MD5, or MD5 of the part MD5s)
// are compared with what was sent; only then the manifest is uploaded and the local copy removed.
// A failed upload keeps the local dump in the staging folder and says where.
class S3Destination final : public BackupDestination
{
    Q_DECLARE_TR_FUNCTIONS(S3Destination)

public:
    S3Destination(S3Location location, S3Config config, QString stagingFolder);
    ~S3Destination() override;

    // One page of ListObjectsV2 as the server sent it: its keys, whether more follow, and the token for them.
    struct ListPage {
        QStringList keys;
        bool truncated = false;
        QByteArray token;
    };
    static Result<ListPage> parseListPage(const QByteArray &xml);

    void setPartSize(qint64 bytes) { m_partSize = bytes; }
    void setMultipartThreshold(qint64 bytes) { m_threshold = bytes; }

    QString location() const override;
    Result<std::unique_ptr<DestinationLock>> lock() override;
    Status cleanStale() override;
    QString stagingFolder() const override { return m_staging; }
    Status publish(const BackupManifest &manifest, const std::atomic<bool> &cancel, const ByteProgress &progress) override;
    Result<QList<BackupManifest>> list() override;
    Result<QString> localCopy(const BackupManifest &manifest, const std::atomic<bool> &cancel) override;
    void releaseLocalCopy(const QString &path) override;
    Status updateManifest(const BackupManifest &manifest) override;
    Status remove(const BackupManifest &manifest) override;

private:
    Result<QByteArray> uploadSingle(const QString &key, const QString &path, const QString &sha256,
                                    const std::atomic<bool> &cancel);
    Result<QByteArray> uploadMultipart(const QString &key, const QString &path, const std::atomic<bool> &cancel,
                                       const ByteProgress &progress);
    Result<QStringList> listKeys(const std::atomic<bool> &cancel);

    S3Location m_location;
    S3Client m_client;
    QString m_staging;
    qint64 m_partSize = 16 * 1024 * 1024;
    qint64 m_threshold = 64 * 1024 * 1024;
};

} // namespace opsdeck
