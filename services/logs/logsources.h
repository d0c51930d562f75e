#pragma once

#include <QDateTime>
#include <QStringList>

namespace opsdeck {

// Which files of a set of files and folders are access logs and which are application logs.
// Folders are listed (not recursively): access logs are *access*.log* files, or any other *.log*
// that is not an application or error log; application logs are app*.log* / *application*.log*.
// nginx's error.log and temporary files are left out, and so are files of a folder last modified
// before modifiedSince (when valid: the weekly review reads the last days' files, not every archive).
// Oldest first, so a set reads in time order.
struct LogSources {
    QStringList accessLogs;
    QStringList appLogs;
    QStringList missing;  // given paths that do not exist

    static LogSources resolve(const QStringList &paths, const QDateTime &modifiedSince = {});
    static bool isAppLogName(const QString &fileName);
    bool isEmpty() const { return accessLogs.isEmpty() && appLogs.isEmpty(); }
};

} // namespace opsdeck
