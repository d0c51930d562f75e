#pragma once

#include "core/result.h"

#include <QCoreApplication>
#include <QFileDevice>
#include <QString>

namespace opsdeck {

// Backups and staging copies hold production data: their folders are 0700 and their files 0600
// whatever the umask (restic's modes). A folder the user made wider is left alone, with a warning.
class PrivateFolder
{
    Q_DECLARE_TR_FUNCTIONS(PrivateFolder)

public:
    static QFileDevice::Permissions fileMode() { return QFileDevice::ReadOwner | QFileDevice::WriteOwner; }
    // Creates the folder and any missing parent, each 0700; folders that exist keep their modes.
    static Status make(const QString &folder);
    // For the user when group or others have any access to the folder; empty when it is private.
    static QString warning(const QString &folder);
};

} // namespace opsdeck
