#include "logs/logsources.h"

#include <QDir>
#include <QFileInfo>
#include <QRegularExpression>

#include <algorithm>

namespace opsdeck {

namespace {

bool isLogName(const QString &name)
{
    static const QRegularExpression re(QStringLiteral("\\.log(\\.\\d+)?(\\.gz)?$|\\.log-\\d+(\\.gz)?$"));
    return re.match(name).hasMatch();
}

void sortOldestFirst(QStringList &files)
{
    std::stable_sort(files.begin(), files.end(), [](const QString &a, const QString &b) {
        return QFileInfo(a).lastModified() < QFileInfo(b).lastModified();
    });
}

} // namespace

bool LogSources::isAppLogName(const QString &fileName)
{
    const QString n = fileName.toLower();
    return n.startsWith(QLatin1String("app")) || n.contains(QLatin1String("application"));
}

LogSources LogSources::resolve(const QStringList &paths, const QDateTime &modifiedSince)
{
    LogSources out;
    for (const QString &path : paths) {
        const QFileInfo fi(path);
        if (!fi.exists()) {
            out.missing << path;
            continue;
        }
        if (fi.isFile()) {
            (isAppLogName(fi.fileName()) ? out.appLogs : out.accessLogs) << fi.absoluteFilePath();
            continue;
        }
        const QFileInfoList entries = QDir(path).entryInfoList(QDir::Files | QDir::NoSymLinks, QDir::Name);
        for (const QFileInfo &e : entries) {
            const QString name = e.fileName();
            if (!isLogName(name) || (modifiedSince.isValid() && e.lastModified() < modifiedSince))
                continue;
            if (isAppLogName(name))
                out.appLogs << e.absoluteFilePath();
            else if (!name.toLower().startsWith(QLatin1String("error")))
                out.accessLogs << e.absoluteFilePath();
        }
    }
    out.accessLogs.removeDuplicates();
    out.appLogs.removeDuplicates();
    sortOldestFirst(out.accessLogs);
    sortOldestFirst(out.appLogs);
    return out;
}

} // namespace opsdeck
