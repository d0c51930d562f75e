#pragma once

#include "config/profile.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QList>
#include <QString>

namespace opsdeck {

// Compress *.log older than 7 days, delete *.log.gz older than 90 days (configurable).
struct RotationPolicy {
    static constexpr qint64 kDayMs = 86'400'000;
    qint64 compressAfterMs = 7 * kDayMs;
    qint64 deleteAfterMs = 90 * kDayMs;
    qint64 quietMs = 10 * 60'000;  // never touch a file modified more recently than this
    QString logPattern = QStringLiteral("*.log");
    QString archivePattern = QStringLiteral("*.log.gz");

    static RotationPolicy fromProfile(const LogRotationSettings &settings);
};

enum class RotationAction { Compress, Delete, Keep, Skip };

// What the folder scan saw of one entry (lstat, never following links).
struct RotationCandidate {
    enum class Kind { Regular, Symlink, Directory, Other };
    QString name;  // inside the folder
    Kind kind = Kind::Regular;
    qint64 size = 0;
    qint64 mtimeMs = 0;  // since the epoch
    quint64 links = 1;
    quint64 device = 0;
    quint64 inode = 0;
    bool openForWriting = false;  // a process holds it open with write access
    bool archiveExists = false;   // "<name>.gz" already exists beside it
    bool archiveHoldsIt = false;  // ... and is its complete compressed copy (a run killed before removing it)
    bool abandonedTemp = false;   // a "<log>.gz.tmp" that no running compression holds
    QString linkTarget;           // symlinks: where they point
    bool linkLeavesFolder = false;
};

struct RotationItem {
    QString file;  // name inside the folder
    RotationAction action = RotationAction::Keep;
    QString reason;
    qint64 ageMs = 0;
    // What the run re-checks before acting: the same file, unchanged since the preview.
    quint64 device = 0;
    quint64 inode = 0;
    qint64 size = 0;
    qint64 mtimeMs = 0;
};

struct RotationPlan {
    QString folder;  // canonical path
    QDateTime now;
    RotationPolicy policy;
    QList<RotationItem> items;  // sorted by file name
    int count(RotationAction action) const;
};

// The pure planner shared by the preview (dry run) and the real run: the run executes exactly the
// plan it is given, re-checking each file before touching it.
class RotationPlanner
{
    Q_DECLARE_TR_FUNCTIONS(RotationPlanner)

public:
    static RotationPlan plan(const QString &folder, const QList<RotationCandidate> &candidates,
                             const RotationPolicy &policy, const QDateTime &now);
    static bool matches(const QString &pattern, const QString &name);
    static bool isTempName(const QString &name, const RotationPolicy &policy);
    static bool isInScope(const QString &name, const RotationPolicy &policy);
    static QString actionName(RotationAction action);  // "compress", "delete", "keep", "skip"
    static QString formatAge(qint64 ms);                // "8 d 3 h", "12 min"
};

} // namespace opsdeck
