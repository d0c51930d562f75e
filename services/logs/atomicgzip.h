#pragma once

#include "core/result.h"

#include <QCoreApplication>
#include <QString>

#include <functional>

namespace opsdeck {

// The file the caller planned to compress; anything else found under the name is not touched.
struct ExpectedFile {
    quint64 device = 0;
    quint64 inode = 0;
    qint64 size = 0;
    qint64 mtimeMs = 0;
};

// Copy-verify-swap compression: write NAME.gz.tmp, fsync it, verify it by
// decompressing it (CRC-32 and length against the original), give it the original's mode and times,
// rename it to NAME.gz (never over an existing file), fsync the folder, and only then remove NAME.
// On any failure (disk full, the file changed or was opened for writing meanwhile) the original is
// kept and the temporary file removed. A kill at any point leaves the original or a complete NAME.gz
// (and possibly both, or a NAME.gz.tmp). The temporary file is locked (flock) while it is written, so a
// leftover of a killed run is told apart from a compression in progress at once.
class AtomicGzip
{
    Q_DECLARE_TR_FUNCTIONS(AtomicGzip)

public:
    // dirfd: the folder, opened O_DIRECTORY. stillUnused() is asked right before the swap.
    // Returns the compressed size.
    static Result<qint64> compress(int dirfd, const QString &name, const ExpectedFile &expected,
                                   const std::function<bool()> &stillUnused = {});
    // A NAME.gz.tmp that no running compression holds: the leftover of a killed one.
    static bool isAbandonedTemp(int dirfd, const QString &tempName);
    // NAME.gz is the complete compressed copy of NAME (its trailer's CRC-32 and length match NAME):
    // a run killed between the swap and the removal of NAME.
    static bool archiveHolds(int dirfd, const QString &name);
};

} // namespace opsdeck
