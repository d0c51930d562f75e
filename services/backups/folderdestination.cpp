#include "backups/folderdestination.h"

#include "backups/privatefolder.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QLockFile>

#include <fcntl.h>
#include <unistd.h>

namespace opsdeck {

namespace {

class FolderLock final : public DestinationLock
{
public:
    explicit FolderLock(std::unique_ptr<QLockFile> file) : m_file(std::move(file)) {}

private:
    std::unique_ptr<QLockFile> m_file;
};

const QString kLockName = QStringLiteral(".opsdeck-backup.lock");

} // namespace

FolderDestination::FolderDestination(QString folder) : m_folder(QDir::cleanPath(QFileInfo(folder).absoluteFilePath())) {}

Result<std::unique_ptr<DestinationLock>> FolderDestination::lock()
{
    if (Status s = PrivateFolder::make(m_folder); !s)
        return s.error();
    auto file = std::make_unique<QLockFile>(m_folder + QLatin1Char('/') + kLockName);
    file->setStaleLockTime(0);  // only a dead owner makes it stale, never its age
    if (!file->tryLock(0)) {
        qint64 pid = 0;
        QString host, app;
        file->getLockInfo(&pid, &host, &app);
        return makeError(ErrorKind::Conflict,
                         tr("Another backup or prune is running on %1 (process %2)").arg(m_folder).arg(pid));
    }
    return std::unique_ptr<DestinationLock>(std::make_unique<FolderLock>(std::move(file)));
}

Status FolderDestination::cleanStale()
{
    const QFileInfoList stale = QDir(m_folder).entryInfoList({QStringLiteral("*.partial")}, QDir::Files | QDir::Hidden);
    for (const QFileInfo &fi : stale)
        if (!QFile::remove(fi.absoluteFilePath()))
            return makeError(ErrorKind::Io, tr("Cannot remove the unfinished file %1").arg(fi.fileName()));
    return {};
}

Status FolderDestination::syncFolder(const QString &folder)
{
    const int fd = ::open(QFile::encodeName(folder).constData(), O_RDONLY | O_DIRECTORY);
    if (fd < 0)
        return makeError(ErrorKind::Io, tr("Cannot open %1 to sync it").arg(folder));
    const int rc = ::fsync(fd);
    ::close(fd);
    if (rc != 0)
        return makeError(ErrorKind::Io, tr("Cannot sync %1").arg(folder));
    return {};
}

Status FolderDestination::writeAtomically(const QString &folder, const QString &name, const QByteArray &data)
{
    auto target = pathInside(folder, name);
    if (!target)
        return target.error();
    const QString partial = target.value() + QStringLiteral(".partial");
    QFile f(partial);
    // A leftover partial keeps its old mode when truncated: set it again.
    if (!f.open(QIODevice::WriteOnly | QIODevice::Truncate, PrivateFolder::fileMode())
        || !f.setPermissions(PrivateFolder::fileMode()))
        return makeError(ErrorKind::Io, tr("Cannot write %1").arg(partial), f.errorString());
    if (f.write(data) != data.size() || !f.flush() || ::fsync(f.handle()) != 0) {
        f.close();
        QFile::remove(partial);
        return makeError(ErrorKind::Io, tr("Cannot write %1").arg(partial), f.errorString());
    }
    f.close();
    // rename(2) replaces an existing manifest atomically; QFile::rename would refuse.
    if (::rename(QFile::encodeName(partial).constData(), QFile::encodeName(target.value()).constData()) != 0) {
        QFile::remove(partial);
        return makeError(ErrorKind::Io, tr("Cannot rename %1").arg(partial));
    }
    return syncFolder(folder);
}

Status FolderDestination::publish(const BackupManifest &manifest, const std::atomic<bool> &cancel,
                                  const ByteProgress &progress)
{
    Q_UNUSED(manifest);
    Q_UNUSED(cancel);
    Q_UNUSED(progress);
    return {};  // the dump was written and renamed in place; the manifest too
}

Result<QList<BackupManifest>> FolderDestination::list()
{
    QList<BackupManifest> out;
    QDir dir(m_folder);
    if (!dir.exists())
        return out;
    QSet<QString> described;
    const QFileInfoList manifests = dir.entryInfoList({QStringLiteral("*.manifest.json")}, QDir::Files, QDir::Name);
    for (const QFileInfo &fi : manifests) {
        QFile f(fi.absoluteFilePath());
        if (!f.open(QIODevice::ReadOnly) || f.size() > 1 << 20)
            continue;
        auto m = BackupManifest::fromJson(f.readAll());
        if (!m || BackupManifest::manifestName(m.value().id) != fi.fileName())
            continue;  // not ours, or renamed by hand: never trusted
        BackupManifest manifest = m.value();
        manifest.location = m_folder;
        const QFileInfo dump(m_folder + QLatin1Char('/') + manifest.fileName);
        if (!dump.isFile()) {
            manifest.verified = false;
            manifest.problem = tr("the dump file is missing");
        } else if (dump.size() != manifest.sizeBytes) {
            manifest.verified = false;
            manifest.problem = tr("the dump file's size differs from the manifest");
        }
        described.insert(manifest.fileName);
        out.append(manifest);
    }
    // A dump without a manifest (interrupted between the two renames, or copied by hand): listed,
    // never verified, so it takes no retention slot.
    const QFileInfoList dumps = dir.entryInfoList({QStringLiteral("*.sql.gz"), QStringLiteral("*.dump.gz"),
                                                   QStringLiteral("*.sql.gz.enc"), QStringLiteral("*.dump.gz.enc")},
                                                  QDir::Files);
    for (const QFileInfo &fi : dumps) {
        if (described.contains(fi.fileName()))
            continue;
        auto orphan = BackupManifest::fromDumpName(fi.fileName());
        if (!orphan)
            continue;
        BackupManifest m = *orphan;
        m.time = fi.lastModified().toUTC();
        m.sizeBytes = fi.size();
        m.location = m_folder;
        m.problem = tr("no manifest");
        out.append(m);
    }
    std::sort(out.begin(), out.end(), [](const BackupManifest &a, const BackupManifest &b) { return a.time > b.time; });
    return out;
}

Result<QString> FolderDestination::localCopy(const BackupManifest &manifest, const std::atomic<bool> &cancel)
{
    Q_UNUSED(cancel);
    auto path = pathInside(m_folder, manifest.fileName);
    if (!path)
        return path.error();
    if (!QFileInfo(path.value()).isFile())
        return makeError(ErrorKind::NotFound, tr("The dump %1 is missing").arg(manifest.fileName));
    return path.value();
}

Status FolderDestination::updateManifest(const BackupManifest &manifest)
{
    BackupManifest m = manifest;
    m.location.clear();
    return writeAtomically(m_folder, BackupManifest::manifestName(m.id),
                           QJsonDocument(m.toJson()).toJson(QJsonDocument::Indented));
}

Status FolderDestination::remove(const BackupManifest &manifest)
{
    auto dump = pathInside(m_folder, manifest.fileName);
    auto meta = pathInside(m_folder, BackupManifest::manifestName(manifest.id));
    if (!dump)
        return dump.error();
    if (!meta)
        return meta.error();
    // The manifest first: a dump left without one is listed as unverified, never the other way round.
    if (QFile::exists(meta.value()) && !QFile::remove(meta.value()))
        return makeError(ErrorKind::Io, tr("Cannot delete %1").arg(meta.value()));
    if (QFile::exists(dump.value()) && !QFile::remove(dump.value()))
        return makeError(ErrorKind::Io, tr("Cannot delete %1").arg(dump.value()));
    return syncFolder(m_folder);
}

} // namespace opsdeck
