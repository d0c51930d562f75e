#include "backups/privatefolder.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>

#include <cerrno>
#include <cstring>
#include <sys/stat.h>

namespace opsdeck {

Status PrivateFolder::make(const QString &folder)
{
    const QString path = QDir::cleanPath(QFileInfo(folder).absoluteFilePath());
    const QStringList parts = path.split(QLatin1Char('/'), Qt::SkipEmptyParts);
    QString current;
    for (const QString &part : parts) {
        current += QLatin1Char('/') + part;
        const QByteArray native = QFile::encodeName(current);
        if (::mkdir(native.constData(), 0700) == 0) {
            ::chmod(native.constData(), 0700);  // a umask such as 0277 must not leave it unusable or wider
            continue;
        }
        if (errno != EEXIST)
            return makeError(ErrorKind::Io, tr("Cannot create the folder %1").arg(current),
                             QString::fromLocal8Bit(std::strerror(errno)));
    }
    if (!QFileInfo(path).isDir())
        return makeError(ErrorKind::Io, tr("%1 is not a folder").arg(path));
    return {};
}

QString PrivateFolder::warning(const QString &folder)
{
    struct stat st {};
    if (::stat(QFile::encodeName(folder).constData(), &st) != 0 || (st.st_mode & 077) == 0)
        return {};
    const QString mode = QStringLiteral("%1").arg(st.st_mode & 07777, 4, 8, QLatin1Char('0'));
    return tr("The backup folder %1 can be read by other users (mode %2); backups hold production data: "
              "make it private with chmod 700 %1").arg(QDir::cleanPath(QFileInfo(folder).absoluteFilePath()), mode);
}

} // namespace opsdeck
